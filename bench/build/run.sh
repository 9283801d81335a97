#!/usr/bin/env bash
# Build-cost benchmark: real crates from Debian's librust-*-dev packages,
# compiled with plain rustc, through (a) rustc --emit=obj, (p) rustc with
# helperlink's plugin, (b) the series' pipeline, (c) helperlink's post-step
# (--reopt=touched); end to end (wall and CPU time) and the post-rustc steps
# alone; wall and CPU time with hyperfine, peak RSS with /usr/bin/time. Then
# helperlink's per-invocation overhead on a tiny crate with and without a
# large helper library, and the plugin's per-crate overhead on a crate that
# calls no helper (callgrind instruction counts and hyperfine).
#
# usage: bench/build/run.sh [--quick] [CRATE...]
# env:   OUT (default bench/out); ROUNDS_E2E, ROUNDS_POST (interleaved rounds,
#        one run of every variant per round); TINY_ROUNDS, TINY_RUNS (rounds
#        of TINY_RUNS runs per command); CG_RUNS (callgrind runs per command);
#        HELPERLINK, HELPERLINK_PLUGIN (default: helperlink --print-plugin-path),
#        RUSTC, CC (clang-22), LLVM_LINK, LLC, NM, SIZE, VALGRIND, PY,
#        REGISTRY (/usr/share/cargo/registry),
#        KERNEL_HELPERS (default ${XDG_CACHE_HOME:-~/.cache}/helperlink/kernel-6.12/helpers.bc)
#
# Writes under $OUT/build/: results.tsv (one line per crate and variant),
# crates.tsv, plugin-check.tsv, libraries.tsv, tiny.tsv, tiny-inlined.tsv,
# plugin-overhead.tsv, plugin-overhead-cg.tsv and per-crate work directories
# (hyperfine JSON per variant and round, memory logs). Exits non-zero if a
# helperlink or plugin run fails, or the plugin's report does not show the
# helper library it was given (recorded; the other measurements go on).
# Timings never make it fail.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

quick=0
only=()
for a in "$@"; do
	case "$a" in
	--quick) quick=1 ;;
	-*) echo "usage: $0 [--quick] [CRATE...]" >&2; exit 2 ;;
	*) only+=("$a") ;;
	esac
done

if ((quick)); then
	ROUNDS_E2E="${ROUNDS_E2E:-1}" ROUNDS_POST="${ROUNDS_POST:-2}"
	TINY_ROUNDS="${TINY_ROUNDS:-3}" TINY_RUNS="${TINY_RUNS:-5}" CG_RUNS="${CG_RUNS:-1}"
else
	ROUNDS_E2E="${ROUNDS_E2E:-7}" ROUNDS_POST="${ROUNDS_POST:-10}"
	TINY_ROUNDS="${TINY_ROUNDS:-10}" TINY_RUNS="${TINY_RUNS:-10}" CG_RUNS="${CG_RUNS:-3}"
fi

export HELPERLINK="${HELPERLINK:-$repo/build/bin/helperlink}"
export RUSTC="${RUSTC:-rustc}"
export CC="${CC:-clang-22}"
export LLVM_LINK="${LLVM_LINK:-llvm-link-22}"
export LLC="${LLC:-llc-22}"
NM="${NM:-llvm-nm-22}"
SIZE="${SIZE:-llvm-size-22}"
VALGRIND="${VALGRIND:-valgrind}"
PY="${PY:-python3}"
REGISTRY="${REGISTRY:-/usr/share/cargo/registry}"
KERNEL_HELPERS="${KERNEL_HELPERS:-${XDG_CACHE_HOME:-$HOME/.cache}/helperlink/kernel-6.12/helpers.bc}"

OUT="${OUT:-$repo/bench/out}"
out="$OUT/build"
rm -rf "$out"
mkdir -p "$out"

die() { echo "build: error: $*" >&2; exit 1; }
[[ -x "$HELPERLINK" ]] || die "helperlink not found at $HELPERLINK"
command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine)"
HELPERLINK_PLUGIN="${HELPERLINK_PLUGIN:-$("$HELPERLINK" --print-plugin-path)}" ||
	die "no rustc plugin beside $HELPERLINK"
[[ -f "$HELPERLINK_PLUGIN" ]] || die "no rustc plugin at $HELPERLINK_PLUGIN"
# What the timed plugin runs pass: what a build that wants every call inlined
# passes (the crates call no helper, so it never fails them).
export HELPERLINK_PLUGIN PLUGIN_OPTIONS="--require-inlined"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"

# The crates: key | directory glob under $REGISTRY (the highest version
# installed is used) | features | extra rustc arguments. Features are what
# cargo would enable by default; the extra arguments stand for what the
# crate's build.rs prints on x86-64 with this rustc (memchr's SIMD cfgs;
# serde's and libm's print nothing here).
CRATES=(
	"regex-syntax|regex-syntax-0.6.*|default unicode unicode-age unicode-bool unicode-case unicode-gencat unicode-perl unicode-script unicode-segment|"
	"serde|serde-1.*|default std|"
	"libm|libm-0.2.*||"
	"memchr|memchr-2.*|default std|--cfg memchr_runtime_simd --cfg memchr_runtime_sse2 --cfg memchr_runtime_sse42 --cfg memchr_runtime_avx"
	"unicode-segmentation|unicode-segmentation-1.*||"
)

# Codegen flags, identical in every variant (as Rust-for-Linux: opt-level 2,
# one codegen unit, panic=abort).
# Every rustc runs with RUSTC_BOOTSTRAP=1, which the plugin needs for -Z
# options (Kbuild sets it too). It changes rustc's defaults (v0 symbol
# mangling, as on nightly), so plain rustc gets it as well: the plugin's
# object for a crate calling no helper is then byte-identical to (a)'s.
export RUSTC_BOOTSTRAP=1
FLAGS=(--crate-type=lib -C opt-level=2 -C codegen-units=1 -C panic=abort --cap-lints=allow)

# --- helpers -----------------------------------------------------------------
hdir="$out/helpers"
mkdir -p "$hdir"
rt="$repo/bench/runtime"
HCFLAGS=(-O2 -fno-strict-overflow -Wall -Wextra -I"$rt/common" -I"$rt/refcount")
"$CC" "${HCFLAGS[@]}" -emit-llvm -c "$rt/refcount/helpers.c" -o "$hdir/refcount.bc"
"$CC" "${HCFLAGS[@]}" -emit-llvm -c "$rt/refcount/helpers_always_inline.c" -o "$hdir/refcount_ai.bc"
export HELPERS="$hdir/refcount.bc" HELPERS_AI="$hdir/refcount_ai.bc"

# The large helper library: Linux 6.12's, if scripts/kernel-corpus built it.
# A synthetic one (10x more helpers than Linux 6.12 has) is always made for
# the tiny-crate measurement, as a stress point and a stand-in.
"$PY" "$here/synth-helpers.py" 1000 >"$hdir/synthetic.c"
"$CC" -O2 -fno-strict-overflow -Wall -emit-llvm -c "$hdir/synthetic.c" -o "$hdir/synthetic.bc"
synth="$hdir/synthetic.bc"
nhelpers() { "$NM" --defined-only "$1" | grep -c ' T rust_helper_'; }
kib() { echo $(( ($(stat -c %s "$1") + 1023) / 1024 )); }
synth_label="synthetic: $(nhelpers "$synth") helpers, $(kib "$synth") KiB (bench/build/synth-helpers.py)"
if [[ -f "$KERNEL_HELPERS" ]]; then
	have_kernel=1
	kernel_label="Linux 6.12: $(nhelpers "$KERNEL_HELPERS") helpers, $(kib "$KERNEL_HELPERS") KiB ($KERNEL_HELPERS)"
	export KERNEL_HELPERS
else
	have_kernel=0
	kernel_label="absent ($KERNEL_HELPERS)"
fi
echo "kernel helper library: $kernel_label"
echo "synthetic helper library: $synth_label"
printf 'library\tdescription\nkernel\t%s\nsynthetic\t%s\n' "$kernel_label" "$synth_label" >"$out/libraries.tsv"

# --- measuring ---------------------------------------------------------------
failed=0

# run_round WORKDIR ROUND VARIANT...: runs every variant once (hyperfine,
# --runs 1), in an order rotated by ROUND. A variant that fails is run once
# more to record why (WORKDIR/failed.VARIANT) and left out of later rounds.
run_round() {
	local w="$1" round="$2"
	shift 2
	local vs=("$@") n=$# i v err
	for ((i = 0; i < n; i++)); do
		v="${vs[(i + round) % n]}"
		[[ -f "$w/failed.$v" ]] && continue
		if ! MEMLOG="$w/mem.$v.log" hyperfine -N --style=basic --runs 1 --output=null \
			--export-json "$w/json.$KIND/$v.$round.json" -n "$v" "$here/pipeline.sh $v $w" \
			>>"$w/hyperfine.log" 2>&1; then
			rm -f "$w/json.$KIND/$v.$round.json"
			err="$(MEMLOG='' "$here/pipeline.sh" "$v" "$w" 2>&1 >/dev/null |
				grep -v '^warning' | head -3 | tr '\n\t' '  ' || true)"
			echo "${err:-failed; see $w/hyperfine.log}" >"$w/failed.$v"
			echo "  $v: FAILED: $(cat "$w/failed.$v")" >&2
			[[ "$v" == hl-* ]] && failed=1
		fi
	done
}

# record CRATE WORKDIR KIND VARIANT...: appends the aggregated lines.
record() {
	local crate="$1" w="$2" kind="$3" v
	shift 3
	"$PY" "$here/aggregate.py" "$w/json.$kind" floor >"$w/agg.$kind.tsv"
	for v in "$@"; do
		if [[ -f "$w/failed.$v" ]]; then
			printf '%s\t%s\t%s\t\t\t\t\t\t0\t\t\t\t\t\t\t\tFAILED\t%s\n' "$crate" "$v" "$kind" \
				"$(cat "$w/failed.$v")" >>"$results"
			continue
		fi
		local row rss
		row="$(awk -F'\t' -v v="$v" '$1 == v' "$w/agg.$kind.tsv" | cut -f2-)"
		[[ -n "$row" ]] || continue
		rss="$(awk '$3 ~ /^[0-9]+$/ && $3 > m { m = $3 } END { print m + 0 }' "$w/mem.$v.log" 2>/dev/null || echo 0)"
		printf '%s\t%s\t%s\t%s\t%s\tok\t\n' "$crate" "$v" "$kind" "$row" "$rss" >>"$results"
		printf '  %-18s %-5s median %8.3f s  %s  cpu %8.3f s  %s  peak %4d MB\n' "$v" "$kind" \
			"$(cut -f1 <<<"$row")" \
			"$(p="$(cut -f7 <<<"$row")"; [[ -n "$p" ]] && printf '%6.3fx (a)' "$p" || printf '%12s' '')" \
			"$(cut -f9 <<<"$row")" \
			"$(p="$(cut -f10 <<<"$row")"; [[ -n "$p" ]] && printf '%6.3fx (a)' "$p" || printf '%12s' '')" \
			"$((rss / 1024))"
	done
}

# cargo_field FILE SECTION KEY: a string value from Cargo.toml.
cargo_field() {
	awk -v sec="[$2]" -v key="$3" '
		/^\[/ { in_sec = ($0 == sec); next }
		in_sec && $1 == key { v = $0; sub(/^[^=]*=[ \t]*"/, "", v); sub(/".*$/, "", v); print v; exit }
	' "$1"
}

# --- crates ------------------------------------------------------------------
results="$out/results.tsv"
crates_tsv="$out/crates.tsv"
printf 'crate\tvariant\tkind\tmedian_s\tmean_s\tstddev_s\tmin_s\tmax_s\truns\tpaired_ratio\tpaired_diff_s\tcpu_median_s\tcpu_paired_ratio\tcpu_paired_diff_s\tuser_median_s\tpeak_rss_kb\tstatus\tnote\n' >"$results"
printf 'crate\tversion\tedition\trs_lines\tfloor_text\thelperlink_text\tseries_text\tplugin_text\tcrate_bc_bytes\n' >"$crates_tsv"
plugin_check="$out/plugin-check.tsv"
printf 'crate\tlibrary\tstatus\thelpers_in_report\tcall_sites\tinlined\tstage_ms\tsame_object_as_a\tnote\n' >"$plugin_check"

tsize() { [[ -f "$1" ]] && "$SIZE" -A "$1" | awk '$1 ~ /^\.text/ { s += $2 } END { print s + 0 }' || echo ""; }

for spec in "${CRATES[@]}"; do
	IFS='|' read -r key glob features extra <<<"$spec"
	if ((${#only[@]})) && [[ " ${only[*]} " != *" $key "* ]]; then
		continue
	fi
	dir="$(ls -d "$REGISTRY"/$glob 2>/dev/null | sort -V | tail -1 || true)"
	[[ -n "$dir" && -f "$dir/Cargo.toml" ]] ||
		die "$key: no $REGISTRY/$glob (apt-get install librust-$key-dev, or run bench/setup-deps)"
	toml="$dir/Cargo.toml"
	version="$(cargo_field "$toml" package version)"
	edition="$(cargo_field "$toml" package edition)"
	edition="${edition:-2015}"
	name="$(cargo_field "$toml" lib name)"
	name="${name:-$(cargo_field "$toml" package name)}"
	name="${name//-/_}"
	src="$(cargo_field "$toml" lib path)"
	src="$dir/${src:-src/lib.rs}"
	lines="$(find "$dir" -name '*.rs' -not -path '*/tests/*' -not -path '*/benches/*' -print0 |
		xargs -0 cat | wc -l)"

	w="$out/$key"
	mkdir -p "$w/json.e2e" "$w/json.post"
	{
		printf '%s\n' "${FLAGS[@]}" "--crate-name=$name" "--edition=$edition"
		for f in $features; do printf -- '--cfg\nfeature="%s"\n' "$f"; done
		for e in $extra; do printf '%s\n' "$e"; done
		printf '%s\n' "$src"
	} >"$w/rustc.args"
	echo "== $key $version (edition $edition, $lines lines of Rust)"

	# The crate's bitcode for the post-step measurements (and a check that
	# the crate builds at all).
	mapfile -t args <"$w/rustc.args"
	"$RUSTC" "${args[@]}" --emit="llvm-bc=$w/crate.bc" >"$w/rustc.log" 2>&1 ||
		{ cat "$w/rustc.log" >&2; die "$key: rustc failed"; }

	# The plugin, checked once per helper library before anything is timed:
	# it must succeed with --require-inlined, its report must name the
	# library as an input (rustc really loaded it and read the library), and
	# its object is compared with plain rustc's (the crates call no helper).
	"$RUSTC" "${args[@]}" --emit="obj=$w/check-floor.o" >>"$w/rustc.log" 2>&1 ||
		die "$key: rustc failed"
	plibs=(refcount)
	((have_kernel)) && plibs+=(kernel)
	for lib in "${plibs[@]}"; do
		hf="$HELPERS"
		[[ $lib == kernel ]] && hf="$KERNEL_HELPERS"
		rm -rf "$w/plugin-report-$lib"
		if HELPERLINK_HELPERS="$hf" RUSTC_BOOTSTRAP=1 \
			HELPERLINK_OPTIONS="$PLUGIN_OPTIONS --report=$w/plugin-report-$lib -v" \
			"$RUSTC" -Zllvm-plugins="$HELPERLINK_PLUGIN" "${args[@]}" \
			--emit="obj=$w/check-plugin-$lib.o" >"$w/plugin-$lib.log" 2>&1; then
			row="$("$PY" - "$w/plugin-report-$lib" "$hf" "$w/plugin-$lib.log" <<-'EOF'
				import glob, json, re, sys
				d, lib, log = sys.argv[1:4]
				reports = [json.load(open(p)) for p in sorted(glob.glob(d + "/*.json"))]
				named = bool(reports) and all(
				    any(i["role"] == "helpers" and i["path"] == lib for i in r["inputs"])
				    for r in reports)
				n = sum(r["summary"]["call_sites"] for r in reports)
				k = sum(r["summary"]["inlined"] for r in reports)
				ms = [float(m) for m in re.findall(r"total ([0-9.]+) ms", open(log).read())]
				print("%s\t%d\t%d\t%s" % ("yes" if named else "no", n, k,
				                         "%.1f" % sum(ms) if ms else ""))
			EOF
			)"
			same=no
			cmp -s "$w/check-floor.o" "$w/check-plugin-$lib.o" && same=yes
			status=ok
			[[ "$(cut -f1 <<<"$row")" == yes ]] || { status=FAILED; failed=1; }
			printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$lib" "$status" "$row" "$same" "" >>"$plugin_check"
			printf '  plugin check, %s helpers: report names them: %s; call sites %s, inlined %s; plugin stages %s ms; object identical to (a): %s\n' \
				"$lib" "$(cut -f1 <<<"$row")" "$(cut -f2 <<<"$row")" "$(cut -f3 <<<"$row")" \
				"$(cut -f4 <<<"$row")" "$same"
		else
			printf '%s\t%s\tFAILED\t\t\t\t\t\t%s\n' "$key" "$lib" \
				"$(grep -m2 -i error "$w/plugin-$lib.log" | tr '\n\t' '  ')" >>"$plugin_check"
			echo "  plugin check, $lib helpers: FAILED: $(grep -m2 -i error "$w/plugin-$lib.log")" >&2
			failed=1
		fi
	done

	e2e=(floor plugin hl-touched series bc)
	post=(series-post hl-touched-post hl-module-post hl-none-post llc-post hl-read-post)
	if ((have_kernel)); then
		e2e+=(plugin-k)
		post+=(series-k-post hl-touched-k-post)
	fi
	KIND=e2e
	for ((r = 0; r < ROUNDS_E2E; r++)); do run_round "$w" "$r" "${e2e[@]}"; done
	record "$key" "$w" e2e "${e2e[@]}"
	KIND=post
	for ((r = 0; r < ROUNDS_POST; r++)); do run_round "$w" "$r" "${post[@]}"; done
	record "$key" "$w" post "${post[@]}"

	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$version" "$edition" "$lines" \
		"$(tsize "$w/floor.o")" "$(tsize "$w/hl-touched.o")" "$(tsize "$w/series.o")" \
		"$(tsize "$w/plugin.o")" "$(stat -c %s "$w/crate.bc")" >>"$crates_tsv"
done

# --- per-invocation overhead on a tiny crate ---------------------------------
# The tiny crate is the refcount shape's (one function calling
# rust_helper_refcount_inc). All commands are helperlink; the differences
# between them isolate:
#   startup         helperlink --version: loading the program and libLLVM
#   read            tiny crate + an empty helpers file, --reopt=none
#                   --emit=llvm-bc: process start-up (libLLVM), reading the
#                   crate, writing it back
#   small           the refcount helper alone, default options: + link,
#                   inline, re-optimize, codegen
#   LIB-read        the large library LIB, --reopt=none --emit=llvm-bc
#   LIB             the large library LIB, default options
# LIB - small is what the large library costs an invocation; LIB - read is
# everything beyond reading the crate (linking, inlining, re-optimizing and
# emitting the tiny crate's object included). Commands alternate in rounds
# of TINY_RUNS runs each; differences are paired per round.
t="$out/tiny"
mkdir -p "$t/json"
"$RUSTC" --edition=2021 --crate-type=lib --crate-name=tiny -C opt-level=2 -C panic=abort \
	-C codegen-units=1 --emit="llvm-bc=$t/tiny.bc" "$rt/refcount/src/lib.rs"
: >"$t/empty.c"
"$CC" -O2 -emit-llvm -c "$t/empty.c" -o "$t/empty.bc"

libs=(synthetic)
((have_kernel)) && libs=(kernel synthetic)
names=(startup read small)
cmds=("$HELPERLINK --version"
	"$HELPERLINK $t/tiny.bc --helpers=$t/empty.bc --reopt=none --emit=llvm-bc -o $t/read.bc"
	"$HELPERLINK $t/tiny.bc --helpers=$HELPERS -o $t/small.o")
printf 'library\tinlined\n' >"$out/tiny-inlined.tsv"
for lib in "${libs[@]}"; do
	f="$synth"
	[[ $lib == kernel ]] && f="$KERNEL_HELPERS"
	largs="--helpers=$f"
	# (grep -q on a pipe would fail under pipefail when it stops reading.)
	[[ "$("$NM" --defined-only "$f")" == *" T rust_helper_refcount_inc"* ]] ||
		largs="--helpers=$HELPERS --helpers=$f"
	# One checked run: what happens to the helper call with this library.
	if "$HELPERLINK" "$t/tiny.bc" $largs -o "$t/check-$lib.o" --report="$t/$lib-report.json" \
		>"$t/check-$lib.log" 2>&1; then
		inl="$("$PY" - "$t/$lib-report.json" <<-'EOF'
			import json, sys
			r = json.load(open(sys.argv[1]))
			s = r["summary"]
			why = sorted({c["reason"] for c in r["call_sites"] if not c["inlined"]})
			print("%d of %d call sites inlined%s" % (s["inlined"], s["call_sites"],
			      ("; not inlined: " + "; ".join(why)) if why else ""))
		EOF
		)"
	else
		inl="FAILED: $(head -2 "$t/check-$lib.log" | tr '\n\t' '  ')"
		echo "tiny crate with the $lib library: $inl" >&2
		failed=1
		continue
	fi
	printf '%s\t%s\n' "$lib" "$inl" >>"$out/tiny-inlined.tsv"
	echo "tiny crate with the $lib library: $inl"
	names+=("$lib-read" "$lib")
	cmds+=("$HELPERLINK $t/tiny.bc $largs --reopt=none --emit=llvm-bc -o $t/$lib-read.bc"
		"$HELPERLINK $t/tiny.bc $largs -o $t/$lib.o")
done
echo "== tiny crate ($TINY_ROUNDS rounds of $TINY_RUNS runs per command)"
tiny_ok=1
for ((r = 0; r < TINY_ROUNDS && tiny_ok; r++)); do
	for ((i = 0; i < ${#names[@]}; i++)); do
		k=$(((i + r) % ${#names[@]}))
		if ! hyperfine -N --style=basic --warmup 2 --runs "$TINY_RUNS" --output=null \
			--export-json "$t/json/${names[k]}.$r.json" -n "${names[k]}" "${cmds[k]}" \
			>>"$t/hyperfine.log" 2>&1; then
			tail -5 "$t/hyperfine.log" >&2
			echo "tiny crate: helperlink failed: ${cmds[k]}" >&2
			failed=1 tiny_ok=0
			break
		fi
	done
done
if ((tiny_ok)); then
	"$PY" "$here/aggregate.py" "$t/json" read >"$out/tiny.tsv"
	"$PY" "$here/aggregate.py" "$t/json" small >"$out/tiny-vs-small.tsv"
	awk -F'\t' 'NR == 1 { printf "%-16s %10s %10s %10s %6s %14s\n", "command", "median ms", "min ms", "stddev ms", "runs", "paired - read"; next }
		{ printf "%-16s %10.2f %10.2f %10.2f %6d %14s\n", $1, $2 * 1000, $5 * 1000, $4 * 1000, $7,
			($9 == "" ? "" : sprintf("%.2f ms", $9 * 1000)) }' "$out/tiny.tsv"
fi

# --- the plugin's per-crate overhead ------------------------------------------
# A small crate that calls no helper (bench/build/tiny/lib.rs), built by plain
# rustc and by rustc with the plugin and a helper library: what the plugin
# costs a crate by itself (loading helperlink-rustc.so, reading the library's
# index, looking for calls). The commands:
#   rustc             rustc --emit=obj
#   plugin-empty      + the plugin, an empty helper library: loading the plugin
#   plugin-kernel     + the plugin, the Linux 6.12 helpers (if present)
#   plugin-synthetic  + the plugin, the synthetic library (~10x Linux's)
# Measured twice: callgrind instruction counts (CG_RUNS runs each; do not
# depend on the machine's load), converted to ms at this machine's rate of
# rustc instructions per ms of CPU; and hyperfine wall and CPU time, the
# commands alternating in rounds of TINY_RUNS runs, paired per round.
# The real rustc binary is used, not rustup's proxy: callgrind does not
# follow the proxy's exec.
p="$out/plugin-overhead"
mkdir -p "$p/json"
rustc_real="$("$RUSTC" --print sysroot)/bin/rustc"
[[ -x "$rustc_real" ]] || rustc_real="$(command -v "$RUSTC")"
targs=(--edition=2021 --crate-type=lib --crate-name=tiny -C opt-level=2 -C panic=abort
	-C codegen-units=1)
tsrc="$here/tiny/lib.rs"
ponames=(rustc plugin-empty)
polibs=("" "$t/empty.bc")
((have_kernel)) && { ponames+=(plugin-kernel); polibs+=("$KERNEL_HELPERS"); }
ponames+=(plugin-synthetic)
polibs+=("$synth")
# po_env I: the environment of command I (the plugin's variables, or none).
po_env() {
	[[ -z "${polibs[$1]}" ]] && return 0
	printf '%s\n' "HELPERLINK_HELPERS=${polibs[$1]}" "HELPERLINK_OPTIONS=$PLUGIN_OPTIONS"
}
po_args() {
	[[ -n "${polibs[$1]}" ]] && printf '%s\n' "-Zllvm-plugins=$HELPERLINK_PLUGIN"
	printf '%s\n' "${targs[@]}" "--emit=obj=$p/${ponames[$1]}.o" "$tsrc"
}
printf 'command\tstage_ms\tcall_sites\n' >"$p/checks.tsv"
po_ok=1
for ((i = 0; i < ${#ponames[@]}; i++)); do
	mapfile -t e < <(po_env "$i")
	mapfile -t a < <(po_args "$i")
	# Three checked runs (-v: the plugin's own stage times; wall clock inside
	# rustc, so the best of three).
	ve=("${e[@]}")
	[[ ${#ve[@]} -gt 0 ]] && ve[1]="${ve[1]} -v"
	: >"$p/${ponames[i]}.log"
	for r in 1 2 3; do
		if ! env RUSTC_BOOTSTRAP=1 "${ve[@]}" "$rustc_real" "${a[@]}" >>"$p/${ponames[i]}.log" 2>&1; then
			echo "plugin overhead: ${ponames[i]} FAILED: $(head -2 "$p/${ponames[i]}.log")" >&2
			failed=1 po_ok=0
			continue 2
		fi
	done
	printf '%s\t%s\t%s\n' "${ponames[i]}" \
		"$(awk '/ total / { for (f = 1; f < NF; f++) if ($f == "total" && (n++ == 0 || $(f + 1) < m)) m = $(f + 1) } END { if (n) printf "%.1f", m }' "$p/${ponames[i]}.log")" \
		"$(sed -n 's/.* of \([0-9]*\) call site(s) inlined.*/\1/p' "$p/${ponames[i]}.log" | head -1)" >>"$p/checks.tsv"
done
if ((po_ok)); then
	echo "== plugin overhead: callgrind ($CG_RUNS run(s) per command)"
	for ((i = 0; i < ${#ponames[@]}; i++)); do
		mapfile -t e < <(po_env "$i")
		mapfile -t a < <(po_args "$i")
		for ((r = 0; r < CG_RUNS; r++)); do
			env RUSTC_BOOTSTRAP=1 "${e[@]}" "$VALGRIND" --tool=callgrind \
				--callgrind-out-file="$p/callgrind.${ponames[i]}.$r" \
				"$rustc_real" "${a[@]}" >"$p/callgrind.${ponames[i]}.$r.log" 2>&1 ||
				{ tail -3 "$p/callgrind.${ponames[i]}.$r.log" >&2; failed=1 po_ok=0; }
		done
	done
fi
if ((po_ok)); then
	echo "== plugin overhead: hyperfine ($TINY_ROUNDS rounds of $TINY_RUNS runs per command)"
	for ((r = 0; r < TINY_ROUNDS && po_ok; r++)); do
		for ((j = 0; j < ${#ponames[@]}; j++)); do
			i=$(((j + r) % ${#ponames[@]}))
			mapfile -t e < <(po_env "$i")
			mapfile -t a < <(po_args "$i")
			# Every command runs through env(1), the plain one too.
			if ! hyperfine -N --style=basic --warmup 2 --runs "$TINY_RUNS" --output=null \
				--export-json "$p/json/${ponames[i]}.$r.json" -n "${ponames[i]}" \
				"env RUSTC_BOOTSTRAP=1 ${e[*]} $rustc_real ${a[*]}" >>"$p/hyperfine.log" 2>&1; then
				tail -5 "$p/hyperfine.log" >&2
				failed=1 po_ok=0
				break
			fi
		done
	done
fi
if ((po_ok)); then
	"$PY" "$here/aggregate.py" "$p/json" rustc >"$out/plugin-overhead.tsv"
	"$PY" - "$p" "$out/plugin-overhead.tsv" "${ponames[@]}" >"$out/plugin-overhead-cg.tsv" <<-'EOF'
		import csv, glob, statistics, sys
		d, hf, names = sys.argv[1], sys.argv[2], sys.argv[3:]
		def ir(path):
		    for line in open(path):
		        if line.startswith(("summary:", "totals:")):
		            return int(line.split()[1])
		irs = {n: [ir(p) for p in sorted(glob.glob("%s/callgrind.%s.[0-9]*" % (d, n)))
		           if not p.endswith(".log")] for n in names}
		usr = {r["variant"]: float(r["user_median_s"]) for r in csv.DictReader(open(hf), delimiter="\t")}
		checks = {r["command"]: r for r in csv.DictReader(open(d + "/checks.tsv"), delimiter="\t")}
		base = statistics.median(irs["rustc"])
		# rustc's instructions per ms of user time on this machine, now
		# (callgrind counts user-mode instructions only).
		rate = base / (usr["rustc"] * 1000)
		print("command\tir_median\tir_min\tir_max\truns\tir_minus_rustc\tms_at_rate\tir_per_ms\tstage_ms")
		for n in names:
		    m = statistics.median(irs[n])
		    print("%s\t%d\t%d\t%d\t%d\t%s\t%s\t%.0f\t%s" % (
		        n, m, min(irs[n]), max(irs[n]), len(irs[n]),
		        "" if n == "rustc" else "%d" % (m - base),
		        "" if n == "rustc" else "%.2f" % ((m - base) / rate), rate,
		        checks.get(n, {}).get("stage_ms", "")))
	EOF
	awk -F'\t' 'NR == 1 { printf "%-18s %14s %14s %10s\n", "command", "Ir", "- rustc Ir", "= ms"; next }
		{ printf "%-18s %14d %14s %10s\n", $1, $2, $6, $7 }' "$out/plugin-overhead-cg.tsv"
	awk -F'\t' 'NR == 1 { printf "%-18s %10s %10s %14s %14s\n", "command", "wall ms", "cpu ms", "wall - rustc", "cpu - rustc"; next }
		{ printf "%-18s %10.2f %10.2f %14s %14s\n", $1, $2 * 1000, $10 * 1000,
			($9 == "" ? "" : sprintf("%.2f ms", $9 * 1000)), ($12 == "" ? "" : sprintf("%.2f ms", $12 * 1000)) }' \
		"$out/plugin-overhead.tsv"
fi

exit "$failed"
