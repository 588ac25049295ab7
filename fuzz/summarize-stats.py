#!/usr/bin/env python3
"""Sums the fuzzing runs recorded by fuzz/run.sh (BUILD/fuzz-stats.tsv) per target, as the rows of
the figures table in docs/fuzzing.md: executions and seconds of the runs that found nothing, the
executions per second over them, the corpus size after the last run, the runs that found
something, and the commits fuzzed.

  fuzz/summarize-stats.py build-fuzz/fuzz-stats.tsv [--min-seconds 60]
"""
import argparse
import csv


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stats")
    parser.add_argument("--min-seconds", type=int, default=60,
                        help="leave out shorter runs (smoke runs)")
    args = parser.parse_args()
    targets = {}
    with open(args.stats, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            t = targets.setdefault(row["target"], {"executions": 0, "seconds": 0, "found": 0,
                                                   "corpus": 0, "commits": []})
            t["corpus"] = int(row["corpus_files"])
            if row["result"] != "ok":  # FOUND; "harness-bug" marks runs stopped by a target's bug
                t["found"] += row["result"] == "FOUND"
                continue
            if int(row["seconds"]) < args.min_seconds:
                continue
            t["executions"] += int(row["executions"])
            t["seconds"] += int(row["seconds"]) * int(row["jobs"])
            commit = row["commit"].replace("+changes", "")
            if commit not in t["commits"]:
                t["commits"].append(commit)
    print("| target | executions | seconds | exec/s | corpus files | runs with findings | commits |")
    print("|---|---|---|---|---|---|---|")
    for name, t in targets.items():
        rate = t["executions"] // t["seconds"] if t["seconds"] else 0
        print(f"| `{name}` | {t['executions']:,} | {t['seconds']:,} | {rate:,} | {t['corpus']:,} | "
              f"{t['found']} | {', '.join(t['commits'])} |")


if __name__ == "__main__":
    main()
