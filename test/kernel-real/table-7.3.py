#!/usr/bin/env python3
"""Regenerates the Linux 7.3 tables of docs/real-kernel-7.3.md from what
scripts/kernel-build and scripts/kernel-boot recorded: one table per
architecture (and for x86_64's rust-all config), a row per variant.

usage: table-7.3.py CACHE DOC
CACHE is kernel-build's cache (.../helperlink/kernel-real-7.3); replaces the
text between `<!-- tables-7.3:begin -->` and `<!-- tables-7.3:end -->` in DOC
(the clang-built kernels) and between `<!-- gcc-7.3:begin -->` and
`<!-- gcc-7.3:end -->` (kernel-build --cc=gcc's, with the helpers' flag
decisions and DWARF comparison), each only when CACHE has such a build.
Whatever was not built or booted is shown as `-`.

Helper call sites are counted in the machine code: the calls to rust_helper_*
in the Rust objects and modules of the plain build (a) are the call sites; a
variant inlined those it no longer calls. helperlink's own reports (one per
codegen unit) count what its plugin saw before rustc's optimizer.
"""
import collections
import pathlib
import re
import statistics
import sys

from docsection import replace_section
from variantresults import boot_cell, load, plugin_reports
from timings import recipe_times

cache = pathlib.Path(sys.argv[1])
doc = pathlib.Path(sys.argv[2])
ARCHES = ["x86_64", "x86_64-rust-all", "arm64", "riscv64", "um", "loongarch64"]
# kernel-build --cc=gcc's results (docs' "GCC-built kernels").
GCC_ARCHES = ["x86_64-gcc", "arm64-gcc"]
VARIANTS = ["a", "u", "c", "c0"]
NAMES = {"a": "a: plain", "u": "u: upstream CONFIG_RUST_INLINE_HELPERS", "c": "c: helperlink plugin",
         "c0": "c0: helperlink plugin, no `__rust_helper`"}
RUNS_ON = {"x86_64": "QEMU TCG, -icount shift=0", "arm64": "QEMU TCG (virt, -cpu max), -icount shift=0",
           "riscv64": "QEMU TCG (virt, OpenSBI), -icount shift=0", "um": "native process (host time)",
           "loongarch64": "built only (QEMU 7.2 needs UEFI firmware)",
           "x86_64-rust-all": "built only: every Rust driver and sample 7.3 builds on x86_64",
           "x86_64-gcc": "QEMU TCG, -icount shift=0; the C built by GCC 12 (kernel-build --cc=gcc)",
           "arm64-gcc": "QEMU TCG (virt, -cpu max), -icount shift=0; the C built by GCC 12 (kernel-build --cc=gcc)"}


def stem(target):
    """A recipe by what it emits, whether an object (rustc) or bitcode (the
    series' rustc --emit=llvm-bc, then llvm-link and clang -c)."""
    return re.sub(r"\.(o|bc)$", "", target)


def links_helpers(target):
    """The recipes that link helpers: the kernel crate, its doctests, and every
    Rust object of a driver, a sample or an external module (not core,
    bindings, the macros or rustdoc)."""
    return target in ("rust/kernel", "rust/doctests_kernel_generated") or \
        (not target.startswith("rust/") and target not in ("rustdoc", "other"))


def recipes(r, key="rust_recipes"):
    """CPU seconds of each recipe that links helpers, the external modules'
    included (as extmod/NAME); with key="rust_recipes_peak_rss_kib", peak RSS."""
    out = {}
    for part, prefix in (("build", ""), ("extmod_build", "extmod/")):
        for k, v in r.get(part, {}).get(key, {}).items():
            k = stem(k)
            if prefix:
                k = prefix + pathlib.Path(k).name
            if links_helpers(k):
                out[k] = v
    return out


def helper_recipe_times(run):
    """One switch rebuild's CPU per helper-linking recipe (switch-times/V-N.txt)."""
    return {stem(k): cpu for k, cpu in recipe_times(run).items() if links_helpers(stem(k))}


def least_cpu(arch_dir, v, r):
    """Each helper-linking recipe's least CPU over the variant's switch
    rebuilds (switch-times/V-N.txt), and how many rebuilds; without any, the
    last build's (results.json), as one."""
    runs = sorted((arch_dir / "switch-times").glob(f"{v}-*.txt"))
    if not runs:
        return recipes(r), 1
    least = {}
    for run in runs:
        for k, cpu in helper_recipe_times(run).items():
            least[k] = min(cpu, least.get(k, cpu))
    return least, len(runs)


def paired_ratios(arch_dir, v):
    """The variant's CPU over a's, round by round: kernel-build's N-th switch
    to v against its N-th switch to a (a series `u c c0 a u c c0 a ...`
    makes them neighbours in time), over the helper-linking recipes both
    ran. A machine's drift between rounds cancels; what is left is its
    noise, shown as the range."""
    ratios = []
    for run in sorted((arch_dir / "switch-times").glob(f"{v}-*.txt")):
        base = run.with_name("a-" + run.name.split("-", 1)[1])
        if not base.exists():
            continue
        tv, ta = helper_recipe_times(run), helper_recipe_times(base)
        common = set(tv) & set(ta)
        if common and sum(ta[k] for k in common):
            ratios.append(sum(tv[k] for k in common) / sum(ta[k] for k in common))
    return sorted(ratios)


def calls(r):
    """(object, helper) -> calls left in a variant's Rust objects and modules."""
    out = collections.Counter()
    for obj, v in (r or {}).get("helper_calls_left", {}).items():
        for helper, n in v.get("calls_by_helper", {}).items():
            out[(obj, helper)] += n
    return out


def reports(arch_dir, v):
    """helperlink's plugin reports: (call sites, inlined, refusals by (callee, reason))."""
    return (plugin_reports(arch_dir, v) or (0, 0, collections.Counter(), []))[:3]


def text_sizes(r):
    sizes = r["text_sizes"]
    modules = sum(n for k, n in sizes.items() if k.endswith(".ko"))
    return sizes["vmlinux"], modules


def arch_table(arch):
    arch_dir = cache / arch
    build = {v: load(arch_dir / v / "results.json") for v in VARIANTS}
    boot = {v: load(arch_dir / v / "boot" / "results.json") for v in VARIANTS}
    if not build["a"]:
        return []
    out = [f"### {arch}", "", f"Runs on: {RUNS_ON.get(arch, '-')}.", ""]
    base = calls(build["a"])
    sites = sum(base.values())
    ra, na = least_cpu(arch_dir, "a", build["a"])
    biggest = max(ra, key=ra.get) if ra else None
    rows = []
    for v in VARIANTS:
        r = build[v]
        if not r:
            continue
        left = calls(r)
        inlined = sum(max(n - left.get(k, 0), 0) for k, n in base.items())
        # CPU of the Rust recipes both builds ran, over a's.
        rv, nv = least_cpu(arch_dir, v, r)
        common = sorted(set(ra) & set(rv))
        ca, cv = sum(ra[k] for k in common), sum(rv[k] for k in common)
        cpu = f"{cv / ca:.3f} ({cv:.1f} s / {ca:.1f} s; {len(common)} recipes, least of {nv} and {na} builds)" \
            if ca and v != "a" else (f"{ca:.1f} s ({len(ra)} recipes, least of {na} builds)" if ca else "-")
        paired = paired_ratios(arch_dir, v) if v != "a" else []
        if len(paired) > 1:
            cpu = f"{statistics.median(paired):.3f} (median of {len(paired)} paired rounds, " \
                f"{paired[0]:.3f}-{paired[-1]:.3f}); least CPU: {cpu}"
        rss = recipes(r, "rust_recipes_peak_rss_kib")
        peak = f"{rss[biggest] / 1024:.0f} MiB (`{pathlib.Path(biggest).name}`)" if biggest in rss else "-"
        vmlinux, modules = text_sizes(r)
        total, hl_inlined, _ = reports(arch_dir, v)
        hl = f"{hl_inlined} of {total}" if total else "-"
        b = boot[v] or {}
        bench = b.get("refcount_inc") or {}
        refc = f"{bench['c']['best_ns_per_call']:.2f} / {bench['rust']['best_ns_per_call']:.2f}" \
            if "c" in bench and "rust" in bench else "-"
        rnull = b.get("rnull") or {}
        per_req = " / ".join(f"{rnull[op]['seconds'] * 1e9 / rnull[op]['requests']:.0f}"
                             if op in rnull and rnull[op]["requests"] else "-" for op in ("write", "read"))
        rows.append([NAMES[v], f"{sites - sum(left.values())} of {sites}" if v != "a" else f"0 of {sites}",
                     f"{sum(left.values())}", hl, cpu, peak, f"{vmlinux}", f"{modules}", boot_cell(arch_dir, v),
                     refc, per_req if rnull else "-"])
    out.append("| variant | helper call sites inlined (of a's) | calls left | helperlink: inlined of call sites "
               "| CPU of the Rust recipes that link helpers, /a | peak RSS, largest such recipe | vmlinux .text | modules .text "
               "| boot | refcount_inc: C / Rust | rnull per request: write / read |")
    out.append("|" + "---|" * 11)
    out += ["| " + " | ".join(row) + " |" for row in rows]
    out.append("")
    # c0 against u: every call u inlines, c0 inlines too; any difference has its reason.
    if build["u"] and build["c0"]:
        lu, lc0 = calls(build["u"]), calls(build["c0"])
        only_c0 = sorted(k for k in lc0 if k not in lu)
        only_u = sorted(k for k in lu if k not in lc0)
        _, _, refused = reports(arch_dir, "c0")
        out.append(f"c0 against u: {len(only_c0)} call sites left by c0 that u inlines"
                   + "".join(f"\n- `{o}`: `{h}` ({lc0[(o, h)]}x)" for o, h in only_c0)
                   + f"; {len(only_u)} left by u that c0 inlines"
                   + "".join(f"\n- `{o}`: `{h}` ({lu[(o, h)]}x)" for o, h in only_u[:20])
                   + ("\n- ..." if len(only_u) > 20 else "") + ".")
        if refused:
            out.append("")
            out.append("helperlink's refusals in c0: " +
                       "; ".join(f"{n}x `{callee}`: {reason}" for (callee, reason), n in sorted(refused.items())))
        out.append("")
    return out


# The tree patch, shown as kernel-build applies it, with its size.
patch = pathlib.Path(__file__).with_name("linux-7.3-helperlink.patch").read_text()
plus = sum(1 for l in patch.splitlines() if l.startswith("+") and not l.startswith("+++"))
minus = sum(1 for l in patch.splitlines() if l.startswith("-") and not l.startswith("---"))
files = re.findall(r"^\+\+\+ b/(\S+)", patch, re.M)
replace_section(doc, "patch-7.3", [
    f"`test/kernel-real/linux-7.3-helperlink.patch`: {plus} lines added, {minus} removed, "
    f"in {len(files)} files ({', '.join(f'`{f}`' for f in files)}).", "", "```diff", patch.rstrip("\n"), "```"],
    "table-7.3.py")



def gcc_notes(arch):
    """A GCC kernel's helpers: the flags the mapping did not pass as they were,
    and what the DWARF comparison found."""
    out = []
    flags = cache / arch / "c0" / "helpers.bc.gcc-flags.txt"
    if flags.exists():
        decided = [l for l in flags.read_text().splitlines()
                   if l and not l.startswith("#") and not l.startswith("same ")]
        out.append(f"{arch}: GCC's flags for `helpers.bc` that clang does not take as they are "
                   f"(`helpers-gcc-to-clang.py`):")
        out.append("")
        out += [f"- {l.split(None, 1)[0]} `{l.split(None, 1)[1].split('  ->  ')[0]}`"
                + (f": {l.split('  ->  ', 1)[1]}" if "  ->  " in l else "") for l in decided]
        out.append("")
    for v in ("a", "c0"):
        diff = cache / arch / v / "helpers-dwarf-diff" / "helpers-dwarf-diff.txt"
        if diff.exists():
            text = [l for l in diff.read_text().splitlines() if not l.startswith("#")]
            info = [l[5:] for l in text if l.startswith("INFO ") and not l.startswith("INFO   ")]
            out.append(f"{arch} ({v}), GCC's helpers against clang's (`helpers-dwarf-diff.py`): "
                       + "; ".join(text[:2]) + "."
                       + "".join(f"\n- {l}" for l in text if l.startswith("DIFF "))
                       + "".join(f"\n- information: {l}" for l in info))
            out.append("")
            break
    return out


# A section is rewritten only from a cache that has its builds: one cache may
# hold the clang builds, another the GCC builds.
out = []
for arch in ARCHES:
    out += arch_table(arch)
if out:
    replace_section(doc, "tables-7.3", out, "table-7.3.py")
else:
    print("table-7.3.py: no clang-built 7.3 kernel in this cache; tables-7.3 left as it is")
out = []
for arch in GCC_ARCHES:
    table = arch_table(arch)
    out += table + (gcc_notes(arch) if table else [])
if out:
    replace_section(doc, "gcc-7.3", out, "table-7.3.py")
else:
    print("table-7.3.py: no GCC-built 7.3 kernel in this cache; gcc-7.3 left as it is")
