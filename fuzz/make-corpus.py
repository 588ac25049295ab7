#!/usr/bin/env python3
"""Builds the seed corpus of the fuzz targets (docs/fuzzing.md) from the repository's examples and
test cases and from the scenario corpus in ../shared/scenarios, into OUT/<target>/.

Generated, not stored: the files are written at fuzz (or test) time. Each seed is named after its
source; a seed longer than --max-len bytes is left out (libFuzzer would truncate it). Hand-written
seeds for what no file provides live in fuzz/seeds/<target>/ and are passed to the fuzzer beside
this corpus. Rerunning rewrites the same files, and leaves alone what the fuzzer added.

  fuzz/make-corpus.py --out build-fuzz/corpus [--shared ../shared] [--max-len 16384]
"""
import argparse
import pathlib
import re
import sys

import yaml

SEPARATOR = b"\n--8<--\n"  # fuzz_support.hpp: kFileSeparator
ROOT = pathlib.Path(__file__).resolve().parent.parent


def slug(path, base):
    text = str(path.relative_to(base)) if path.is_relative_to(base) else path.name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)


class Corpus:
    def __init__(self, out, max_len):
        self.out = out
        self.max_len = max_len
        self.counts = {}
        self.skipped = {}

    def add(self, target, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > self.max_len:
            self.skipped[target] = self.skipped.get(target, 0) + 1
            return
        folder = self.out / target
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / ("seed-" + name)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        self.counts[target] = self.counts.get(target, 0) + 1


def case_files():
    return sorted((ROOT / "tests" / "cases").rglob("*.yaml"))


def doc_blocks(doc, language):
    """The fenced code blocks of one language in a document of docs/."""
    path = ROOT / "docs" / doc
    if not path.exists():
        return []
    return re.findall(r"^```" + language + r"\n(.*?)^```", path.read_text(encoding="utf-8"),
                      re.M | re.S)


def native_seeds(corpus):
    for i, block in enumerate(doc_blocks("scenario-format.md", "yaml")):
        corpus.add("native", f"docs_scenario-format_{i}", block)
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        corpus.add("native", slug(path, ROOT), path.read_bytes())
    for path in case_files():
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(case, dict) and isinstance(case.get("scenario"), dict):
            text = yaml.safe_dump(case["scenario"], sort_keys=False, allow_unicode=True)
            corpus.add("native", slug(path, ROOT), text)


def scenario_folders(shared):
    scenarios = shared / "scenarios"
    if not scenarios.is_dir():
        print(f"make-corpus: no scenario corpus at {scenarios}; only the examples are used",
              file=sys.stderr)
        return []
    return sorted({p.parent for p in scenarios.rglob("*") if p.suffix in (".xml", ".json")})


def folder_seeds(corpus, shared):
    """GENIUS and GeniusWeb: the domain then up to three profiles, in name order."""
    base = shared / "scenarios"
    for folder in scenario_folders(shared):
        xml = [p for p in sorted(folder.glob("*.xml")) if b"<utility_space" in p.read_bytes()]
        domains = [p for p in xml if b"<negotiation_template" in p.read_bytes()]
        profiles = [p for p in xml if p not in domains]
        target = "genius"
        if not domains:
            json = sorted(folder.glob("*.json"))
            domains = [p for p in json if b"UtilitySpace" not in p.read_bytes()]
            profiles = [p for p in json if p not in domains]
            target = "geniusweb"
        if len(domains) != 1 or not profiles:
            continue
        parts = [domains[0].read_bytes()] + [p.read_bytes() for p in profiles[:3]]
        corpus.add(target, slug(folder, base), SEPARATOR.join(parts[:3]))
        if len(parts) > 3:  # 3-party folders: all three
            corpus.add(target, slug(folder, base) + "-3", SEPARATOR.join(parts))


def division_seeds(corpus):
    for path in sorted((ROOT / "examples").glob("*.csv")) + sorted(
            (ROOT / "tests").rglob("*.csv")):
        corpus.add("division", slug(path, ROOT), path.read_bytes())
    for path in case_files():
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        division = case.get("division") if isinstance(case, dict) else None
        if isinstance(division, dict) and isinstance(division.get("table"), str):
            corpus.add("division", slug(path, ROOT), division["table"])


def tournament_seeds(corpus):
    for i, block in enumerate(doc_blocks("tournament.md", "yaml")):
        corpus.add("tournament", f"docs_tournament_{i}", block)
    for path in sorted((ROOT / "examples" / "tournaments").glob("*.yaml")):
        corpus.add("tournament", slug(path, ROOT), path.read_bytes())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    parser.add_argument("--max-len", type=int, default=16384)
    args = parser.parse_args()
    corpus = Corpus(args.out, args.max_len)
    native_seeds(corpus)
    folder_seeds(corpus, args.shared.resolve())
    division_seeds(corpus)
    tournament_seeds(corpus)
    for target in sorted(corpus.counts):
        skipped = corpus.skipped.get(target, 0)
        note = f" ({skipped} longer than {args.max_len} bytes left out)" if skipped else ""
        print(f"make-corpus: {target}: {corpus.counts[target]} seeds{note}")


if __name__ == "__main__":
    main()
