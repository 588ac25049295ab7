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
        (rule, party)
        for rule in ("nash", "kalai-smorodinsky", "egalitarian", "utilitarian", "nash-lottery")
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
    with pytest.raises(parley.InputError, match="info"):
        parley.manipulate(treaty, party="japan", info="psychic")
    with pytest.raises(parley.InputError, match="samples"):
        parley.manipulate(treaty, party="japan", info="bayes", samples=0)


def test_bayes_judges_the_full_information_report_on_seeded_draws(treaty):
    result = parley.manipulate(treaty, party="japan", info="bayes", samples=60, seed=3)
    (japan,) = result["results"]
    assert japan["information"] == "bayes"
    bayes = japan["bayes"]
    full = bayes["full_information_report"]
    best = bayes["best"]
    assert full["samples"] == 60 and full["seed"] == 3
    assert full["report"]["walk_away"] == japan["best"]["report"]["walk_away"]
    # The best report on average does at least as well on average as the sharpest one.
    assert best["expected_gain"] >= full["expected_gain"] - 1e-12
    for risk in (full, best):
        assert 0.0 <= risk["probability_of_loss"] <= 1.0
        assert risk["probability_of_gain"] + risk["probability_of_loss"] <= 1.0 + 1e-12
    # Tuned to Russia's exact walk-away, the sharpest report sometimes backfires.
    assert full["probability_of_loss"] > 0.0
    again = parley.manipulate(treaty, party="japan", info="bayes", samples=60, seed=3)
    assert again == result


def test_variants_put_the_rule_beside_its_less_manipulable_options(treaty):
    result = parley.manipulate(treaty, rule="nash", variants=True, epsilon=0.05)
    assert result["schema"] == "parley-manipulation-variants/1"
    names = [m["name"] for m in result["mechanisms"]]
    assert names[0] == "nash (self-reported walk-away values)"
    assert "hardest to manipulate within 5% of the Nash product" in names
    assert "random priority" in names
    reference = result["mechanisms"][0]
    # Costs are measured against the reference, in true utilities.
    for m in result["mechanisms"]:
        assert m["utility_sum"] == pytest.approx(sum(m["utilities"]), abs=1e-12)
        assert m["efficiency_cost"] == pytest.approx(
            reference["utility_sum"] - m["utility_sum"], abs=1e-12)
        if m["truthful"]:
            assert m["largest_gain"] == 0.0
    hardest = next(m for m in result["mechanisms"] if m["name"].startswith("hardest"))
    assert hardest["largest_gain"] <= reference["largest_gain"] + 1e-12
