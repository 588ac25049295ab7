"""The model from Python: issues, outcome space, building a scenario in code, evaluation.

Values are checked by hand computation (u = sum of weight x value utility) and against a
per-outcome loop; bad arguments must raise Python exceptions carrying the C++ message.
"""

import itertools

import numpy as np
import pytest

import parley
from parley import _core

# Buyer and seller over price and delivery week; utilities computed by hand in the tests.
ISSUES = {"price": ["low", "mid", "high"], "delivery": range(1, 4)}
PARTIES = {
    "buyer": {"weights": {"price": 0.6, "delivery": 0.4},
              "utilities": {"price": {"low": 1.0, "mid": 0.5, "high": 0.0},
                         "delivery": [1.0, 0.5, 0.0]},
              "walk_away": 0.3},
    "seller": {"weights": {"price": 0.7, "delivery": 0.3},
               "utilities": {"price": {"low": 0.0, "mid": 0.6, "high": 1.0},
                          "delivery": {1: 0.0, 2: 0.5, 3: 1.0}},
               "walk_away": 0.4},
}


def small_scenario():
    return parley.build_scenario("sale", ISSUES, PARTIES, description="a small sale")


def test_issue_factories():
    colour = parley.Issue.categorical("colour", ["red", parley.Option("blue", "the sky")])
    assert colour.kind == parley.IssueKind.categorical
    assert colour.values == ["red", "blue"] and len(colour) == 2
    assert colour.options[1].description == "the sky"
    assert colour.find_value("blue") == 1 and colour.find_value("green") is None
    weeks = parley.Issue.integer("weeks", 2, 5)
    assert weeks.values == ["2", "3", "4", "5"] and weeks.numeric_value(3) == 5.0
    share = parley.Issue.real("share", 0.0, 1.0, steps=5)
    assert share.values == ["0", "0.25", "0.5", "0.75", "1"]
    with pytest.raises(IndexError, match="value index 9"):
        share.value_label(9)
    with pytest.raises(parley.InputError, match="issue 'empty'"):
        parley.Issue.categorical("empty", [])


def test_outcome_space_indices_follow_itertools_product():
    space = parley.OutcomeSpace([2, 3, 2])
    assert space.size() == 12 and space.size_text == "12" and space.fits_index
    for index, outcome in enumerate(itertools.product(range(2), range(3), range(2))):
        assert space.outcome_at(index) == list(outcome)
        assert space.index_of(list(outcome)) == index
    assert [1, 2, 1] in space and [1, 3, 1] not in space
    with pytest.raises(IndexError):
        space.outcome_at(12)


def test_built_scenario_properties_and_hand_computed_utilities():
    s = small_scenario()
    assert s.name == "sale" and s.description == "a small sale"
    assert [i.name for i in s.issues] == ["price", "delivery"]
    assert [p.name for p in s.parties] == ["buyer", "seller"]
    assert s.reservation_values == [0.3, 0.4]
    assert s.outcome_count == 9 and s.outcome_count_text == "9"
    assert s.is_linear_additive and not s.has_real_issues
    assert s.can_enumerate(9) and not s.can_enumerate(8)
    assert s.find_issue("delivery") == 1 and s.find_party("nobody") is None
    # (mid, week 2): buyer 0.6*0.5 + 0.4*0.5 = 0.5, seller 0.7*0.6 + 0.3*0.5 = 0.57.
    outcome = s.parse_outcome("price=mid, delivery=2")
    assert outcome == [1, 1]
    assert s.utilities(outcome) == pytest.approx([0.5, 0.57], abs=1e-12)
    assert s.utility(1, [2, 2]) == pytest.approx(1.0)
    assert s.describe([0, 2]) == "price=low, delivery=3"
    utility = s.parties[0].utility
    assert isinstance(utility, parley.LinearAdditiveUtility) and utility.is_linear_additive
    assert utility.weights == [0.6, 0.4]
    assert utility.max_utility == pytest.approx(1.0) and utility.min_utility == pytest.approx(0.0)


def test_evaluate_many_outcomes_matches_one_by_one():
    s = small_scenario()
    outcomes = np.array(list(itertools.product(range(3), range(3))))
    table = s.evaluate(outcomes)
    assert table.shape == (9, 2) and table.dtype == np.float64
    for row, outcome in zip(table, outcomes):
        assert list(row) == s.utilities([int(v) for v in outcome])
    assert s.evaluate(np.zeros((0, 2), dtype=np.int64)).shape == (0, 2)


def test_exact_outcome_count_beyond_64_bits():
    s = parley.make_synthetic_scenario(200, 10)
    assert s.outcome_count == 10**200
    assert s.outcome_count_text == "1" + "0" * 200
    assert not s.space.fits_index
    with pytest.raises(parley.UnsupportedError):
        s.space.size()


def test_bad_outcomes_raise_input_error_not_crash():
    s = small_scenario()
    expected = r"found \[0, 3\], expected 2 value indices below \[3, 3\]"
    with pytest.raises(parley.InputError, match=expected):
        s.utilities([0, 3])
    with pytest.raises(parley.InputError):
        s.utility(0, [0])
    with pytest.raises(parley.InputError, match=r"outcomes\[1\]\[0\]: found -1"):
        s.evaluate(np.array([[0, 0], [-1, 0]]))
    with pytest.raises(parley.InputError, match="one column per issue"):
        s.evaluate(np.array([0, 1]))
    with pytest.raises(IndexError):
        s.utility(2, [0, 0])
    with pytest.raises(parley.InputError, match="unknown issue 'colour'"):
        s.parse_outcome("colour=red, price=low")
    with pytest.raises(TypeError):
        s.utilities("price=low")


def test_bad_scenarios_raise_with_the_cpp_message():
    with pytest.raises(parley.InputError, match="negative weight -0.2") as error:
        parley.build_scenario("bad", ISSUES, {**PARTIES, "buyer": {
            **PARTIES["buyer"], "weights": {"price": -0.2, "delivery": 1.0}}})
    assert error.value.field == "parties.buyer.weights.price"
    assert error.value.file == "scenario" and error.value.expected == "a weight >= 0"
    assert isinstance(error.value, ValueError)
    with pytest.raises(parley.InputError, match="unknown issue 'colour'"):
        parley.build_scenario("bad", ISSUES, {**PARTIES, "buyer": {
            **PARTIES["buyer"], "weights": {"colour": 1.0}}})
    with pytest.raises(parley.InputError, match="at least two parties"):
        parley.build_scenario("bad", ISSUES, {"buyer": PARTIES["buyer"]})
    with pytest.raises(parley.InputError, match="unknown option 'cheap'") as error:
        parley.build_scenario("bad", ISSUES, {**PARTIES, "buyer": {
            **PARTIES["buyer"], "utilities": {"price": {"cheap": 1.0}, "delivery": [1, 0, 0]}}})
    assert error.value.field == "parties.buyer.utilities.price"
    assert error.value.expected == "one of the options of issue 'price': low, mid, high"
    # Core classes: a utility table of the wrong length is refused by the engine.
    issues = [parley.Issue.categorical("a", ["x", "y"])]
    table = parley.ValueFunction.from_utilities
    with pytest.raises(parley.Error, match="has 2 values but 3 evaluations"):
        parley.LinearAdditiveUtility(issues, [1.0], [table([1, 0, 0])])
    utility = parley.LinearAdditiveUtility(issues, [1.0], [table([1, 0])])
    party = parley.Party("p", utility)
    with pytest.raises(parley.InputError, match="party 'p' twice"):
        parley.Scenario("dup", issues, [party, party])
    with pytest.raises(TypeError):
        parley.Scenario("wrong", issues, ["not a party", party])


def test_utility_built_for_other_issues_is_rebuilt_over_the_scenarios():
    # A table utility made for a 2-value issue cannot index a 3-value issue of the scenario.
    two = [parley.Issue.categorical("a", ["x", "y"])]
    three = [parley.Issue.categorical("a", ["x", "y", "z"])]
    utility = parley.LinearAdditiveUtility(two, [1.0],
                                           [parley.ValueFunction.from_utilities([1, 0])])
    other = parley.LinearAdditiveUtility(three, [1.0],
                                         [parley.ValueFunction.from_utilities([0, 0.5, 1])])
    with pytest.raises(parley.Error, match="has 3 values but 2 evaluations"):
        parley.Scenario("mismatch", three, [parley.Party("p", utility), parley.Party("q", other)])


def test_describe_texts():
    s = small_scenario()
    assert "price" in s.describe_text() and '"issues"' in s.describe_json()
    assert repr(s) == "Scenario('sale', 2 issues, 2 parties, 9 outcomes)"
    assert _core.format_number(0.1) == "0.1"
