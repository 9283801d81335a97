#!/usr/bin/env python3
"""Generate a #![no_std] Rust crate that calls every kernel Rust helper.

usage: gen_crate.py HELPERS.ll OUT.rs [--list=FILE]

HELPERS.ll is the textual IR of the helpers (llvm-dis-22 helpers.bc). For
every defined `rust_helper_*` function the crate gets

    extern "C" { fn rust_helper_NAME(a0: T0, ...) -> R; }
    #[no_mangle]
    pub unsafe extern "C" fn call_NAME(a0: T0, ...) -> R { rust_helper_NAME(a0, ...) }

with the Rust types derived from the IR signature:

    ptr -> *mut u8      i64 -> i64     i32 -> i32
    i1 -> bool          i16 -> i16 (zeroext: u16)   i8 -> i8 (zeroext: u8)
    void -> ()          a `noreturn` function returns `!`

A helper whose IR signature passes or returns an aggregate (a struct or array
type, `byval`, `sret`, ...), uses a type not listed above, or is variadic is
skipped, and listed with the reason in OUT.rs and on standard output.

Standard output: one `wrapped NAME` or `skipped NAME: REASON` line per
helper, then `helpers: N, wrapped: W, skipped: S`. --list=FILE writes the
wrapped helper names, one per line.
"""

import re
import sys

SCALARS = {
    "ptr": "*mut u8",
    "i64": "i64",
    "i32": "i32",
    "i16": "i16",
    "i8": "i8",
    "i1": "bool",
}
UNSIGNED = {"i16": "u16", "i8": "u8"}
# Attributes that mean "this is really an aggregate passed in memory".
AGGREGATE_ATTRS = ("byval", "sret", "byref", "inalloca", "preallocated")

DEFINE = re.compile(r"^define\s+(?P<head>.*?)@(?P<name>[A-Za-z0-9_.$]+)\((?P<params>.*)$")


def split_top(text, sep=","):
    """Split on `sep` outside (), [], {}, <> and quotes."""
    parts, depth, cur, quote = [], 0, [], False
    for ch in text:
        if ch == '"':
            quote = not quote
        elif not quote and ch in "([{<":
            depth += 1
        elif not quote and ch in ")]}>":
            depth -= 1
        if ch == sep and depth == 0 and not quote:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    tail = "".join(cur).strip()
    if tail:
        parts.append(tail)
    return parts


def close_paren(text):
    """Index of the ')' that closes the parameter list `text` starts in."""
    depth = 1
    quote = False
    for i, ch in enumerate(text):
        if ch == '"':
            quote = not quote
        elif quote:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced parameter list")


def ir_type(tokens):
    """The type among IR tokens (attributes come before or after it)."""
    for tok in tokens:
        if tok in SCALARS or tok == "void":
            return tok
        if tok.startswith(("%", "{", "[", "<", "float", "double", "half", "bfloat",
                           "x86_fp80", "fp128", "i128", "ptr addrspace")):
            return tok
        if re.fullmatch(r"i\d+", tok):
            return tok
    return None


def tokenize(text):
    """Whitespace split that keeps (...) groups, e.g. range(i32 0, 2), together."""
    return split_top(text, " ")


def map_type(ty, attrs):
    if ty is None:
        return None, "no type found"
    if ty.startswith(("%", "{", "[", "<")):
        return None, "aggregate %s passed or returned by value" % ty
    if any(a.split("(")[0] in AGGREGATE_ATTRS for a in attrs):
        return None, "aggregate passed in memory (%s)" % ", ".join(
            a for a in attrs if a.split("(")[0] in AGGREGATE_ATTRS)
    if ty == "void":
        return "()", None
    if ty in UNSIGNED and "zeroext" in attrs:
        return UNSIGNED[ty], None
    if ty in SCALARS:
        return SCALARS[ty], None
    return None, "type %s has no mapping" % ty


def parse(ll_text):
    attr_groups = {}
    for line in ll_text.splitlines():
        m = re.match(r"^attributes (#\d+) = \{(.*)\}", line)
        if m:
            attr_groups[m.group(1)] = m.group(2)
    helpers = []
    for line in ll_text.splitlines():
        m = DEFINE.match(line)
        if not m or not m.group("name").startswith("rust_helper_"):
            continue
        name = m.group("name")
        rest = m.group("params")
        end = close_paren(rest)
        params_text, after = rest[:end], rest[end + 1:]
        head = tokenize(m.group("head"))
        ret_ty = ir_type(head)
        noreturn = "noreturn" in after.split() or any(
            "noreturn" in attr_groups.get(g, "").split() for g in re.findall(r"#\d+", after))
        params = []
        variadic = False
        for p in split_top(params_text):
            if p == "...":
                variadic = True
                continue
            toks = tokenize(p)
            params.append((ir_type(toks), toks))
        helpers.append({"name": name, "ret": (ret_ty, head), "params": params,
                        "variadic": variadic, "noreturn": noreturn})
    return helpers


def render(helpers):
    decls, wrappers, wrapped, skipped = [], [], [], []
    for h in helpers:
        name = h["name"]
        short = name[len("rust_helper_"):]
        reason = "variadic" if h["variadic"] else None
        rust_params = []
        for i, (ty, toks) in enumerate(h["params"]):
            if reason:
                break
            rty, why = map_type(ty, toks)
            if why:
                reason = "parameter %d: %s" % (i, why)
            rust_params.append(("a%d" % i, rty))
        ret = None
        if not reason:
            ret, why = map_type(*h["ret"])
            if why:
                reason = "return value: " + why
        if reason:
            skipped.append((name, reason))
            continue
        if h["noreturn"]:
            ret = "!"
        sig = ", ".join("%s: %s" % p for p in rust_params)
        arrow = "" if ret == "()" else " -> " + ret
        args = ", ".join(p[0] for p in rust_params)
        decls.append("    fn %s(%s)%s;" % (name, sig, arrow))
        wrappers.append(
            "#[no_mangle]\n"
            "pub unsafe extern \"C\" fn call_%s(%s)%s {\n"
            "    unsafe { %s(%s) }\n"
            "}\n" % (short, sig, arrow, name, args))
        wrapped.append(name)
    out = ["// Generated by test/kernel/gen_crate.py: calls every kernel Rust helper.",
           "// Do not edit.", "//"]
    out.append("// %d helpers, %d wrapped, %d skipped." % (len(helpers), len(wrapped), len(skipped)))
    for name, reason in skipped:
        out.append("// skipped %s: %s" % (name, reason))
    out += ["", "#![no_std]", "#![allow(clippy::missing_safety_doc)]", "",
            "extern \"C\" {"] + decls + ["}", ""] + wrappers
    return "\n".join(out), wrapped, skipped


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--list=")]
    lists = [a[len("--list="):] for a in argv[1:] if a.startswith("--list=")]
    if len(args) != 2:
        sys.stderr.write("usage: gen_crate.py HELPERS.ll OUT.rs [--list=FILE]\n")
        return 2
    with open(args[0]) as f:
        helpers = parse(f.read())
    if not helpers:
        sys.stderr.write("gen_crate.py: error: no rust_helper_* function defined in %s\n" % args[0])
        return 1
    text, wrapped, skipped = render(helpers)
    with open(args[1], "w") as f:
        f.write(text)
    for lst in lists:
        with open(lst, "w") as f:
            f.write("".join(n + "\n" for n in wrapped))
    for h in helpers:
        if h["name"] in wrapped:
            print("wrapped %s" % h["name"])
    for name, reason in skipped:
        print("skipped %s: %s" % (name, reason))
    print("helpers: %d, wrapped: %d, skipped: %d" % (len(helpers), len(wrapped), len(skipped)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
