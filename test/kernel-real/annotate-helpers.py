#!/usr/bin/env python3
"""Adds the series' `__rust_helper` to every helper definition in
rust/helpers/*.c (PATCH 2/4 defines it; upstream adds it helper by helper).
Idempotent. usage: annotate-helpers.py LINUX_TREE"""
import pathlib
import re
import sys

DEF = re.compile(r"^(?:\S.*[\s*])?rust_helper_\w+\(")

tree = pathlib.Path(sys.argv[1])
count = 0
for path in sorted((tree / "rust/helpers").glob("*.c")):
    lines = path.read_text().split("\n")
    for i, line in enumerate(lines):
        if not DEF.match(line) or line.rstrip().endswith(";"):
            continue
        # The return type may be on the line before (`void * __must_check ...`).
        at = i - 1 if line.startswith("rust_helper_") else i
        if "__rust_helper" not in lines[at]:
            lines[at] = "__rust_helper " + lines[at]
        count += 1
    path.write_text("\n".join(lines))
print(count)
