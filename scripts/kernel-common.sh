# Sourced by scripts/kernel-build, kernel-boot and test/kernel-real's helpers:
# Debian packages (this machine's suite, and a newer suite's Architecture: all
# packages and crate sources through a private apt configuration).
# The caller defines log() and die().

# True when the Debian package $1 is installed.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# Installs, from the machine's own apt sources, the packages not yet installed.
ensure_packages() {
	local missing=() p sudo=()
	[[ $(id -u) -eq 0 ]] || sudo=(sudo)
	for p in "$@"; do installed "$p" || missing+=("$p"); done
	((${#missing[@]})) || return 0
	log "installing ${missing[*]}"
	"${sudo[@]}" apt-get update -qq || log "apt-get update failed; trying the current package lists"
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
}

# newer_apt DIR apt-get|apt-cache ARGS...: apt with its own sources list,
# state and cache under DIR, reading Debian trixie and trixie-backports. The
# machine's apt sources are never touched; the package lists are fetched once
# a day. Downloads land in the current directory (apt-get download).
NEWER_SUITES=(trixie trixie-backports)
newer_apt() {
	local dir="$1" tool="$2"
	shift 2
	mkdir -p "$dir/lists/partial" "$dir/archives/partial"
	local list="$dir/sources.list" want s
	want="$(for s in "${NEWER_SUITES[@]}"; do
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $s main"
	done)"
	[[ -f $list && "$(cat "$list")" == "$want" ]] || { echo "$want" >"$list"; rm -f "$dir/.updated"; }
	local opts=(-o "Dir::Etc::SourceList=$list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir" -o "Dir::Cache::Archives=$dir/archives"
		-o Dir::State::status=/var/lib/dpkg/status -o APT::Sandbox::User=root
		-o Debug::NoLocking=1)
	if [[ ! -f $dir/.updated || -n "$(find "$dir/.updated" -mmin +1440)" ]]; then
		apt-get "${opts[@]}" -qq update >/dev/null || die "apt-get update of ${NEWER_SUITES[*]} failed"
		touch "$dir/.updated"
	fi
	"$tool" "${opts[@]}" "$@"
}

# kernel_args ARG...: the arguments scripts/kernel-build and kernel-boot share.
# Sets KERNEL (6.12, the default, or 7.3), ARCH, CC_KIND (clang, the default,
# or gcc: the compiler of the kernel's C) and CC_SUFFIX ("" or -gcc: a GCC
# kernel's build tree and results are build-ARCH-gcc/ and ARCH-gcc/), CACHE,
# SRC, KARCH and variants (each a canonical name); returns the arguments it
# did not take in OTHER_ARGS.
kernel_args() {
	KERNEL=6.12 ARCH=x86_64 CC_KIND=clang variants=() OTHER_ARGS=()
	local arg v
	for arg in "$@"; do
		case "$arg" in
		--kernel=*) KERNEL="${arg#--kernel=}" ;;
		--arch=*) ARCH="${arg#--arch=}" ;;
		--cc=*) CC_KIND="${arg#--cc=}" ;;
		-*) OTHER_ARGS+=("$arg") ;;
		*) variants+=("$arg") ;;
		esac
	done
	case "$KERNEL" in
	6.12) VARIANT_NAMES="a|plain b|series c|plugin d|wrapper" ;;
	7.3) VARIANT_NAMES="a|plain u|upstream c|plugin c0|plugin-unannotated" ;;
	*) die "--kernel=$KERNEL: not one of 6.12 7.3" ;;
	esac
	case "$ARCH" in
	x86_64) KARCH=x86_64 ;;
	arm64) KARCH=arm64 ;;
	riscv64) KARCH=riscv ;;
	loongarch64) KARCH=loongarch ;;
	um) KARCH=um ;;
	*) die "--arch=$ARCH: not one of x86_64 arm64 riscv64 loongarch64 um" ;;
	esac
	CC_SUFFIX=""
	case "$CC_KIND" in
	clang) ;;
	gcc)
		# Debian 12's GCC 12 (x86_64 native, arm64 cross); 7.3 only.
		[[ $KERNEL == 7.3 ]] || die "--cc=gcc: for --kernel=7.3 only"
		[[ $ARCH == x86_64 || $ARCH == arm64 ]] || die "--cc=gcc: x86_64 and arm64 only, not $ARCH"
		CC_SUFFIX=-gcc ;;
	*) die "--cc=$CC_KIND: not one of clang gcc" ;;
	esac
	local canon=()
	for v in "${variants[@]}"; do
		local n found=""
		for n in $VARIANT_NAMES; do
			[[ "|$n|" == *"|$v|"* ]] && found="${n%%|*}"
		done
		[[ -n $found ]] || die "unknown argument '$v' (Linux $KERNEL's variants: $VARIANT_NAMES)"
		# Upstream's Kconfig: RUST_INLINE_HELPERS depends on ARM64 || X86_64, !UML.
		[[ $found != u || $ARCH == x86_64 || $ARCH == arm64 ]] ||
			die "variant u: Linux $KERNEL's CONFIG_RUST_INLINE_HELPERS is for x86_64 and arm64 only, not $ARCH"
		# u: upstream's option needs a clang-built kernel.
		[[ $CC_KIND == clang || $found == a || $found == c0 ]] ||
			die "variant $found: --cc=gcc builds a and c0 only"
		canon+=("$found")
	done
	variants=("${canon[@]}")
	CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/helperlink/kernel-real-$KERNEL"
	SRC="$CACHE/linux-source-$KERNEL"
}
