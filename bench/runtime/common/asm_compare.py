#!/usr/bin/env python3
"""Compare the machine code of two functions of one linked binary.

usage: asm_compare.py OBJDUMP BINARY REF_FN FN [--out FILE]

Disassembles REF_FN and FN with `OBJDUMP -d --no-show-raw-insn
--disassemble-symbols=...` and normalizes each instruction:

  * alignment padding (nop*, data16 ..., int3) is dropped;
  * the address of the instruction is dropped; a branch target inside the
    function becomes L<n>, n being the index of the target instruction in the
    normalized listing (so the control flow is compared, not the layout);
    a target outside the function (a call) becomes EXT, so callee names
    are dropped;
  * register names become placeholders of their class (%r64, %r32, %r16, %r8,
    %xmm, ...): register allocation is not compared, operand widths are;
  * RIP-relative displacements and "# <symbol>" comments are dropped;
    immediates and other displacements (struct offsets) are kept.

Prints:

  same machine code: yes|no      the opcode (mnemonic) sequences are equal
  operands: identical|differ     the normalized instructions are equal too
  instructions: <n ref> vs <n fn>
  differing instructions: <n>    normalized lines in one listing, not the
                                 other (an edit distance of the listings)

and writes both normalized listings and a unified diff to --out. Exit
status 0 unless the disassembly fails. (Helper calls left are found by
run.sh from the object's relocations: rustc calls external functions
through the GOT, "call *%reg", which a disassembly does not name.)
"""
import argparse
import difflib
import re
import subprocess
import sys

REG_CLASSES = [
    (re.compile(r"%(r[a-d]x|r[sd]i|r[sb]p|r\d+|rip)\b"), "%r64"),
    (re.compile(r"%(e[a-d]x|e[sd]i|e[sb]p|r\d+d)\b"), "%r32"),
    (re.compile(r"%([a-d]x|[sd]i|[sb]p|r\d+w)\b"), "%r16"),
    (re.compile(r"%([a-d][lh]|[sd]il|[sb]pl|r\d+b)\b"), "%r8"),
    (re.compile(r"%xmm\d+\b"), "%xmm"),
    (re.compile(r"%ymm\d+\b"), "%ymm"),
    (re.compile(r"%zmm\d+\b"), "%zmm"),
    (re.compile(r"%k\d\b"), "%k"),
]
INSN = re.compile(r"^\s*([0-9a-f]+):\s+(.*)$")
TARGET = re.compile(r"^(0x)?([0-9a-f]+)\s+<([^>]*)>$")
PADDING = re.compile(r"^(nop|data16|int3$|xchg\s+%ax, ?%ax$|cs nop)")


def disassemble(objdump, binary, fn):
    out = subprocess.run(
        [objdump, "-d", "--no-show-raw-insn", "--disassemble-symbols=" + fn, binary],
        check=True, capture_output=True, text=True).stdout
    insns = []
    inside = False
    for line in out.splitlines():
        if line.endswith("<%s>:" % fn):
            inside = True
            continue
        if not inside:
            continue
        m = INSN.match(line)
        if not m:
            if insns and not line.strip():
                break
            continue
        addr, text = int(m.group(1), 16), m.group(2).strip()
        if text.startswith("<") or not text:
            continue
        insns.append((addr, text))
    if not insns:
        sys.exit("asm_compare: no instructions for %s in %s" % (fn, binary))
    return insns


def normalize(insns):
    """Returns (normalized lines, mnemonics)."""
    kept = [(a, t) for a, t in insns if not PADDING.match(t)]
    index = {a: i for i, (a, _) in enumerate(kept)}
    # A branch to dropped padding goes to the next kept instruction.
    addrs = [a for a, _ in kept]
    lines, mnems = [], []
    for _, text in kept:
        text = text.split("#", 1)[0].strip()
        parts = text.split(None, 1)
        mnem = parts[0]
        ops = parts[1] if len(parts) > 1 else ""
        # Prefixes such as "lock" or "rep" belong to the opcode.
        while mnem in ("lock", "rep", "repe", "repne", "notrack", "bnd") and ops:
            p2 = ops.split(None, 1)
            mnem += " " + p2[0]
            ops = p2[1] if len(p2) > 1 else ""
        t = TARGET.match(ops)
        if t:
            target = int(t.group(2), 16)
            if mnem.startswith("call"):
                ops = "EXT"
            elif target in index:
                ops = "L%d" % index[target]
            elif addrs[0] <= target <= addrs[-1] + 16:
                nxt = [i for i, a in enumerate(addrs) if a >= target]
                ops = "L%d" % nxt[0] if nxt else "LEND"
            else:
                ops = "EXT"
        else:
            ops = re.sub(r"-?0x[0-9a-f]+\(%rip\)", "ADDR(%rip)", ops)
            for rx, cls in REG_CLASSES:
                ops = rx.sub(cls, ops)
        mnems.append(mnem)
        lines.append((mnem + " " + ops).strip())
    return lines, mnems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("objdump")
    ap.add_argument("binary")
    ap.add_argument("ref_fn")
    ap.add_argument("fn")
    ap.add_argument("--out")
    a = ap.parse_args()

    ref_lines, ref_mn = normalize(disassemble(a.objdump, a.binary, a.ref_fn))
    lines, mn = normalize(disassemble(a.objdump, a.binary, a.fn))

    print("same machine code: %s" % ("yes" if ref_mn == mn else "no"))
    print("operands: %s" % ("identical" if ref_lines == lines else "differ"))
    print("instructions: %d vs %d" % (len(ref_lines), len(lines)))
    sm = difflib.SequenceMatcher(a=ref_lines, b=lines, autojunk=False)
    same = sum(blk.size for blk in sm.get_matching_blocks())
    print("differing instructions: %d" % (len(ref_lines) + len(lines) - 2 * same))
    if a.out:
        with open(a.out, "w") as f:
            f.write("# normalized %s\n" % a.ref_fn)
            f.write("\n".join(ref_lines) + "\n\n")
            f.write("# normalized %s\n" % a.fn)
            f.write("\n".join(lines) + "\n\n")
            f.write("# diff\n")
            f.writelines(l + "\n" for l in difflib.unified_diff(
                ref_lines, lines, a.ref_fn, a.fn, lineterm="", n=100))


if __name__ == "__main__":
    main()
