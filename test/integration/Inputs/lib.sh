# shellcheck shell=bash
# Bash helpers of the integration tests, sourced by a test's first RUN line
# (`. %{lib}`). Each returns non-zero, after printing why, when the property
# it checks does not hold. lit.cfg.py sets BINARY_DIR (helperlink's build),
# SOURCE_DIR, NM, OBJDUMP, READELF and DWARFDUMP. Sourced into lit's shell,
# so no `set -euo pipefail` here: lit chains the RUN lines with && and sets
# pipefail itself.

# no_helper_symbols FILE...: no rust_helper_ symbol, defined or undefined.
no_helper_symbols() {
	local f found=0
	for f in "$@"; do
		"$NM" "$f" || return 1
		if "$NM" "$f" | grep -q 'rust_helper_'; then
			echo "rust_helper_ symbols in $f:"
			"$NM" "$f" | grep 'rust_helper_'
			found=1
		fi
	done
	return $found
}

# helper_symbols KIND FILE...: each FILE has a rust_helper_ symbol of nm
# type KIND (U: called, T: defined).
helper_symbols() {
	local kind=$1 f
	shift
	for f in "$@"; do
		"$NM" "$f" || return 1
		if ! "$NM" "$f" | grep -Eq "^ *[0-9a-f]* $kind rust_helper_"; then
			echo "no '$kind rust_helper_*' symbol in $f"
			return 1
		fi
	done
}

# report_all_inlined REPORT.json: every call site in a helperlink report
# was inlined.
report_all_inlined() {
	cat "$1" || return 1
	grep -q '"call_sites"' "$1" && grep -q '"inlined": true' "$1" &&
		! grep -q '"inlined": false' "$1"
}

# reports_all_inlined FILE...: there is a report, and every call site in
# the reports was inlined.
reports_all_inlined() {
	[[ $# -gt 0 && -e $1 ]] || { echo "no report"; return 1; }
	cat "$@"
	grep -q '"inlined": true' "$@" && ! grep -q '"inlined": false' "$@"
}

# fake_tools DIR: DIR/clang-21, a clang that claims another LLVM major (for
# the check-compat failures), and DIR/rustc-static-llvm, a rustc that
# answers `--print sysroot` with an empty directory, which check-compat
# takes for a rustc that cannot load the plugin ("plugin: no", as for a
# statically linked LLVM); everything else is the real rustc.
fake_tools() {
	local dir=$1
	mkdir -p "$dir/sysroot/lib" || return 1
	cat >"$dir/clang-21" <<'EOF'
#!/bin/sh
echo "Debian clang version 21.1.8 (1)"
echo "Target: x86_64-pc-linux-gnu"
EOF
	{
		echo '#!/bin/sh'
		echo "if [ \"\$1\" = --print ] && [ \"\$2\" = sysroot ]; then echo '$dir/sysroot'; exit 0; fi"
		echo "exec '$(command -v rustc)' \"\$@\""
	} >"$dir/rustc-static-llvm"
	chmod +x "$dir/clang-21" "$dir/rustc-static-llvm"
}

# --- CMake ---------------------------------------------------------------------------

# cmake_example DIR: a copy of examples/cmake in DIR/tree/examples/cmake, in
# a tree that mirrors the source tree (DIR/tree/cmake is the source tree's
# cmake/), for its include(../../cmake/Helperlink.cmake).
cmake_example() {
	mkdir -p "$1/tree/examples" || return 1
	ln -s "$SOURCE_DIR/cmake" "$1/tree/cmake" || return 1
	cp -r "$SOURCE_DIR/examples/cmake" "$1/tree/examples/cmake" || return 1
	rm -rf "$1/tree/examples/cmake/build"
}

# --- Kbuild --------------------------------------------------------------------------

# kbuild_reports PREFIX...: every Rust object's report (plugin mode:
# PREFIX.helperlink/, one file per codegen unit; post-step:
# PREFIX.helperlink.json) has its helper calls inlined.
kbuild_reports() {
	local prefix files
	for prefix in "$@"; do
		files=$(ls "$prefix".helperlink/*.json "$prefix".helperlink.json 2>/dev/null)
		[[ -n $files ]] || { echo "no report for $prefix"; return 1; }
		# shellcheck disable=SC2086
		cat $files
		# shellcheck disable=SC2086
		grep -q '"inlined": true' $files && ! grep -q '"inlined": false' $files || return 1
	done
}

# module_helpers TREE: modules inline the -DMODULE helpers (they call the
# exported core_ticks_read()), built-in Rust code the others (it reads
# core_ticks itself).
module_helpers() {
	local t=$1
	"$NM" "$t/modules/mod_b.o" "$t/core/uptime.o" || return 1
	"$NM" --undefined-only "$t/modules/mod_b.o" | grep -q ' core_ticks_read$' &&
		! "$NM" "$t/modules/mod_b.o" | grep -q ' core_ticks$' &&
		"$NM" --undefined-only "$t/core/uptime.o" | grep -q ' core_ticks$' &&
		! "$NM" "$t/core/uptime.o" | grep -q 'core_ticks_read'
}

# one_text OBJ...: one .text section (-Zfunction-sections=n, as Kbuild).
one_text() {
	local f
	for f in "$@"; do
		"$READELF" -S "$f" | grep -E ' \.text' || return 1
		if "$READELF" -S "$f" | grep -qE ' \.text\.'; then
			echo "$f: a section per function"
			return 1
		fi
	done
}

# objtool_ran OBJ...: the stand-in objtool marked each object.
objtool_ran() {
	local f
	for f in "$@"; do
		"$READELF" -S "$f" | grep -q ' .objtool ' || { echo "$f: objtool did not run"; return 1; }
	done
}

# --- cargo ---------------------------------------------------------------------------

# hcargo DIR ARGS...: `cargo helperlink ARGS` in the workspace DIR, as a
# user runs it: cargo finds this build's cargo-helperlink on PATH.
hcargo() {
	local dir=$1
	shift
	(cd "$dir" && PATH="$BINARY_DIR/bin:$PATH" cargo helperlink "$@")
}

# take_refs BINARY: the disassembly of app's take_refs().
take_refs() {
	local sym
	sym=$("$NM" "$1" | awk '$3 ~ /take_refs$/ { print $3 }' | head -n 1)
	[[ -n $sym ]] || { echo "no take_refs in $1"; return 1; }
	"$OBJDUMP" -d --no-show-raw-insn --disassemble-symbols="$sym" "$1"
}

# kbuild_helper_edits SRC O MODE HELPERLINK: examples/kbuild in SRC built
# with INLINE_HELPERS=1 in HELPERLINK_MODE=MODE, then rebuilt after each of
# a series of helper edits; prints, per step, the Rust objects make rebuilt
# ("step: objects", "(none)" when none), then the program's output.
kbuild_helper_edits() {
	local src=$1 o=$2 mode=$3 hl=$4 h=$1/helpers/helpers.c
	_kbuild() { make -C "$src" O="$o" HELPERLINK="$hl" INLINE_HELPERS=1 HELPERLINK_MODE="$mode" "$@"; }
	_step() {
		local built
		built=$(_kbuild all | sed -n 's/^ *RUSTC \(\[M\] \)\{0,1\}//p' | sort | tr '\n' ' ')
		echo "$1: ${built:-(none)}"
	}
	_kbuild all >/dev/null || return 1
	_step unchanged
	sed -i 's|return refcount_read(r);|__asm__ __volatile__("" ::: "memory");\n\treturn refcount_read(r);|' "$h"
	_step refcount_read
	sed -i '1i /* a comment: no helper changes */' "$h"
	_step comment
	sed -i 's|\tspin_lock(lock);|\tspin_lock(lock);\n\t__asm__ __volatile__("" ::: "memory");|' "$h"
	_step spin_lock
	sed -i 's|return ticks_get();|return ticks_get() + 1;|' "$h"
	_step ticks_get
	_kbuild run | grep -v '^make'
}

# command_for CRATE LOG: cargo's rustc command for CRATE in a -v LOG.
command_for() {
	grep -- "--crate-name $1 " "$2" | grep -v build_script | tail -n 1
}

# The sccache the functions below run: PATH's unless the test sets another.
: "${SCCACHE:=sccache}"

# sccache_build DIR plain|helperlink: a clean release build of the cargo
# workspace in DIR through $SCCACHE (the server of SCCACHE_SERVER_PORT);
# prints sccache's counts for it (Inputs/sccache-stats).
sccache_build() {
	local dir=$1 how=$2
	rm -rf "$dir/target"
	"$SCCACHE" --zero-stats >/dev/null
	if [[ $how == plain ]]; then
		(cd "$dir" && RUSTC_WRAPPER="$SCCACHE" cargo build --release) || return 1
	else
		(cd "$dir" && RUSTC_WRAPPER="$SCCACHE" PATH="$BINARY_DIR/bin:$PATH" cargo helperlink build --release) || return 1
	fi
	"$SCCACHE" --show-stats --stats-format json | "$SOURCE_DIR/test/integration/Inputs/sccache-stats"
}

# sccache_server DIR: a sccache server of the test's own, its cache in DIR,
# on a free port (exported: SCCACHE_DIR, SCCACHE_SERVER_PORT); it stops when
# the test's shell exits. SCCACHE_REDIS, where set, is its backend.
sccache_server() {
	local port
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || return 1
	export SCCACHE_DIR=$1 SCCACHE_SERVER_PORT=$port SCCACHE_IDLE_TIMEOUT=600
	trap '"$SCCACHE" --stop-server >/dev/null 2>&1 || true; _on_exit' EXIT
	"$SCCACHE" --start-server >/dev/null
}
# _on_exit: what else the test's shell does when it exits (redis_server).
_on_exit() { :; }

# redis_server DIR: a redis-server of the test's own on 127.0.0.1, a free
# port, no persistence, its URL in REDIS_URL; it stops when the test's
# shell exits (after sccache's server, where sccache_server follows).
redis_server() {
	local dir=$1 port
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || return 1
	redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
		--dir "$dir" >"$dir/redis.log" 2>&1 &
	REDIS_PID=$!
	# shellcheck disable=SC2317 # run by sccache_server's EXIT trap
	_on_exit() { kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null; }
	trap _on_exit EXIT
	# shellcheck disable=SC2034 # for the test: SCCACHE_REDIS=$REDIS_URL
	REDIS_URL="redis://127.0.0.1:$port"
}

