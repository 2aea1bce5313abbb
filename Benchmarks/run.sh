#!/usr/bin/env bash
# `make bench`: measures the generator, the validator, the wrappers and the
# argument tests, and writes docs/benchmarks.md. Public tools only:
# hyperfine (wall time, repeated), /usr/bin/time -v (peak memory),
# valgrind --tool=callgrind (instructions, repeatable on a noisy machine).
#
# usage: Benchmarks/run.sh [--quick] [--output FILE]
#   --quick   tiny sizes and 2 runs each, for the test that keeps this script
#             from rotting; the numbers mean nothing then.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

quick=0
output=docs/benchmarks.md
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --output) output=$2; shift ;;
        *) echo "usage: $0 [--quick] [--output FILE]" >&2; exit 2 ;;
    esac
    shift
done

if [ "$quick" = 1 ]; then
    sizes="10"; runs=2; warmup=0; calls=200; argcount=200
else
    sizes="10 100 1000"; runs=10; warmup=1; calls=100000; argcount=10000
fi

work=$(mktemp -d /tmp/sysshim-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
results="$work/results"
mkdir -p "$results"

note() { printf '\n== %s\n' "$*" >&2; }

# Release builds: the CLI, and the Swift binding's benchmark package.
note "building release binaries"
# A build directory of its own: the test that runs this script runs inside
# `swift test`, which holds .build's lock.
swift build -c release --product sysshim --scratch-path "$root/.build/bench" >&2
sysshim="$root/.build/bench/release/sysshim"

# --- 1. Generator scale -----------------------------------------------------
for n in $sizes; do
    note "generator: $n specs"
    corpus="$work/corpus-$n"
    out="$work/out-$n"
    python3 Benchmarks/make-corpus.py spec "$corpus" "$n"
    hyperfine --runs "$runs" --warmup "$warmup" --export-json "$results/generate-empty-$n.json" \
        --prepare "rm -rf '$out'" "'$sysshim' generate --spec-dir '$corpus' --output-dir '$out'" >&2
    # The tree now exists: a second run has nothing to change.
    hyperfine --runs "$runs" --warmup "$warmup" --export-json "$results/generate-again-$n.json" \
        "'$sysshim' generate --spec-dir '$corpus' --output-dir '$out'" >&2
    hyperfine --runs "$runs" --warmup "$warmup" --export-json "$results/check-$n.json" \
        "'$sysshim' check --spec-dir '$corpus' --output-dir '$out'" >&2
    hyperfine --runs "$runs" --warmup "$warmup" --export-json "$results/copy-$n.json" \
        --prepare "rm -rf '$work/copy-$n'" "cp -r '$out' '$work/copy-$n'" >&2
    for what in generate-empty generate-again check; do
        [ "$what" = generate-empty ] && rm -rf "$out"
        case "$what" in
            check) command=check ;;
            *) command=generate ;;
        esac
        /usr/bin/time -v "$sysshim" "$command" --spec-dir "$corpus" --output-dir "$out" \
            >/dev/null 2>"$work/time.txt" || true
        sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt" > "$results/rss-$what-$n.txt"
    done
    find "$out" -type f | wc -l > "$results/files-$n.txt"
    du -sk "$out" | cut -f1 > "$results/kbytes-$n.txt"
done

# --- 2. Validator against clang ---------------------------------------------
note "validator"
"$sysshim" validate --emit-clang-commands "$work/clang-units" > "$work/clang-commands.sh"
wc -l < "$work/clang-commands.sh" > "$results/clang-units.txt"
hyperfine --runs "$runs" --warmup "$warmup" --export-json "$results/validate.json" \
    "'$sysshim' validate" "sh '$work/clang-commands.sh'" >&2

# --- 3. Wrapper cost ----------------------------------------------------------
note "wrapper cost"
make --no-print-directory shim-lib BUILD_DIR="$work/lib" >&2
cflags="-O2 -I$root/generated/c/include"
cc $cflags -DVARIANT_RAW Benchmarks/wrapper_cost.c -o "$work/raw"
cc $cflags -DVARIANT_GLIBC Benchmarks/wrapper_cost.c -o "$work/glibc"
cc $cflags -DVARIANT_GLIBC_SYSCALL Benchmarks/wrapper_cost.c -o "$work/glibc-syscall"
cc $cflags -DVARIANT_SHIM -DSYSSHIM_FORCE_SHIM Benchmarks/wrapper_cost.c "$work/lib/lib/libsysshim.a" -o "$work/shim-library"
cc $cflags -DVARIANT_SHIM -DSYSSHIM_FORCE_SHIM -DSYSSHIM_INLINE Benchmarks/wrapper_cost.c -o "$work/shim-header"
swift build -c release --package-path Benchmarks/SwiftWrapperCost --scratch-path "$root/.build/bench-swift" >&2
# valgrind 3.19 cannot read the toolchain's DWARF 5; the symbol table is enough.
cp "$root/.build/bench-swift/release/wrapper-cost" "$work/swift"
strip --strip-debug "$work/swift"

instructions() {  # program iterations -> total Ir
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$1" "$2" >/dev/null 2>"$work/callgrind.log"
    sed -n 's/.*Collected : //p' "$work/callgrind.log" | tr -d ' '
}
for variant in raw glibc glibc-syscall shim-library shim-header swift; do
    small=$(instructions "$work/$variant" "$calls")
    large=$(instructions "$work/$variant" $((calls * 2)))
    echo "$small $large $calls" > "$results/ir-$variant.txt"
done

# --- 4. Argument tests --------------------------------------------------------
note "argument tests"
make --no-print-directory argtest-programs BUILD_DIR="$work/lib" >&2
argprogram="$work/lib/tests/process_mrelease_args"
"$argprogram" --quiet --stats --count "$argcount" > "$work/args.txt" 2>&1 || true
grep -E 'cases/s|passed' "$work/args.txt" > "$results/argtests.txt" || true
hyperfine --runs "$runs" --warmup "$warmup" --export-json "$results/argtests-full.json" \
    "'$argprogram' --quiet --count $argcount" >&2

# --- Report -------------------------------------------------------------------
python3 Benchmarks/report.py "$results" "$quick" "$sizes" > "$output"
note "wrote $output"
