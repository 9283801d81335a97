#!/usr/bin/env bash
# Builds the two crates of this directory's Makefile in the current
# directory with `helperlink rustc --mode=MODE --helper-stamps`, edits the
# helpers between builds, and prints after each build which objects make
# rebuilt ("built: ...") and what each object's helper call became.
# usage: rebuilds.sh MODE SRC HELPERLINK RUSTC CC
set -euo pipefail
mode=$1 src=$2
build() {
	: >built.txt
	make -s -j2 -f "$src/Makefile" SRC="$src" HELPERLINK="$3" RUSTC="$4" CC="$5" \
		MODE="$mode" CFLAGS_H="$1" 2>make.err || { cat make.err >&2; exit 1; }
	echo "$2: built: $(sort built.txt | tr '\n' ' ')"
}
shift 2
tools=("$@")
b() { build "$1" "$2" "${tools[@]}"; }
b "" first
b "" again
b "-DSTEP_B=5" "edit b"
llvm-objdump -d --no-show-raw-insn calls_b.o >calls_b.dis
grep -o 'leal.*' calls_b.dis | sed 's/^/calls_b: /'
b "-DSTEP_B=5 -DFACTOR=5" "edit what a calls"
b "-DSTEP_B=5 -DFACTOR=5 -DWITH_A=0" "remove a"
echo "stamp a: $(cat stamps/rust_helper_a)"
