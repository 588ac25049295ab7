"""Loading and saving from Python: every format, round trips, warnings and errors.

Round trips are checked by comparing the whole utility table (every outcome, every party) of
the scenario before and after, evaluated by the engine.
"""

import itertools
import warnings

import numpy as np
import pytest

import parley


def all_outcomes(scenario):
    return np.array(list(itertools.product(*(range(i.cardinality) for i in scenario.issues))))


def assert_same_scenario(a, b, party_names=True):
    """Same issues, values, parties and utility of every outcome. GENIUS names parties after
    their profile files (<scenario>-<party>.xml), so a GENIUS round trip renames them."""
    assert [i.name for i in a.issues] == [i.name for i in b.issues]
    assert [i.values for i in a.issues] == [i.values for i in b.issues]
    assert a.party_count == b.party_count
    if party_names:
        assert [p.name for p in a.parties] == [p.name for p in b.parties]
    assert a.reservation_values == pytest.approx(b.reservation_values, abs=1e-12)
    outcomes = all_outcomes(a)
    assert np.allclose(a.evaluate(outcomes), b.evaluate(outcomes), atol=1e-12, rtol=0)


def test_native_example(source_dir):
    s = parley.load(source_dir / "examples" / "russia-japan.yaml")
    assert parley.detect_format(str(source_dir / "examples" / "russia-japan.yaml")) == \
        parley.Format.native
    assert s.issue_count == 8 and s.party_count == 2 and s.outcome_count == 11664
    assert [p.name for p in s.parties] == ["japan", "russia"]
    assert s.reservation_values == [0.5, 0.6]


def test_genius_folder_files_and_profiles(corpus):
    folder = corpus / "genius" / "anac2010" / "ItexvsCypress"
    s = parley.load(folder)
    assert parley.detect_format(str(folder)) == parley.Format.genius
    assert [i.cardinality for i in s.issues] == [5, 4, 3, 3] and s.outcome_count == 180
    # A folder's profiles are taken in file-name order.
    explicit = parley.load([folder / "ItexvsCypress_domain.xml",
                            folder / "ItexvsCypress_Cypress.xml",
                            folder / "ItexvsCypress_Itex.xml"])
    assert_same_scenario(s, explicit)
    core, messages = parley.load_genius(str(folder / "ItexvsCypress_domain.xml"),
                                        [str(folder / "ItexvsCypress_Itex.xml"),
                                         str(folder / "ItexvsCypress_Cypress.xml")])
    assert messages == [] and core.outcome_count == 180


def test_geniusweb_folder(corpus):
    folder = corpus / "geniusweb" / "anac2020" / "Fitness"
    s = parley.load(folder)
    assert parley.detect_format(str(folder)) == parley.Format.geniusweb
    assert s.party_count >= 2 and s.is_linear_additive
    u = s.evaluate(all_outcomes(s)[:50])
    assert u.shape == (min(50, s.outcome_count), s.party_count)
    assert (u >= -1e-12).all() and (u <= 1 + 1e-12).all()


def test_native_round_trip(tmp_path, source_dir):
    s = parley.load(source_dir / "examples" / "russia-japan.yaml")
    written = parley.save(s, tmp_path / "copy.yaml")
    assert written == [str(tmp_path / "copy.yaml")]
    again = parley.load(tmp_path / "copy.yaml")
    assert_same_scenario(s, again)
    assert parley.loads(parley.to_native(s)).outcome_count == 11664


def test_genius_round_trip(tmp_path, corpus):
    s = parley.load(corpus / "genius" / "anac2011" / "Grocery")
    written = parley.save(s, tmp_path / "out", format="genius")
    assert written[0].endswith("-domain.xml") and len(written) == 1 + s.party_count
    again = parley.load(tmp_path / "out")
    assert_same_scenario(s, again, party_names=False)
    assert [p.discount_factor for p in s.parties] == [p.discount_factor for p in again.parties]


def test_geniusweb_round_trip(tmp_path, corpus):
    s = parley.load(corpus / "geniusweb" / "anac2020" / "FlightBooking")
    written = parley.save(s, tmp_path / "out", format="geniusweb")
    assert written[0].endswith("FlightBooking.json") and len(written) == 1 + s.party_count
    assert_same_scenario(s, parley.load(tmp_path / "out"))


def test_geniusweb_save_warns_about_reservation_values(tmp_path, source_dir):
    s = parley.load(source_dir / "examples" / "russia-japan.yaml")
    with pytest.warns(parley.LoadWarning, match="reservation value 0.5 is not given as a package"):
        parley.save(s, tmp_path / "web", format="geniusweb")
    again = parley.load(tmp_path / "web")
    assert again.reservation_values == [0.0, 0.0]
    outcomes = all_outcomes(s)
    assert np.allclose(s.evaluate(outcomes), again.evaluate(outcomes), atol=1e-12, rtol=0)


def test_built_scenario_round_trip_through_both_formats(tmp_path):
    s = parley.build_scenario(
        "deal", {"price": ["low", "high"], "weeks": range(1, 4)},
        {"a": {"weights": {"price": 0.5, "weeks": 0.5},
               "utilities": {"price": [1, 0], "weeks": [1, 0.5, 0]}, "walk_away": 0.25},
         "b": {"weights": {"price": 0.8, "weeks": 0.2},
               "utilities": {"price": [0, 1], "weeks": [0, 0.5, 1]}}})
    parley.save(s, tmp_path / "deal.yaml")
    assert_same_scenario(s, parley.load(tmp_path / "deal.yaml"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", parley.LoadWarning)
        parley.save(s, tmp_path / "genius")
    with pytest.warns(parley.LoadWarning, match="GENIUS cannot hold"):
        parley.save(s, tmp_path / "genius2")
    assert_same_scenario(s, parley.load(tmp_path / "genius"), party_names=False)


def test_load_warnings_become_python_warnings():
    text = """parley: 1
name: unnormalised
issues:
  - {name: colour, options: [red, blue]}
  - {name: size, options: [small, large]}
parties:
  - name: a
    weights: {colour: 2, size: 2}
    utilities: {colour: {red: 1, blue: 0}, size: {small: 1, large: 0}}
  - name: b
    weights: {colour: 1, size: 1}
    utilities: {colour: {red: 0, blue: 1}, size: {small: 0, large: 1}}
"""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = parley.loads(text, origin="inline.yaml")
    # Weights 2 and 2 renormalised to 0.5 and 0.5: u_a(red, large) = 0.5.
    assert s.utilities([0, 1]) == pytest.approx([0.5, 0.5])
    assert caught and all(issubclass(w.category, parley.LoadWarning) for w in caught)
    assert "weights" in str(caught[0].message)


def test_bad_input_raises_python_exceptions(tmp_path, corpus):
    with pytest.raises(parley.InputError, match="found no such file, expected an existing file or folder") as error:
        parley.load(tmp_path / "missing.yaml")
    assert error.value.file == str(tmp_path / "missing.yaml") and error.value.field == "path"
    assert error.value.line is None
    # Railway holds 4 profiles: its parties must be named; named, its constraint profiles are
    # refused.
    with pytest.raises(parley.InputError, match=r"found 4 profile files \(Minister.xml, "):
        parley.load(corpus / "genius" / "other" / "Railway")
    with pytest.raises(parley.InputError, match="constraint profiles are not supported"):
        parley.load(corpus / "genius" / "other" / "Railway", profiles=["Minister.xml", "NS.xml"])
    broken = tmp_path / "broken.yaml"
    broken.write_text("parley: 1\nname: x\nissues:\n  - {name: a, options: [p, q]}\nparties:\n"
                      "  - name: one\n    weights: {a: -1}\n    utilities: {a: {p: 1, q: 0}}\n"
                      "  - name: two\n    weights: {a: 1}\n    utilities: {a: {p: 0, q: 1}}\n")
    with pytest.raises(parley.InputError, match="negative weight -1") as error:
        parley.load(broken)
    assert error.value.line == 7 and error.value.column == 18
    assert error.value.expected == "a weight >= 0"
    with pytest.raises(parley.InputError, match="format"):
        parley.save(None, tmp_path / "o", format="csv")
    with pytest.raises(TypeError):
        parley.load(42)
    with pytest.raises(TypeError):
        parley.save("not a scenario", tmp_path / "o.yaml")
