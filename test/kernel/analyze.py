#!/usr/bin/env python3
"""Small analyses for the kernel helper tests in test/kernel (stdlib only).

  analyze.py module-flags FILE.ll
      The module flags of a textual IR module, one per line, sorted, as
      `BEHAVIOR NAME VALUE` (metadata numbering does not matter).

  analyze.py module-flags-tsv FILE.ll
      The same, tab-separated (a name may contain spaces: "Code Model").

  analyze.py helper-calls OBJDUMP.txt [PREFIX]
      From `llvm-objdump -dr --no-show-raw-insn OBJ`: the helpers (symbols
      starting with PREFIX, default rust_helper_) that some other function
      calls or tail-calls, with the callers, one helper per line:
      `NAME CALLER[,CALLER...]`. A branch inside a helper's own body does not
      count.

  analyze.py relocs READELF.txt
      From `llvm-readelf -S -r OBJ` (both tables): one line per relocation,
      `TYPE SECTION ALLOC|NOALLOC SYMBOL`, where SECTION is the section the
      relocation applies to (ALLOC: it is loaded, SHF_ALLOC) and SYMBOL the
      target.

  analyze.py sections READELF.txt
      From `llvm-readelf -S OBJ`: `NAME FLAGS` per section.

  analyze.py entries OBJDUMP.txt
      From `llvm-objdump -d --no-show-raw-insn OBJ`: `FUNCTION FIRST-INSN`.

  analyze.py insns OBJDUMP.txt
      From `llvm-objdump -d --no-show-raw-insn OBJ`: `FUNCTION MNEMONIC
      OPERANDS` per instruction.

  analyze.py returns OBJDUMP.txt
      `FUNCTION COUNT` of bare `ret` instructions per function (a kernel built
      with return thunks has none: every return is `jmp __x86_return_thunk`).

  analyze.py report-get REPORT.json KEY
      Print a top-level list of a helperlink report one item per line, or a
      scalar as is. KEY may be a dotted path (summary.inlined); a key after a
      list is taken from each of its items (module_flag_differences.flag).

  analyze.py report-summary REPORT.json
      `call sites: S, inlined: I, helpers linked: L`.

  analyze.py error-symbols LOG
      The names quoted ('NAME') in helperlink's `helperlink: error:` lines,
      sorted, one per line.

  analyze.py orphans OBJ LINKER-SCRIPT
      The sections of OBJ that LINKER-SCRIPT does not place (ld.lld
      --orphan-handling=error), sorted, one per line.

  analyze.py call-sites REPORT.json
      `CALLER CALLEE inlined|not-inlined REASON` per call site.
"""

import json
import os
import re
import subprocess
import sys
import tempfile


def module_flags(path, sep=None):
    text = open(path).read()
    m = re.search(r"^!llvm\.module\.flags = !\{(.*)\}$", text, re.M)
    if not m:
        return []
    nodes = dict(re.findall(r"^(![0-9]+) = (?:distinct )?(!\{.*\})$", text, re.M))
    out = []
    for ref in [r.strip() for r in m.group(1).split(",") if r.strip()]:
        body = nodes.get(ref, ref)
        f = re.match(r'^!\{i32 ([0-9]+), !"([^"]*)", (.*)\}$', body)
        if f:
            value = f.group(3)
            # Resolve one level of metadata reference so numbering is irrelevant.
            value = re.sub(r"![0-9]+", lambda r: nodes.get(r.group(0), r.group(0)), value)
            out.append((sep or " ").join((f.group(1), f.group(2), value)))
        else:
            out.append(body)
    return sorted(out)


FUNC = re.compile(r"^[0-9a-f]+ <(.+)>:$")
BRANCH = re.compile(r"^\s*[0-9a-f]+:\s+(call|callq|jmp|jmpq|j[a-z]+)\s+(.*)$")
RELOC = re.compile(r"^\s*[0-9a-f]+:\s+(R_X86_64_\w+)\s+(\S+?)(?:[-+]0x[0-9a-f]+)?$")
SYMREF = re.compile(r"<([^>+]+)(\+0x[0-9a-f]+)?>")


def helper_calls(path, prefix):
    calls = {}
    func = None
    pending = False  # last line was a branch without a resolved target
    for line in open(path):
        line = line.rstrip("\n")
        m = FUNC.match(line)
        if m:
            func, pending = m.group(1), False
            continue
        if func is None:
            continue
        r = RELOC.match(line)
        if r and pending:
            target = r.group(2)
            if target.startswith(prefix) and target != func:
                calls.setdefault(target, set()).add(func)
            pending = False
            continue
        b = BRANCH.match(line)
        if b:
            s = SYMREF.search(b.group(2))
            pending = True
            if s and s.group(2) is None and s.group(1) != func:
                # Resolved in the object: a branch to the start of a symbol.
                target = s.group(1)
                if target.startswith(prefix):
                    calls.setdefault(target, set()).add(func)
            continue
        pending = False
    return calls


SECTION = re.compile(r"^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+"
                     r"\s+([A-Za-z]*)\s+\d+\s+\d+\s+\d+\s*$")


def sections(path):
    out = []
    for line in open(path):
        m = SECTION.match(line)
        if m:
            out.append((m.group(1), m.group(2) or "-"))
    return out


def relocs(path):
    flags = dict(sections(path))
    out = []
    section = None
    for line in open(path):
        m = re.match(r"^Relocation section '\.rela?(.*)' at offset", line)
        if m:
            section = m.group(1)
            continue
        f = line.split()
        if len(f) >= 3 and re.match(r"R_[A-Z0-9]+_", f[2]):
            sym = f[4] if len(f) >= 5 else "-"
            alloc = "ALLOC" if "A" in flags.get(section, "") else "NOALLOC"
            out.append("%s %s %s %s" % (f[2], section, alloc, sym))
    return out


INSN = re.compile(r"^\s*[0-9a-f]+:\s+(\S+)")


def entries(path):
    out, func = [], None
    for line in open(path):
        m = FUNC.match(line.rstrip("\n"))
        if m:
            func = m.group(1)
            continue
        i = INSN.match(line)
        if func and i:
            out.append((func, i.group(1)))
            func = None
    return out


def insns(path):
    out, func = [], None
    for line in open(path):
        m = FUNC.match(line.rstrip("\n"))
        if m:
            func = m.group(1)
            continue
        i = re.match(r"^\s*[0-9a-f]+:\s+(\S+)\s*(.*)$", line.rstrip("\n"))
        if func and i and not re.match(r"R_[A-Z0-9]+_", i.group(1)):
            out.append((func, i.group(1), i.group(2).strip()))
    return out


def returns(path):
    counts, func = {}, None
    for line in open(path):
        m = FUNC.match(line.rstrip("\n"))
        if m:
            func = m.group(1)
            counts.setdefault(func, 0)
            continue
        i = INSN.match(line)
        if func and i and i.group(1) in ("ret", "retq"):
            counts[func] += 1
    return counts


def report_get(report, key):
    values = [json.load(open(report))]
    for part in key.split("."):
        values = [item[part] for v in values for item in (v if isinstance(v, list) else [v])]
    out = []
    for value in values:
        for v in value if isinstance(value, list) else [value]:
            out.append(json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else str(v))
    return out


def error_symbols(path):
    names = set()
    for line in open(path, errors="replace"):
        if line.startswith("helperlink: error:"):
            names.update(re.findall(r"'([A-Za-z_][A-Za-z0-9_.]*)'", line))
    return sorted(names)


def orphans(obj, script):
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(["ld.lld", "--error-limit=0", "--orphan-handling=error",
                              "--unresolved-symbols=ignore-all", "--noinhibit-exec", "-T", script,
                              obj, "-o", os.path.join(tmp, "vmlinux")],
                             capture_output=True, text=True)
    placed = (re.match(r".*:\((.*)\) is being placed in ", line)
              for line in (run.stdout + run.stderr).splitlines())
    return sorted(set(m.group(1) for m in placed if m))


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    cmd = argv[1]
    if cmd == "module-flags":
        for f in module_flags(argv[2]):
            print(f)
    elif cmd == "module-flags-tsv":
        for f in module_flags(argv[2], "\t"):
            print(f)
    elif cmd == "helper-calls":
        prefix = argv[3] if len(argv) > 3 else "rust_helper_"
        for name, callers in sorted(helper_calls(argv[2], prefix).items()):
            print("%s %s" % (name, ",".join(sorted(callers))))
    elif cmd == "relocs":
        for r in relocs(argv[2]):
            print(r)
    elif cmd == "sections":
        for name, flags in sections(argv[2]):
            print("%s %s" % (name, flags))
    elif cmd == "entries":
        for func, insn in entries(argv[2]):
            print("%s %s" % (func, insn))
    elif cmd == "insns":
        for func, mnem, ops in insns(argv[2]):
            print("%s %s %s" % (func, mnem, ops))
    elif cmd == "returns":
        for func, n in sorted(returns(argv[2]).items()):
            print("%s %d" % (func, n))
    elif cmd == "report-get":
        for line in report_get(argv[2], argv[3]):
            print(line)
    elif cmd == "report-summary":
        report = json.load(open(argv[2]))
        print("call sites: %d, inlined: %d, helpers linked: %d" % (
            report["summary"]["call_sites"], report["summary"]["inlined"], len(report["helpers_linked"])))
    elif cmd == "error-symbols":
        for name in error_symbols(argv[2]):
            print(name)
    elif cmd == "orphans":
        for name in orphans(argv[2], argv[3]):
            print(name)
    elif cmd == "call-sites":
        for c in json.load(open(argv[2])).get("call_sites", []):
            print("%s %s %s %s" % (c["caller"], c["callee"],
                                   "inlined" if c["inlined"] else "not-inlined", c.get("reason", "")))
    else:
        sys.stderr.write("analyze.py: unknown command %s\n" % cmd)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
