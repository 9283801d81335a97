#!/usr/bin/env bash
# One build pipeline for one crate, as timed by hyperfine (bench/build/run.sh).
#
# usage: pipeline.sh VARIANT WORKDIR
#
# WORKDIR holds rustc.args (rustc's arguments for the crate, one per line,
# without --emit) and, for the *-post variants, crate.bc made beforehand.
#
#   floor            rustc --emit=obj                          (a)
#   plugin[-k]       rustc -Zllvm-plugins=helperlink-rustc.so --emit=obj, the
#                    helpers in HELPERLINK_HELPERS, $PLUGIN_OPTIONS in
#                    HELPERLINK_OPTIONS                         (p)
#   bc               rustc --emit=llvm-bc                      (the front step alone)
#   series[-k]       rustc --emit=llvm-bc; llvm-link --internalize CRATE HELPERS;
#                    clang -O2 -c                               (b)
#   hl-touched[-k]   rustc --emit=llvm-bc; helperlink --reopt=touched   (c)
#   hl-module        rustc --emit=llvm-bc; helperlink --reopt=module
#   hl-none          rustc --emit=llvm-bc; helperlink --reopt=none
#   <any of these but floor/bc>-post   the steps after rustc alone, on crate.bc
#   llc-post         llc -O2 on crate.bc: codegen alone with the same (Debian)
#                    LLVM as helperlink, for reference
#   hl-read-post     helperlink --reopt=none --emit=llvm-bc: read, link, write;
#                    no codegen
#
# The "-k" variants use the large helper library ($KERNEL_HELPERS) instead of
# the refcount helper. env: RUSTC CC LLVM_LINK LLC HELPERLINK HELPERLINK_PLUGIN
# PLUGIN_OPTIONS HELPERS (plain helpers .bc) HELPERS_AI (always_inline
# helpers .bc) KERNEL_HELPERS
# MEMLOG (if set, every step runs under /usr/bin/time and appends
# "VARIANT STEP MAXRSS_KB SECONDS" to it).
set -euo pipefail
# As bench/build/run.sh: every rustc with RUSTC_BOOTSTRAP=1 (the plugin needs
# it; it changes rustc's defaults, so plain rustc gets it too).
export RUSTC_BOOTSTRAP=1

variant="$1"
w="$2"
mapfile -t args <"$w/rustc.args"

step() {
	local name="$1"
	shift
	if [[ -n "${MEMLOG:-}" ]]; then
		/usr/bin/time -a -o "$MEMLOG" -f "$variant $name %M %e" "$@"
	else
		"$@"
	fi
}

base="${variant%-post}"
helpers="$HELPERS"
helpers_ai="$HELPERS_AI"
if [[ "$base" == *-k ]]; then
	helpers="$KERNEL_HELPERS"
	helpers_ai="$KERNEL_HELPERS"
	base="${base%-k}"
fi
v="$variant"

if [[ "$variant" == *-post ]]; then
	bc="$w/crate.bc"
else
	bc="$w/$v.bc"
fi

case "$variant" in
floor)
	step rustc "$RUSTC" "${args[@]}" --emit="obj=$w/$v.o"
	exit 0
	;;
plugin | plugin-k)
	export HELPERLINK_HELPERS="$helpers" HELPERLINK_OPTIONS="${PLUGIN_OPTIONS:-}"
	step rustc "$RUSTC" -Zllvm-plugins="$HELPERLINK_PLUGIN" "${args[@]}" --emit="obj=$w/$v.o"
	exit 0
	;;
bc)
	step rustc "$RUSTC" "${args[@]}" --emit="llvm-bc=$w/$v.bc"
	exit 0
	;;
llc-post)
	step llc "$LLC" -O2 -filetype=obj --function-sections --data-sections \
		"$bc" -o "$w/$v.o"
	exit 0
	;;
hl-read-post)
	step helperlink "$HELPERLINK" "$bc" --helpers="$helpers" --reopt=none \
		--emit=llvm-bc -o "$w/$v.out.bc"
	exit 0
	;;
esac

[[ "$variant" == *-post ]] || step rustc "$RUSTC" "${args[@]}" --emit="llvm-bc=$bc"

case "$base" in
series)
	step llvm-link "$LLVM_LINK" --internalize "$bc" "$helpers_ai" -o "$w/$v.m.bc"
	step clang "$CC" -O2 -c "$w/$v.m.bc" -o "$w/$v.o" -Wno-override-module
	;;
hl-touched | hl-module | hl-none)
	step helperlink "$HELPERLINK" "$bc" --helpers="$helpers" --reopt="${base#hl-}" \
		-o "$w/$v.o"
	;;
*)
	echo "pipeline.sh: unknown variant $variant" >&2
	exit 2
	;;
esac
