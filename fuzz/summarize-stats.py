#!/usr/bin/env python3
"""Sums the fuzzing runs recorded by fuzz/run.sh (BUILD/fuzz-stats.tsv) per target and build
mode, as the rows of the figures table in docs/fuzzing.md: executions and seconds of the fuzzing
runs that found nothing, the executions per second over them, the corpus size after the last run,
the runs that found something and the commits fuzzed; then the corpus replays (--replay) with
the number of inputs each ran.

  fuzz/summarize-stats.py build-fuzz/fuzz-stats.tsv build-fuzz-fast/fuzz-stats.tsv
      [--min-seconds 60] [--since 20261204T000000] [--commit 051eab5]

Rows from before the sanitizers and mode columns were ASan + UBSan fuzzing runs. Runs whose
commit carries "+changes" were made with uncommitted changes under src/, include/ or fuzz/.
"""
import argparse
import csv


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stats", nargs="+")
    parser.add_argument("--min-seconds", type=int, default=60,
                        help="leave out shorter fuzzing runs (smoke runs)")
    parser.add_argument("--since", default="", help="only runs started at or after this stamp")
    parser.add_argument("--commit", default="",
                        help="only runs of this commit (short hash, without changes)")
    args = parser.parse_args()
    fuzzing, replays = {}, []
    for path in args.stats:
        with open(path, newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["date"] < args.since:
                    continue
                if args.commit and row["commit"] != args.commit:
                    continue
                sanitizers = row.get("sanitizers") or "address,undefined"
                mode = row.get("mode") or "fuzz"
                if mode == "replay":
                    replays.append(row | {"sanitizers": sanitizers})
                    continue
                t = fuzzing.setdefault((row["target"], sanitizers), {
                    "executions": 0, "seconds": 0, "found": 0, "corpus": 0, "commits": []})
                t["corpus"] = int(row["corpus_files"])
                if row["result"] != "ok":  # FOUND; "harness-bug": stopped by a target's bug
                    t["found"] += row["result"] == "FOUND"
                    continue
                if int(row["seconds"]) < args.min_seconds:
                    continue
                t["executions"] += int(row["executions"])
                t["seconds"] += int(row["seconds"]) * int(row["jobs"])
                if row["commit"] not in t["commits"]:
                    t["commits"].append(row["commit"])
    print("| target | sanitizers | executions | seconds | exec/s | corpus files | "
          "runs with findings | commits |")
    print("|---|---|---|---|---|---|---|---|")
    for (name, sanitizers), t in fuzzing.items():
        if not t["executions"] and not t["found"]:
            continue
        rate = t["executions"] // t["seconds"] if t["seconds"] else 0
        print(f"| `{name}` | {sanitizers} | {t['executions']:,} | {t['seconds']:,} | {rate:,} | "
              f"{t['corpus']:,} | {t['found']} | {', '.join(t['commits'])} |")
    if replays:
        print()
        print("| target | corpus replayed under | inputs | seconds | result | commit |")
        print("|---|---|---|---|---|---|")
        for row in replays:
            print(f"| `{row['target']}` | {row['sanitizers']} | {int(row['executions']):,} | "
                  f"{row['seconds']} | {row['result']} | {row['commit']} |")


if __name__ == "__main__":
    main()
