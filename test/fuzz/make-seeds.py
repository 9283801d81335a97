"""Builds the fuzzer's seed corpus from the lit tests' sources: every crate
(.rs, with rustc) paired with every helper file (.c, with clang-22), as
bitcode and as textual IR, in the fuzzer's input format (4-byte little-endian
crate length, crate, helpers). Sources the hardening tests build with extra
flags (kCFI, sanitizers, mitigations, arm64) are built with each of those
too. usage: make-seeds.py INPUTS_DIR CORPUS_DIR"""
import itertools
import os
import struct
import subprocess
import sys
import tempfile

inputs, corpus = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()


# Each source's flag sets; a source not named is built once, plainly.
ARM64_RS = ["--target=aarch64-unknown-linux-gnu"]
ARM64_C = ["--target=aarch64-linux-gnu"]
RUST_SAN = ["-Cunsafe-allow-abi-mismatch=sanitizer"]
CRATE_FLAGS = {
    "kcfi_crate.rs": [[], ["-Zsanitizer=kcfi"] + RUST_SAN],
    "sanitize_crate.rs": [[], ["-Zsanitizer=address"] + RUST_SAN,
                          ["-Zsanitizer=thread"] + RUST_SAN],
    "arm64_crate.rs": [ARM64_RS, ARM64_RS + ["-Zbranch-protection=pac-ret,bti"],
                       ARM64_RS + ["-Zfixed-x18", "-Zsanitizer=shadow-call-stack",
                                   "-Cunsafe-allow-abi-mismatch=sanitizer,fixed-x18"]],
}
HELPER_FLAGS = {
    "kcfi_helpers.c": [[], ["-fsanitize=kcfi"]],
    "sanitize_helpers.c": [[], ["-fsanitize=address"], ["-fsanitize=thread"],
                           ["-fsanitize=memory"]],
    "mitigation_helpers.c": [[], ["-fzero-call-used-regs=used-gpr"],
                             ["-fstack-clash-protection"], ["-pg", "-mfentry"],
                             ["-fpatchable-function-entry=4,2"]],
    "arm64_helpers.c": [ARM64_C, ARM64_C + ["-mbranch-protection=standard"],
                        ARM64_C + ["-ffixed-x18", "-fsanitize=shadow-call-stack"]],
    "interpose_helpers.c": [[], ["-fsemantic-interposition", "-fPIC"]],
}
# Unstable -Z flags and no_core crates, as the lit tests build them.
env = dict(os.environ, RUSTC_BOOTSTRAP="1")


def build(cmd):
    return subprocess.run(cmd, capture_output=True, env=env).returncode == 0


# The no_core crates' language items, for each target a crate is built for.
minicore = {}
for flags in [[], ARM64_RS]:
    out = os.path.join(work, f"libminicore{len(minicore)}.rmeta")
    if not build(["rustc", "--edition=2021", "--crate-type=lib", *flags, "--emit=metadata",
                  os.path.join(inputs, "minicore", "minicore.rs"), "-o", out]):
        sys.exit("make-seeds: cannot build Inputs/minicore for " + (flags or ["the host"])[0])
    minicore[tuple(flags)] = out


def minicore_for(flags):
    return minicore[tuple(ARM64_RS)] if ARM64_RS[0] in flags else minicore[()]


crates, helpers = [], []
for name in sorted(os.listdir(inputs)):
    src = os.path.join(inputs, name)
    if name.endswith(".rs"):
        for i, flags in enumerate(CRATE_FLAGS.get(name, [[]])):
            stem = os.path.join(work, f"{name}.{i}")
            if build(["rustc", "--edition=2021", "--crate-type=lib", "-C", "panic=abort",
                      "-C", "opt-level=2", *flags, "--extern", "minicore=" + minicore_for(flags),
                      f"--emit=llvm-bc={stem}.bc,llvm-ir={stem}.ll", src]):
                crates += [stem + ".bc", stem + ".ll"]
    elif name.endswith(".c"):
        for i, flags in enumerate(HELPER_FLAGS.get(name, [[]])):
            stem = os.path.join(work, f"{name}.{i}")
            if build(["clang-22", "-O2", "-emit-llvm", "-c", *flags, src, "-o", stem + ".bc"]):
                build(["clang-22", "-O2", "-emit-llvm", "-S", *flags, src, "-o", stem + ".ll"])
                helpers += [stem + ".bc", stem + ".ll"]

count = 0
for crate, helper in itertools.product(crates, helpers):
    if crate.endswith(".ll") != helper.endswith(".ll"):
        continue
    c = open(crate, "rb").read()
    h = open(helper, "rb").read()
    with open(os.path.join(corpus, f"seed-{count:04d}"), "wb") as f:
        f.write(struct.pack("<I", len(c)) + c + h)
    count += 1
print(f"make-seeds: {count} seeds in {corpus}")
