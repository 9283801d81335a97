#!/usr/bin/env python3
"""Differential check of the Rust helpers of a GCC-built kernel: GCC's
helpers.o against clang's, as helpers-gcc-to-clang.py maps GCC's command.

usage: helpers-dwarf-diff.py BUILD_DIR OUT_DIR [--clang=CLANG] [--cmd-file=FILE]
  BUILD_DIR  the kernel's O= tree, where kbuild built rust/helpers/helpers.o
             with GCC (rust/helpers/.helpers.o.cmd holds its command)
  OUT_DIR    where the two objects and the report (helpers-dwarf-diff.txt)
             are written
  --cmd-file another .cmd file holding GCC's command for helpers.c

Compiles rust/helpers/helpers.c twice with -g: by GCC (kbuild's command for
helpers.o plus -g) and by clang (that command mapped by
helpers-gcc-to-clang.py, plus -g). Then compares their DWARF and code:
  - every struct, union and enum both describe (complete types, matched by
    name, anonymous ones by declaration file, line and column): size, each
    member's offset, bit-field size and offset, the member's type; each
    enumerator's value;
  - every typedef both describe: the type it names;
  - every rust_helper_* both define: return and parameter types;
  - the external symbols each helper references (through the local
    functions it calls), from the relocations in its code.
Types are compared structurally (a base type by encoding and size: GCC's
"long int" is clang's "long"). Every difference is reported. One that changes
behaviour (a layout, an enumerator value, a helper's signature, a kernel
symbol a helper uses) stops: exit status 1. References the compilers choose
themselves (memcpy/memset/memmove for structure copies, mitigation thunks,
__fentry__, __stack_chk_fail) are reported as informational when they
differ.
"""
import collections
import os
import re
import shlex
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
gcc2clang = __import__("helpers-gcc-to-clang")

DIE = re.compile(r"^(0x[0-9a-f]+):(\s+)(DW_TAG_\w+|NULL)")
ATTR = re.compile(r"^\s+(DW_AT_\w+)\s+\((.*)\)$")


class Die:
    __slots__ = ("off", "tag", "attrs", "children", "parent")

    def __init__(self, off, tag, parent):
        self.off, self.tag, self.attrs, self.children, self.parent = off, tag, {}, [], parent

    def name(self):
        v = self.attrs.get("DW_AT_name")
        return v.strip('"') if v else None

    def ref(self, attr="DW_AT_type"):
        v = self.attrs.get(attr)
        return int(v.split()[0], 16) if v else None

    def num(self, attr):
        v = self.attrs.get(attr)
        if v is None:
            return None
        v = v.split()[0]
        return int(v, 16) if v.startswith("0x") else int(v)


def parse_dwarf(obj):
    out = subprocess.run(["llvm-dwarfdump-22", "--debug-info", obj], check=True, capture_output=True,
                         text=True).stdout
    dies, stack, cur = {}, [], None
    for line in out.splitlines():
        m = DIE.match(line)
        if m:
            depth = len(m[2])
            while stack and stack[-1][0] >= depth:
                stack.pop()
            if m[3] == "NULL":
                cur = None
                continue
            parent = stack[-1][1] if stack else None
            cur = Die(int(m[1], 16), m[3], parent)
            dies[cur.off] = cur
            if parent:
                parent.children.append(cur)
            stack.append((depth, cur))
            continue
        a = ATTR.match(line)
        if a and cur is not None:
            cur.attrs[a[1]] = a[2]
    return dies


QUALIFIERS = ("DW_TAG_const_type", "DW_TAG_volatile_type", "DW_TAG_restrict_type", "DW_TAG_atomic_type")


class Types:
    def __init__(self, obj, build_dir):
        self.dies = parse_dwarf(obj)
        self.build_dir = build_dir
        self.memo = {}

    AGGREGATES = ("DW_TAG_structure_type", "DW_TAG_union_type", "DW_TAG_enumeration_type")
    KIND = {"DW_TAG_structure_type": "struct", "DW_TAG_union_type": "union",
            "DW_TAG_enumeration_type": "enum", "DW_TAG_typedef": "typedef"}

    def key(self, d):
        """A named type's name; an anonymous enum's is its first enumerator
        (anonymous structs and unions are compared inside what holds them)."""
        if d.name():
            return f"{self.KIND[d.tag]} {d.name()}"
        if d.tag == "DW_TAG_enumeration_type":
            first = next((c.name() for c in d.children if c.tag == "DW_TAG_enumerator"), None)
            return f"enum {{{first}, ...}}" if first else None
        return None

    def desc(self, off):
        """The structural description of the type at \\p off."""
        if off is None:
            return "void"
        d = self.dies[off]
        t = d.tag
        if t == "DW_TAG_base_type":
            enc = d.attrs.get("DW_AT_encoding", "").split()[0].replace("DW_ATE_", "")
            return f"{enc}{8 * d.num('DW_AT_byte_size')}"
        if t in self.KIND:
            return self.key(d) or f"{self.KIND[t]} {{...}}"
        if t == "DW_TAG_pointer_type":
            return self.desc(d.ref()) + " *"
        if t in QUALIFIERS:
            # Qualifiers in a fixed order: GCC nests volatile in const, clang
            # const in volatile.
            quals = set()
            while d.tag in QUALIFIERS:
                quals.add(d.tag[7:-5])
                if d.ref() is None:
                    return " ".join(sorted(quals)) + " void"
                d = self.dies[d.ref()]
            return " ".join(sorted(quals)) + " " + self.desc(d.off)
        if t == "DW_TAG_array_type":
            dims = ""
            for s in d.children:
                if s.tag != "DW_TAG_subrange_type":
                    continue
                count, upper = s.num("DW_AT_count"), s.num("DW_AT_upper_bound")
                if count is None and upper is not None:
                    # GCC describes T[0] with upper bound -1.
                    count = 0 if upper >= 0xffffffff else upper + 1
                dims += f"[{'' if count is None else count}]"
            return self.desc(d.ref()) + dims
        if t == "DW_TAG_subroutine_type":
            params = [self.desc(c.ref()) for c in d.children if c.tag == "DW_TAG_formal_parameter"]
            if any(c.tag == "DW_TAG_unspecified_parameters" for c in d.children):
                params.append("...")
            return f"fn({', '.join(params)}) -> {self.desc(d.ref())}"
        return t

    def strip(self, off):
        """The type at \\p off without qualifiers (GCC keeps a const on an
        anonymous member, clang does not)."""
        while off is not None and self.dies[off].tag in QUALIFIERS:
            off = self.dies[off].ref()
        return off

    def layout(self, d, prefix="", base=0, out=None):
        """path -> (bit offset, bit size, type) of every member of the struct or
        union \\p d, anonymous structs and unions expanded in place."""
        out = {} if out is None else out
        for i, c in enumerate(x for x in d.children if x.tag == "DW_TAG_member"):
            byte = c.num("DW_AT_data_member_location") or 0
            bit_size = c.num("DW_AT_bit_size")
            bit = c.num("DW_AT_data_bit_offset")
            if bit is None and c.num("DW_AT_bit_offset") is not None:
                # DWARF 2-4, little-endian: counted from the storage unit's top.
                bit = byte * 8 + 8 * c.num("DW_AT_byte_size") - c.num("DW_AT_bit_offset") - bit_size
            if bit is None:
                bit = byte * 8
            path = prefix + (c.name() or f"<anonymous #{i}>")
            t = self.strip(c.ref())
            td = self.dies.get(t)
            if td is not None and td.tag in ("DW_TAG_structure_type", "DW_TAG_union_type") and not td.name():
                out[path] = {"bit_offset": base + bit, "bit_size": bit_size,
                             "type": f"{self.KIND[td.tag]} {{...}} of {td.num('DW_AT_byte_size')} bytes"}
                self.layout(td, path + ".", base + bit, out)
            else:
                out[path] = {"bit_offset": base + bit, "bit_size": bit_size, "type": self.desc(c.ref())}
        return out

    def describe(self, d):
        if d.tag == "DW_TAG_enumeration_type":
            return {"size": d.num("DW_AT_byte_size"),
                    "enumerators": {c.name(): self.enum_value(c) for c in d.children
                                    if c.tag == "DW_TAG_enumerator"}}
        return {"size": d.num("DW_AT_byte_size"), "members": self.layout(d)}

    def named_types(self):
        """key -> description of every complete named struct, union, enum
        (anonymous enums by their first enumerator), typedef (an anonymous
        aggregate's typedef with its layout)."""
        out = {}
        for d in self.dies.values():
            if d.tag not in self.KIND or "DW_AT_declaration" in d.attrs:
                continue
            k = self.key(d)
            if k is None:
                continue
            if d.tag == "DW_TAG_typedef":
                t = self.dies.get(self.strip(d.ref()))
                if t is not None and t.tag in self.AGGREGATES and self.key(t) is None \
                        and "DW_AT_declaration" not in t.attrs:
                    out[k] = dict(self.describe(t), type=self.desc(d.ref()))
                else:
                    out[k] = {"type": self.desc(d.ref())}
            else:
                out[k] = self.describe(d)
        return out

    @staticmethod
    def enum_value(c):
        v = c.attrs["DW_AT_const_value"].split()[0]
        return int(v, 16) if v.startswith("0x") else int(v)

    def helpers(self):
        out = {}
        for d in self.dies.values():
            name = d.name()
            if d.tag != "DW_TAG_subprogram" or not name or not name.startswith("rust_helper_"):
                continue
            if "DW_AT_declaration" in d.attrs:
                continue
            params = [self.desc(c.ref()) for c in d.children if c.tag == "DW_TAG_formal_parameter"]
            out[name] = f"fn({', '.join(params)}) -> {self.desc(d.ref())}"
        return out


FUNC = re.compile(r"^[0-9a-f]+ <(.+)>:$")
BRANCH = re.compile(r"\t(?:call|jmp|j\w+|bl|b|b\.\w+|cb\w+|tb\w+)\s+\S+\s+<([^>+]+)(?:\+0x[0-9a-f]+)?>$")
RELOC = re.compile(r"^\s*[0-9a-f]+:\s+(R_\w+)\s+(\S+?)(?:[+-]0x[0-9a-f]+)?$")


def references(obj):
    """helper -> external symbols its code references, through the local
    functions it reaches."""
    undefined = set(subprocess.run(["llvm-nm-22", "-u", "--format=just-symbols", obj], check=True,
                                   capture_output=True, text=True).stdout.split())
    dis = subprocess.run(["llvm-objdump-22", "-dr", "--no-show-raw-insn", obj], check=True,
                         capture_output=True, text=True).stdout
    refs, fn = collections.defaultdict(set), None
    for line in dis.splitlines():
        m = FUNC.match(line)
        if m:
            fn = m[1]
            refs[fn]
            continue
        r = RELOC.match(line)
        if r and fn:
            refs[fn].add(r[2])
            continue
        # A call or jump within the section has no relocation.
        b = BRANCH.search(line)
        if b and fn and b[1] != fn:
            refs[fn].add(b[1])
    out = {}
    for f in refs:
        if not f.startswith("rust_helper_") or "." in f:
            continue
        # GCC's cold part of a function (F.cold, in .text.unlikely) is reached
        # through a section relocation: it is F's code.
        seen = {f} | {g for g in refs if g.startswith(f + ".cold")}
        todo, ext = list(seen), set()
        while todo:
            for s in refs.get(todo.pop(), ()):
                if s in undefined:
                    ext.add(s)
                elif s in refs and s not in seen and not s.startswith("rust_helper_"):
                    seen.add(s)
                    todo.append(s)
                elif s.startswith("rust_helper_"):
                    ext.add(s)
        out[f] = ext
    return out


# Symbols the compiler chooses, not the source: a difference is informational.
COMPILER_CHOSEN = re.compile(r"mem(cpy|set|move|cmp)|__memcpy|__memset|__x86_return_thunk|__x86_indirect_\w+"
                             r"|__fentry__|__stack_chk_fail|__ref_stack_chk_guard|__stack_chk_guard"
                             r"|__sanitizer_cov_\w+|__ubsan_\w+")


def main(argv):
    clang, cmd_file = "clang-22", None
    args = [a for a in argv if not a.startswith("--")]
    for a in argv:
        if a.startswith("--clang="):
            clang = a.split("=", 1)[1]
        elif a.startswith("--cmd-file="):
            cmd_file = a.split("=", 1)[1]
        elif a.startswith("--"):
            sys.exit(f"helpers-dwarf-diff: unknown option {a}")
    if len(args) != 2:
        sys.exit(__doc__)
    build_dir, out_dir = (os.path.abspath(a) for a in args)
    os.makedirs(out_dir, exist_ok=True)
    gcc_argv = gcc2clang.savedcmd(cmd_file or os.path.join(build_dir, "rust/helpers/.helpers.o.cmd"))
    gcc, gargs = gcc_argv[0], gcc_argv[1:]

    def retarget(a, out):
        # -o OUT, no dependency file, debug info on.
        a = [x for x in a if not x.startswith("-Wp,-M")]
        i = a.index("-o")
        a[i + 1] = out
        return a + ["-g"]
    gcc_obj, clang_obj = os.path.join(out_dir, "helpers-gcc.o"), os.path.join(out_dir, "helpers-clang.o")
    table, ccmd = gcc2clang.clang_command(clang, gcc, gargs)
    bad = gcc2clang.refused(table)
    if bad:
        sys.exit("helpers-dwarf-diff: refused flags: " + "; ".join(f"{s}: {w}" for s, _, w in bad))
    gcmd = [gcc] + retarget(gargs, gcc_obj)
    ccmd = retarget(ccmd, clang_obj)
    for cmd in (gcmd, ccmd):
        r = subprocess.run(cmd, cwd=build_dir, capture_output=True, text=True)
        if r.returncode:
            sys.exit(f"helpers-dwarf-diff: {shlex.join(cmd[:1])} failed:\n{r.stderr[-4000:]}")
    g, c = Types(gcc_obj, build_dir), Types(clang_obj, build_dir)
    report, fatal = [], 0

    def differ(behaviour, what):
        nonlocal fatal
        fatal += behaviour
        report.append(f"{'DIFF' if behaviour else 'INFO'} {what}")

    gt, ct = g.named_types(), c.named_types()
    common = sorted(set(gt) & set(ct))
    for k in common:
        a, b = gt[k], ct[k]
        if k.startswith("typedef "):
            if a["type"] != b["type"]:
                differ(True, f"{k}: GCC {a['type']}, clang {b['type']}")
            if "size" not in a or "size" not in b:
                continue
        if a["size"] != b["size"]:
            differ(True, f"{k}: size GCC {a['size']}, clang {b['size']}")
        if "enumerators" in a:
            for e in sorted(set(a["enumerators"]) | set(b["enumerators"])):
                va, vb = a["enumerators"].get(e), b["enumerators"].get(e)
                if va != vb:
                    differ(True, f"{k}: {e} = GCC {va}, clang {vb}")
            continue
        for m in list(a["members"]) + [x for x in b["members"] if x not in a["members"]]:
            ma, mb = a["members"].get(m), b["members"].get(m)
            if ma is None or mb is None:
                differ(True, f"{k}: member {m} only in {'clang' if ma is None else 'GCC'}'s")
                continue
            for field in ("bit_offset", "bit_size", "type"):
                if ma[field] != mb[field]:
                    differ(True, f"{k}.{m}: {field} GCC {ma[field]}, clang {mb[field]}")
    only_g, only_c = sorted(set(gt) - set(ct)), sorted(set(ct) - set(gt))
    if only_g or only_c:
        report.append(f"INFO types described by one compiler only (not compared): GCC {len(only_g)}, "
                      f"clang {len(only_c)}")
        report += [f"INFO   GCC only: {k}" for k in only_g[:50]] + [f"INFO   clang only: {k}" for k in only_c[:50]]

    gh, ch = g.helpers(), c.helpers()
    for h in sorted(set(gh) | set(ch)):
        if h not in gh or h not in ch:
            differ(True, f"{h}: defined by {'clang' if h in ch else 'GCC'} only")
        elif gh[h] != ch[h]:
            differ(True, f"{h}: GCC {gh[h]}, clang {ch[h]}")

    gr, cr = references(gcc_obj), references(clang_obj)
    for h in sorted(set(gr) & set(cr)):
        for s in sorted(gr[h] ^ cr[h]):
            who = "GCC" if s in gr[h] else "clang"
            differ(not COMPILER_CHOSEN.fullmatch(s), f"{h} references {s}: {who}'s only")

    header = [f"helpers: {len(gh)} by GCC, {len(ch)} by clang; types compared: {len(common)} "
              f"(structs {sum(k.startswith('struct ') for k in common)}, unions "
              f"{sum(k.startswith('union ') for k in common)}, enums {sum(k.startswith('enum ') for k in common)}, "
              f"typedefs {sum(k.startswith('typedef ') for k in common)}); "
              f"helpers' external references compared: {len(set(gr) & set(cr))}",
              f"{fatal} behaviour-changing differences, "
              f"{sum(l.startswith('INFO ') for l in report)} informational lines"]
    text = "\n".join(header + report) + "\n"
    with open(os.path.join(out_dir, "helpers-dwarf-diff.txt"), "w") as f:
        f.write("# GCC:   " + shlex.join(gcmd) + "\n# clang: " + shlex.join(ccmd) + "\n" + text)
    sys.stdout.write(text if fatal else "\n".join(header) + "\n")
    return 1 if fatal else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
