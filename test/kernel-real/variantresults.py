"""What scripts/kernel-build and kernel-boot recorded for one variant, read the
same way by the docs' table writers (arch-table.py, table-7.3.py)."""
import collections
import json
import pathlib
import re


def load(path: pathlib.Path):
    return json.loads(path.read_text()) if path.exists() else None


def boot_cell(arch_dir: pathlib.Path, v: str) -> str:
    """`pass (N checks, KUnit p/t)`, `**fail** (...)`, or `-` when not booted."""
    bdir = arch_dir / v / "boot"
    checks = (bdir / "checks.txt").read_text().splitlines() if (bdir / "checks.txt").exists() else []
    if not checks:
        return "-"
    passed = sum(l.startswith("PASS") for l in checks)
    failed = [l[5:].split(":")[0] for l in checks if l.startswith("FAIL")]
    r = load(bdir / "results.json") or {}
    totals = (r.get("kunit") or {}).get("totals")
    kunit = f", KUnit {totals[0]}/{totals[3]}" if totals else ""
    if failed:
        return f"**fail** ({len(failed)} of {len(checks)}: {'; '.join(failed[:3])}){kunit}"
    return f"pass ({passed} checks{kunit})"


def plugin_reports(arch_dir: pathlib.Path, v: str):
    """Call sites in the variant's plugin reports: (total, inlined, refusals by
    (callee, reason), the signature conversions' warnings), or None."""
    reports = sorted((arch_dir / v / "rust-objects").glob("**/*.helperlink/*.json"))
    if not reports:
        return None
    total = inlined = 0
    refused = collections.Counter()
    warnings = set()
    for p in reports:
        r = json.loads(p.read_text())
        total += r["summary"]["call_sites"]
        inlined += r["summary"]["inlined"]
        for c in r["call_sites"]:
            if not c["inlined"]:
                refused[(c["callee"], c["reason"])] += 1
        for w in r.get("warnings", []):
            m = re.match(r"helper '(\w+)': the crate declares '([^']*)'.*but the helper defines '([^']*)'.*?: "
                         r"inlining converts it: (.*?), as the call's ABI allows", w)
            warnings.add(f"`{m[1]}`: declared `{m[2]}`, defined `{m[3]}`: {m[4]}" if m else w)
    return total, inlined, refused, sorted(warnings)
