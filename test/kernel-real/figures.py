#!/usr/bin/env python3
"""Regenerates the figures of docs/real-kernel.md from what scripts/kernel-build
and scripts/kernel-boot recorded in the cache.

usage: figures.py ARCH_DIR DOC
Replaces the text between `<!-- figures:begin -->` and `<!-- figures:end -->`
in DOC. Variants that were not built or booted are shown as `-`.
"""
import json
import pathlib
import subprocess
import sys

from docsection import replace_section
from timings import cpu_seconds, recipe_times

arch_dir = pathlib.Path(sys.argv[1])
doc = pathlib.Path(sys.argv[2])
NAMES = {"a": "(a) plain", "b": "(b) series (llvm-link + clang)", "c": "(c) helperlink plugin",
         "d": "(d) helperlink post-step"}


def load(path):
    return json.loads(path.read_text()) if path.exists() else None


build = {v: load(arch_dir / v / "results.json") for v in "abcd"}
boot = {v: load(arch_dir / v / "boot" / "results.json") for v in "abcd"}
out = []


def table(header, rows):
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for r in rows:
        out.append("| " + " | ".join(str(x) for x in r) + " |")
    out.append("")


# ---- build time ------------------------------------------------------------------
scratch = cpu_seconds(arch_dir / "scratch-build-a.txt")
scratch_rust = sum(recipe_times(arch_dir / "scratch-rust-recipe-times-a.txt").values())
out.append("### Build time (CPU seconds, user + system, `nice -n 10 make -j2`)")
out.append("")
if scratch:
    out.append(f"The whole kernel from an empty tree, plain (a): **{scratch:.0f} s** CPU"
               + (f", of which the Rust recipes {scratch_rust:.0f} s ({100 * scratch_rust / scratch:.0f}%)."
                  if scratch_rust else "."))
    out.append("")
rows = []
for v in "abcd":
    r = build[v]
    if not r:
        rows.append([NAMES[v], "-", "-", "-", "-"])
        continue
    b, e = r["build"], r["extmod_build"]
    whole = f"{scratch - (build['a']['build']['rust_recipes_cpu_s'] if build['a'] else 0) + b['rust_recipes_cpu_s']:.0f}" \
        if scratch and build["a"] else "-"
    rows.append([NAMES[v], f"{b['cpu_s']:.0f}", f"{b['rust_recipes_cpu_s']:.0f}",
                 f"{e['cpu_s']:.1f}", whole])
table(["variant", "switch rebuild (all Rust objects + link)", "of which Rust recipes",
       "external modules (5)", "whole kernel, estimated"], rows)
out.append("A switch rebuild is `make bzImage modules` right after the variant's config was set in the "
           "shared tree: every Rust object, `rust/exports.o`, the helpers and the links are rebuilt. "
           "\"Rust recipes\" are the recipes that run `rustc` or `rustdoc` (for (b) with `llvm-link` "
           "and `clang -c`, for (d) inside `helperlink rustc`), with their `objtool` and `fixdep`. "
           "\"Whole kernel, estimated\" = the plain from-scratch build minus its Rust recipes plus "
           "this variant's: the C side is the same in every variant.")
out.append("")

# ---- benchmark ---------------------------------------------------------------------
out.append("### refcount_inc() in the running kernel (QEMU TCG, `-icount shift=0`)")
out.append("")
rows = []
c_ref = []
for v in "abcd":
    r = boot[v]
    if r and r.get("refcount_inc"):
        c_ref.append(r["refcount_inc"]["c"]["best_ns_per_call"])
for v in "abcd":
    r = boot[v]
    if not r or "rust" not in r.get("refcount_inc", {}):
        rows.append([f"Rust {NAMES[v]}", "-", "-", "-"])
        continue
    rust, c = r["refcount_inc"]["rust"], r["refcount_inc"]["c"]
    rows.append([f"Rust {NAMES[v]}", f"{rust['best_ns_per_call']:.3f}", f"{rust['median_ns_per_call']:.3f}",
                 f"{rust['best_ns_per_call'] / c['best_ns_per_call']:.2f}x"])
if boot["a"] and boot["a"].get("refcount_inc"):
    c = boot["a"]["refcount_inc"]["c"]
    rows.append(["C (same boot as (a))", f"{c['best_ns_per_call']:.3f}", f"{c['median_ns_per_call']:.3f}", "1.00x"])
table(["loop", "best (guest instructions per call)", "median", "vs C of the same boot"], rows)
out.append("With `-icount shift=0` QEMU advances the guest clock by 1 ns per instruction executed, so "
           "`ktime_get()` differences count instructions: the figures are instructions per "
           f"`refcount_inc()` call, including the loop's own, best and median of 7 rounds of 2,000,000 calls. "
           "They are exact and repeatable, but they are not hardware time: a `lock xadd`, a call and a "
           "return each count as one instruction. The C module's figure in every boot: "
           + ", ".join(f"{x:.3f}" for x in c_ref) + ".")
out.append("")

# ---- rnull ---------------------------------------------------------------------------
out.append("### rnull (`dd` O_DIRECT, 32768 requests of 4 KiB, same QEMU settings)")
out.append("")
rows = []
for v in "abcd":
    r = boot[v]
    if not r or not r.get("rnull"):
        rows.append([NAMES[v], "-", "-"])
        continue
    rows.append([NAMES[v]] + [f"{r['rnull'][op]['seconds']:.4f} s ({r['rnull'][op]['mib_per_s']:.1f} MiB/s)"
                               for op in ("write", "read")])
table(["variant", "write 128 MiB", "read 128 MiB"], rows)
out.append("Under `-icount` a second is 10^9 guest instructions. The figures count the instructions "
           "of the whole request path (syscall, block layer, `blk-mq`, the Rust `queue_rq`), most of them C. "
           "What can be claimed: the difference between variants in instructions per request, not a "
           "throughput on hardware.")
out.append("")

# ---- sizes ---------------------------------------------------------------------------
out.append("### Text sizes (bytes, `llvm-size`)")
out.append("")
names = []
for v in "abcd":
    if build[v]:
        names += [k for k in build[v]["text_sizes"] if k not in names]
rows = []
for k in names:
    rows.append([f"`{k}`"] + [f"{build[v]['text_sizes'][k]:,}" if build[v] and k in build[v]["text_sizes"]
                              else "-" for v in "abcd"])
table(["object", "(a)", "(b)", "(c)", "(d)"], rows)

# ---- helper calls left ------------------------------------------------------------
out.append("### rust_helper_* calls left in the Rust objects and modules")
out.append("")
rows = []
for v in "abcd":
    r = build[v]
    if not r:
        rows.append([NAMES[v], "-", "-", "-"])
        continue
    left = r["helper_calls_left"]
    calls = sum(x["calls"] for x in left.values())
    helpers = sorted({h for x in left.values() for h in x["undefined"]})
    rows.append([NAMES[v], f"{r['rust_objects']} objects, {len(r['rust_modules'])} modules",
                 f"{calls} relocations in {len(left)} files",
                 f"{len(helpers)} distinct undefined" if helpers else "none undefined"])
table(["variant", "checked", "calls to rust_helper_*", "helpers"], rows)

# ---- disassembly ------------------------------------------------------------------
out.append("### The hot loop's machine code")
out.append("")


def disasm(ko, symbol):
    if not ko.exists():
        return None
    text = subprocess.run(["llvm-objdump-22", "-dr", "--no-show-raw-insn", "--no-leading-addr",
                           f"--disassemble-symbols={symbol}", str(ko)],
                          capture_output=True, text=True, check=True).stdout
    body = text.split(f"<{symbol}>:", 1)[-1].strip("\n")
    return "\n".join(l.rstrip() for l in body.splitlines() if l.strip())


for v in "abcd":
    code = disasm(arch_dir / v / "modules" / "helperlink_bench_rust.ko", "helperlink_bench_rust_loop")
    if code is None:
        continue
    out.append(f"{NAMES[v]}, `helperlink_bench_rust_loop`:")
    out.append("")
    out.append("```")
    out.append(code)
    out.append("```")
    out.append("")
code = disasm(arch_dir / "a" / "modules" / "helperlink_bench_c.ko", "helperlink_bench_c_loop")
if code is not None:
    out.append("C, `helperlink_bench_c_loop` (from (a)'s build; the C module is the same in every variant):")
    out.append("")
    out.append("```")
    out.append(code)
    out.append("```")
    out.append("")

replace_section(doc, "figures", out, "figures.py")
