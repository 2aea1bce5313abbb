#!/usr/bin/env python3
"""Writes a synthetic spec corpus for the generator benchmark: COUNT renamed
copies of the real specs in SPEC_DIR, into OUT_DIR.

Each copy renames every identifier a spec introduces (call name, flag sets,
flags, structs, Swift names) and moves its syscall number, so the copies
load together as one catalogue exactly as the originals do. Constants the C
library owns (system_header flags) keep their names; structs, even the C
library's, are renamed.

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
    # Struct fields are local to their struct and stay as they are.
    for block in re.finditer(r"^(\s+)fields:\n((?:\1\s+.*\n)*)", text, re.M):
        for match in re.finditer(r"name:\s*(\w+)", block.group(2)):
            names.discard(match.group(1))
    # Parameter names are local to a spec and stay as they are.
    params = re.search(r"^parameters:\n((?:[ -].*\n)*)", text, re.M)
    if params:
        for match in re.finditer(r"name:\s*(\w+)", params.group(1)):
            names.discard(match.group(1))
    # Structs are renamed even when the C library owns them (struct iovec):
    # the loader lets one spec only declare each, and generating never
    # compiles the copies. A parameter that shares the struct's name
    # (process_madvise's iovec) is renamed with it throughout the spec.
    structs = re.search(r"^structs:\n((?:[ \n].*\n?)*)", text, re.M)
    if structs:
        names.update(re.findall(r"^  - name:\s*(\w+)", structs.group(1), re.M))
    return names


def renamed(text, suffix, names, number_offset):
    # The example program stays as written: it is never compiled here, and
    # longer names could push its lines past the man page's width.
    example = re.search(r"^example:\n(?:(?: .*)?\n)*", text, re.M)
    kept = example.group(0) if example else ""
    if example:
        text = text[:example.start()] + "\0EXAMPLE\0\n" + text[example.end():]
    for name in sorted(names, key=len, reverse=True):
        if name.upper() == name:            # a C macro: PIDFD_NONBLOCK_B3
            replacement = name + "_" + suffix.upper()
        elif name[:1].isupper():            # a Swift type: PIDFDOptionsB3
            replacement = name + suffix.upper()
        else:                               # a C or Swift identifier: pidfd_open_b3
            replacement = name + "_" + suffix
        # Whole names only: not inside a longer name, nor inside a kebab-case
        # class name such as zero-size; but a flag in a witness's flag term
        # (with-FLAG, without-FLAG) is the flag's name.
        text = re.sub(r"(?:(?<=with-)|(?<=without-)|(?<![\w-]))%s(?![\w-])" % re.escape(name), replacement, text)
    text = re.sub(r"^(\s*common:\s*)(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + number_offset), text, flags=re.M)
    return text.replace("\0EXAMPLE\0\n", kept)


def main():
    spec_dir, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    originals = sorted(f for f in os.listdir(spec_dir) if f.endswith(".yaml"))
    texts = {f: open(os.path.join(spec_dir, f), encoding="utf-8").read() for f in originals}
    defined = {f: identifiers(texts[f]) for f in originals}
    every_name = set().union(*defined.values())

    # Specs that name each other's flag sets or structs must be copied
    # together (statmount and listmount share theirs both ways): group them.
    def uses(user, owner):
        return user != owner and any(
            re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(name), texts[user]) for name in defined[owner])
    group_of = {name: {name} for name in originals}
    for user in originals:
        for owner in originals:
            if uses(user, owner) and group_of[user] is not group_of[owner]:
                merged = group_of[user] | group_of[owner]
                for member in merged:
                    group_of[member] = merged
    groups = sorted({tuple(sorted(group)) for group in group_of.values()}, key=lambda g: (-len(g), g))

    os.makedirs(out_dir, exist_ok=True)
    written, round_number = 0, 0
    while written < count:
        for group in groups:
            # A group that no longer fits is left out of this round; the
            # single specs that follow fill the remainder exactly.
            if written + len(group) > count:
                continue
            for source in group:
                # One suffix per round, applied to every name any spec
                # introduces, so the copies of a round refer to each other as
                # the originals do. Numbers move past the real ones (which
                # span less than 50) and past earlier rounds: 1,000 rounds stay
                # below 0xFFFF, the loader's limit.
                text = renamed(texts[source], "r%d" % round_number, every_name, 1000 + 50 * round_number)
                name = re.search(r"^name:\s*(\w+)", text, re.M).group(1)
                with open(os.path.join(out_dir, name + ".yaml"), "w", encoding="utf-8") as handle:
                    handle.write(text)
                written += 1
        round_number += 1


if __name__ == "__main__":
    main()
