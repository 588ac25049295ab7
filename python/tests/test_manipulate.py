"""parley.manipulate: the manipulation analysis from Python, the same numbers as the engine."""

import itertools
import json

import pytest

import parley


@pytest.fixture(scope="module")
def treaty(source_dir):
    return parley.load(source_dir / "examples" / "russia-japan.yaml")


def best_package_the_other_accepts(scenario, party):
    """The reservation theorem's bound, by brute force in Python (docs/manipulation.md)."""
    me = scenario.find_party(party)
    other = 1 - me
    best = scenario.parties[me].reservation_value
    for outcome in itertools.product(*[range(issue.cardinality) for issue in scenario.issues]):
        utilities = scenario.utilities(list(outcome))
        if utilities[other] >= scenario.parties[other].reservation_value:
            best = max(best, utilities[me])
    return best


def test_walk_away_reports_reach_the_reservation_theorems_bound(treaty):
    result = parley.manipulate(treaty, rule="nash", party="japan")
    assert result["schema"] == "parley-manipulation/1"
    assert result == json.loads(parley._core.manipulation_json(treaty, rule="nash", party="japan"))
    (japan,) = result["results"]
    assert japan["rule"] == "nash" and japan["party"] == "japan"
    assert japan["best"]["utilities"][0] == pytest.approx(
        best_package_the_other_accepts(treaty, "japan"), abs=1e-12)
    assert japan["gain"] == pytest.approx(
        japan["best"]["utilities"][0] - japan["truthful"]["utilities"][0], abs=1e-12)
    assert japan["incentive_ratio"] == pytest.approx(
        japan["best"]["utilities"][0] / japan["truthful"]["utilities"][0])
    assert japan["losses"][1] > 0.1
    # The intervals tile [0, top] and the best report lies in one reaching the best utility.
    intervals = japan["intervals"]
    assert intervals[0]["from"] == 0.0
    for before, after in zip(intervals, intervals[1:]):
        assert before["to"] == after["from"]
    report = japan["best"]["report"]["walk_away"]
    holding = [i for i in intervals if i["from"] <= report <= i["to"]]
    assert any(i["utilities"][0] == pytest.approx(japan["best"]["utilities"][0]) for i in holding)
    assert "could raise its utility from 0.622 to 0.756" in japan["sentence"]


def test_the_table_puts_every_party_and_rule_side_by_side(treaty):
    table = parley.manipulate(treaty, table=True)["results"]
    assert [(r["rule"], r["party"]) for r in table] == [
        (rule, party) for rule in ("nash", "kalai-smorodinsky", "egalitarian", "utilitarian")
        for party in ("japan", "russia")]
    for row in table:
        me = 0 if row["party"] == "japan" else 1
        # Every IR-respecting rule is pushed to the same point by walk-away reports.
        assert row["best"]["utilities"][me] == pytest.approx(
            best_package_the_other_accepts(treaty, row["party"]), abs=1e-12)


def test_bad_requests_name_the_field(treaty):
    with pytest.raises(parley.InputError, match="party"):
        parley.manipulate(treaty, party="Japan")
    with pytest.raises(parley.InputError, match="rule"):
        parley.manipulate(treaty, rule="borda", party="japan")
    with pytest.raises(parley.InputError, match="reports"):
        parley.manipulate(treaty, party="japan", reports="everything")
