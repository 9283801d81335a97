#!/usr/bin/env python3
"""Aggregates hyperfine runs made in interleaved rounds.

usage: aggregate.py JSON_DIR REF_VARIANT [NAME=VALUE ...]

JSON_DIR holds <variant>.<round>.json files, each hyperfine's --export-json
of one command run in one round (bench/build/run.sh runs every variant once
per round, in a rotating order, so that a slow phase of a shared machine
hits all variants alike). Prints a TSV header and one line per variant:

  variant  median_s  mean_s  stddev_s  min_s  max_s  runs  paired_ratio  paired_diff_s
          cpu_median_s  cpu_paired_ratio  cpu_paired_diff_s  user_median_s

where paired_ratio (paired_diff_s) is the median over the rounds of
variant/REF_VARIANT (variant - REF_VARIANT) of the same round, each round's
time being the median of that round's runs; empty for REF_VARIANT itself
or without a REF_VARIANT run. The cpu_* columns are the same for CPU time,
user + system (hyperfine's per-command means, one value per round: the
time the process tree spent on a CPU, which a loaded machine inflates far
less than wall time); user_median_s is user time alone. NAME=VALUE pairs
are added as extra columns.
"""
import glob
import json
import os
import statistics
import sys

d, ref = sys.argv[1], sys.argv[2]
extra = [a.split("=", 1) for a in sys.argv[3:]]

runs = {}     # variant -> round -> list of wall times
cpu = {}      # variant -> round -> user + system (mean of the round's runs)
user = {}     # variant -> round -> user (mean of the round's runs)
for path in glob.glob(os.path.join(d, "*.json")):
    base = os.path.basename(path)[:-len(".json")]
    variant, _, rnd = base.rpartition(".")
    try:
        res = json.load(open(path))["results"][0]
        times = res["times"]
        cpu_s = res["user"] + res["system"]
        user_s = res["user"]
    except (ValueError, KeyError, IndexError, TypeError):
        continue
    runs.setdefault(variant, {})[int(rnd)] = times
    cpu.setdefault(variant, {})[int(rnd)] = cpu_s
    user.setdefault(variant, {})[int(rnd)] = user_s


def paired(per_round, variant, summarize):
    """Median over the rounds of variant / ref and variant - ref."""
    ratios, diffs = [], []
    if variant != ref and ref in per_round:
        for rnd, x in per_round[variant].items():
            if rnd in per_round[ref]:
                a, b = summarize(x), summarize(per_round[ref][rnd])
                if b > 0:
                    ratios.append(a / b)
                diffs.append(a - b)
    return ("%.4f" % statistics.median(ratios) if ratios else "",
            "%.5f" % statistics.median(diffs) if diffs else "")


print("\t".join(["variant", "median_s", "mean_s", "stddev_s", "min_s", "max_s", "runs",
                 "paired_ratio", "paired_diff_s", "cpu_median_s", "cpu_paired_ratio",
                 "cpu_paired_diff_s", "user_median_s"] + [k for k, _ in extra]))
for variant in sorted(runs):
    all_t = [t for r in runs[variant].values() for t in r]
    row = [variant] + ["%.5f" % x for x in (
        statistics.median(all_t), statistics.mean(all_t),
        statistics.stdev(all_t) if len(all_t) > 1 else 0.0, min(all_t), max(all_t))]
    row += [str(len(all_t))]
    row += list(paired(runs, variant, statistics.median))
    row += ["%.5f" % statistics.median(cpu[variant].values())]
    row += list(paired(cpu, variant, lambda x: x))
    row += ["%.5f" % statistics.median(user[variant].values())]
    row += [v for _, v in extra]
    print("\t".join(row))
