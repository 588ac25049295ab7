"""parley.robust: the robust analysis from Python, the same numbers as the engine's JSON."""

import json

import pytest

import parley


@pytest.fixture(scope="module")
def treaty(source_dir):
    return parley.load(source_dir / "examples" / "russia-japan.yaml")


def test_robust_returns_the_engine_json_as_a_dict(treaty):
    result = parley.robust(treaty, samples=500, seed=3)
    assert result["schema"] == "parley-robust/1"
    assert result["packages_analysed"] == 3 ** 6 * 4 * 4
    assert result == json.loads(parley._core.robust_json(treaty, samples=500, seed=3))
    japan = result["parties"][0]
    assert japan["name"] == "japan"
    assert "walk-away uniform on [0.45, 0.55]" in japan["statements"]
    rules = [r["rule"] for r in result["recommendations"]]
    assert rules[:3] == ["most-acceptable", "nominal-nash", "nominal-kalai-smorodinsky"]
    for package in result["packages"]:
        joint = package["joint_acceptance"]["value"]
        product = 1.0
        for party in package["parties"]:
            product *= party["acceptance"]["value"]
            assert party["min_utility"] <= party["expected_utility"]["value"] + 1e-12
            assert party["expected_utility"]["value"] <= party["max_utility"] + 1e-12
        assert joint == pytest.approx(product, abs=1e-12)
    assert result["sentences"]


def test_questions_to_ask_next_are_ranked_by_information(treaty):
    result = parley.robust(treaty, samples=500, questions=5)
    questions = result["questions"]
    assert 1 <= len(questions) <= 5
    informations = [q["information_bits"] for q in questions]
    assert informations == sorted(informations, reverse=True)
    for q in questions:
        assert q["kind"] in ("compare", "accept", "weight")
        assert q["party"] in ("japan", "russia")
        assert 0.0 < q["yes"]["value"] < 1.0 and not q["yes"]["exact"]
        assert 0.0 < q["information_bits"] <= result["nash_entropy_bits"] + 1e-12
        assert 0.0 < q["if_yes"]["share"] <= 1.0 and 0.0 < q["if_no"]["share"] <= 1.0
    assert parley.robust(treaty, samples=500, questions=0)["questions"] == []


def test_spaces_above_max_packages_are_analysed_over_candidates(treaty):
    full = parley.robust(treaty, samples=300)
    assert "candidates" not in full
    result = parley.robust(treaty, samples=300, max_packages=1000, candidate_vectors=8)
    candidates = result["candidates"]
    assert candidates["space_size"] == "11664"
    assert candidates["parameter_vectors"] == 8
    assert candidates["frontiers_exact"] is True
    assert 0 < result["packages_analysed"] <= 1000
    # Per-package numbers do not depend on the set analysed.
    by_package = {json.dumps(p["package"], sort_keys=True): p for p in full["packages"]}
    for package in result["packages"]:
        same = by_package.get(json.dumps(package["package"], sort_keys=True))
        if same:
            for a, b in zip(package["parties"], same["parties"]):
                assert a["expected_utility"]["value"] == pytest.approx(b["expected_utility"]["value"], abs=1e-12)
                assert a["min_utility"] == pytest.approx(b["min_utility"], abs=1e-12)


def test_what_ifs_restrict_and_change_the_analysis(treaty):
    fixed = parley.robust(treaty, samples=300, fix=["iturup=russia"], walk_away=["japan=0.45"])
    assert fixed["packages_analysed"] == 3 ** 5 * 4 * 4
    assert all(p["package"]["iturup"] == "russia" for p in fixed["packages"])
    assert fixed["parties"][0]["walk_away"]["law"] == "0.45"
    with pytest.raises(parley.InputError) as error:
        parley.robust(treaty, samples=10, fix=["iturup=china"])
    assert error.value.field == "fix"
    with pytest.raises(parley.InputError):
        parley.robust(treaty, samples=10, weight=["japan.iturup=0.9"])


def test_the_text_report_names_every_rule(treaty):
    text = parley.robust_report(treaty, samples=300)
    for title in ["Most acceptable package", "Robust (max-min) Nash", "Chance-constrained Nash",
                  "Sensitivity of the nominal Nash package", "In short"]:
        assert title in text


_SMALL = """parley: 1
name: small
issues:
  - {name: price, options: [low, mid, high]}
  - {name: delivery, options: [slow, fast]}
parties:
  - name: buyer
    walk_away: 0.3
    weights: {price: 0.6, delivery: 0.4}
    utilities:
      price: {low: 1, mid: 0.5, high: 0}
      delivery: {slow: 0, fast: 1}
    uncertainty:
      weights: {price: [0.4, 0.8]}
      walk_away: {uniform: [0.2, 0.4]}
  - name: seller
    walk_away: 0.3
    weights: {price: 0.7, delivery: 0.3}
    utilities:
      price: {low: 0, mid: 0.6, high: 1}
      delivery: {slow: 1, fast: 0}
    uncertainty:
      mixture:
        - {probability: 0.6, weights: {price: 0.8, delivery: 0.2}}
        - {probability: 0.4, weights: {price: 0.5, delivery: 0.5}}
"""


def test_build_scenario_takes_the_uncertainty_block_as_the_native_format_does():
    from_yaml = parley.loads(_SMALL, "small.yaml")
    built = parley.build_scenario("small", {"price": ["low", "mid", "high"],
                                            "delivery": ["slow", "fast"]}, {
        "buyer": {"walk_away": 0.3, "weights": {"price": 0.6, "delivery": 0.4},
                  "utilities": {"price": {"low": 1, "mid": 0.5, "high": 0},
                                "delivery": {"slow": 0, "fast": 1}},
                  "uncertainty": {"weights": {"price": [0.4, 0.8]},
                                  "walk_away": {"uniform": [0.2, 0.4]}}},
        "seller": {"walk_away": 0.3, "weights": {"price": 0.7, "delivery": 0.3},
                   "utilities": {"price": {"low": 0, "mid": 0.6, "high": 1},
                                 "delivery": {"slow": 1, "fast": 0}},
                   "uncertainty": {"mixture": [
                       {"probability": 0.6, "weights": {"price": 0.8, "delivery": 0.2}},
                       {"probability": 0.4, "weights": {"price": 0.5, "delivery": 0.5}}]}},
    })
    a = parley.robust(from_yaml, samples=400)
    b = parley.robust(built, samples=400)
    assert a == b
    assert a["parties"][0]["statements"] == ["weight of price between 0.4 and 0.8",
                                             "walk-away uniform on [0.2, 0.4]"]
    # One free weight and a mixture: every acceptance probability is exact.
    assert all(p["acceptance"]["exact"] for q in a["packages"] for p in q["parties"])
    # The same checks and messages: an unknown issue names its field.
    with pytest.raises(parley.InputError) as error:
        parley.build_scenario("bad", {"price": ["low", "high"]}, {
            "a": {"weights": {"price": 1}, "utilities": {"price": {"low": 1, "high": 0}},
                  "uncertainty": {"weights": {"colour": [0, 1]}}},
            "b": {"weights": {"price": 1}, "utilities": {"price": {"low": 0, "high": 1}}},
        })
    assert "parties.a.uncertainty.weights.colour" in str(error.value)
    assert "unknown issue 'colour'" in str(error.value)
    with pytest.raises(parley.InputError) as error:
        parley.build_scenario("bad", {"price": ["low", "high"]}, {
            "a": {"weights": {"price": 1}, "utilities": {"price": {"low": 1, "high": 0}},
                  "uncertainty": {"walk_away": float("nan")}},
            "b": {"weights": {"price": 1}, "utilities": {"price": {"low": 0, "high": 1}}},
        })
    assert "parties.a.uncertainty" in str(error.value)


class _Uniform:
    """Stands in for negmas.helpers.prob.ScipyDistribution(type='uniform', loc, scale) (NegMAS is
    not installable here: no PyPI)."""

    def __init__(self, loc, scale):
        self.type, self.loc, self.scale = "uniform", loc, scale


class _IPUtilityFunction:
    """Stands in for negmas.preferences.IPUtilityFunction: one distribution per outcome."""

    def __init__(self, distributions):
        self.distributions = distributions


def test_negmas_ipufun_becomes_utility_bounds_on_the_weights():
    # The buyer of _SMALL with its weights unknown; NegMAS knows each package's utility within
    # +-0.05 of the truth at w = (0.6, 0.4): w_price in [0.55, 0.65] satisfies every interval.
    values = {"price": {"low": 1, "mid": 0.5, "high": 0}, "delivery": {"slow": 0, "fast": 1}}
    truth = {(p, d): 0.6 * values["price"][p] + 0.4 * values["delivery"][d]
             for p in values["price"] for d in values["delivery"]}
    ufun = _IPUtilityFunction({o: _Uniform(u - 0.05, 0.1) for o, u in truth.items()})
    block = parley.utility_bounds_from_negmas(ufun, ["price", "delivery"])
    assert len(block["utility_of"]) == 6
    assert block["utility_of"][0] == {"package": {"price": "low", "delivery": "slow"},
                                      "between": [pytest.approx(0.55), pytest.approx(0.65)]}
    scenario = parley.build_scenario("small", {"price": ["low", "mid", "high"],
                                               "delivery": ["slow", "fast"]}, {
        "buyer": {"walk_away": 0.3, "weights": {"price": 0.6, "delivery": 0.4},
                  "utilities": values, "uncertainty": block},
        "seller": {"walk_away": 0.3, "weights": {"price": 0.7, "delivery": 0.3},
                   "utilities": {"price": {"low": 0, "mid": 0.6, "high": 1},
                                 "delivery": {"slow": 1, "fast": 0}}},
    })
    result = parley.robust(scenario, samples=200)
    weights = result["parties"][0]["weights"]["price"]
    # (low, slow): w_price in [0.55, 0.65]; (high, fast): 1 - w_price in [0.35, 0.45]: the same.
    assert weights["min"] == pytest.approx(0.55, abs=1e-9)
    assert weights["max"] == pytest.approx(0.65, abs=1e-9)
    # Intervals that no weight vector meets are refused, naming them.
    bad = _IPUtilityFunction({("low", "slow"): _Uniform(0.9, 0.05),
                              ("high", "fast"): _Uniform(0.9, 0.05)})
    with pytest.raises(parley.InputError) as error:
        parley.build_scenario("bad", {"price": ["low", "mid", "high"],
                                      "delivery": ["slow", "fast"]}, {
            "buyer": {"weights": {"price": 0.6, "delivery": 0.4}, "utilities": values,
                      "uncertainty": parley.utility_bounds_from_negmas(bad, ["price", "delivery"])},
            "seller": {"weights": {"price": 0.7, "delivery": 0.3},
                       "utilities": {"price": {"low": 0, "mid": 0.6, "high": 1},
                                     "delivery": {"slow": 1, "fast": 0}}},
        })
    assert "cannot all hold" in str(error.value)
    with pytest.raises(parley.InputError):
        parley.utility_bounds_from_negmas(_IPUtilityFunction({("low",): 0.5}), ["price", "delivery"])
