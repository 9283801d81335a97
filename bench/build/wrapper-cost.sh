#!/usr/bin/env bash
# What each front door adds to a rustc call, on the tiny crate
# (bench/build/tiny) and on regex-syntax (Debian's librust-regex-syntax-dev):
#
#   rustc            plain rustc --emit=obj
#   plugin           the same, with -Zllvm-plugins and HELPERLINK_HELPERS
#   helperlink rustc the same command behind `helperlink rustc --helpers=...`
#                    (plugin mode; its probe of rustc answered from the cache
#                    after the first call)
#   cargo            regex-syntax only: `cargo build --release` and `cargo
#                    helperlink build --release` of a workspace that depends
#                    on it, from clean (both through cargo, same flags)
#
# The crates call no helper: this is the price of the front door alone.
# Each crate's commands run in one hyperfine call, so the ratios against
# plain rustc come from one run on one machine state; CPU time (user+sys)
# is the figure to compare on a shared machine, wall time is shown too.
#
# usage: bench/build/wrapper-cost.sh [--quick | --report-only]
# env:   OUT (default bench/out), HELPERLINK (default build/bin/helperlink),
#        RUSTC, CC (clang-22), TINY_RUNS, REGEX_RUNS, REGISTRY
# Writes $OUT/wrapper-cost/wrapper-cost.tsv and bench/wrapper-cost.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
quick=0 report_only=0
[[ ${1:-} == --quick ]] && quick=1
# --report-only: write the table again from the last run's measurements.
[[ ${1:-} == --report-only ]] && report_only=1
if ((quick)); then
	TINY_RUNS=${TINY_RUNS:-10} REGEX_RUNS=${REGEX_RUNS:-2}
else
	TINY_RUNS=${TINY_RUNS:-40} REGEX_RUNS=${REGEX_RUNS:-6}
fi
HELPERLINK=${HELPERLINK:-$repo/build/bin/helperlink}
RUSTC=${RUSTC:-rustc}
CC=${CC:-clang-22}
REGISTRY=${REGISTRY:-/usr/share/cargo/registry}
OUT=${OUT:-$repo/bench/out}
out="$OUT/wrapper-cost"
if ((!report_only)); then
rm -rf "$out"
mkdir -p "$out"

die() { echo "wrapper-cost: error: $*" >&2; exit 1; }
command -v hyperfine >/dev/null || die "hyperfine not found (bench/setup-deps)"
PLUGIN=$("$HELPERLINK" --print-plugin-path) || die "no rustc plugin beside $HELPERLINK"
regex=$(compgen -G "$REGISTRY/regex-syntax-0.6.*" | sort -V | tail -n 1) ||
	die "regex-syntax not in $REGISTRY (bench/setup-deps)"
hl_bin=$(dirname "$HELPERLINK")
[[ -x $hl_bin/cargo-helperlink ]] || die "no cargo-helperlink beside $HELPERLINK"

# A small helper library the crates do not call.
rt="$repo/bench/runtime"
"$CC" -O2 -fno-strict-overflow -I"$rt/common" -I"$rt/refcount" -emit-llvm -c \
	"$rt/refcount/helpers.c" -o "$out/helpers.bc"
export RUSTC_BOOTSTRAP=1
FLAGS="--crate-type=lib -C opt-level=2 -C codegen-units=1 -C panic=abort --cap-lints=allow"
regex_features=""
for f in default unicode unicode-age unicode-bool unicode-case unicode-gencat unicode-perl \
	unicode-script unicode-segment; do
	regex_features+=" --cfg 'feature=\"$f\"'"
done

# measure NAME RUNS "rustc args": plain, plugin and wrapper commands.
measure() {
	local name=$1 runs=$2 args=$3 o="$out/$1"
	mkdir -p "$o"
	# The wrapper's first call fills its cache: the build's first crate.
	eval "'$HELPERLINK' rustc --helpers='$out/helpers.bc' -- '$RUSTC' $FLAGS $args --emit=obj=$o/w.o" ||
		die "helperlink rustc failed on $name"
	hyperfine -N -w 2 -r "$runs" --export-json "$o/hyperfine.json" \
		-n rustc "$RUSTC $FLAGS $args --emit=obj=$o/a.o" \
		-n plugin "env HELPERLINK_HELPERS=$out/helpers.bc $RUSTC $FLAGS $args -Zllvm-plugins=$PLUGIN --emit=obj=$o/p.o" \
		-n "helperlink rustc" "$HELPERLINK rustc --helpers=$out/helpers.bc -- $RUSTC $FLAGS $args --emit=obj=$o/w.o" \
		>"$o/hyperfine.txt"
}
measure tiny "$TINY_RUNS" "--edition=2021 --crate-name=tiny $here/tiny/lib.rs"
# Instructions executed (callgrind), which a busy machine does not blur: the
# tiny crate's rustc alone and with the plugin. (`helperlink rustc` hands its
# process to rustc, out of callgrind's view.)
if command -v valgrind >/dev/null; then
	tiny_args="$FLAGS --edition=2021 --crate-name=tiny $here/tiny/lib.rs"
	real_rustc="$("$RUSTC" --print sysroot)/bin/rustc"
	for door in rustc plugin; do
		extra=() envs=()
		[[ $door == plugin ]] && extra=(-Zllvm-plugins="$PLUGIN") envs=(HELPERLINK_HELPERS="$out/helpers.bc")
		# shellcheck disable=SC2086
		env "${envs[@]}" valgrind --tool=callgrind --callgrind-out-file="$out/tiny/$door.callgrind" \
			"$real_rustc" $tiny_args "${extra[@]}" --emit=obj="$out/tiny/cg-$door.o" 2>"$out/tiny/$door.valgrind"
		printf '%s\t%s\n' "$door" "$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/tiny/$door.valgrind")"
	done >"$out/tiny/instructions.tsv"
fi
regex_args="--edition=2018 --crate-name=regex_syntax$regex_features $regex/src/lib.rs"
measure regex-syntax "$REGEX_RUNS" "$regex_args"

# cargo, from clean, on a workspace that depends on regex-syntax.
ws="$out/cargo-ws"
mkdir -p "$ws/src" "$ws/.cargo"
cat >"$ws/Cargo.toml" <<EOF
[package]
name = "bench-ws"
version = "0.1.0"
edition = "2021"
[dependencies]
regex-syntax = "0.6"
[profile.release]
codegen-units = 1
EOF
echo 'pub use regex_syntax;' >"$ws/src/lib.rs"
printf '[source.crates-io]\nreplace-with = "debian"\n[source.debian]\ndirectory = "%s"\n[net]\noffline = true\n' \
	"$REGISTRY" >"$ws/.cargo/config.toml"
(cd "$ws" && cargo generate-lockfile -q)
(cd "$ws" && hyperfine -N -w 1 -r "$REGEX_RUNS" --export-json "$out/cargo.json" \
	-p "rm -rf $ws/target" -n cargo "cargo build --release -q" \
	-n "cargo helperlink" "env PATH=$hl_bin:$PATH cargo helperlink build --release -q" \
	>"$out/cargo.txt")
fi # measuring

"${PY:-python3}" - "$out" "$repo/bench/wrapper-cost.md" "$TINY_RUNS" "$REGEX_RUNS" <<'EOF'
import json, os, platform, subprocess, sys, time
out, md, tiny_runs, regex_runs = sys.argv[1:]

def load(path):
    r = json.load(open(path))["results"]
    return {x["command"]: x for x in r}

rows = []
for crate, path, base in (("tiny", f"{out}/tiny/hyperfine.json", "rustc"),
                          ("regex-syntax", f"{out}/regex-syntax/hyperfine.json", "rustc"),
                          ("regex-syntax (cargo)", f"{out}/cargo.json", "cargo")):
    r = load(path)
    b = r[base]
    bcpu = b["user"] + b["system"]
    for name, x in r.items():
        cpu = x["user"] + x["system"]
        rows.append((crate, name, x["mean"] * 1e3, cpu * 1e3, cpu / bcpu, x["mean"] / b["mean"],
                     (cpu - bcpu) * 1e3))
with open(f"{out}/wrapper-cost.tsv", "w") as f:
    f.write("crate\tfront door\twall_ms\tcpu_ms\tcpu_ratio\twall_ratio\tcpu_added_ms\n")
    for r in rows:
        f.write("%s\t%s\t%.1f\t%.1f\t%.3f\t%.3f\t%.1f\n" % r)
load1 = os.getloadavg()
rustc_v = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
with open(md, "w") as f:
    f.write("# What a front door adds to a rustc call\n\n")
    f.write("`bench/build/wrapper-cost.sh` (see its header), %s, %s, %d cores, "
            "load average %.1f at the end; %s; tiny: %s runs, regex-syntax: %s runs "
            "per command.\n\n" % (time.strftime("%Y-%m-%d"), cpu, os.cpu_count(), load1[0],
                                  rustc_v, tiny_runs, regex_runs))
    f.write("The crates call no helper (the refcount helpers are given). Ratios are of "
            "the mean against plain rustc (plain cargo for the cargo rows), measured in "
            "the same hyperfine run; CPU is user+system.\n\n")
    f.write("| crate | front door | wall ms | CPU ms | CPU vs plain | wall vs plain | CPU added, ms |\n")
    f.write("|---|---|---:|---:|---:|---:|---:|\n")
    for r in rows:
        f.write("| %s | %s | %.1f | %.1f | %.3f | %.3f | %+.1f |\n" % r)
    f.write("\n`helperlink rustc` over the plugin alone, CPU per call: ")
    parts = []
    for crate in ("tiny", "regex-syntax"):
        by = {r[1]: r for r in rows if r[0] == crate}
        parts.append("%s %+.1f ms" % (crate, by["helperlink rustc"][3] - by["plugin"][3]))
    f.write(", ".join(parts) + ".\n")
    r = load(f"{out}/regex-syntax/hyperfine.json")
    f.write("\nOn regex-syntax the spread between runs (wall, standard deviation: %s) is "
            "larger than what the front doors add; the tiny crate's difference is the "
            "per-call cost.\n" % ", ".join("%s %.0f ms" % (k, v["stddev"] * 1e3) for k, v in r.items()))
    ins = f"{out}/tiny/instructions.tsv"
    if os.path.exists(ins):
        n = dict(l.split("\t") for l in open(ins).read().split("\n") if l)
        a, p = int(n["rustc"]), int(n["plugin"])
        f.write("\nInstructions executed on the tiny crate (callgrind, one run each, "
                "independent of the machine's load): rustc %d, with the plugin %d: "
                "%.3f of plain rustc.\n" % (a, p, p / a))
print(open(md).read())
EOF
