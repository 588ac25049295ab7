"""One vocabulary for preferences: build_scenario speaks the native format's words.

The same party written in native YAML and with build_scenario must give identical utilities
(the same C++ builder serves both); the old spellings still work with a DeprecationWarning;
mistakes name the field. Expected utilities are computed by hand in the comments.
"""

import itertools
import warnings

import numpy as np
import pytest

import parley

ISSUES = {"price": ["low", "mid", "high"], "weeks": range(1, 4)}

# Seller: weights 3:1 -> 0.75 / 0.25 (LoadWarning); price scored 0-100 -> 0.2, 0.5, 1;
# weeks linear 0 at week 1 to 1 at week 3; walk-away package (mid, 2) -> 0.75*0.5 + 0.25*0.5.
YAML = """parley: 1
name: deal
issues:
  - {name: price, options: [low, mid, high]}
  - {name: weeks, range: [1, 3]}
parties:
  - name: seller
    weights: {price: 3, weeks: 1}
    scores: {price: {low: 20, mid: 50, high: 100}}
    functions: {weeks: {linear: {slope: 0.5, offset: 0}}}
    walk_away_package: {price: mid, weeks: 2}
    discount: 0.9
  - name: buyer
    weights: {price: 0.5, weeks: 0.5}
    utilities: {price: {low: 1, mid: 0.5, high: 0}, weeks: {1: 1, 2: 0.5, 3: 0}}
    walk_away: 0.3
"""

PARTIES = {
    "seller": {"weights": {"price": 3, "weeks": 1},
               "scores": {"price": {"low": 20, "mid": 50, "high": 100}},
               "functions": {"weeks": {"linear": {"slope": 0.5, "offset": 0}}},
               "walk_away_package": {"price": "mid", "weeks": 2},
               "discount": 0.9},
    "buyer": {"weights": {"price": 0.5, "weeks": 0.5},
              "utilities": {"price": {"low": 1, "mid": 0.5, "high": 0}, "weeks": [1, 0.5, 0]},
              "walk_away": 0.3},
}


def all_outcomes(scenario):
    sizes = [len(issue) for issue in scenario.issues]
    return np.array(list(itertools.product(*(range(n) for n in sizes))))


def build(parties, **kwargs):
    return parley.build_scenario("deal", ISSUES, parties, **kwargs)


def assert_same_preferences(a, b):
    outcomes = all_outcomes(a)
    assert np.array_equal(a.evaluate(outcomes), b.evaluate(outcomes))
    assert a.reservation_values == b.reservation_values
    assert [p.discount_factor for p in a.parties] == [p.discount_factor for p in b.parties]
    assert ([p.reservation_outcome for p in a.parties]
            == [p.reservation_outcome for p in b.parties])


def test_yaml_and_python_give_identical_utilities():
    with pytest.warns(parley.LoadWarning, match="weights sum to 4, not 1") as yaml_warnings:
        from_yaml = parley.loads(YAML, "deal.yaml")
    with pytest.warns(parley.LoadWarning, match="weights sum to 4, not 1") as python_warnings:
        from_python = build(PARTIES)
    assert "parties.seller.weights" in str(yaml_warnings[0].message)
    assert str(python_warnings[0].message).startswith("scenario: parties.seller.weights: ")
    assert_same_preferences(from_yaml, from_python)
    # Hand-computed utilities (seller, buyer) at (low, 1), (mid, 2) and (high, 3).
    u = from_python.evaluate(np.array([[0, 0], [1, 1], [2, 2]]))
    assert np.allclose(u, [[0.75 * 0.2, 1.0], [0.5, 0.5], [1.0, 0.0]], atol=1e-15, rtol=0)
    assert from_python.reservation_values == [0.5, 0.3]
    assert from_python.parties[0].discount_factor == 0.9


def test_the_services_0_to_100_scores_are_the_same_scores():
    # The mediation service scores every option 0-100; the linear weeks function is 0, 50, 100.
    service = {**PARTIES["seller"], "weights": {"price": 0.75, "weeks": 0.25},
               "functions": {}, "scores": {"price": {"low": 20, "mid": 50, "high": 100},
                                           "weeks": {"1": 0, "2": 50, "3": 100}}}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # weights sum to 1: no warning at all
        a = build({**PARTIES, "seller": service})
    with pytest.warns(parley.LoadWarning):
        b = build(PARTIES)
    assert_same_preferences(a, b)


def test_old_spellings_warn_and_keep_their_meaning():
    old = {"weights": {"price": 0.6, "weeks": 0.4},
           "values": {"price": [1.0, 0.5, 0.0], "weeks": {1: 0.0, 2: 0.5, 3: 1.0}},
           "reservation_value": 0.3, "discount_factor": 0.95}
    new = {"weights": {"price": 0.6, "weeks": 0.4},
           "utilities": {"price": [1.0, 0.5, 0.0], "weeks": {1: 0.0, 2: 0.5, 3: 1.0}},
           "walk_away": 0.3, "discount": 0.95}
    with pytest.warns(DeprecationWarning) as caught:
        from_old = build({"a": old, "b": new})
    messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
    assert messages == ["build_scenario: parties.a: 'values' is deprecated, write 'utilities', "
                        "'reservation_value' is deprecated, write 'walk_away', "
                        "'discount_factor' is deprecated, write 'discount'"]
    assert caught[0].filename == __file__  # points at the caller
    assert_same_preferences(from_old, build({"a": new, "b": new}))
    assert from_old.reservation_values == [0.3, 0.3]
    # 0.6 * 0.5 + 0.4 * 0.5 at (mid, 2).
    assert from_old.utility(0, [1, 1]) == pytest.approx(0.5, abs=1e-15)


def test_old_spelling_with_unnormalised_weights_says_the_meaning_changed():
    # Old meaning: a missing weight is 0 and weights were used as written (here summing to 2);
    # now they are divided by their sum like everywhere else, and the warning says so.
    old = {"weights": {"price": 2.0}, "values": {"price": [1.0, 0.5, 0.0], "weeks": [0, 0, 1]}}
    with pytest.warns(Warning) as caught:
        scenario = build({"a": old, "b": PARTIES["buyer"]})
    found = {(w.category, str(w.message).split(": ", 2)[-1]) for w in caught}
    assert found == {
        (DeprecationWarning, "'values' is deprecated, write 'utilities'; the weights sum to 2 "
         "and are now divided by their sum (they used to be taken as written), which changes "
         "every utility"),
        (parley.LoadWarning, "party 'a': weights sum to 2, not 1; each weight was divided by "
         "their sum")}
    assert scenario.parties[0].utility.weights == [1.0, 0.0]
    assert scenario.utility(0, [1, 2]) == 0.5


def test_old_and_new_spelling_of_the_same_word_is_an_error():
    with pytest.raises(parley.InputError) as error:
        build({"a": {**PARTIES["buyer"], "reservation_value": 0.2}, "b": PARTIES["buyer"]})
    assert error.value.field == "parties.a.reservation_value"
    assert error.value.found == "both 'reservation_value' and 'walk_away'"


@pytest.mark.parametrize("change, field, found", [
    ({"scores": {"price": {"low": 1, "mid": 2, "high": 3, "full": 4}}},
     "parties.seller.scores.price", "unknown option 'full'"),
    ({"scores": {"price": {"low": 1, "mid": -2, "high": 3}}},
     "parties.seller.scores.price.mid", "negative score -2"),
    ({"scores": {"price": {"low": 1, "high": 3}}},
     "parties.seller.scores.price", "no score for option(s) mid"),
    ({"weights": {"price": 1}}, "parties.seller.weights", "no weight for weeks"),
    ({"weights": {"price": 0, "weeks": 0}}, "parties.seller.weights", "all weights zero"),
    ({"weights": {"price": 1, "colour": 0}}, "parties.seller.weights", "unknown issue 'colour'"),
    ({"functions": {}}, "parties.seller", "no value function for issue 'weeks'"),
    ({"walk_away_package": {"price": "mid"}}, "parties.seller.walk_away_package",
     "no value for weeks"),
    ({"colour": 1}, "parties.seller", "unknown key(s) colour"),
])
def test_errors_name_the_field(change, field, found):
    with pytest.raises(parley.InputError) as error:
        build({**PARTIES, "seller": {**PARTIES["seller"], **change}})
    assert (error.value.field, error.value.found) == (field, found)
    assert str(error.value).startswith(f"scenario: {field}: found {found}, expected ")


def test_status_quo_and_walk_away_to_it_as_in_the_native_format(tmp_path):
    # Status quo (high, 3). Buyer walks away to it: 0.5 * 0 + 0.5 * 0 = 0; seller keeps its
    # package (mid, 2). The same scenario in YAML gives the same values.
    buyer = {**PARTIES["buyer"], "walk_away": "status_quo"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the seller's weights 3:1 are normalised
        scenario = build({**PARTIES, "buyer": buyer}, status_quo={"price": "high", "weeks": 3})
    assert scenario.status_quo == [2, 2]
    assert scenario.reservation_values == [pytest.approx(0.5), 0.0]
    yaml = YAML.replace("walk_away: 0.3", "walk_away: status_quo").replace(
        "parties:\n", "status_quo: {price: high, weeks: 3}\nparties:\n")
    path = tmp_path / "deal.yaml"
    path.write_text(yaml)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        native = parley.load(path)
    assert native.status_quo == [2, 2]
    assert native.reservation_values == scenario.reservation_values
    assert build(PARTIES).status_quo is None


@pytest.mark.parametrize("buyer_walk_away, status_quo, field, found", [
    ("status_quo", None, "parties.buyer.walk_away",
     "status_quo, but the scenario has no status quo"),
    (5, None, "parties.buyer.walk_away", "walk-away value 5"),
    (-3, None, "parties.buyer.walk_away", "walk-away value -3"),
    ("statusquo", None, "parties.buyer.walk_away", "'statusquo'"),
    (0.3, {"price": "free", "weeks": 1}, "status_quo.price", "unknown option 'free'"),
    (0.3, {"price": "low"}, "status_quo", "no value for weeks"),
])
def test_bad_status_quos_and_walk_aways_name_the_field(buyer_walk_away, status_quo, field, found):
    buyer = {**PARTIES["buyer"], "walk_away": buyer_walk_away}
    with pytest.raises(parley.InputError) as error:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            build({**PARTIES, "buyer": buyer}, status_quo=status_quo)
    assert (error.value.field, error.value.found) == (field, found)
