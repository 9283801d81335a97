#!/usr/bin/env python3
"""Checks one variant built by scripts/kernel-build and records its figures.

usage: check-variant.py ARCH_DIR VARIANT
  ARCH_DIR  ${XDG_CACHE_HOME:-~/.cache}/helperlink/kernel-real-KERNEL/<arch>
  VARIANT   6.12: a, b, c or d; 7.3: a, u, c or c0

Writes ARCH_DIR/VARIANT/checks.txt (one PASS/FAIL/INFO line per check) and
ARCH_DIR/VARIANT/results.json (sizes, times, helper calls left), and exits 1
when a check fails:
  - helperlink's variants (c, c0, d): no rust_helper_* call or undefined
    reference in any Rust object or module; the series' (b, u): the ones left
    are listed with their objects;
  - every variant but a: vmlinux defines no global rust_helper_* (helpers.o
    is not linked) and exports none;
  - objtool: no warning the plain build (a) does not give (for upstream's
    own option, u, the new ones are listed);
  - modpost: no warning or error;
  - a GCC-built kernel: helpers-dwarf-diff.py found no behaviour-changing
    difference between GCC's and clang's helpers.
"""
import collections
import json
import pathlib
import re
import subprocess
import sys

from timings import recipe_peak_rss, recipe_times

arch_dir = pathlib.Path(sys.argv[1])
variant = sys.argv[2]
vdir = arch_dir / variant
lines = []
failed = False


def check(ok, what, detail=""):
    global failed
    failed |= not ok
    lines.append(f"{'PASS' if ok else 'FAIL'} {what}{': ' + detail if detail else ''}")


def info(what):
    lines.append(f"INFO {what}")


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


HELPER = re.compile(r"\brust_helper_\w+")


# Relocations of a call or tail call, per architecture.
CALL_RELOCS = re.compile(r"R_X86_64_PLT32|R_AARCH64_(CALL|JUMP)26|R_RISCV_(CALL|CALL_PLT|JAL)|"
                         r"R_LARCH_B26")


HELPERLINK_VARIANTS = ("c", "c0", "d")


# A branch instruction in the disassembly and the symbol it targets exactly
# ("call 0x41e <rust_helper_x>", "bl 0x80 <rust_helper_x>"), not an offset
# into it.
BRANCH_TO = re.compile(r"\t(call|callq|jmp|jmpq|bl|b|b\.\w+|jal|jalr|j|jr|tail)\s.*<(rust_helper_\w+)>$")
FUNCTION_START = re.compile(r"^[0-9a-f]+ <(.+)>:$")


def local_calls(path, defined):
    """Calls to the local copies \\p defined from other functions. A call
    within one section the assembler resolves itself, without a relocation
    (x86-64, arm64: rustc's kernel objects have one .text), so only the
    disassembly shows it."""
    calls, function = [], None
    for line in run("llvm-objdump-22", "-d", "--no-show-raw-insn", str(path)).splitlines():
        start = FUNCTION_START.match(line)
        if start:
            function = start.group(1)
            continue
        branch = BRANCH_TO.search(line)
        if branch and branch.group(2) in defined and branch.group(2) != function:
            calls.append(branch.group(2))
    return calls


def helper_refs(path):
    """(undefined rust_helper_* symbols, calls to rust_helper_* (one name per
    call), other references to local copies, local copies)"""
    undefined = sorted(set(HELPER.findall(run("llvm-nm-22", "-u", str(path)))))
    defined = [l.split()[-1] for l in run("llvm-nm-22", "--defined-only", str(path)).splitlines()
               if HELPER.search(l)]
    calls, other = [], []
    for line in run("llvm-objdump-22", "-r", str(path)).splitlines():
        parts = line.split()
        helper = HELPER.match(parts[2]) if len(parts) >= 3 else None
        if helper and helper.group() in undefined:
            calls.append(helper.group())
        elif helper and not CALL_RELOCS.fullmatch(parts[1]):
            other.append(helper.group())
    if defined:
        calls += local_calls(path, defined)
    return undefined, calls, other, defined


# ---- helper calls left, per Rust object and Rust module ------------------------
# A call to a rust_helper_* or a reference to an undefined one is a helper left
# out of line. A local copy whose address the crate takes (ReallocFunc(
# bindings::krealloc)) is referenced, not called: some assemblers (RISC-V)
# keep such references against the local symbol, others against its section.
objects = sorted(p for p in (vdir / "rust-objects").rglob("*.o"))
rust_modules = []
for ko in sorted((vdir / "modules").glob("*.ko")):
    # A Rust module carries the kernel crate's v0-mangled symbols.
    if re.search(r"^\s*U _R", run("llvm-nm-22", "-u", str(ko)), re.M):
        rust_modules.append(ko)
left = {}
address_taken = collections.Counter()
for path in objects + rust_modules:
    undefined, calls, other, defined = helper_refs(path)
    rel = str(path.relative_to(vdir))
    address_taken.update(other)
    if undefined or calls:
        left[rel] = {"undefined": undefined, "calls": len(calls), "local_copies": defined,
                     "calls_by_helper": dict(sorted(collections.Counter(calls).items()))}
total_calls = sum(v["calls"] for v in left.values())
summary = f"{len(objects)} Rust objects, {len(rust_modules)} Rust modules; " \
    f"{total_calls} calls to rust_helper_* in {len(left)} of them"
if variant in HELPERLINK_VARIANTS:
    check(not left, "no rust_helper_* call or undefined reference left", summary +
          "".join(f"\n     {k}: {v}" for k, v in left.items()))
else:
    info("helper calls: " + summary)
    for k, v in left.items():
        info(f"  {k}: {', '.join(v['undefined']) or '-'} ({v['calls']} calls)")
if address_taken:
    info("references (not calls) to local copies whose address is taken: " +
         ", ".join(f"{k} {n}x" for k, n in sorted(address_taken.items())))

vm_helpers = [l.split() for l in run("llvm-nm-22", str(vdir / "vmlinux")).splitlines() if HELPER.search(l)]
vm_global = sorted(s[-1] for s in vm_helpers if s[-2] in "TDRB")
vm_local = sorted(s[-1] for s in vm_helpers if s[-2] in "tdrb")
symvers = (vdir / "Module.symvers").read_text()
exported = sorted(set(HELPER.findall(symvers)))
if variant == "a":
    info(f"vmlinux: {len(vm_global)} global rust_helper_* (helpers.o), {len(exported)} exported")
else:
    check(not vm_global and not exported,
          "vmlinux defines and exports no global rust_helper_* (helpers.o not linked)",
          f"{len(vm_global)} global, {len(exported)} exported, {len(vm_local)} local copies")
    info(f"vmlinux: {len(vm_local)} local rust_helper_* copies (not inlined, each crate its own)")

# ---- objtool and modpost --------------------------------------------------------
def log_lines(pattern):
    out = []
    for name in ("build.log", "extmod-build.log"):
        p = vdir / name
        if p.exists():
            out += [l.strip() for l in p.read_text(errors="replace").splitlines() if re.search(pattern, l)]
    return out


def normalize(warning):
    warning = re.sub(r"\+0x[0-9a-f]+", "+X", warning)
    return re.sub(r"/\S*/(extmod|build-[\w-]+)/", "", warning)


objtool = sorted(set(normalize(l) for l in log_lines(r"objtool.*warning|warning:.*objtool")))
baseline_file = arch_dir / "a" / "objtool-warnings.txt"
(vdir / "objtool-warnings.txt").write_text("".join(w + "\n" for w in objtool))
if variant == "a":
    info(f"objtool: {len(objtool)} warnings in the plain build")
elif baseline_file.exists():
    # Per kind (object and message): inlining changes which Rust functions
    # exist, so the function a warning names may differ; a kind must not
    # appear, or appear more often, than in the plain build.
    def kinds(warnings):
        counts = {}
        for w in warnings:
            m = re.match(r"(\S+): warning: objtool: \S+?:? (.*)", w)
            # The function a warning names next (falls through to ...) is one of those.
            key = m[1] + ": " + re.sub(r"(next function) \S+", r"\1", m[2]) if m else w
            counts[key] = counts.get(key, 0) + 1
        return counts
    base, mine = kinds(baseline_file.read_text().splitlines()), kinds(objtool)
    new = [f"{k} ({n} here, {base.get(k, 0)} plain)" for k, n in sorted(mine.items()) if n > base.get(k, 0)]
    detail = f"{len(objtool)} warnings of {len(mine)} kinds, {len(new)} new or more frequent" \
        + "".join(f"\n     {w}" for w in new) + "".join(f"\n     ({n}x) {k}" for k, n in sorted(mine.items()))
    if variant == "u":
        # Upstream's option as 7.3 ships it: what it gives is recorded, not judged.
        info(f"objtool, upstream's option: {detail}")
    else:
        check(not new, "objtool: no warning the plain build does not give", detail)
else:
    info("objtool: variant a not built yet, no baseline to compare with")
    check(not objtool, "objtool: no warning", "\n     ".join(objtool))

dwarf_diff = vdir / "helpers-dwarf-diff" / "helpers-dwarf-diff.txt"
if dwarf_diff.exists():
    # A GCC-built kernel (kernel-build --cc=gcc): helpers-dwarf-diff.py's report.
    text = [l for l in dwarf_diff.read_text().splitlines() if not l.startswith("#")]
    diffs = [l for l in text if l.startswith("DIFF ")]
    check(not diffs and len(text) >= 2 and text[1].startswith("0 behaviour-changing"),
          "GCC's and clang's helpers agree (types, signatures, references)",
          "; ".join(text[:2]) + "".join(f"\n     {l}" for l in diffs[:20]))

modpost = log_lines(r"modpost")
modpost = [l for l in modpost if re.search(r"WARNING|ERROR", l)]
check(not modpost, "modpost: no warning or error", "\n     ".join(modpost))

# ---- sizes and times -----------------------------------------------------------------
def text_size(path):
    out = run("llvm-size-22", str(path)).splitlines()
    return int(out[1].split()[0])


sizes = {"vmlinux": text_size(vdir / "vmlinux")}
for ko in sorted((vdir / "modules").glob("*.ko")):
    sizes[ko.name] = text_size(ko)


def times(name):
    return sum(recipe_times(vdir / name).values())


wall, user, sys_ = (float(x) for x in (vdir / "make-time.txt").read_text().split()[-3:])
ext_wall, ext_user, ext_sys = (float(x) for x in (vdir / "extmod-make-time.txt").read_text().split()[-3:])
results = {
    "variant": variant,
    "text_sizes": sizes,
    "build": {"wall_s": wall, "cpu_s": user + sys_, "rust_recipes_cpu_s": times("rust-recipe-times.txt"),
              "rust_recipes": recipe_times(vdir / "rust-recipe-times.txt"),
              "rust_recipes_peak_rss_kib": recipe_peak_rss(vdir / "rust-recipe-times.txt")},
    "extmod_build": {"wall_s": ext_wall, "cpu_s": ext_user + ext_sys,
                     "rust_recipes_cpu_s": times("extmod-rust-recipe-times.txt"),
                     "rust_recipes": recipe_times(vdir / "extmod-rust-recipe-times.txt"),
                     "rust_recipes_peak_rss_kib": recipe_peak_rss(vdir / "extmod-rust-recipe-times.txt")},
    "rust_objects": len(objects),
    "rust_modules": [k.name for k in rust_modules],
    "helper_calls_left": left,
    "vmlinux_helpers": {"global": len(vm_global), "local": vm_local, "exported": len(exported)},
    "objtool_warnings": objtool,
    "modpost": modpost,
}
(vdir / "results.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
info("text sizes: " + ", ".join(f"{k} {v}" for k, v in sizes.items()))
info(f"build: {wall:.0f} s wall, {user + sys_:.0f} s cpu, of which Rust recipes "
     f"{results['build']['rust_recipes_cpu_s']:.0f} s")
(vdir / "checks.txt").write_text("".join(l + "\n" for l in lines))
print("\n".join(lines))
sys.exit(1 if failed else 0)
