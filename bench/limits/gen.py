"""Generates a large crate and helper library for helperlink's limits
benchmark: gen.py FUNCTIONS HELPERS OUTDIR writes OUTDIR/crate.rs (FUNCTIONS
exported Rust functions, each calling one helper) and OUTDIR/helpers.c
(HELPERS kernel-style helpers of a few shapes, about half of them unused)."""
import os
import sys

functions, helpers, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)

shapes = [
    # atomic increment with a saturation check, like refcount_inc
    ("void {n}(int *p) {{ int o = __atomic_fetch_add(p, 1, __ATOMIC_RELAXED);"
     " if (__builtin_expect(o < 0, 0)) slow_path(p); }}", ""),
    # read accessor
    ("int {n}(const int *p) {{ return __atomic_load_n(p, __ATOMIC_RELAXED) + {i}; }}",
     " -> i32"),
    # ERR_PTR / IS_ERR style check
    ("long {n}(const void *p) {{ return (unsigned long)p >= (unsigned long)-4095 ? (long)p : {i}; }}",
     " -> i64"),
]

with open(os.path.join(out, "helpers.c"), "w") as c:
    c.write("void slow_path(int *p);\n")
    for i in range(helpers):
        text, _ = shapes[i % len(shapes)]
        c.write(text.format(n=f"rust_helper_{i}", i=i) + "\n")

used = max(1, helpers // 2)  # the rest are never called: the cost of unused helpers
with open(os.path.join(out, "crate.rs"), "w") as r:
    r.write("#![no_std]\nextern \"C\" {\n")
    for i in range(used):
        _, ret = shapes[i % len(shapes)]
        r.write(f"    fn rust_helper_{i}(p: *mut i32){ret};\n")
    r.write("}\n")
    for f in range(functions):
        i = f % used
        _, ret = shapes[i % len(shapes)]
        body = f"rust_helper_{i}(p.add({f % 7}))"
        r.write(f"#[no_mangle]\npub unsafe extern \"C\" fn crate_fn_{f}(p: *mut i32){ret} {{ {body} }}\n")
print(f"gen.py: {functions} functions, {helpers} helpers ({used} used) in {out}")
