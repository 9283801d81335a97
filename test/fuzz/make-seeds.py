"""Builds the fuzzer's seed corpus from the lit tests' sources: every crate
(.rs, with rustc) paired with every helper file (.c, with clang-22), as
bitcode and as textual IR, in the fuzzer's input format (4-byte little-endian
crate length, crate, helpers). usage: make-seeds.py INPUTS_DIR CORPUS_DIR"""
import itertools
import os
import struct
import subprocess
import sys
import tempfile

inputs, corpus = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()


def build(cmd):
    return subprocess.run(cmd, capture_output=True).returncode == 0


crates, helpers = [], []
for name in sorted(os.listdir(inputs)):
    src = os.path.join(inputs, name)
    stem = os.path.join(work, name)
    if name.endswith(".rs") and build(
        ["rustc", "--edition=2021", "--crate-type=lib", "-C", "panic=abort",
         "-C", "opt-level=2", f"--emit=llvm-bc={stem}.bc,llvm-ir={stem}.ll", src]):
        crates += [stem + ".bc", stem + ".ll"]
    elif name.endswith(".c") and build(
        ["clang-22", "-O2", "-emit-llvm", "-c", src, "-o", stem + ".bc"]):
        build(["clang-22", "-O2", "-emit-llvm", "-S", src, "-o", stem + ".ll"])
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
