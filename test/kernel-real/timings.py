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


def recipe_times(path: pathlib.Path) -> dict:
    """CPU seconds of each rustc/rustdoc recipe in a timing file of make's shell,
    by the file it emitted (lines `user system [target]`; older ones have no
    target and count as "other")."""
    per_target = collections.Counter()
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) in (2, 3) and all(re.fullmatch(r"[\d.]+", x) for x in parts[:2]):
                per_target[parts[2] if len(parts) == 3 else "other"] += float(parts[0]) + float(parts[1])
    return dict(per_target)
