"""The timing files scripts/kernel-build writes, read the same way everywhere."""
import collections
import pathlib
import re


def cpu_seconds(path: pathlib.Path):
    """User + system seconds of a `/usr/bin/time -f "%e %U %S"` file, or None."""
    if not path.exists():
        return None
    parts = path.read_text().split()
    return float(parts[-2]) + float(parts[-1])


def _recipes(path: pathlib.Path):
    """(target, cpu seconds, peak RSS in KiB or None) of each recipe line
    `user system [target [maxrss]]`; older lines have no target ("other") and
    no RSS."""
    if not path.exists():
        return
    for line in path.read_text().splitlines():
        parts = line.split()
        if 2 <= len(parts) <= 4 and all(re.fullmatch(r"[\d.]+", x) for x in parts[:2]):
            rss = int(parts[3]) if len(parts) == 4 and parts[3].isdigit() else None
            yield (parts[2] if len(parts) >= 3 else "other"), float(parts[0]) + float(parts[1]), rss


def recipe_times(path: pathlib.Path) -> dict:
    """CPU seconds of each rustc/rustdoc recipe in a timing file of make's shell,
    by the file it emitted."""
    per_target = collections.Counter()
    for target, cpu, _ in _recipes(path):
        per_target[target] += cpu
    return dict(per_target)


def recipe_peak_rss(path: pathlib.Path) -> dict:
    """Peak RSS in KiB of each recipe (the largest where one ran twice), by the
    file it emitted; recipes timed without RSS are left out."""
    peak = {}
    for target, _, rss in _recipes(path):
        if rss is not None:
            peak[target] = max(rss, peak.get(target, 0))
    return peak
