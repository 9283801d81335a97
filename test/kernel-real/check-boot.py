#!/usr/bin/env python3
"""Checks one boot of scripts/kernel-boot and records its figures.

usage: check-boot.py ARCH_DIR VARIANT
Reads ARCH_DIR/VARIANT/boot/console.log and qemu-exit.txt; writes kunit.txt
(one `name result` line per KUnit test), checks.txt and results.json in the
same directory. Exits 1 when a check fails.
"""
import json
import pathlib
import re
import sys

arch_dir = pathlib.Path(sys.argv[1])
variant = sys.argv[2]
bdir = arch_dir / variant / "boot"
console = (bdir / "console.log").read_text(errors="replace").replace("\r", "")
lines = []
failed = False


def check(ok, what, detail=""):
    global failed
    failed |= not ok
    lines.append(f"{'PASS' if ok else 'FAIL'} {what}{': ' + detail if detail else ''}")


qemu_rc, seconds = (bdir / "qemu-exit.txt").read_text().split()
if arch_dir.name == "um":
    # UML is the host process; init powers it off (a restart would run it again).
    check(qemu_rc == "0", "UML exited by itself (poweroff -f)", f"exit {qemu_rc} after {seconds} s")
    check("KB: done" in console and "reboot: Power down" in console,
          "clean shutdown: init reached its end and the kernel powered off")
else:
    check(qemu_rc == "0", "QEMU exited by itself (a restart with -no-reboot)", f"exit {qemu_rc} after {seconds} s")
    check("KB: done" in console and "reboot: Restarting system" in console,
          "clean shutdown: init reached its end and the kernel restarted")
failures = re.findall(r"KB: .*FAILED.*", console)
check(not failures, "init reported no failed step", "; ".join(failures))
for bad in ("Kernel panic", "BUG:", "Oops", "WARNING:", "Call Trace:"):
    check(bad not in console, f"no '{bad}' in the log")

# The samples: built-in (at boot) and module builds (insmod).
check(len(re.findall(r"rust_minimal: Rust minimal sample \(init\)", console)) == 2,
      "rust_minimal's init line: built-in and module")
check("rust_minimal: Am I built-in? true" in console and "rust_minimal: Am I built-in? false" in console,
      "rust_minimal says built-in once and module once")
check(len(re.findall(r"rust_print: Rust printing macros sample \(init\)", console)) == 2,
      "rust_print's init line: built-in and module")
check("rust_minimal: My numbers are [72, 108, 200]" in console, "rust_minimal module's exit line (rmmod)")
check("Rust null_blk loaded" in console, "rnull's init line")
check("helperlink_vvec: vvec len=1000 sum=332833500" in console, "helperlink_vvec's VVec (vrealloc)")
for m in ("rust_minimal", "rust_print", "helperlink_bench_c", "helperlink_bench_rust", "helperlink_vvec",
          "rnull_mod"):
    check(f"KB: insmod {m} ok" in console, f"insmod {m}")
    check(f"KB: rmmod {m} ok" in console, f"rmmod {m}")

results = {"variant": variant, "qemu_seconds": int(seconds)}
bench = {}
for m in re.finditer(r"lang=(\w+) calls=(\d+) rounds=(\d+) best_ps_per_call=(\d+) median_ps_per_call=(\d+)",
                     console):
    bench[m[1]] = {"calls": int(m[2]), "rounds": int(m[3]),
                   "best_ns_per_call": int(m[4]) / 1000, "median_ns_per_call": int(m[5]) / 1000}
check(set(bench) == {"rust", "c"}, "benchmark lines from the Rust and the C module",
      ", ".join(f"{k}: {v['best_ns_per_call']:.3f} ns/call" for k, v in sorted(bench.items())))
results["refcount_inc"] = bench

rnull = {}
begins = {op: t for t, op in re.findall(r"\[\s*([\d.]+)\] KB: rnull (write|read) begin", console)}
# dd's "N+0 records out" (init.sh) or init.c's "requests=N".
for m in re.finditer(r"\[\s*([\d.]+)\] KB: rnull (write|read) end rc=(\d+) bytes=(\d+) "
                     r"(?:requests=)?(\d+)(?:\+0 records out)?", console):
    if m[2] not in begins:
        continue
    seconds = float(m[1]) - float(begins[m[2]])
    rnull[m[2]] = {"rc": int(m[3]), "bytes": int(m[4]), "requests": int(m[5]), "seconds": seconds,
                   "mib_per_s": int(m[4]) / 2**20 / seconds if seconds > 0 else None}
check(set(rnull) == {"write", "read"} and all(r["rc"] == 0 and r["requests"] == 32768 for r in rnull.values()),
      "rnull: O_DIRECT write and read of /dev/rnullb0, 32768 requests of 4 KiB each",
      ", ".join(f"{k} {v['bytes']} B in {v['seconds']:.6f} s" for k, v in sorted(rnull.items())))
results["rnull"] = rnull

# KUnit: the doctests run at boot. Per test: ok, not ok, or skip.
kunit = {}
for m in re.finditer(r"^(?:\[[ \d.]+\] )?\s*(not ok|ok) \d+ (\S+)(.*)$", console, re.M):
    result = "skip" if "# SKIP" in m[3] else ("pass" if m[1] == "ok" else "fail")
    kunit[m[2]] = result
(bdir / "kunit.txt").write_text("".join(f"{k} {v}\n" for k, v in sorted(kunit.items())))
totals = re.findall(r"# Totals: pass:(\d+) fail:(\d+) skip:(\d+) total:(\d+)", console)
check(bool(totals), "KUnit totals line", totals[-1] and "pass:%s fail:%s skip:%s total:%s" % totals[-1]
      if totals else "missing")
doctests = [k for k in kunit if k.startswith("rust_doctest_kernel_")]
check(len(doctests) > 0, "KUnit ran the kernel crate's doctests", f"{len(doctests)} doctests")
check(totals and totals[-1][1] == "0", "KUnit: no test failed")
results["kunit"] = {"totals": totals[-1] if totals else None, "tests": len(kunit), "doctests": len(doctests)}
if variant != "a":
    ref_file = arch_dir / "a" / "boot" / "kunit.txt"
    ref = dict(l.split() for l in ref_file.read_text().splitlines())
    diff = sorted(set(ref.items()) ^ set(kunit.items()))
    check(not diff, "KUnit: every test's result equals the plain build's (a)",
          f"{len(kunit)} tests" + "".join(f"\n     {d}" for d in diff[:20]))

(bdir / "results.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
(bdir / "checks.txt").write_text("".join(l + "\n" for l in lines))
print("\n".join(lines))
sys.exit(1 if failed else 0)
