#!/usr/bin/env python3
"""Writes a synthetic spec corpus for the generator benchmark: COUNT renamed
copies of the real specs in SPEC_DIR, into OUT_DIR.

Each copy renames every identifier a spec introduces (call name, flag sets,
flags, structs, Swift names) and moves its syscall number, so the copies
load together as one catalogue exactly as the originals do. Constants the C
library owns (system_header flags) keep their names.

usage: make-corpus.py SPEC_DIR OUT_DIR COUNT
"""
import os
import re
import sys


def identifiers(text):
    """The names a spec introduces, found from its own keys (no YAML parser
    needed: the specs are written one key per line)."""
    names = set()
    name = re.search(r"^name:\s*(\w+)", text, re.M)
    if name:
        names.add(name.group(1))
    # Names under flag_sets, flags and structs, and every swift_name.
    for key in ("name", "swift_name"):
        for match in re.finditer(r"^\s+(?:- )?%s:\s*([A-Za-z_]\w*)\s*$" % key, text, re.M):
            names.add(match.group(1))
    for match in re.finditer(r"\{name:\s*([A-Za-z_]\w*)", text):
        names.add(match.group(1))
    swift = re.search(r"^swift:\n((?:[ ].*\n?)*)", text, re.M)
    if swift:
        for key in ("name", "availability"):
            found = re.search(r"^\s+%s:\s*(\w+)" % key, swift.group(1), re.M)
            if found:
                names.add(found.group(1))
    # Flags the C library defines keep their names.
    for match in re.finditer(r"-\s*name:\s*(\w+)[^\n]*\n(?:\s+\w+:[^\n]*\n)*?\s+system_header:", text):
        names.discard(match.group(1))
    for match in re.finditer(r"\{name:\s*(\w+)[^}]*system_header:", text):
        names.discard(match.group(1))
    # Parameter names are local to a spec and stay as they are.
    params = re.search(r"^parameters:\n((?:[ -].*\n)*)", text, re.M)
    if params:
        for match in re.finditer(r"name:\s*(\w+)", params.group(1)):
            names.discard(match.group(1))
    return names


def renamed(text, suffix, number_offset):
    names = identifiers(text)
    for name in sorted(names, key=len, reverse=True):
        replacement = name + ("_" if name[:1].islower() or "_" in name else "") + suffix \
            if not name[:1].isupper() or "_" in name else name + suffix.upper()
        text = re.sub(r"(?<![\w])%s(?![\w])" % re.escape(name), replacement, text)
    text = re.sub(r"^(\s*common:\s*)(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + number_offset), text, flags=re.M)
    return text


def main():
    spec_dir, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    originals = sorted(f for f in os.listdir(spec_dir) if f.endswith(".yaml"))
    texts = {f: open(os.path.join(spec_dir, f), encoding="utf-8").read() for f in originals}
    os.makedirs(out_dir, exist_ok=True)
    for index in range(count):
        source = originals[index % len(originals)]
        copy = index // len(originals)
        suffix = "b%d" % index
        # Each round of copies moves every number past the real ones (which
        # span less than 50) and past the rounds before: 1000, 1050, 1100, ...
        # (1,000 rounds stay below 0xFFFF, the loader's limit).
        text = renamed(texts[source], suffix, 1000 + 50 * copy)
        name = re.search(r"^name:\s*(\w+)", text, re.M).group(1)
        with open(os.path.join(out_dir, name + ".yaml"), "w", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
