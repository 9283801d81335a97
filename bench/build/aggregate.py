#!/usr/bin/env python3
"""Aggregates hyperfine runs made in interleaved rounds.

usage: aggregate.py JSON_DIR REF_VARIANT [NAME=VALUE ...]

JSON_DIR holds <variant>.<round>.json files, each hyperfine's --export-json
of one command run in one round (bench/build/run.sh runs every variant once
per round, in a rotating order, so that a slow phase of a shared machine
hits all variants alike). Prints a TSV header and one line per variant:

  variant  median_s  mean_s  stddev_s  min_s  max_s  runs  paired_ratio  paired_diff_s

where paired_ratio (paired_diff_s) is the median over the rounds of
variant/REF_VARIANT (variant - REF_VARIANT) of the same round, each round's
time being the median of that round's runs; empty for REF_VARIANT itself
or without a REF_VARIANT run. NAME=VALUE pairs are added as extra columns.
"""
import glob
import json
import os
import statistics
import sys

d, ref = sys.argv[1], sys.argv[2]
extra = [a.split("=", 1) for a in sys.argv[3:]]

runs = {}     # variant -> round -> list of times
for path in glob.glob(os.path.join(d, "*.json")):
    base = os.path.basename(path)[:-len(".json")]
    variant, _, rnd = base.rpartition(".")
    try:
        times = json.load(open(path))["results"][0]["times"]
    except (ValueError, KeyError, IndexError):
        continue
    runs.setdefault(variant, {})[int(rnd)] = times

print("\t".join(["variant", "median_s", "mean_s", "stddev_s", "min_s", "max_s", "runs",
                 "paired_ratio", "paired_diff_s"] + [k for k, _ in extra]))
for variant in sorted(runs):
    all_t = [t for r in runs[variant].values() for t in r]
    ratios, diffs = [], []
    if variant != ref and ref in runs:
        for rnd, ts in runs[variant].items():
            if rnd in runs[ref]:
                a, b = statistics.median(ts), statistics.median(runs[ref][rnd])
                ratios.append(a / b)
                diffs.append(a - b)
    row = [variant] + ["%.5f" % x for x in (
        statistics.median(all_t), statistics.mean(all_t),
        statistics.stdev(all_t) if len(all_t) > 1 else 0.0, min(all_t), max(all_t))]
    row += [str(len(all_t)),
            "%.4f" % statistics.median(ratios) if ratios else "",
            "%.5f" % statistics.median(diffs) if diffs else ""]
    row += [v for _, v in extra]
    print("\t".join(row))
