"""parley.quorum and parley.improve: the same numbers as the engine, checked by brute force in
Python."""

import itertools
import json

import pytest

import parley


@pytest.fixture(scope="module")
def contract(source_dir):
    return parley.load(source_dir / "examples" / "business-contract.yaml")


@pytest.fixture(scope="module")
def treaty(source_dir):
    return parley.load(source_dir / "examples" / "russia-japan.yaml")


def every_package(scenario):
    return itertools.product(*[range(issue.cardinality) for issue in scenario.issues])


def test_quorum_counts_match_brute_force(contract):
    walk = [party.reservation_value for party in contract.parties]
    supplier = contract.find_party("supplier")
    result = parley.quorum(contract, required="1", veto=["supplier"])
    assert result["schema"] == "parley-quorum/1"
    assert result == json.loads(parley._core.quorum_json(contract, "1", ["supplier"]))
    passing = unanimous = 0
    for outcome in every_package(contract):
        utilities = contract.utilities(list(outcome))
        accepts = [u >= r - 1e-9 for u, r in zip(utilities, walk)]
        if accepts[supplier]:
            passing += 1
            unanimous += all(accepts)
    assert result["counts"]["passing"] == passing
    assert result["counts"]["unanimous"] == unanimous
    with pytest.raises(parley.InputError, match="veto"):
        parley.quorum(contract, veto=["nobody"])
    with pytest.raises(parley.InputError, match="quorum"):
        parley.quorum(contract, required="7")


def test_improvements_are_strict_pareto_improvements(treaty):
    result = parley.improve(treaty, "habomai=russia, shikotan=russia, kunashir=russia, "
                            "iturup=russia, economy=none, travel=current, "
                            "military=unrestricted, timing=immediate", limit=5)
    assert result["schema"] == "parley-improvements/1"
    assert len(result["improvements"]) == 5
    assert result["agreed"]["package"]["timing"] == "immediate"
    # The same through value indices and through a dict.
    indices = [treaty.issues[i].find_value(label) for i, label in enumerate(
        ["russia", "russia", "russia", "russia", "none", "current", "unrestricted", "immediate"])]
    assert parley.improve(treaty, indices, limit=5) == result
    base = treaty.utilities(indices)
    for improvement in result["improvements"]:
        labels = improvement["package"]
        outcome = [treaty.issues[i].find_value(labels[issue.name])
                   for i, issue in enumerate(treaty.issues)]
        utilities = treaty.utilities(outcome)
        assert all(u >= b - 1e-9 for u, b in zip(utilities, base))
        assert any(u > b + 1e-9 for u, b in zip(utilities, base))
    with pytest.raises(parley.InputError, match="package"):
        parley.improve(treaty, "habomai=nowhere")
