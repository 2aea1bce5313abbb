#!/usr/bin/env python3
"""Writes a synthetic spec corpus for the generator benchmark: COUNT renamed
copies of the real specs in SPEC_DIR, into OUT_DIR.

The copies come in rounds of the catalogue; each round renames every
identifier the catalogue introduces (call names, flag sets, flags, structs,
Swift names) with the round's suffix and moves its syscall numbers, so the
copies load together as one catalogue exactly as the originals do, and specs
that use each other's names (flag sets, structs) still find them.

usage: make-corpus.py SPEC_DIR OUT_DIR COUNT
"""
import os
import re
import sys


def sections(text):
    """The spec's top-level sections, by key: the lines from `key:` at column
    0 to the next such line."""
    found = {}
    for match in re.finditer(r"^([a-z_]+):.*\n?((?:(?:[ #].*|)\n?)*)", text, re.M):
        found[match.group(1)] = match.group(0)
    return found


def introduced(text):
    """The names a spec introduces: the call's name, its flag sets and flags,
    its structs (not their fields, which are local like parameters) and its
    Swift names. Found from the keys' indentation (no YAML parser needed: the
    specs are written one key per line, flags also as one flow mapping per line)."""
    names = set()
    parts = sections(text)
    name = re.search(r"^name:\s*(\w+)", text, re.M)
    if name:
        names.add(name.group(1))
    flag_sets = parts.get("flag_sets", "")
    for match in re.finditer(r"^\s+(?:- )?(?:swift_)?name:\s*([A-Za-z_]\w*)\s*$", flag_sets, re.M):
        names.add(match.group(1))
    for match in re.finditer(r"\{name:\s*([A-Za-z_]\w*)", flag_sets):
        names.add(match.group(1))
    structs = parts.get("structs", "")
    for match in re.finditer(r"^(?:  - name|    swift_name):\s*([A-Za-z_]\w*)\s*$", structs, re.M):
        names.add(match.group(1))
    swift = parts.get("swift", "")
    for match in re.finditer(r"^  (?:name|availability):\s*(\w+)", swift, re.M):
        names.add(match.group(1))
    return names


def references(text):
    """The flag sets and struct types a spec uses: those another spec may
    declare. (Prose, comments and examples naming another call's names are
    no dependency.)"""
    return set(re.findall(r"flag_set:\s*(\w+)", text)) | set(re.findall(r"^\s*type:[^\n#]*\bstruct\s+(\w+)", text, re.M))


def dependency_order(texts):
    """The specs ordered so that a spec comes after every spec whose names it
    uses (landlock_add_rule uses landlock_create_ruleset's flag sets, listmount
    statmount's struct): any prefix of a round then loads on its own."""
    own = {f: introduced(t) for f, t in texts.items()}
    uses = {f: {g for g in texts if g != f and own[g] & references(texts[f])} for f in texts}
    ordered = []
    while len(ordered) < len(texts):
        ready = sorted(f for f in texts if f not in ordered and uses[f] <= set(ordered))
        if not ready:
            raise SystemExit("make-corpus: specs use each other's names in a cycle")
        ordered.append(ready[0])
    return ordered


def renamed(text, names, suffix, number_offset):
    """The spec with every name in names given the suffix, its numbers moved
    by number_offset. The example program keeps its text: the suffixes would
    make its lines wider than the man page's 73 columns, and generating never
    compiles it. (A parameter named like a struct, process_madvise's iovec,
    is renamed with it throughout the spec.)"""
    example = sections(text).get("example", "")
    before, _, after = text.partition(example) if example else (text, "", "")
    for name in sorted(names, key=len, reverse=True):
        if name.isupper():
            # A C macro (FUTEX2_SIZE_U32): the loader wants macros upper case.
            replacement = name + "_" + suffix.upper()
        elif name[:1].isupper() and "_" not in name:
            # A Swift type name (ProcessMreleaseFlags).
            replacement = name + suffix.upper()
        else:
            replacement = name + "_" + suffix
        pattern = re.compile(r"(?<![\w-])%s(?![\w-])" % re.escape(name))
        before = pattern.sub(replacement, before)
        after = pattern.sub(replacement, after)
    text = before + example + after
    text = re.sub(r"^(\s*common:\s*)(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + number_offset), text, flags=re.M)
    return text


def main():
    spec_dir, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    originals = sorted(f for f in os.listdir(spec_dir) if f.endswith(".yaml"))
    texts = {f: open(os.path.join(spec_dir, f), encoding="utf-8").read() for f in originals}
    order = dependency_order(texts)
    # Every name the catalogue introduces, renamed alike in every spec of a
    # round, so references between specs still resolve within the round.
    # Constants and structs the C library owns (system_header) are renamed
    # too: the loader lets one spec only declare each, and generating never
    # compiles the copies.
    names = set().union(*(introduced(t) for t in texts.values()))
    os.makedirs(out_dir, exist_ok=True)
    for index in range(count):
        source = order[index % len(order)]
        copy = index // len(order)
        suffix = "b%d" % copy
        # Each round of copies moves every number past the real ones (which
        # span less than 50) and past the rounds before: 1000, 1050, 1100, ...
        # (1,000 rounds stay below 0xFFFF, the loader's limit).
        text = renamed(texts[source], names, suffix, 1000 + 50 * copy)
        name = re.search(r"^name:\s*(\w+)", text, re.M).group(1)
        with open(os.path.join(out_dir, name + ".yaml"), "w", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
