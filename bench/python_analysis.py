#!/usr/bin/env python3
"""Analysis from Python versus the CLI (`parley solve --json`), on the same scenario files.

For each case, the median wall time of several runs of:
  cli            `parley solve --json PATH` as a subprocess (start, load, analyse, print JSON)
  py load+json   parley.load(PATH), parley.analyse, .to_json() in this process (what the CLI does;
                 the JSON lists the whole frontier, as `--frontier all`)
  py analyse     parley.analyse on an already loaded scenario (results as Python objects)
  engine         parley._core.analyse alone (no conversion to Python objects)
After one warm-up run of each. Usage (from the repository root, after building):

  PYTHONPATH=build/python /usr/bin/python3 bench/python_analysis.py --cli build/parley

Options: --runs N (default 7), --corpus DIR (default ../shared/scenarios).
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import parley

SOURCE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(SOURCE_DIR / "python" / "tests"))
from corpus_index import corpus_path, have_corpus  # noqa: E402  (the tests' corpus helper)


def median_seconds(action, runs):
    action()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(name, path, cli, runs, profiles=()):
    path = str(path)
    scenario = parley.load(path, profiles=profiles)
    options = parley._core.AnalysisOptions()

    def run_cli():
        flags = [item for profile in profiles for item in ("--profile", profile)]
        subprocess.run([str(cli), "solve", "--json", path, *flags], check=True,
                       stdout=subprocess.DEVNULL)

    def load_and_json():
        loaded = parley.load(path, profiles=profiles)
        parley.analyse(loaded).to_json()

    row = {
        "case": name,
        "outcomes": scenario.outcome_count_text,
        "frontier": len(parley.frontier(scenario)),
        "cli": median_seconds(run_cli, runs),
        "py load+json": median_seconds(load_and_json, runs),
        "py analyse": median_seconds(lambda: parley.analyse(scenario), runs),
        "engine": median_seconds(lambda: parley._core.analyse(scenario, options), runs),
    }
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", default=str(SOURCE_DIR / "build" / "parley"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--corpus", default=str(corpus_path()))
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not have_corpus(corpus):
        sys.exit(f"the scenario corpus was not found at {corpus} (--corpus DIR)")
    with tempfile.TemporaryDirectory() as folder:
        synthetic = Path(folder) / "synthetic-200x10.yaml"
        parley.save(parley.make_synthetic_scenario(200, 10), synthetic)
        # AgentHp2's folder holds three profiles: named, as a folder of more than two must be.
        cases = [("Energy", corpus / "genius" / "anac2011" / "Energy", ()),
                 ("AgentHp2 (3 parties)", corpus / "genius" / "anac2016" / "AgentHp2",
                  ("consumer.xml", "producer.xml", "provider.xml")),
                 ("russia-japan example", SOURCE_DIR / "examples" / "russia-japan.yaml", ()),
                 ("synthetic 200x10", synthetic, ())]
        rows = [measure(name, path, args.cli, args.runs, profiles)
                for name, path, profiles in cases]
    startup = median_seconds(lambda: subprocess.run([args.cli, "--version"], check=True,
                                                    stdout=subprocess.DEVNULL), args.runs)
    columns = ["cli", "py load+json", "py analyse", "engine"]
    print(f"median of {args.runs} runs, milliseconds; CLI start-up alone (parley --version): "
          f"{1000 * startup:.2f} ms")
    print(f"| case | outcomes | frontier | {' | '.join(columns)} |")
    print("|---|---:|---:|" + "---:|" * len(columns))
    for row in rows:
        outcomes = row["outcomes"] if len(row["outcomes"]) < 12 else f"1e{len(row['outcomes']) - 1}"
        times = " | ".join(f"{1000 * row[c]:.2f}" for c in columns)
        print(f"| {row['case']} | {outcomes} | {row['frontier']} | {times} |")


if __name__ == "__main__":
    main()
