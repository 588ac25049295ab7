"""Fair division from Python (parley.divide and the calls beneath it): exact Fractions, the
allocations and their checks, rent, the reports, errors, the GIL, and agreement with the CLI.

The worked cases of tests/cases/division run through this binding too (test_cases.py); the
values here are worked out in the comments or taken from those cases' hand computations.
"""

import json
import subprocess
from fractions import Fraction

import pytest

import parley
from test_analysis import _main_thread_stall

# Brams and Taylor's divorce (tests/cases/division/aw-brams-taylor-divorce.yaml works it out).
ESTATE = "examples/estate-points.csv"


@pytest.fixture
def estate(source_dir):
    return parley.load_division_table(source_dir / ESTATE)


def test_adjusted_winner_gives_exact_fractions(estate):
    assert estate.agents == ["Bob", "Carol"] and estate.item_count == 5
    assert estate.kind == parley.TableKind.items
    assert estate.values[0] == [50, 20, 15, 10, 5] and isinstance(estate.values[0][0], Fraction)
    division, warnings = parley.divide(estate)  # two parties: Adjusted Winner by default
    assert warnings == [] and division.method == parley.DivisionMethod.adjusted_winner
    aw = division.adjusted_winner
    assert aw.initial_owner == [0, 1, 0, 0, 1]
    assert aw.initial_totals == [75, 40]
    assert [estate.items[i] for i in aw.transfer_order] == ["Investments", "Retirement account"]
    assert aw.split_item == 0 and aw.split_fraction_kept == Fraction(5, 6)
    assert aw.share_of_first == [Fraction(5, 6), 0, 1, 0, 0]
    assert aw.totals == [Fraction(170, 3)] * 2 and isinstance(aw.totals[0], Fraction)
    assert {c.property: parley.verdict_name(c.verdict) for c in division.checks} == {
        "equitable": "holds", "envy-free": "holds", "efficient": "holds"}
    assert division.allocation is None and division.rent is None and division.utilities == []
    # The lower-level call gives the same result.
    direct, _ = parley.adjusted_winner(estate)
    assert direct.totals == aw.totals and direct.split_item == aw.split_item


def test_adjusted_winner_rescales_points_with_warnings():
    # A spreads 4 points, B 2: scaled to (25, 75) and (50, 50). Winner phase: y to A, x to B
    # (75 to 50); y is split: 75 f = 50 + 50 (1 - f), f = 4/5, both end with 60.
    instance = parley.DivisionInstance(["A", "B"], ["x", "y"], [[1, 3], [1, 1]])
    result, warnings = parley.adjusted_winner(instance)
    assert len(warnings) == 2
    assert result.points == [[25, 75], [50, 50]]
    assert result.split_item == 1 and result.split_fraction_kept == Fraction(4, 5)
    assert result.totals == [60, 60]


def test_numbers_cross_as_fractions():
    instance = parley.DivisionInstance(["A", "B"], ["x", "y"],
                                       [[Fraction(1, 3), "2.5"], [0.1, "1/7"]], origin="mine")
    assert instance.values == [[Fraction(1, 3), Fraction(5, 2)], [Fraction(1, 10), Fraction(1, 7)]]
    assert instance.total_value(0) == Fraction(17, 6)
    assert parley.parse_rational("2.5e1") == 25 and parley.parse_rational("abc") is None
    assert parley.format_rational(Fraction(1, 3)) == "1/3" and parley.format_rational("12.5") == "12.5"
    with pytest.raises(TypeError):
        parley.DivisionInstance(["A", "B"], ["x"], [[True], [1]])
    with pytest.raises(TypeError):
        parley.DivisionInstance(["A", "B"], ["x"], [[float("nan")], [1]])


def test_allocations_and_checks():
    # Utilitarian gives each item to whoever values it most: all three to A (utility 10, B 0).
    # Bundles of B with A's and B's values: {y} 7 x 2 = 14, {y, z} 5 x 3 = 15, {z} 8 x 1,
    # {x} 5 x 1, {x, y} 2 x 3, {x, z} 3 x 2: MNW gives B {y, z}, whose smallest value (3) is
    # also the largest minimum, so leximin agrees.
    instance = parley.DivisionInstance(["A", "B"], ["x", "y", "z"], [[5, 3, 2], [1, 2, 1]])
    assert parley.utilitarian_allocation(instance) == [0, 0, 0]
    assert parley.max_nash_welfare_allocation(instance) == [0, 1, 1]
    assert parley.leximin_allocation(instance) == [0, 1, 1]
    assert parley.bundle_values(instance, [0, 1, 1]) == [5, 3]
    checks = {c.property: c for c in parley.check_allocation(instance, [0, 0, 0])}
    assert parley.verdict_name(checks["envy-free"].verdict) == "fails"
    assert checks["envy-free"].detail  # the witness
    assert checks["Pareto-optimal"].verdict == parley.Verdict.holds
    # Maximin shares: A cuts {x} {y, z} (5, 5): 5; B cuts {x, z} {y} (2, 2): 2.
    assert parley.maximin_shares(instance) == [5, 2]
    limited = parley.check_allocation(instance, [0, 1, 1],
                                      parley.CheckLimits(pareto_allocation_limit=1))
    assert {c.property: c.verdict for c in limited}["Pareto-optimal"] == parley.Verdict.not_checked


def test_divide_by_name_matches_the_inheritance_case(source_dir):
    # tests/cases/division/mnw-inheritance-example.yaml: brute force over 3^6 allocations.
    instance = parley.load_division_table(source_dir / "examples" / "inheritance-points.csv")
    assert parley.default_division_method(instance) == parley.DivisionMethod.max_nash_welfare
    by_name, _ = parley.divide(instance, "mnw")
    by_enum, _ = parley.divide(instance, parley.DivisionMethod.max_nash_welfare)
    owners = {instance.items[i]: instance.agents[a] for i, a in enumerate(by_name.allocation)}
    assert owners == {"House": "Ana", "Car": "Ben", "Piano": "Chloe", "Paintings": "Ana",
                      "Boat": "Ben", "Jewellery": "Chloe"}
    assert by_name.utilities == [60, 45, 50] and by_enum.allocation == by_name.allocation
    assert parley.parse_division_method("nash") == parley.DivisionMethod.max_nash_welfare
    assert parley.division_method_name(parley.DivisionMethod.adjusted_winner) == "adjusted-winner"


def test_rent_division():
    # tests/cases/division/rent-two-people.yaml: Alice R1 at 60, Bob R2 at 40, both left with 10.
    instance = parley.parse_division_table("room,Alice,Bob\nR1,70,50\nR2,30,50\n", "rooms.csv")
    assert instance.kind == parley.TableKind.rooms
    assert parley.default_division_method(instance) == parley.DivisionMethod.rent
    division, warnings = parley.divide(instance, options=parley.DivideOptions(total_rent=100))
    rent = division.rent
    assert warnings == [] and rent.total_rent == 100 and rent.room_of_agent == [0, 1]
    assert rent.prices == pytest.approx([60, 40], abs=1e-9)
    assert rent.agent_utilities == pytest.approx([10, 10], abs=1e-9)
    direct, _ = parley.maximin_rent_division(instance, "100")
    assert direct.prices == pytest.approx(rent.prices, abs=1e-12)
    # Without a rent the common sum of the values (100) is the rent.
    assert parley.divide(instance)[0].rent.total_rent == 100


def test_division_scenarios(source_dir):
    scenario = parley.load(source_dir / "examples" / "divorce-settlement.yaml")
    assert parley.is_division_scenario(scenario)
    assert parley.division_scenario_problem(scenario) is None
    instance, _ = parley.division_instance_from_scenario(scenario)
    assert all(sum(row) == 100 for row in instance.values)  # points out of 100
    job = parley.load(source_dir / "examples" / "job-offer.yaml")
    assert not parley.is_division_scenario(job)
    assert "is not an item" in parley.division_scenario_problem(job)
    with pytest.raises(parley.InputError) as error:
        parley.division_instance_from_scenario(job)
    assert error.value.field == "issues"


def test_errors_map_to_parley_errors(tmp_path):
    with pytest.raises(parley.InputError) as error:
        parley.DivisionInstance(["A", "B"], ["x"], [[1], [-2]], origin="mine")
    assert error.value.file == "mine" and error.value.found == "-2"
    instance = parley.DivisionInstance(["A", "B", "C"], ["x"], [[1], [1], [1]])
    with pytest.raises(parley.UnsupportedError):
        parley.adjusted_winner(instance)
    with pytest.raises(parley.InputError, match="method"):
        parley.divide(instance, "fairest")
    with pytest.raises(parley.InputError, match="allocation"):
        parley.bundle_values(instance, [3])
    with pytest.raises(parley.InputError, match="allocation"):
        parley.check_allocation(instance, [0, 1])
    bad = tmp_path / "bad.csv"
    bad.write_text("item,A,B\nx,1,abc\n")
    with pytest.raises(parley.InputError) as error:
        parley.load_division_table(bad)
    assert error.value.line == 2 and "abc" in error.value.found


def test_reports_match_the_cli_byte_for_byte(source_dir, parley_cli):
    for table, method in [(ESTATE, None), ("examples/inheritance-points.csv", "leximin"),
                          ("examples/rent-rooms.csv", None)]:
        path = str(source_dir / table)
        division, warnings = parley.divide(parley.load_division_table(path), method)
        arguments = [str(parley_cli), "divide", path] + (["--method", method] if method else [])
        text = subprocess.run(arguments, capture_output=True, text=True, check=True).stdout
        assert parley.describe_division(division) == text
        as_json = subprocess.run(arguments + ["--json"], capture_output=True, text=True,
                                 check=True).stdout
        assert parley.render_division_json(division, warnings) + "\n" == as_json
    report = json.loads(as_json)  # the rent: prices at full precision, summing to the rent
    assert report["rent"]["total"] == {"exact": "3000", "value": 3000.0}
    assert sum(report["rent"]["prices"]) == pytest.approx(3000, abs=1e-6)


def test_gil_is_released_while_dividing():
    # An MNW instance grown until the MILP takes 0.1 s; values from a fixed linear congruential
    # sequence. A busy machine may stall the main thread once, so a stall gets two more tries;
    # an engine holding the GIL stalls it every time.
    agents, items = 4, 16
    for attempt in range(4):
        state, values = 12345, []
        for _ in range(agents):
            row = []
            for _ in range(items):
                state = (state * 1103515245 + 12345) % 2**31
                row.append(1 + state % 97)
            values.append(row)
        instance = parley.DivisionInstance([f"a{k}" for k in range(agents)],
                                           [f"g{k}" for k in range(items)], values)
        gap, duration = _main_thread_stall(lambda: parley.divide(instance, "mnw"))
        if duration < 0.1:
            agents, items = agents + 2, items * 2
            continue
        if gap < duration / 2:
            return
    raise AssertionError(f"main thread stalled {gap:.3f} s of the {duration:.3f} s division "
                         f"({agents} x {items})")


def test_large_mnw_is_flagged_approximate_and_small_one_exact(estate):
    # 3 parties x 2,000 items: the MNW program is predicted beyond its size limit
    # (MilpLimits.model_size_limit), so the approximate method answers and says so.
    state, values = 7, []
    for _ in range(3):
        row = []
        for _ in range(2000):
            state = (state * 1103515245 + 12345) % 2**31
            row.append(1 + state % 100)
        values.append(row)
    instance = parley.DivisionInstance(["a", "b", "c"], [f"g{k}" for k in range(2000)], values)
    division, _ = parley.divide(instance, "mnw")
    assert division.exact is False
    assert division.note != ""
    assert sorted(set(division.allocation)) == [0, 1, 2]
    small, _ = parley.divide(estate, "mnw")
    assert small.exact is True and small.note == ""
