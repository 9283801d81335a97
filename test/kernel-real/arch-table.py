#!/usr/bin/env python3
"""Regenerates the per-architecture table of docs/real-kernel.md from what
scripts/kernel-build and scripts/kernel-boot recorded for each architecture.

usage: arch-table.py CACHE DOC
CACHE is kernel-build's cache (.../helperlink/kernel-real-6.12); replaces the
text between `<!-- arch-table:begin -->` and `<!-- arch-table:end -->` in DOC.
An architecture, variant or boot that is missing is shown as `-`.
"""
import pathlib
import sys

from docsection import replace_section
from timings import cpu_seconds
from variantresults import boot_cell as variant_boot_cell, load, plugin_reports

cache = pathlib.Path(sys.argv[1])
doc = pathlib.Path(sys.argv[2])
ARCHES = ["x86_64", "arm64", "riscv64", "loongarch64", "um"]
RUNS_ON = {"x86_64": "QEMU TCG", "arm64": "QEMU TCG (virt, -cpu max)", "riscv64": "QEMU TCG (virt, OpenSBI)",
       "loongarch64": "not booted (QEMU 7.2 needs UEFI firmware)", "um": "native process"}


def boot_cell(arch, v):
    return variant_boot_cell(cache / arch, v)


def inlining(arch):
    """Call sites in (c)'s plugin reports: inlined, total, refusals, warnings."""
    return plugin_reports(cache / arch, "c")


def ratio(arch):
    """(c)/(a) CPU of the Rust recipes both switch rebuilds ran (the objects
    that link helpers; a rebuild may also redo others, such as the bindings,
    for reasons of its own), and the whole kernel with that difference."""
    a, c = load(cache / arch / "a" / "results.json"), load(cache / arch / "c" / "results.json")
    scratch = cache / arch / "scratch-build-a.txt"
    if not a or not c or "rust_recipes" not in a["build"] or "rust_recipes" not in c["build"]:
        return "-", "-"
    ta, tc = a["build"]["rust_recipes"], c["build"]["rust_recipes"]
    common = sorted(set(ta) & set(tc) - {"other"})
    ra, rc = sum(ta[k] for k in common), sum(tc[k] for k in common)
    rust = f"{rc / ra:.2f} ({ra:.1f} s, {rc:.1f} s; {len(common)} recipes)" if ra else "-"
    whole = cpu_seconds(scratch)
    if whole is None:
        return rust, "-"
    return rust, f"{(whole - ra + rc) / whole:.3f} ({whole:.0f} s plain)"


def bench(arch):
    cells = []
    for v in "ac":
        r = load(cache / arch / v / "boot" / "results.json") or {}
        b = r.get("refcount_inc") or {}
        if "rust" in b and "c" in b:
            cells.append((b["c"]["best_ns_per_call"], b["rust"]["best_ns_per_call"]))
    if len(cells) != 2:
        return "-"
    return f"{cells[0][0]:.3f} / {cells[0][1]:.3f} / {cells[1][1]:.3f}"


out = []
rows = []
notes = []
for arch in ARCHES:
    if not (cache / arch).is_dir():
        continue
    inl = inlining(arch)
    if inl:
        total, inlined, refused, warnings = inl
        inl_cell = f"{inlined} of {total}"
        ref_cell = "; ".join(f"{n}x `{callee}`: {reason}" for (callee, reason), n in sorted(refused.items())) \
            or "none"
        for w in warnings:
            notes.append(f"- {arch}: {w}")
    else:
        inl_cell, ref_cell = "-", "-"
    rust, whole = ratio(arch)
    rows.append([arch, RUNS_ON[arch], inl_cell, ref_cell, rust, whole, boot_cell(arch, "a"), boot_cell(arch, "c"),
                 bench(arch)])
out.append("| arch | runs on | helper calls inlined, (c) | not inlined (reason) | Rust recipes CPU, (c)/(a) "
           "| whole kernel CPU, (c)/(a) estimated | boot (a) plain | boot (c) helperlink plugin "
           "| refcount_inc: C / Rust (a) / Rust (c) |")
out.append("|" + "---|" * 9)
for r in rows:
    out.append("| " + " | ".join(str(x) for x in r) + " |")
out.append("")
if notes:
    out.append("Declarations that differ from the C definition, inlined with exact conversions:")
    out.append("")
    out += sorted(set(notes))
    out.append("")

replace_section(doc, "arch-table", out, "arch-table.py")
