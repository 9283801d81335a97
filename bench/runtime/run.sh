#!/usr/bin/env bash
# Runtime benchmark: for every shape, builds the C loop and the Rust crate
# five ways (helper call, the series' llvm-link + clang pipeline, helperlink,
# helperlink's rustc plugin, and helperlink --reopt=module as an extra), links
# them into one driver, checks the helperlink and plugin objects, compares the
# loops' machine code with the C loop, counts instructions with callgrind and
# times all six variants alternating in one process. See bench/README.md.
#
# usage: bench/runtime/run.sh [--quick] [SHAPE...]
# env:   OUT (default bench/out), ROUNDS, CALLS, CG_CALLS, HELPERLINK,
#        HELPERLINK_PLUGIN (default: helperlink --print-plugin-path), RUSTC,
#        CC (clang-22), LLVM_LINK, OBJCOPY, OBJDUMP, NM, VALGRIND, PY
#
# Writes $OUT/runtime/results.tsv (shape variant best_ns median_ns paired
# ir_per_call), $OUT/runtime/machine-code.tsv and per-shape build products and
# logs under $OUT/runtime/<shape>/. Exits non-zero on a correctness failure:
# a build step failing, a helper call left in the helperlink or plugin object,
# the plugin not inlining every call (--require-inlined), a wrong
# result computed by a variant. Timing and a machine-code mismatch are only
# reported.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

quick=0
shapes=()
for a in "$@"; do
	case "$a" in
	--quick) quick=1 ;;
	-*) echo "usage: $0 [--quick] [SHAPE...]" >&2; exit 2 ;;
	*) shapes+=("$a") ;;
	esac
done
[[ ${#shapes[@]} -gt 0 ]] || shapes=(refcount spinlock err_ptr container_of io_uring)

if ((quick)); then
	ROUNDS="${ROUNDS:-5}" CALLS="${CALLS:-2000000}" CG_CALLS="${CG_CALLS:-100000}"
else
	ROUNDS="${ROUNDS:-21}" CALLS="${CALLS:-20000000}" CG_CALLS="${CG_CALLS:-1000000}"
fi

HELPERLINK="${HELPERLINK:-$repo/build/bin/helperlink}"
RUSTC="${RUSTC:-rustc}"
CC="${CC:-clang-22}"
LLVM_LINK="${LLVM_LINK:-llvm-link-22}"
OBJCOPY="${OBJCOPY:-llvm-objcopy-22}"
OBJDUMP="${OBJDUMP:-llvm-objdump-22}"
NM="${NM:-llvm-nm-22}"
VALGRIND="${VALGRIND:-valgrind}"
PY="${PY:-python3}"

OUT="${OUT:-$repo/bench/out}"
out="$OUT/runtime"
mkdir -p "$out"

# The kernel builds C with -fno-strict-overflow (see refcount/refcount.h).
CFLAGS=(-O2 -fno-strict-overflow -Wall -Wextra -I"$here/common")
RUSTFLAGS=(--edition=2021 --crate-type=lib -C opt-level=2 -C panic=abort
	-C codegen-units=1)

die() { echo "runtime: error: $*" >&2; exit 1; }
log() { echo "+ $*" >>"$b/build.log"; "$@" >>"$b/build.log" 2>&1 ||
	{ tail -20 "$b/build.log" >&2; die "$shape: failed: $*"; }; }

[[ -x "$HELPERLINK" ]] || die "helperlink not found at $HELPERLINK"
HELPERLINK_PLUGIN="${HELPERLINK_PLUGIN:-$("$HELPERLINK" --print-plugin-path)}" ||
	die "no rustc plugin beside $HELPERLINK"
[[ -f "$HELPERLINK_PLUGIN" ]] || die "no rustc plugin at $HELPERLINK_PLUGIN"

results="$out/results.tsv"
mcode="$out/machine-code.tsv"
printf 'shape\tvariant\tbest_ns\tmedian_ns\tpaired_ratio\tir_per_call\n' >"$results"
printf 'shape\tvariant\tsame_machine_code\toperands\tinstructions_c\tinstructions\tdiffering\thelper_calls\n' >"$mcode"
failed=0

for shape in "${shapes[@]}"; do
	src="$here/$shape"
	[[ -d "$src" ]] || die "no shape $shape in $here"
	b="$out/$shape"
	rm -rf "$b"
	mkdir -p "$b"
	: >"$b/build.log"
	echo "== $shape"

	# The crate: bitcode (for the series and helperlink) and object.
	log "$RUSTC" "${RUSTFLAGS[@]}" --crate-name="bench_$shape" \
		--emit="llvm-bc=$b/crate.bc,obj=$b/crate.o" "$src/src/lib.rs"
	# Only rust_bench may be defined, only helpers undefined: the three
	# copies of the crate must not clash, and need nothing from core.
	defined="$("$NM" --defined-only --extern-only --format=just-symbols "$b/crate.o")"
	[[ "$defined" == rust_bench ]] ||
		die "$shape: the crate defines more than rust_bench: ${defined//$'\n'/ }"
	# (Outputs are captured first: grep -q on a pipe can fail under pipefail.)
	undefined="$("$NM" --undefined-only --format=just-symbols "$b/crate.o")"
	others="$(grep -v '^rust_helper_' <<<"$undefined" || true)"
	if [[ -n "$others" ]]; then
		die "$shape: the crate needs symbols other than helpers: ${others//$'\n'/ }"
	fi

	# Helpers: plain (object for the call variant, bitcode for helperlink)
	# and annotated always_inline (bitcode for the series).
	log "$CC" "${CFLAGS[@]}" -I"$src" -c "$src/helpers.c" -o "$b/helpers.o"
	log "$CC" "${CFLAGS[@]}" -I"$src" -emit-llvm -c "$src/helpers.c" -o "$b/helpers.bc"
	log "$CC" "${CFLAGS[@]}" -I"$src" -emit-llvm -c "$src/helpers_always_inline.c" \
		-o "$b/helpers_always_inline.bc"

	# The series' pipeline.
	log "$LLVM_LINK" --internalize "$b/crate.bc" "$b/helpers_always_inline.bc" -o "$b/series.bc"
	log "$CC" -O2 -c "$b/series.bc" -o "$b/series.o"

	# helperlink, unannotated helpers; --require-inlined fails on a call left.
	if ! "$HELPERLINK" "$b/crate.bc" --helpers="$b/helpers.bc" -o "$b/helperlink.o" \
		--require-inlined --report="$b/report.json" >>"$b/build.log" 2>&1; then
		tail -5 "$b/build.log" >&2
		echo "$shape: CORRECTNESS FAILURE: helperlink --require-inlined failed" >&2
		failed=1
		continue
	fi
	# The extra variant: the same with the whole module re-optimized.
	log "$HELPERLINK" "$b/crate.bc" --helpers="$b/helpers.bc" -o "$b/hlmodule.o" \
		--require-inlined --reopt=module
	# The plugin: the same plain helpers, inlined at the start of rustc's own
	# O2 pipeline; rustc's codegen writes the object. --require-inlined fails
	# rustc on a call left; the report says what was linked and inlined.
	rm -rf "$b/plugin-report"
	if ! HELPERLINK_HELPERS="$b/helpers.bc" \
		HELPERLINK_OPTIONS="--require-inlined --report=$b/plugin-report" RUSTC_BOOTSTRAP=1 \
		"$RUSTC" "${RUSTFLAGS[@]}" -Zllvm-plugins="$HELPERLINK_PLUGIN" \
		--crate-name="bench_$shape" --emit="obj=$b/plugin.o" "$src/src/lib.rs" \
		>>"$b/build.log" 2>&1; then
		tail -5 "$b/build.log" >&2
		echo "$shape: CORRECTNESS FAILURE: rustc with the helperlink plugin (--require-inlined) failed" >&2
		failed=1
		continue
	fi
	pinl="$("$PY" - "$b/plugin-report" <<-'EOF'
		import glob, json, sys
		n = i = 0
		for p in glob.glob(sys.argv[1] + "/*.json"):
		    s = json.load(open(p))["summary"]
		    n += s["call_sites"]; i += s["inlined"]
		print("%d %d" % (i, n))
	EOF
	)"
	echo "plugin: $pinl (inlined, call sites) per its report"
	if [[ "$pinl" == "0 "* ]]; then
		echo "$shape: CORRECTNESS FAILURE: the plugin's report shows no helper call inlined" >&2
		failed=1
	fi
	for o in helperlink plugin; do
		syms="$("$NM" "$b/$o.o")"
		if grep -q 'rust_helper_' <<<"$syms"; then
			"$NM" "$b/$o.o" >&2
			echo "$shape: CORRECTNESS FAILURE: a rust_helper_ symbol is left in $o.o" >&2
			failed=1
		fi
	done

	log "$OBJCOPY" --redefine-sym rust_bench=rust_bench_call "$b/crate.o" "$b/rust_call.o"
	log "$OBJCOPY" --redefine-sym rust_bench=rust_bench_series "$b/series.o" "$b/rust_series.o"
	log "$OBJCOPY" --redefine-sym rust_bench=rust_bench_helperlink "$b/helperlink.o" \
		"$b/rust_helperlink.o"
	log "$OBJCOPY" --redefine-sym rust_bench=rust_bench_hlmodule "$b/hlmodule.o" "$b/rust_hlmodule.o"
	log "$OBJCOPY" --redefine-sym rust_bench=rust_bench_plugin "$b/plugin.o" "$b/rust_plugin.o"
	extra=()
	[[ -f "$src/slowpath.c" ]] && extra+=("$src/slowpath.c")
	# Libraries the shape's helpers need at link time (io_uring: -luring).
	libs=()
	[[ -f "$src/LDLIBS" ]] && read -ra libs <"$src/LDLIBS"
	log "$CC" "${CFLAGS[@]}" -I"$src" "$here/common/driver.c" "$src/core.c" "${extra[@]}" \
		"$b/rust_call.o" "$b/rust_series.o" "$b/rust_helperlink.o" "$b/rust_plugin.o" \
		"$b/rust_hlmodule.o" \
		"$b/helpers.o" "${libs[@]}" \
		-o "$b/bench"

	# Machine code: the C loop against the helperlink, plugin (and series) loop.
	for v in helperlink plugin hlmodule series; do
		cmp="$("$PY" "$here/common/asm_compare.py" "$OBJDUMP" "$b/bench" c_bench \
			"rust_bench_$v" --out="$b/machine-code-$v.txt")"
		same="$(sed -n 's/^same machine code: //p' <<<"$cmp")"
		ops="$(sed -n 's/^operands: //p' <<<"$cmp")"
		read -r nc _ nv < <(sed -n 's/^instructions: //p' <<<"$cmp")
		# Helper references left in the loop function: relocations against
		# rust_helper_* (a direct call's PLT32, or the GOTPCREL load of an
		# indirect "call *%reg", which is how rustc calls external code).
		obj="$b/$v.o"
		hc="$("$OBJDUMP" -d -r --no-show-raw-insn --disassemble-symbols=rust_bench "$obj" |
			grep -c 'R_X86_64_[A-Z0-9_]*[[:space:]]*rust_helper_' || true)"
		nd="$(sed -n 's/^differing instructions: //p' <<<"$cmp")"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$v" "$same" "$ops" "$nc" "$nv" "$nd" "$hc" >>"$mcode"
		if [[ $v == helperlink || $v == plugin ]]; then
			echo "$v vs C: same machine code: $same (operands $ops; $nc vs $nv instructions, $nd differ; see $b/machine-code-$v.txt)"
			if [[ $hc != 0 ]]; then
				echo "$shape: CORRECTNESS FAILURE: $hc reference(s) to a helper left in the $v loop" >&2
				failed=1
			fi
		else
			echo "$v vs C: same machine code: $same (operands $ops, $nd instructions differ), helper references left: $hc"
		fi
	done

	# Instructions per call (callgrind counts only inside the loop function
	# and what it calls).
	declare -A ir=()
	for v in c call series helperlink plugin hlmodule; do
		fn="rust_bench_$v"
		[[ $v == c ]] && fn=c_bench
		"$VALGRIND" --tool=callgrind --toggle-collect="$fn" \
			--callgrind-out-file="$b/callgrind.$v" \
			"$b/bench" only "$v" "$CG_CALLS" >"$b/callgrind.$v.log" 2>&1 ||
			{ tail -5 "$b/callgrind.$v.log" >&2; die "$shape: callgrind run of $v failed"; }
		total="$(awk '/^(totals|summary):/ { print $2; exit }' "$b/callgrind.$v")"
		ir[$v]="$(awk -v t="$total" -v n="$CG_CALLS" 'BEGIN { printf "%.3f", t / n }')"
	done
	echo "instructions/call: C ${ir[c]}, call ${ir[call]}, series ${ir[series]}, helperlink ${ir[helperlink]}, plugin ${ir[plugin]}, --reopt=module ${ir[hlmodule]}"

	# Timing. The two sub-nanosecond shapes get 10x the calls, so that every
	# sample lasts about as long as the others'.
	calls="$CALLS"
	[[ $shape == err_ptr || $shape == container_of ]] && calls=$((CALLS * 10))
	if ! "$b/bench" time "$ROUNDS" "$calls" >"$b/time.txt" 2>"$b/time.err"; then
		cat "$b/time.txt" "$b/time.err" >&2
		echo "$shape: CORRECTNESS FAILURE: a variant computed a wrong result" >&2
		failed=1
	fi
	grep -v '^RESULT' "$b/time.txt"
	while IFS=$'\t' read -r _ s v best med paired; do
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$v" "$best" "$med" "$paired" "${ir[$v]}" >>"$results"
	done < <(grep '^RESULT' "$b/time.txt")
	unset ir
	echo
done

exit "$failed"
