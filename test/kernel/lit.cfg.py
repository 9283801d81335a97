# lit configuration for helperlink on the real Linux 6.12 Rust helpers
# (docs/kernel-helpers.md). One architecture per run:
#
#   lit-22 -sv --param arch=ARCH build/test/kernel    (x86_64 by default)
#
# ctest runs one per architecture: kernel-helpers (x86_64) and
# kernel-helpers-ARCH, labels kernel and kernel-ARCH.
#
# Before any test runs, this file
#   1. runs scripts/kernel-corpus --arch=ARCH once (cached outside the build
#      tree: minutes the first time, a stamp compare after that); its log is
#      build/test/kernel/ARCH/kernel-corpus.log;
#   2. generates, with gen_crate.py, the #![no_std] crate that calls every
#      rust_helper_* the corpus's helpers.bc defines (build/test/kernel/ARCH/crate/).
# Each test builds what it checks from those.
#
# Features: the architecture's name (x86_64, arm64, riscv64, loongarch64, um),
# and what this corpus's config has:
#   kbuild-rethunk            KBUILD_RUSTFLAGS has -Zfunction-return=thunk-extern
#   kbuild-ibt                KBUILD_RUSTFLAGS has -Zcf-protection=branch
#   kbuild-branch-protection  KBUILD_RUSTFLAGS has -Zbranch-protection=bti,pac-ret
#   ld-orphan-warn            the .config has CONFIG_LD_ORPHAN_WARN=y
#   helpers-stack-protector-guard   the helpers' module flags place the
#                             stack protector's canary (stack-protector-guard*)
# and ld.lld where it is on PATH (the section checks link against vmlinux.lds).
#
# A known helperlink limitation is marked in its test with lit's own
# `XFAIL: ARCH` (or a feature) and a comment naming the issue; an XPASS fails
# the run. None is marked now.
import os
import re
import shlex
import shutil
import subprocess
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analyze  # noqa: E402 (module flags of the helpers, for a feature)

ARCHES = ("x86_64", "arm64", "riscv64", "loongarch64", "um")
arch = lit_config.params.get("arch", "x86_64")
if arch not in ARCHES:
    lit_config.fatal("--param arch=%s: not one of %s" % (arch, " ".join(ARCHES)))

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import litsupport  # noqa: E402 (test/litsupport.py)

# One output tree per architecture: ctest may run them in parallel.
litsupport.configure(config, "helperlink-kernel-" + arch, os.path.dirname(__file__),
                     exec_root=os.path.join(config.helperlink_obj_root, arch))
os.makedirs(config.test_exec_root, exist_ok=True)
# sort, comm and join agree on one order.
config.environment["LC_ALL"] = "C"

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
python = shutil.which("python3") or "python3"


def q(args):
    return " ".join(shlex.quote(a) for a in args)


def lines(p):
    with open(p) as f:
        return [l.rstrip("\n") for l in f if l.strip()]


# ---- 1. the corpus ----------------------------------------------------------
corpus_log = os.path.join(config.test_exec_root, "kernel-corpus.log")
with open(corpus_log, "w") as log:
    run = subprocess.run([os.path.join(repo, "scripts", "kernel-corpus"), "--arch=" + arch],
                         stdout=subprocess.PIPE, stderr=log, text=True)
corpus = (run.stdout.strip().splitlines() or [""])[-1]
if run.returncode != 0 or not os.path.isdir(corpus):
    with open(corpus_log) as f:
        tail = "".join(f.readlines()[-30:])
    lit_config.fatal("scripts/kernel-corpus --arch=%s did not build the corpus (log: %s):\n%s"
                     % (arch, corpus_log, tail))
lit_config.note("corpus: " + corpus)
helpers = os.path.join(corpus, "helpers.bc")

# ---- 2. the crate -----------------------------------------------------------
shared = os.path.join(config.test_exec_root, "crate")
os.makedirs(shared, exist_ok=True)
helpers_ll = os.path.join(shared, "helpers.ll")
crate = os.path.join(shared, "crate.rs")
wrapped = os.path.join(shared, "wrapped.txt")
gen_log = os.path.join(shared, "gen.log")
with open(gen_log, "w") as log:
    ok = subprocess.run([os.path.join(config.llvm_tools_dir, "llvm-dis"), helpers, "-o", helpers_ll],
                        stdout=log, stderr=log).returncode == 0 and \
        subprocess.run([python, os.path.join(here, "gen_crate.py"), helpers_ll, crate,
                        "--list=" + wrapped], stdout=log, stderr=log).returncode == 0
if not ok:
    lit_config.fatal("gen_crate.py could not generate the crate (log: %s)" % gen_log)
n_wrapped = len(lines(wrapped))

# ---- the kernel's Rust side (the corpus) --------------------------------------
# The crate is built as kbuild builds a built-in Rust object for this .config:
# KBUILD_RUSTFLAGS and KBUILD_RUSTFLAGS_KERNEL from the Makefiles, the
# kernel's --target, against core and compiler_builtins built the same way.
krustc = lines(os.path.join(corpus, "rustc.txt"))[0]
krustflags = lines(os.path.join(corpus, "kbuild-rustflags.txt"))
kt_common = ["--crate-type=rlib", "-L", os.path.join(corpus, "rust"), "--sysroot=/dev/null",
             "-Zunstable-options"]
# Kbuild's -Zfunction-sections (n unless LD_DEAD_CODE_DATA_ELIMINATION) is not
# recorded in bitcode: plain mode is told, as a Kbuild rule would tell it.
kt_fs = []
for f in krustflags:
    if f == "-Zfunction-sections=n":
        kt_fs = ["--function-sections=false"]
    elif f == "-Zfunction-sections=y":
        kt_fs = []
# The C side's CPU or feature, declared to rustc as the Makefiles could: x86_64
# and um: scripts/target.json names no CPU, so rustc uses LLVM's "generic"
# x86-64, clang's default is "x86-64"; riscv64: clang enables linker
# relaxation (+relax), rustc's riscv64imac-unknown-none-elf does not.
kt_declare = {"x86_64": ["-Ctarget-cpu=x86-64"], "um": ["-Ctarget-cpu=x86-64"],
              "riscv64": ["-Ctarget-feature=+relax"]}.get(arch, [])

# The kbuild flags that matter when clang compiles bitcode: code generation
# (-m*, -f*, -O*, the target), not preprocessing or warnings.
kbuild_cflags = lines(os.path.join(corpus, "kbuild-cflags.txt"))
codegen_cflags = [f for f in kbuild_cflags
                  if not f.startswith(("-fmacro-prefix-map=", "-fdiagnostics"))
                  and f.startswith(("-m", "-f", "-O", "--target="))]
codegen_cflags.append("-Wno-unused-command-line-argument")

# ---- x86_64: rustup's stable rustc ---------------------------------------------
# The kernel's KBUILD_RUSTFLAGS for x86_64 defconfig (Makefile,
# arch/x86/Makefile, scripts/generate_rust_target.rs), minus what needs
# nightly features or a custom target.
rust_common = ["--edition=2021", "--crate-type=lib", "--crate-name=kernel_helpers",
               "-Cpanic=abort", "-Cembed-bitcode=n", "-Clto=n", "-Cforce-unwind-tables=n",
               "-Ccodegen-units=1", "-Csymbol-mangling-version=v0", "-Crelocation-model=static",
               "-Copt-level=2", "-Cdebug-assertions=n", "-Coverflow-checks=y",
               "-Ctarget-feature=-sse,-sse2,-sse3,-ssse3,-sse4.1,-sse4.2,-avx,-avx2",
               "-Cno-redzone=y", "-Ccode-model=kernel", "-Cjump-tables=n"]
# scripts/target.json's "features" for x86_64 with MITIGATION_RETPOLINE.
rust_stable = rust_common + [
    "-Ctarget-feature=-mmx,+soft-float,+retpoline-external-thunk,"
    "+retpoline-indirect-branches,+retpoline-indirect-calls"]
# With RUSTC_BOOTSTRAP=1, as the kernel's Makefile exports it, stable rustc
# also takes the -Z flags KBUILD_RUSTFLAGS has for this configuration.
rust_boot = rust_stable + ["-Zfunction-sections=n", "-Ztune-cpu=generic", "-Zcf-protection=branch",
                           "-Zfunction-return=thunk-extern", "-Zpatchable-function-entry=16,16"]

# ---- features -------------------------------------------------------------------
config.available_features.add(arch)
for flag, feature in (("-Zfunction-return=thunk-extern", "kbuild-rethunk"),
                      ("-Zcf-protection=branch", "kbuild-ibt"),
                      ("-Zbranch-protection=bti,pac-ret", "kbuild-branch-protection")):
    if flag in krustflags + kt_declare:
        config.available_features.add(feature)
with open(os.path.join(corpus, "kernel.config")) as f:
    if re.search(r"^CONFIG_LD_ORPHAN_WARN=y$", f.read(), re.M):
        config.available_features.add("ld-orphan-warn")
if any(re.match(r"\d+ stack-protector-guard", flag) for flag in analyze.module_flags(helpers_ll)):
    config.available_features.add("helpers-stack-protector-guard")
if shutil.which("ld.lld", path=config.environment["PATH"]):
    config.available_features.add("ld.lld")

# ---- substitutions --------------------------------------------------------------
config.substitutions += [
    ("%helperlink", os.path.join(config.helperlink_bin_dir, "helperlink")),
    ("%clang", config.clang),
    ("%python", python),
    ("%analyze", python + " " + os.path.join(here, "analyze.py")),
    ("%{gen_crate}", python + " " + os.path.join(here, "gen_crate.py")),
    # The corpus (scripts/kernel-corpus) and the crate.
    ("%{corpus}", corpus),
    ("%{ksrc}", os.path.join(corpus, "linux-source-6.12")),
    ("%{helpers}", helpers),
    ("%{exports}", os.path.join(corpus, "exported-symbols.txt")),
    ("%{vmlinux_lds}", os.path.join(corpus, "vmlinux.lds")),
    ("%{crate}", crate),
    ("%{n_wrapped}", str(n_wrapped)),
    # clang-22 with the kbuild C flags: all of them (from the tree's root), or
    # the code generation ones.
    ("%{kbuild_cflags}", q(kbuild_cflags)),
    ("%{codegen_cflags}", q(codegen_cflags)),
    # The kernel's Rust target: %{kt_rustc} [EXTRA] %{kt_common} --crate-name=.. --emit=..
    ("%{kt_rustc_no_branch_protection}", "env RUSTC_BOOTSTRAP=1 " + q([krustc] + [
        f for f in krustflags if not f.startswith("-Zbranch-protection=")])),
    ("%{kt_rustc}", "env RUSTC_BOOTSTRAP=1 " + q([krustc] + krustflags)),
    ("%{krustc}", krustc),
    ("%{krustflags}", q(krustflags)),
    ("%{kt_common}", q(kt_common)),
    ("%{kt_declare}", q(kt_declare)),
    ("%{kt_fs}", q(kt_fs)),
    # x86_64, rustup's stable rustc.
    ("%{rustc}", config.rustc),
    ("%{rust_common_flags}", q(rust_common)),
    ("%{rust_stable_flags}", q(rust_stable)),
    ("%{rust_boot_flags}", q(rust_boot)),
]
