"""parley.certify and parley.check: certificates from Python, checked by both checkers."""

import json
import os
from fractions import Fraction
from itertools import product

import pytest

import parley


@pytest.fixture(scope="module")
def treaty_path(source_dir):
    return source_dir / "examples" / "russia-japan.yaml"


@pytest.fixture(scope="module")
def treaty(treaty_path):
    return parley.load(treaty_path)


def test_certify_proves_every_claim_and_both_checkers_accept(treaty, treaty_path, tmp_path):
    result = parley.certify(treaty, claims="all", output=tmp_path / "cert.json")
    document = result["certificate"]
    assert document["format"] == "parley-certificate/1"
    assert document["scenario"]["files"][0]["name"] == "russia-japan.yaml"
    statuses = {c["status"] for c in result["claims"]}
    assert statuses == {"proved"}
    kinds = [c["claim"] for c in result["claims"]]
    assert kinds.count("ideal") == 2 and "nash" in kinds and "utilitarian" in kinds
    assert json.loads((tmp_path / "cert.json").read_text()) == document
    assert "Certificate for Russia-Japan peace treaty" in result["summary"]
    written = len(document["claims"])
    for checker in ("python", "c++"):
        if checker == "c++" and not os.environ.get("PARLEY_CLI"):
            continue
        verdict = parley.check(treaty_path, document, checker=checker)
        assert verdict["ok"], verdict["lines"]
        assert verdict["summary"] == f"{written} claims: {written} ok, 0 rejected, 0 not checked"


def test_a_tightened_nash_bound_is_rejected(treaty, treaty_path):
    document = parley.certify(treaty, claims=["nash"])["certificate"]
    (nash,) = [c for c in document["claims"] if c["claim"] == "nash"]
    nash["bound"] = str(Fraction(nash["bound"]) - Fraction(1, 1000))
    verdict = parley.check(treaty_path, document)
    assert not verdict["ok"] and verdict["exit_status"] == 1
    assert "claim 1 nash: rejected" in verdict["lines"][0]


def test_a_package_certificate_agrees_with_brute_force(treaty, treaty_path):
    # Exact utilities from the certificate's own model, brute force over the 11,664 packages:
    # the package is Pareto-optimal exactly when the certificate says so.
    text = "habomai=transferred, shikotan=transferred, kunashir=joint, iturup=russia, " \
           "economy=russian_law, travel=residence, military=demilitarised, timing=immediate"
    result = parley.certify(treaty, packages=[text])
    document = result["certificate"]
    (claim,) = document["claims"]
    model = [[[Fraction(v) for v in issue] for issue in party]
             for party in document["model"]["contributions"]]
    issues = document["scenario"]["issues"]
    index = [issue["values"].index(label) for issue, label in zip(issues, claim["package"])]
    mine = [sum(p[k][v] for k, v in enumerate(index)) for p in model]
    dominated = False
    for other in product(*[range(len(issue["values"])) for issue in issues]):
        u = [sum(p[k][v] for k, v in enumerate(other)) for p in model]
        if all(a >= b for a, b in zip(u, mine)) and any(a > b for a, b in zip(u, mine)):
            dominated = True
            break
    assert claim["claim"] == ("not_pareto" if dominated else "pareto")
    assert parley.check(treaty_path, document)["ok"]


def test_bad_requests_are_refused_with_a_clear_error(treaty):
    with pytest.raises(parley.InputError, match="claims"):
        parley.certify(treaty, claims="everything")
    memory = parley.build_scenario(
        "memory", {"i": ["a", "b"]},
        {"x": {"weights": {"i": 1}, "scores": {"i": {"a": 1, "b": 0}}},
         "y": {"weights": {"i": 1}, "scores": {"i": {"a": 0, "b": 1}}}})
    with pytest.raises(parley.UnsupportedError, match="built in memory"):
        parley.certify(memory)
    with pytest.raises(parley.InputError):
        parley.check("nowhere.yaml", {}, checker="perl")
