# Sourced by scripts/kernel-build, kernel-boot, kernel-corpus and
# test/kernel-real's helpers: the architectures, Debian packages
# (debian-packages.sh: this machine's suite, and a newer suite's
# Architecture: all packages and crate sources), and unpacking a kernel
# tarball. The caller defines log() and die().

# shellcheck source=debian-packages.sh
source "$(dirname "${BASH_SOURCE[0]}")/debian-packages.sh"

KERNEL_ARCHES="x86_64 arm64 riscv64 loongarch64 um"
# Where Linux 7.3's CONFIG_RUST_INLINE_HELPERS exists (variant u): its
# Kconfig says ARM64 || X86_64, and !UML.
UPSTREAM_INLINE_ARCHES="x86_64 arm64"

# kernel_arch ARCH: what the scripts need to know of one architecture (dies
# for another):
#   KARCH      make's ARCH= in kernel-build and kernel-boot
#   SRCARCH    its directory under arch/, make's ARCH= in kernel-corpus
#   ARCH_DIRS  the arch/ directories whose code the kernel has (UML on an
#              x86_64 host: SUBARCH x86, arch/x86/um links some of arch/x86/lib)
#   IMAGE      the boot image in the build tree (kernel-boot: its name)
#   QEMU_PKG   the package that boots it (UML runs as a host process:
#              busybox-static is its userspace)
#   QEMU       how kernel-boot runs it (none for UML; no NIC: its option ROM
#              is in ipxe-qemu, which QEMU_PKG only recommends), CONSOLE its
#              console
#   TRIPLE     the guest's triple for test/kernel-real/init.c; empty where
#              the host's busybox-static runs in the guest
#   GCC_PKGS, GCC_CROSS  Debian 12's GCC 12 and binutils for the kernel's C
#              (kernel-build --cc=gcc: x86_64 native, arm64 cross), and
#              make's CROSS_COMPILE
# shellcheck disable=SC2034,SC2054 # read by the scripts that source this; QEMU's -cpu takes commas
kernel_arch() {
	TRIPLE="" QEMU=() GCC_PKGS=() GCC_CROSS=""
	case "$1" in
	x86_64)
		KARCH=x86_64 SRCARCH=x86 IMAGE=arch/x86/boot/bzImage QEMU_PKG=qemu-system-x86 CONSOLE=ttyS0
		QEMU=(qemu-system-x86_64 -nic none -accel tcg -cpu max -m 512 -smp 1)
		GCC_PKGS=(gcc-12 binutils) ;;
	arm64)
		# pauth-impdef: QEMU's fast pointer-authentication algorithm (QARMA5 is slow under TCG).
		KARCH=arm64 SRCARCH=arm64 IMAGE=arch/arm64/boot/Image QEMU_PKG=qemu-system-arm CONSOLE=ttyAMA0
		TRIPLE=aarch64-linux-gnu
		QEMU=(qemu-system-aarch64 -nic none -M virt -accel tcg -cpu max,pauth-impdef=on -m 512 -smp 1)
		GCC_PKGS=(gcc-12-aarch64-linux-gnu binutils-aarch64-linux-gnu) GCC_CROSS=aarch64-linux-gnu- ;;
	riscv64)
		KARCH=riscv SRCARCH=riscv IMAGE=arch/riscv/boot/Image QEMU_PKG=qemu-system-misc CONSOLE=ttyS0
		TRIPLE=riscv64-linux-gnu
		QEMU=(qemu-system-riscv64 -nic none -M virt -accel tcg -bios default -m 512 -smp 1) ;;
	loongarch64)
		KARCH=loongarch SRCARCH=loongarch IMAGE=arch/loongarch/boot/vmlinux.elf QEMU_PKG=qemu-system-misc
		CONSOLE=ttyS0 TRIPLE=loongarch64-linux-gnu
		QEMU=(qemu-system-loongarch64 -nic none -M virt -accel tcg -m 1G -smp 1) ;;
	um)
		KARCH=um SRCARCH=um IMAGE=linux QEMU_PKG=busybox-static CONSOLE="" ;;
	*) die "--arch=$1: not one of $KERNEL_ARCHES" ;;
	esac
	ARCH_DIRS=("arch/$SRCARCH")
	[[ $1 != um ]] || ARCH_DIRS+=(arch/x86)
}

# need_tools TOOL...: dies naming the first of the LLVM 22 tools that is not on PATH.
need_tools() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null ||
			die "$tool not found: run scripts/setup-deps (installs clang-22, lld-22, llvm-22-tools)"
	done
}

# tarball_key TARBALL: what says that a tarball changed (a new package
# version): its name and size.
tarball_key() { echo "$(basename "$1") $(stat -c %s "$1")"; }

# unpack_tarball TARBALL DIR SRC [FILE...]: unpacks TARBALL, whose one top
# directory becomes SRC, in DIR; once per tarball_key, kept in
# DIR/.unpack-stamp. An old tree is removed first, with the FILEs that were
# made from it.
unpack_tarball() {
	local tarball="$1" dir="$2" src="$3" key top
	shift 3
	key="$(tarball_key "$tarball")"
	[[ ! -d $src || "$(cat "$dir/.unpack-stamp" 2>/dev/null)" != "$key" ]] || return 0
	log "unpacking $tarball into $dir"
	rm -rf "$src" "$dir/unpack.tmp" "$dir/.unpack-stamp" "$@"
	mkdir -p "$dir/unpack.tmp"
	tar -C "$dir/unpack.tmp" -xf "$tarball"
	top=("$dir"/unpack.tmp/*)
	((${#top[@]} == 1)) && [[ -d ${top[0]} ]] || die "unexpected layout in $tarball"
	mv "${top[0]}" "$src"
	rmdir "$dir/unpack.tmp"
	echo "$key" >"$dir/.unpack-stamp"
}

# kernel_args ARG...: the arguments scripts/kernel-build and kernel-boot share.
# Sets KERNEL (6.12, the default, or 7.3), ARCH, CC_KIND (clang, the default,
# or gcc: the compiler of the kernel's C) and CC_SUFFIX ("" or -gcc: a GCC
# kernel's build tree and results are build-ARCH-gcc/ and ARCH-gcc/), CACHE,
# SRC, the architecture's facts (kernel_arch) and variants (each a canonical
# name); returns the arguments it did not take in OTHER_ARGS.
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
	kernel_arch "$ARCH"
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
		[[ $found != u || " $UPSTREAM_INLINE_ARCHES " == *" $ARCH "* ]] ||
			die "variant u: Linux $KERNEL's CONFIG_RUST_INLINE_HELPERS is for ${UPSTREAM_INLINE_ARCHES// / and } only, not $ARCH"
		# u: upstream's option needs a clang-built kernel.
		[[ $CC_KIND == clang || $found == a || $found == c0 ]] ||
			die "variant $found: --cc=gcc builds a and c0 only"
		canon+=("$found")
	done
	variants=("${canon[@]}")
	CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/helperlink/kernel-real-$KERNEL"
	SRC="$CACHE/linux-source-$KERNEL"
}
