"""Prints one section of a helperlink JSON report as one line per entry, so
that FileCheck can match entries whole: report.py REPORT.json SECTION."""
import json
import sys

report = json.load(open(sys.argv[1]))
section = sys.argv[2]
if section == "flags":
    for d in report["module_flag_differences"]:
        print(f"flag {d['flag']} crate={d['crate']} helper={d['helper']}: {d['action']}")
elif section == "calls":
    for c in report["call_sites"]:
        print(f"call {c['caller']} -> {c['callee']} inlined={c['inlined']}: {c['reason']}")
elif section == "dropped":
    for d in report["dso_local_dropped"]:
        print(f"dso_local dropped: {d['kind']} {d['symbol']} ({', '.join(d['helpers'])})")
elif section == "helper-targets":
    for h in report["helper_target_changes"]:
        print(f"helper {h['function']} added {','.join(h['added'])} "
              f"removed {','.join(h['removed'])}: {h['reason']}")
elif section == "inputs":
    for i in report["inputs"]:
        print(f"input {i['role']} {i['path']}")
elif section == "target":
    t = report["target"]
    print(f"target {t['triple']} cpu={t['cpu']} features={t['features']}")
else:
    raise SystemExit(f"unknown section {section}")
