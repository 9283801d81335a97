#!/usr/bin/env bash
# Builds the refcount example and runs the benchmark.
#
# usage: examples/refcount/run.sh [ROUNDS [CALLS_PER_ROUND]]
# env:   HELPERLINK (default <repo>/build/bin/helperlink), CC (clang-22),
#        RUSTC (rustc), NM (llvm-nm-22), OBJCOPY (llvm-objcopy-22),
#        OUT (build directory, default examples/refcount/build)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

HELPERLINK="${HELPERLINK:-$repo/build/bin/helperlink}"
CC="${CC:-clang-22}"
RUSTC="${RUSTC:-rustc}"
NM="${NM:-llvm-nm-22}"
OBJCOPY="${OBJCOPY:-llvm-objcopy-22}"

# The kernel builds with -fno-strict-overflow; see refcount.h.
CFLAGS=(-O2 -fno-strict-overflow -Wall -Wextra)

die() { echo "run.sh: $*" >&2; exit 1; }

[[ -x "$HELPERLINK" ]] ||
	die "helperlink not found at $HELPERLINK (build it first, or set HELPERLINK)"

b="${OUT:-$here/build}"
mkdir -p "$b"

run() { echo "+ $*"; "$@"; }

echo "== Rust crate: bitcode for helperlink, object for the plain-call variant"
run "$RUSTC" --edition=2021 --crate-type=lib --crate-name=refcount_example \
	-C opt-level=2 -C panic=abort \
	--emit="llvm-bc=$b/refcount_rs.bc,obj=$b/refcount_rs.o" \
	"$here/src/lib.rs"

# The crate must need nothing from core/std: only the helper may be undefined.
undef="$("$NM" --undefined-only --format=just-symbols "$b/refcount_rs.o")"
[[ "$undef" == "rust_helper_refcount_inc" ]] ||
	die "unexpected undefined symbols in the Rust object: ${undef//$'\n'/ }"

echo "== C helpers: bitcode for helperlink, object for the plain-call variant"
run "$CC" "${CFLAGS[@]}" -emit-llvm -c "$here/helpers.c" -o "$b/helpers.bc"
run "$CC" "${CFLAGS[@]}" -c "$here/helpers.c" -o "$b/helpers.o"

echo "== helperlink"
run "$HELPERLINK" "$b/refcount_rs.bc" --helpers="$b/helpers.bc" \
	-o "$b/refcount_rs_helperlink.o" --require-inlined \
	--report="$b/report.json"

if "$NM" "$b/refcount_rs_helperlink.o" | grep -qw rust_helper_refcount_inc; then
	"$NM" "$b/refcount_rs_helperlink.o" >&2
	die "rust_helper_refcount_inc is still referenced in refcount_rs_helperlink.o"
fi
echo "no helper call left: yes"

echo "== link"
# Same crate twice: give each copy of rust_bench its own name.
run "$OBJCOPY" --redefine-sym rust_bench=rust_bench_call \
	"$b/refcount_rs.o" "$b/rust_call.o"
run "$OBJCOPY" --redefine-sym rust_bench=rust_bench_helperlink \
	"$b/refcount_rs_helperlink.o" "$b/rust_helperlink.o"
run "$CC" "${CFLAGS[@]}" -I"$here" "$here/main.c" "$here/core.c" \
	"$b/rust_call.o" "$b/rust_helperlink.o" "$b/helpers.o" -o "$b/bench"

echo "== run (report: $b/report.json)"
echo
"$b/bench" "$@"
