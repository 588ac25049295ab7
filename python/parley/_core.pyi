"""Type stubs of parley._core, the C++ engine of parley (one to one with include/parley/<area>/*.hpp).

Model, io and analysis first; the negotiation and tournament section follows at the end.
Loaders return (result, warnings); outcomes are lists of value indices, one per issue.
"""

import os
from typing import Callable, Dict, List, Optional, Tuple

import numpy
from numpy.typing import ArrayLike, NDArray

__version__: str  # parley's version (the file VERSION at the repository root)

class Error(RuntimeError):
    """Base of every error parley raises on purpose (docs/errors.md)."""

class InputError(Error, ValueError):
    """Bad input; the message reads 'FILE:LINE: FIELD: found X, expected Y'."""

    file: str
    line: Optional[int]
    column: Optional[int]
    field: str
    found: str
    expected: str

class UnsupportedError(Error):
    """A request the library cannot serve for this input, with the reason."""

# --- model, io and analysis ---

class IssueKind:
    """Kind of an issue: named options, integers or reals."""
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    categorical: IssueKind
    integer: IssueKind
    real: IssueKind

class Option:
    """One option of a categorical issue."""
    def __init__(self, name: str, description: str = '') -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    def __repr__(self) -> str: ...

class Issue:
    """An issue of the negotiation: categorical, integer range or real range (discretised into `steps` points). Values are addressed by 0-based index."""
    @staticmethod
    def categorical(name: str, options: List[Option | str], description: str = '', label: str = '') -> Issue:
        """A categorical issue; options are Option objects or plain names."""
    @staticmethod
    def integer(name: str, lower: int, upper: int, description: str = '', label: str = '') -> Issue:
        """An integer range lower..upper, both included."""
    @staticmethod
    def real(name: str, lower: float, upper: float, steps: int = 11, description: str = '', label: str = '') -> Issue:
        """A real range [lower, upper] discretised into `steps` evenly spaced points."""
    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def kind(self) -> IssueKind: ...
    @property
    def cardinality(self) -> int: ...
    @property
    def options(self) -> List[Option]: ...
    @property
    def lower_integer(self) -> int: ...
    @property
    def upper_integer(self) -> int: ...
    @property
    def lower_real(self) -> float: ...
    @property
    def upper_real(self) -> float: ...
    @property
    def values(self) -> List[str]: ...
    def numeric_value(self, index: int) -> float:
        """The number a value stands for."""
    def value_label(self, index: int) -> str:
        """Text of a value (option name or number)."""
    def find_value(self, label: str) -> Optional[int]:
        """Index of the value with this text, or None."""
    def __len__(self) -> int: ...
    def __repr__(self) -> str: ...

def format_number(value: float) -> str:
    """Shortest decimal text that reads back to the same float."""

class OutcomeSpace:
    """The Cartesian product of the issues' values (never materialised); mixed-radix indices with the last issue varying fastest."""
    def __init__(self, cardinalities: List[int]) -> None: ...
    @property
    def issue_count(self) -> int: ...
    @property
    def cardinalities(self) -> List[int]: ...
    @property
    def fits_index(self) -> bool: ...
    def size(self) -> int:
        """Number of outcomes (UnsupportedError beyond 64 bits)."""
    @property
    def size_double(self) -> float: ...
    @property
    def log10_size(self) -> float: ...
    @property
    def size_text(self) -> str: ...
    def index_of(self, outcome: List[int]) -> int:
        """Mixed-radix index of an outcome."""
    def outcome_at(self, index: int) -> List[int]:
        """The outcome with this mixed-radix index."""
    def contains(self, outcome: List[int]) -> bool: ...
    def __contains__(self, arg0: List[int]) -> bool: ...
    def __repr__(self) -> str: ...

class ValueFunction:
    """Value function e_i of one issue, kept in the form it was written in (tables of scores or utilities, linear, triangular, constant)."""
    @staticmethod
    def from_scores(scores: List[float]) -> ValueFunction:
        """Table of scores, divided by the best score (GENIUS)."""
    @staticmethod
    def from_utilities(utilities: List[float]) -> ValueFunction:
        """Table of utilities used as they are (GeniusWeb)."""
    @staticmethod
    def make_linear(slope: float, offset: float, origin: float = 0.0, clip: bool = False) -> ValueFunction:
        """e(x) = offset + slope * (x - origin), clipped to [0,1] when clip."""
    @staticmethod
    def make_triangular(lower: float, upper: float, top: float) -> ValueFunction:
        """0 at lower, 1 at top, 0 at upper."""
    @staticmethod
    def make_constant(value: float) -> ValueFunction: ...
    @property
    def kind(self) -> ValueFunction.Kind: ...
    @property
    def table(self) -> List[float]: ...
    @property
    def slope(self) -> float: ...
    @property
    def offset(self) -> float: ...
    @property
    def origin(self) -> float: ...
    @property
    def clip(self) -> bool: ...
    @property
    def lower(self) -> float: ...
    @property
    def upper(self) -> float: ...
    @property
    def top(self) -> float: ...
    def at_number(self, x: float) -> float:
        """e(x) at a number (numeric kinds only)."""
    def at_value(self, issue: Issue, value: int) -> float:
        """e(v) for a value index of the issue."""

class UtilityFunction:
    """A party's preferences over outcomes. Evaluate through Scenario.utility / Scenario.evaluate, which check outcomes against the space."""
    @property
    def kind_name(self) -> str: ...
    @property
    def is_linear_additive(self) -> bool: ...
    @property
    def is_hyper_rectangle(self) -> bool: ...

class LinearAdditiveUtility(UtilityFunction):
    """u(w) = sum_i weight_i * e_i(w_i): one weight and one value function per issue."""
    def __init__(self, issues: List[Issue], weights: List[float], functions: List[ValueFunction]) -> None:
        """Weights must be finite and >= 0 (they are used as given, not normalised)."""
    @property
    def issue_count(self) -> int: ...
    @property
    def weights(self) -> List[float]: ...
    def value_function(self, issue: int) -> ValueFunction: ...
    @property
    def max_utility(self) -> float: ...
    @property
    def min_utility(self) -> float: ...
    def best_contribution(self, issue: int) -> float: ...
    def worst_contribution(self, issue: int) -> float: ...
    def __repr__(self) -> str: ...

class HyperRectangleUtility(UtilityFunction):
    """The ANAC 2014 nonlinear utility: weighted constraint rectangles, normalised by max_utility and capped at 1."""
    @property
    def max_utility(self) -> float: ...
    @property
    def rectangle_count(self) -> int: ...
    def __repr__(self) -> str: ...

class Party:
    """A side of the negotiation: its preferences and walk-away."""
    def __init__(self, name: str, utility: UtilityFunction, reservation_value: float = 0.0, reservation_outcome: Optional[List[int]] = None, discount_factor: float = 1.0, description: str = '', notes: str = '') -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def utility(self) -> UtilityFunction: ...
    @property
    def reservation_value(self) -> float: ...
    @property
    def reservation_outcome(self) -> Optional[List[int]]: ...
    @property
    def discount_factor(self) -> float: ...
    @property
    def source(self) -> str: ...
    @property
    def notes(self) -> str: ...
    def __repr__(self) -> str: ...

def build_party(issues: List[Issue], name: str, weights: Optional[List[Tuple[str, float]]] = None, scores: List[Tuple[str, List[Tuple[str, float]]]] = ..., utilities: List[Tuple[str, List[Tuple[str, float]]]] = ..., functions: List[Tuple[str, ValueFunction]] = ..., walk_away: Optional[float] = None, walk_away_package: Optional[List[Tuple[str, str]]] = None, discount: Optional[float] = None, description: str = '', notes: str = '', origin: str = 'scenario', field: str = '', walk_away_status_quo: bool = False, status_quo: Optional[List[int]] = None, uncertainty: Optional[str] = None) -> Tuple[Party, List[str]]:
    """Checks one party's preferences (weights, scores, utilities, functions, walk_away, walk_away_package, discount: docs/scenario-format.md) and returns (Party, warnings). walk_away_status_quo: the walk-away is the party's utility of `status_quo` (the scenario's status-quo package), as 'walk_away: status_quo' in the native format. uncertainty: the party's `uncertainty:` block as YAML or JSON text (docs/robust.md)."""
def build_package(issues: List[Issue], entries: List[Tuple[str, str]], origin: str = 'scenario', field: str = 'status_quo') -> List[int]:
    """A package from (issue, option) pairs, every issue once (the native format's status_quo); InputError naming the field on an unknown issue or option or a missing issue."""

class Scenario:
    """The immutable description of a negotiation: issues, parties and their preferences."""
    def __init__(self, name: str, issues: List[Issue], parties: List[Party], description: str = '', origin: str = 'scenario', status_quo: Optional[List[int]] = None) -> None:
        """Builds a scenario in code; validated as loaded ones are (InputError naming `origin`). `status_quo`: the package that holds without agreement (value indices), if any."""
    @property
    def status_quo(self) -> Optional[List[int]]:
        """The status-quo package (value indices), or None."""
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def issues(self) -> List[Issue]: ...
    @property
    def parties(self) -> List[Party]: ...
    @property
    def issue_count(self) -> int: ...
    @property
    def party_count(self) -> int: ...
    @property
    def space(self) -> OutcomeSpace: ...
    @property
    def metadata(self) -> Dict[str, str]: ...
    @property
    def reservation_values(self) -> List[float]: ...
    @property
    def outcome_count(self) -> int: ...
    @property
    def outcome_count_text(self) -> str: ...
    @property
    def is_linear_additive(self) -> bool: ...
    @property
    def has_real_issues(self) -> bool: ...
    def can_enumerate(self, limit: int) -> bool:
        """True when the space has at most `limit` outcomes."""
    def find_issue(self, name: str) -> Optional[int]: ...
    def find_party(self, name: str) -> Optional[int]: ...
    def utility(self, party: int, outcome: List[int]) -> float:
        """Utility of an outcome for one party."""
    def utilities(self, outcome: List[int]) -> List[float]:
        """Utility of an outcome for every party, in party order."""
    def evaluate(self, outcomes: ArrayLike) -> NDArray[numpy.float64]:
        """Utilities of many outcomes: an (n, issues) integer array of value indices in, an (n, parties) float array out. The GIL is released while evaluating."""
    def describe(self, outcome: List[int]) -> str:
        """'Issue1=value1, Issue2=value2'."""
    def parse_outcome(self, text: str, field: str = 'outcome') -> List[int]:
        """Parses 'Issue=value, ...' (every issue once)."""
    def describe_text(self) -> str:
        """What `parley info` prints."""
    def describe_json(self) -> str:
        """What `parley info --json` prints."""
    def __repr__(self) -> str: ...

def make_synthetic_scenario(issues: int, options: int, parties: int = 2) -> Scenario:
    """A reproducible synthetic linear-additive scenario (include/parley/analysis/synthetic.hpp)."""

class Format:
    """Scenario file formats."""
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    native: Format
    genius: Format
    geniusweb: Format

def detect_format(path: str | os.PathLike[str]) -> Format:
    """Format of a path: .yaml/.yml native; a folder or .xml with a negotiation_template domain GENIUS; a folder or .json GeniusWeb."""

def load_scenario(paths: List[str | os.PathLike[str]], profiles: List[str | os.PathLike[str]] = ..., real_steps: int = 11) -> Tuple[Scenario, List[str]]:
    """Loads a scenario in any format; returns (scenario, warnings). `paths`: one path (a native file, a GENIUS / GeniusWeb folder, or a domain file whose folder holds the profiles) or a domain file followed by profile files. `profiles`: profile files to use, in party order, when a folder holds more than there are parties. `real_steps`: discretisation of real issues for formats that declare none."""

def load_native(path: str | os.PathLike[str]) -> Tuple[Scenario, List[str]]:
    """Loads native YAML (docs/scenario-format.md); returns (scenario, warnings)."""

def parse_native(text: str, origin: str = 'text') -> Tuple[Scenario, List[str]]:
    """Parses native YAML text (`origin` names it in messages); returns (scenario, warnings)."""

def to_native(scenario: Scenario) -> str:
    """The scenario as native YAML text."""

def save_native(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Writes native YAML (atomically: a temporary file renamed into place)."""

def load_genius(domain_file: str | os.PathLike[str], profiles: List[str | os.PathLike[str]], real_steps: int = 11) -> Tuple[Scenario, List[str]]:
    """Loads a GENIUS XML domain and its profile files; returns (scenario, warnings)."""

def save_genius(scenario: Scenario, out_dir: str | os.PathLike[str]) -> Tuple[List[str], List[str]]:
    """Writes OUT_DIR/<name>-domain.xml and one OUT_DIR/<name>-<party>.xml per party; returns (paths written, domain first; warnings where GENIUS cannot hold a value exactly)."""

def save_geniusweb(scenario: Scenario, out_dir: str | os.PathLike[str]) -> Tuple[List[str], List[str]]:
    """Writes OUT_DIR/<name>.json (the domain) and one OUT_DIR/<party>.json profile per party; returns (paths written, domain first; warnings where GeniusWeb cannot hold something)."""

def load_geniusweb(domain_file: str | os.PathLike[str], profiles: List[str | os.PathLike[str]], real_steps: int = 11) -> Tuple[Scenario, List[str]]:
    """Loads a GeniusWeb domain.json and its profiles; returns (scenario, warnings)."""

class FrontierMethod:
    """How the frontier is computed."""
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    automatic: FrontierMethod
    enumeration: FrontierMethod
    linear_dp: FrontierMethod
    anytime_search: FrontierMethod

class Package:
    """An outcome with the utility of each party."""
    @property
    def outcome(self) -> List[int]: ...
    @property
    def utilities(self) -> List[float]: ...
    def __repr__(self) -> str: ...

class StopReason:
    """Why a computation ended."""
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    finished: StopReason
    budget: StopReason
    time_cap: StopReason

DEFAULT_WORK_BUDGET: int

class FrontierOptions:
    """Options of pareto_frontier()."""
    def __init__(self, method: FrontierMethod = ..., tolerance: float = 1e-09, enumeration_limit: int = 20000000, budget: int = 1000000000, time_cap_seconds: float = 0.0, seed: int = 1, reference: List[List[float]] = ...) -> None: ...
    @property
    def method(self) -> FrontierMethod: ...
    @property
    def tolerance(self) -> float: ...
    @property
    def enumeration_limit(self) -> int: ...
    @property
    def budget(self) -> int: ...
    @property
    def time_cap_seconds(self) -> float: ...
    @property
    def seed(self) -> int: ...
    @property
    def reference(self) -> List[List[float]]: ...

class Frontier:
    """The Pareto frontier: packages sorted by the first party's utility, descending."""
    @property
    def packages(self) -> List[Package]: ...
    @property
    def utilities(self) -> NDArray[numpy.float64]: ...
    @property
    def outcomes(self) -> NDArray[numpy.uint32]: ...
    @property
    def method(self) -> FrontierMethod: ...
    @property
    def exact(self) -> bool: ...
    @property
    def tolerance(self) -> float: ...
    @property
    def evaluated(self) -> int: ...
    @property
    def method_reason(self) -> str: ...
    @property
    def work(self) -> int: ...
    @property
    def budget(self) -> int: ...
    @property
    def stop(self) -> StopReason: ...
    @property
    def peak_bytes(self) -> int: ...
    @property
    def ranges(self) -> UtilityRange: ...
    @property
    def seconds(self) -> float: ...
    @property
    def hypervolume(self) -> Optional[float]: ...
    @property
    def dominated_share(self) -> Optional[float]: ...
    @property
    def gap_bound(self) -> Optional[float]: ...
    @property
    def reference_hypervolume(self) -> Optional[float]: ...
    @property
    def mean_distance_to_reference(self) -> Optional[float]: ...
    @property
    def max_distance_to_reference(self) -> Optional[float]: ...
    def __len__(self) -> int: ...
    def __repr__(self) -> str: ...

def pareto_frontier(scenario: Scenario, options: FrontierOptions = ..., progress: Optional[Callable[[float, str], None]] = None) -> Frontier:
    """The Pareto frontier by the best method for the scenario (UnsupportedError when the requested method cannot run, saying why). progress(fraction, phase) is called now and then; Ctrl-C (KeyboardInterrupt) stops the computation."""

def dominates(a: List[float], b: List[float], epsilon: List[float]) -> bool:
    """Tolerance-aware dominance: a dominates b."""

class UtilityRange:
    """Each party's utility range over the space."""
    @property
    def min(self) -> List[float]: ...
    @property
    def max(self) -> List[float]: ...
    @property
    def exact(self) -> bool: ...

def utility_ranges(scenario: Scenario, options: FrontierOptions = ...) -> UtilityRange: ...

def hypervolume(points: List[List[float]], reference_point: List[float]) -> float:
    """Hypervolume dominated by the points above the reference point (2 or 3 parties)."""

def read_reference_frontier(path: str | os.PathLike[str]) -> List[List[float]]:
    """Reads a GENIUS pareto.xml frontier (lines of 'u1, u2')."""

class AgreementZone:
    """The zone of possible agreement: frontier packages every party prefers to walking away."""
    @property
    def exists(self) -> bool: ...
    @property
    def rational_frontier(self) -> List[Package]: ...
    @property
    def utilities(self) -> NDArray[numpy.float64]: ...
    @property
    def rational_share(self) -> float: ...
    @property
    def share_exact(self) -> bool: ...
    @property
    def share_half_width(self) -> float: ...
    @property
    def share_samples(self) -> int: ...
    @property
    def rational_count(self) -> Optional[int]: ...
    @property
    def closest_package(self) -> Optional[Package]: ...
    @property
    def shortfall(self) -> List[float]: ...
    def __bool__(self) -> bool: ...
    def __repr__(self) -> str: ...

class SolutionKind:
    """Bargaining solution concepts."""
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    nash: SolutionKind
    kalai_smorodinsky: SolutionKind
    egalitarian: SolutionKind
    utilitarian: SolutionKind
    nash_lottery: SolutionKind
    kalai_smorodinsky_lottery: SolutionKind

def solution_name(kind: SolutionKind) -> str:
    """'nash', 'kalai-smorodinsky', ... (C++ to_string)."""

def solution_title(kind: SolutionKind) -> str:
    """'Nash bargaining solution', ..."""

def is_lottery(kind: SolutionKind) -> bool: ...

class Solution:
    """A bargaining solution: one package, or two with probabilities for a lottery."""
    @property
    def kind(self) -> SolutionKind: ...
    @property
    def name(self) -> str: ...
    @property
    def packages(self) -> List[Package]: ...
    @property
    def probabilities(self) -> List[float]: ...
    @property
    def utilities(self) -> List[float]: ...
    @property
    def gains(self) -> List[float]: ...
    @property
    def criterion(self) -> float: ...
    def __repr__(self) -> str: ...

class IssueExplanation:
    """Explanation of one issue of a package."""
    @property
    def issue(self) -> int: ...
    @property
    def value(self) -> int: ...
    @property
    def preferred(self) -> List[int]: ...
    @property
    def importance(self) -> List[float]: ...
    @property
    def concession(self) -> List[float]: ...
    @property
    def concession_points(self) -> List[float]:
        """What each party gives up here, in points (its range is 100 points)."""
    @property
    def winners(self) -> List[int]: ...

class PartyTrade:
    """What one party wins and concedes on contested issues."""
    @property
    def won(self) -> List[int]: ...
    @property
    def conceded(self) -> List[int]: ...
    @property
    def won_importance(self) -> float: ...
    @property
    def conceded_importance(self) -> float: ...
    @property
    def conceded_points(self) -> float: ...
    @property
    def wins_what_matters_most(self) -> bool: ...

class Explanation:
    """Issue-by-issue explanation of one package."""
    @property
    def issues(self) -> List[IssueExplanation]: ...
    @property
    def trades(self) -> List[PartyTrade]:
        """One per party."""
    @property
    def logrolling(self) -> bool:
        """Every party wins and concedes, and wins only what matters more to it."""
    @property
    def gain_points(self) -> List[float]: ...
    @property
    def sentences(self) -> List[str]: ...
    def __str__(self) -> str: ...

class Indicators:
    """Ideal and worst points, and the opposition."""
    @property
    def ideal_point(self) -> List[float]: ...
    @property
    def worst_point(self) -> List[float]: ...
    @property
    def ideal_packages(self) -> List[Package]: ...
    @property
    def worst_packages(self) -> List[Package]: ...
    @property
    def exact(self) -> bool: ...
    @property
    def opposition(self) -> float: ...

class AnalysisOptions:
    """Options of analyse()."""
    def __init__(self, frontier: FrontierOptions = ..., count_limit: int = 20000000, share_samples: int = 200000, seed: int = 1, lotteries: bool = False) -> None: ...
    @property
    def frontier(self) -> FrontierOptions: ...
    @property
    def count_limit(self) -> int: ...
    @property
    def share_samples(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def lotteries(self) -> bool:
        """Two parties: also the lottery solutions (only for divisible or repeatable matters)."""

class Analysis:
    """What `parley solve` computes."""
    @property
    def frontier(self) -> Frontier: ...
    @property
    def zone(self) -> AgreementZone: ...
    @property
    def solutions(self) -> List[Solution]: ...
    @property
    def explanations(self) -> List[Explanation]: ...
    @property
    def indicators(self) -> Indicators: ...

def analyse(scenario: Scenario, options: AnalysisOptions = ..., progress: Optional[Callable[[float, str], None]] = None) -> Analysis:
    """Frontier, zone of agreement, solutions, explanations and indicators. progress(fraction, phase) is called now and then; Ctrl-C (KeyboardInterrupt) stops the computation."""

def agreement_zone(scenario: Scenario, frontier: Frontier, options: AnalysisOptions = ...) -> AgreementZone: ...

def bargaining_solutions(scenario: Scenario, zone: AgreementZone, tolerance: float = 1e-09, lotteries: bool = False) -> List[Solution]: ...

def indicators(scenario: Scenario, frontier: Frontier, options: AnalysisOptions = ...) -> Indicators: ...

def explain(scenario: Scenario, outcome: List[int]) -> Explanation:
    """Issue-by-issue explanation of a package (its outcome; the utilities are computed)."""

def render_report(scenario: Scenario, analysis: Analysis) -> str:
    """The readable report `parley solve` prints."""

def render_report_json(scenario: Scenario, analysis: Analysis, frontier: str = 'all') -> str:
    """The JSON report `parley solve --json` prints (docs/solve-json.md); `frontier`: which efficient packages to list, "all", "zone" or "none" (as --frontier)."""

class PlotOptions:
    """Options of plot_analysis()."""
    def __init__(self, max_points: int = 20000, seed: int = 1) -> None: ...
    @property
    def max_points(self) -> int: ...
    @property
    def seed(self) -> int: ...

def plot_analysis(scenario: Scenario, analysis: Analysis, path: str | os.PathLike[str], options: PlotOptions = ...) -> None:
    """Draws the utility space with gnuplot into an .svg or .png file."""

# --- negotiation and tournaments ---
# (include/parley/negotiate/{negotiator,agents,negotiation}.hpp, include/parley/tournament/tournament.hpp; python/src/negotiation.cpp and
# tournament.cpp. Names of agents are registry specs such as 'boulware(e=0.2)'.)

from typing import Any, Callable, Sequence, Union

class OfferIndexOptions:
    """How offer indexes are built (parley/negotiate/negotiator.hpp)."""
    enumeration_limit: int
    catalogue_targets: int
    samples: int
    seed: int
    def __init__(self) -> None: ...

class OfferIndex:
    """One party's packages sorted by that party's utility (ascending)."""
    class Method:
        """How an index was built."""
        enumeration: OfferIndex.Method
        greedy_catalogue: OfferIndex.Method
        sample: OfferIndex.Method
        @property
        def name(self) -> str: ...
    @staticmethod
    def build(scenario: Scenario, party: int, options: OfferIndexOptions = ...) -> OfferIndex:
        """Builds the index of party `party` of a scenario."""
    @property
    def method(self) -> OfferIndex.Method: ...
    @property
    def exact(self) -> bool: ...
    @property
    def size(self) -> int: ...
    @property
    def issue_count(self) -> int: ...
    @property
    def max_utility(self) -> float: ...
    @property
    def min_utility(self) -> float: ...
    @property
    def best_entry(self) -> int: ...
    def __len__(self) -> int: ...
    def utility(self, entry: int) -> float:
        """The owner's utility of entry `entry`."""
    def outcome(self, entry: int) -> List[int]:
        """The package of entry `entry` (value indices)."""
    def nearest(self, target: float) -> int:
        """Entry whose utility is closest to target (ties: higher utility, smaller outcome)."""
    def range(self, low: float, high: float) -> Tuple[int, int]:
        """Entries with utility in [low, high] as a half-open (first, last) pair."""

class OfferIndexCache:
    """Thread-safe cache of offer indexes shared by sessions."""
    def __init__(self, options: OfferIndexOptions = ...) -> None: ...
    @property
    def options(self) -> OfferIndexOptions: ...

class PartyView:
    """Everything one party may know: its own preferences and the public space."""
    @staticmethod
    def of(scenario: Scenario, party: int, index: Optional[OfferIndex] = None) -> PartyView:
        """The view of party `party` (what the engine gives an agent)."""
    @property
    def name(self) -> str: ...
    @property
    def position(self) -> int: ...
    @property
    def party_count(self) -> int: ...
    @property
    def issues(self) -> List[Issue]: ...
    @property
    def space(self) -> OutcomeSpace: ...
    @property
    def reservation_value(self) -> float: ...
    @property
    def discount_factor(self) -> float: ...
    @property
    def index(self) -> OfferIndex: ...
    def utility(self, outcome: List[int]) -> float:
        """This party's utility of a package."""
    def discounted(self, utility: float, time: float) -> float:
        """utility * discount_factor ** time."""

class SessionInfo:
    """Public facts about the session."""
    party_count: int
    party_names: List[str]
    rounds: int
    seed: int
    def __init__(self) -> None: ...

class TurnState:
    """Where the session stands when an agent acts."""
    round: int
    time: float
    def __init__(self, round: int = 0, time: float = 0.0) -> None: ...

class Response:
    """An agent's answer to the standing offer."""
    accept: Response
    reject: Response
    end_negotiation: Response
    @property
    def name(self) -> str: ...

class ObservedAction:
    """Another party's action, as every party sees it."""
    class Kind:
        """What the other party did."""
        offer: ObservedAction.Kind
        accept: ObservedAction.Kind
        end_negotiation: ObservedAction.Kind
        @property
        def name(self) -> str: ...
    @property
    def kind(self) -> ObservedAction.Kind: ...
    @property
    def actor(self) -> int: ...
    @property
    def when(self) -> TurnState: ...
    @property
    def offer(self) -> Optional[List[int]]: ...

class Negotiator:
    """Base class of agents written in Python (call super().__init__()).

    The methods are looked up once per session, when start() returns: start() may install
    them, and one replaced later takes effect in the next session. The TurnState, offer list
    and ObservedAction an agent receives are its own to keep (they never change afterwards);
    when it keeps no reference, the engine may hand the same object, refilled, to a later call.
    """
    def __init__(self) -> None: ...
    def start(self, view: PartyView, info: SessionInfo) -> None:
        """Called once before the first turn."""
    def propose(self, state: TurnState) -> List[int]:
        """Returns this agent's offer: one value index per issue."""
    def respond(self, state: TurnState, offer: List[int]) -> Response:
        """Accept, reject (propose() is then called) or end the negotiation."""
    def observe(self, action: ObservedAction) -> None:
        """Every action of another party (default: ignored)."""

class AgentRole:
    """What a registry entry is."""
    agent: AgentRole
    bidding: AgentRole
    acceptance: AgentRole
    opponent_model: AgentRole
    @property
    def name(self) -> str: ...

class ParameterInfo:
    """One parameter of a registry entry."""
    def __init__(self, name: str, default: float, min: float = ..., max: float = ...,
                 min_exclusive: bool = False, max_exclusive: bool = False,
                 integer: bool = False, description: str = "") -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def is_component(self) -> bool: ...
    @property
    def component_role(self) -> AgentRole: ...
    @property
    def default_number(self) -> float: ...
    @property
    def min(self) -> float: ...
    @property
    def max(self) -> float: ...
    @property
    def min_exclusive(self) -> bool: ...
    @property
    def max_exclusive(self) -> bool: ...
    @property
    def integer(self) -> bool: ...
    @property
    def default_component(self) -> str: ...
    @property
    def description(self) -> str: ...

class AgentInfo:
    """A registry entry."""
    @property
    def name(self) -> str: ...
    @property
    def role(self) -> AgentRole: ...
    @property
    def summary(self) -> str: ...
    @property
    def reference(self) -> str: ...
    @property
    def parameters(self) -> List[ParameterInfo]: ...

class AgentSpec:
    """A configured agent; str() gives the canonical text."""
    @property
    def name(self) -> str: ...
    @property
    def parameters(self) -> Dict[str, Union[float, AgentSpec]]: ...
    def number(self, parameter: str) -> float: ...
    def component(self, parameter: str) -> AgentSpec: ...

def agent_catalogue(role: AgentRole = ...) -> List[AgentInfo]:
    """Every library entry of a role."""

def agent_names(role: AgentRole = ...) -> List[str]:
    """The names of every library entry of a role."""

def parse_agent(text: str, role: AgentRole = ..., field: str = "agent") -> AgentSpec:
    """Parses one library agent spec."""

def parse_agent_list(text: str, field: str = "agents") -> List[AgentSpec]:
    """Parses a comma-separated list of library agents."""

def default_agent(name: str, role: AgentRole = ...) -> AgentSpec:
    """The default configuration of a registered name."""

class AgentRegistry:
    """The library's agents plus agents added here (Python classes)."""
    def __init__(self) -> None: ...
    def add(self, name: str, factory: Callable[..., Negotiator],
            parameters: Optional[Dict[str, Union[float, Tuple[float, float, float], ParameterInfo]]] = None,
            summary: str = "", reference: str = "") -> None:
        """Adds an agent; factory(**parameters) returns a parley.Negotiator."""
    def catalogue(self, role: AgentRole = ...) -> List[AgentInfo]: ...
    def names(self, role: AgentRole = ...) -> List[str]: ...
    def is_added(self, name: str) -> bool: ...
    def parse(self, text: str, role: AgentRole = ..., field: str = "agent") -> AgentSpec: ...
    def parse_list(self, text: str, field: str = "agents") -> List[AgentSpec]: ...
    def __contains__(self, name: str) -> bool: ...

class SessionOptions:
    """Deadline, limits, seed and tracing of a session."""
    rounds: Optional[int]
    time_limit_seconds: float
    turn_budget_seconds: float
    seed: int
    record_trace: bool
    protocol: str
    quorum: Optional[int]
    veto: List[int]
    model_quality: bool
    def __init__(self, rounds: Optional[int] = None, time_limit_seconds: float = 0.0,
                 turn_budget_seconds: float = 0.0, seed: int = 1,
                 record_trace: bool = False) -> None: ...

class EndReason:
    """How a session ended."""
    agreement: EndReason
    deadline: EndReason
    walk_away: EndReason
    failure: EndReason
    partial_agreement: EndReason
    @property
    def name(self) -> str: ...

class Deal:
    """A deal of a multi-offer protocol: the package and its parties."""
    @property
    def package(self) -> List[int]: ...
    @property
    def parties(self) -> List[int]: ...
    @property
    def round(self) -> int: ...
    @property
    def time(self) -> float: ...

class ModelQuality:
    """How well one agent's opponent model matched another party's preferences."""
    @property
    def modeller(self) -> int: ...
    @property
    def modelled(self) -> int: ...
    @property
    def pearson(self) -> float: ...
    @property
    def kendall_tau(self) -> float: ...
    @property
    def frontier_distance(self) -> float: ...
    @property
    def outcomes(self) -> int: ...
    @property
    def exact(self) -> bool: ...

class ActionKind:
    """Kind of a trace event."""
    offer: ActionKind
    accept: ActionKind
    end_negotiation: ActionKind
    failure: ActionKind
    @property
    def name(self) -> str: ...

class AgentFailure:
    """What went wrong with which party's agent."""
    @property
    def party(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...

class TraceEvent:
    """One action of the trace, with every party's utility."""
    @property
    def round(self) -> int: ...
    @property
    def time(self) -> float: ...
    @property
    def actor(self) -> int: ...
    @property
    def kind(self) -> ActionKind: ...
    @property
    def package(self) -> List[int]: ...
    @property
    def utilities(self) -> List[float]: ...

class SessionResult:
    """What a session produced."""
    @property
    def reason(self) -> EndReason: ...
    @property
    def agreement(self) -> bool: ...
    @property
    def outcome(self) -> Optional[List[int]]: ...
    @property
    def round(self) -> int: ...
    @property
    def time(self) -> float: ...
    @property
    def turns(self) -> int: ...
    @property
    def utilities(self) -> List[float]: ...
    @property
    def discounted_utilities(self) -> List[float]: ...
    @property
    def failure(self) -> Optional[AgentFailure]: ...
    @property
    def trace(self) -> List[TraceEvent]: ...
    @property
    def deals(self) -> List[Deal]: ...
    @property
    def model_quality(self) -> List[ModelQuality]: ...
    @property
    def seconds(self) -> float: ...

_AgentLike = Union[str, AgentSpec, Negotiator]

class Session:
    """One negotiation: agents in seat order."""
    def __init__(self, scenario: Scenario, agents: Union[str, Sequence[_AgentLike]],
                 options: SessionOptions = ..., cache: Optional[OfferIndexCache] = None,
                 registry: Optional[AgentRegistry] = None) -> None: ...
    def run(self) -> SessionResult:
        """Plays the session to its end (once)."""
    @property
    def labels(self) -> List[str]: ...
    @property
    def options(self) -> SessionOptions: ...

def negotiate(scenario: Scenario, agents: Union[str, Sequence[_AgentLike]], options: SessionOptions = ...,
              cache: Optional[OfferIndexCache] = None,
              registry: Optional[AgentRegistry] = None) -> SessionResult:
    """Builds and plays one session."""

def trace_text(scenario: Scenario, labels: List[str], options: SessionOptions,
               result: SessionResult) -> str:
    """The JSONL trace (docs/trace-format.md)."""

def save_trace(path: str | os.PathLike[str], scenario: Scenario, labels: List[str],
               options: SessionOptions, result: SessionResult) -> None:
    """Writes the JSONL trace to a file."""

class OutcomeAssessment:
    """How an outcome compares with the frontier and the solutions."""
    @property
    def distance_to_frontier(self) -> float: ...
    @property
    def distance_to_nash(self) -> Optional[float]: ...
    @property
    def distance_to_kalai_smorodinsky(self) -> Optional[float]: ...
    @property
    def pareto_optimal(self) -> bool: ...

def assess_outcome(utilities: List[float], frontier: Frontier,
                   solutions: List[Solution]) -> OutcomeAssessment:
    """Distances from an outcome to the frontier, Nash and KS points."""

def post_settlement_improvements(scenario: Scenario, agreement: List[int],
                                 frontier: Frontier) -> List[int]:
    """Frontier entries that are weak Pareto improvements on the agreement, best first (Raiffa 1985; the ranking of parley.improve)."""

def plot_session(scenario: Scenario, labels: List[str], result: SessionResult,
                 frontier: Frontier, path: str) -> None:
    """Draws a traced session over the frontier with gnuplot."""

class RoleMode:
    """How agents are assigned to parties."""
    all: RoleMode
    fixed: RoleMode
    @property
    def name(self) -> str: ...

class Isolation:
    """Workers are child processes or threads (threads for Python agents)."""
    process: Isolation
    thread: Isolation
    @property
    def name(self) -> str: ...

class TournamentScenarioSource:
    """One scenario entry of a tournament file."""
    paths: List[str]
    profiles: List[str]
    def __init__(self) -> None: ...

class TournamentSpec:
    """A tournament file, parsed and checked."""
    name: str
    origin: str
    agents: List[str]
    scenarios: List[TournamentScenarioSource]
    protocol: str
    quorum: str
    veto: List[str]
    model_quality: bool
    deadline_rounds: int
    deadline_seconds: float
    roles: RoleMode
    self_play: bool
    repetitions: int
    seed: int
    limit_seconds: float
    limit_memory_megabytes: int
    real_steps: int
    def __init__(self) -> None: ...

def load_tournament_spec(path: str) -> TournamentSpec:
    """Reads a tournament file."""

def parse_tournament_spec(yaml_text: str, origin: str, base_folder: str) -> TournamentSpec:
    """Parses tournament YAML."""

def job_seed(tournament_seed: int, index: int) -> int:
    """The seed of job `index`."""

class ResultRow:
    """One negotiation of a tournament."""
    @property
    def index(self) -> int: ...
    @property
    def scenario(self) -> str: ...
    @property
    def scenario_index(self) -> int: ...
    @property
    def agents(self) -> List[str]: ...
    @property
    def repetition(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def agreement(self) -> bool: ...
    @property
    def outcome(self) -> str: ...
    @property
    def utilities(self) -> List[float]: ...
    @property
    def payoffs(self) -> List[float]: ...
    @property
    def advantages(self) -> List[float]: ...
    @property
    def rounds(self) -> int: ...
    @property
    def end(self) -> str: ...
    @property
    def distance_frontier(self) -> float: ...
    @property
    def distance_nash(self) -> float: ...
    @property
    def distance_kalai_smorodinsky(self) -> float: ...
    @property
    def welfare(self) -> float: ...
    @property
    def failure(self) -> str: ...
    @property
    def failed_agent(self) -> str: ...
    @property
    def model_pearson(self) -> List[float]: ...
    @property
    def model_kendall_tau(self) -> List[float]: ...
    @property
    def model_frontier_distance(self) -> List[float]: ...
    @property
    def seconds(self) -> float: ...

def parse_json_line(line: str) -> Optional[ResultRow]:
    """A line of results.jsonl as a ResultRow (None when malformed)."""

def to_json_line(row: ResultRow, with_time: bool = False) -> str:
    """A ResultRow as one line of JSON."""

class MeanEstimate:
    """A mean with its 95% confidence half-width."""
    @property
    def mean(self) -> float: ...
    @property
    def half_width(self) -> float: ...
    @property
    def count(self) -> int: ...

class AgentSummary:
    """One agent's results over the tournament."""
    @property
    def agent(self) -> str: ...
    @property
    def payoff(self) -> MeanEstimate: ...
    @property
    def utility(self) -> MeanEstimate: ...
    @property
    def advantage(self) -> MeanEstimate: ...
    @property
    def agreement(self) -> MeanEstimate: ...
    @property
    def welfare(self) -> MeanEstimate: ...
    @property
    def negotiations(self) -> int: ...
    @property
    def failures(self) -> int: ...
    @property
    def rank(self) -> int: ...
    @property
    def rank_best(self) -> int: ...
    @property
    def rank_worst(self) -> int: ...
    @property
    def distance_nash(self) -> MeanEstimate: ...
    @property
    def model_pearson(self) -> MeanEstimate: ...
    @property
    def model_kendall_tau(self) -> MeanEstimate: ...
    @property
    def model_frontier_distance(self) -> MeanEstimate: ...
    @property
    def rank_welfare(self) -> int: ...
    @property
    def rank_nash(self) -> int: ...

class ScenarioSummary:
    """One scenario's results over the tournament."""
    @property
    def scenario(self) -> str: ...
    @property
    def negotiations(self) -> int: ...
    @property
    def agreement(self) -> MeanEstimate: ...
    @property
    def welfare(self) -> MeanEstimate: ...
    @property
    def distance_frontier(self) -> MeanEstimate: ...
    @property
    def distance_nash(self) -> MeanEstimate: ...
    @property
    def rounds(self) -> MeanEstimate: ...
    @property
    def failures(self) -> int: ...

class TournamentSummary:
    """Per-agent and per-scenario tables."""
    @property
    def agents(self) -> List[AgentSummary]: ...
    @property
    def scenarios(self) -> List[ScenarioSummary]: ...
    @property
    def negotiations(self) -> int: ...
    @property
    def samples(self) -> int:
        """Independent samples: repetitions that gave identical results count once."""

def render_summary(summary: TournamentSummary) -> str:
    """The plain-text tables the CLI prints."""

def plot_summary(summary: TournamentSummary, svg_path: str) -> None:
    """Bar chart of each agent's mean utility (gnuplot)."""

class TournamentReport:
    """What run_tournament did."""
    @property
    def negotiations(self) -> int: ...
    @property
    def ran(self) -> int: ...
    @property
    def resumed(self) -> int: ...
    @property
    def dropped_lines(self) -> int: ...
    @property
    def failures(self) -> int: ...
    @property
    def seconds(self) -> float: ...
    @property
    def run_seconds(self) -> float: ...
    @property
    def merge_seconds(self) -> float: ...
    @property
    def merged(self) -> bool: ...
    @property
    def summary(self) -> TournamentSummary: ...
    @property
    def plot_error(self) -> str: ...

def run_tournament(file: str, out_dir: str, threads: int = 0, resume: bool = False,
                   isolation: Optional[Isolation] = None, plot: bool = True,
                   sync_interval_seconds: float = 0.5, registry: Optional[AgentRegistry] = None,
                   progress: Optional[Callable[[int, int], None]] = None,
                   warn: Optional[Callable[[str], None]] = None) -> TournamentReport:
    """Runs a tournament file on this process."""

# --- fair division (include/parley/fair/fair_division.hpp, namespace parley::fair) ---
# Exact rationals are fractions.Fraction; arguments taking one also accept an int, a str
# ("12.5", "1/3", "2.5e1") or a float (read by its shortest repr: 0.1 is 1/10).

from fractions import Fraction

RationalLike = Union[Fraction, int, str, float]

class TableKind:
    """What a division table lists: items (goods) or rooms."""
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    items: TableKind
    rooms: TableKind

class DivisionInstance:
    """Parties with additive valuations over items: values[party][item] >= 0 (Fractions)."""
    def __init__(self, agents: List[str], items: List[str], values: List[List[RationalLike]],
                 kind: TableKind = ..., origin: str = 'python') -> None: ...
    agents: List[str]
    items: List[str]
    values: List[List[Fraction]]
    kind: TableKind
    origin: str
    @property
    def agent_count(self) -> int: ...
    @property
    def item_count(self) -> int: ...
    def total_value(self, party: int) -> Fraction:
        """What all the items are worth to party `party` (an index)."""
    def __repr__(self) -> str: ...

def validate_division_instance(instance: DivisionInstance) -> None:
    """Checks names, sizes and signs; InputError naming the instance's origin."""

def format_rational(value: RationalLike) -> str:
    """'12.5', or '1/3' when the decimal expansion does not stop within six digits."""

def parse_rational(text: str) -> Optional[Fraction]:
    """Fraction of '12', '12.5', '-3', '1/3', '2.5e1'; None when the text is not a number."""

def parse_division_table(text: str, origin: str = 'text') -> DivisionInstance:
    """Parses a CSV division table ('item,<party1>,...' or 'room,...')."""

def load_division_table(path: str | os.PathLike) -> DivisionInstance:
    """Reads a CSV division table."""

def is_division_scenario(scenario: Scenario) -> bool:
    """True when every issue reads 'who gets item X'."""

def division_scenario_problem(scenario: Scenario) -> Optional[str]:
    """None for a division scenario, else why it is not one."""

def division_instance_from_scenario(scenario: Scenario) -> Tuple[DivisionInstance, List[str]]:
    """The instance of a division scenario (points out of 100); returns (instance, warnings)."""

class Verdict:
    """Outcome of a fairness check."""
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    holds: Verdict
    fails: Verdict
    not_checked: Verdict

def verdict_name(verdict: Verdict) -> str:
    """'holds', 'fails', 'not checked'."""

class FairnessCheck:
    """A property checked on a division."""
    @property
    def property(self) -> str: ...
    @property
    def verdict(self) -> Verdict: ...
    @property
    def detail(self) -> str: ...
    def __repr__(self) -> str: ...

class CheckLimits:
    """Work limits of the exact checks."""
    def __init__(self, mms_node_limit: int = 2000000,
                 pareto_allocation_limit: int = 1000000) -> None: ...
    mms_node_limit: int
    pareto_allocation_limit: int

def bundle_values(instance: DivisionInstance, allocation: List[int]) -> List[Fraction]:
    """Value of each party's bundle; allocation: the owner's index of each item."""

def maximin_shares(instance: DivisionInstance,
                   node_limit: int = 2000000) -> List[Optional[Fraction]]:
    """Each party's maximin share, None where the search exceeded node_limit."""

def check_allocation(instance: DivisionInstance, allocation: List[int],
                     limits: CheckLimits = ...) -> List[FairnessCheck]:
    """envy-free, EF1, EFX, proportional, MMS and Pareto-optimal checks."""

class AdjustedWinnerResult:
    """Adjusted Winner (Brams and Taylor): two parties, 100 points each, exact Fractions."""
    @property
    def points(self) -> List[List[Fraction]]: ...
    @property
    def initial_owner(self) -> List[int]: ...
    @property
    def initial_totals(self) -> List[Fraction]: ...
    @property
    def transfer_order(self) -> List[int]: ...
    @property
    def share_of_first(self) -> List[Fraction]: ...
    @property
    def split_item(self) -> Optional[int]: ...
    @property
    def split_fraction_kept(self) -> Fraction: ...
    @property
    def totals(self) -> List[Fraction]: ...
    @property
    def checks(self) -> List[FairnessCheck]: ...
    def __repr__(self) -> str: ...

def adjusted_winner(instance: DivisionInstance) -> Tuple[AdjustedWinnerResult, List[str]]:
    """Adjusted Winner for two parties; returns (result, warnings)."""

def utilitarian_allocation(instance: DivisionInstance) -> List[int]:
    """Each item to a party valuing it most; the owner index per item."""

def max_nash_welfare_allocation(instance: DivisionInstance) -> List[int]:
    """Maximum Nash welfare; the owner index per item."""

def leximin_allocation(instance: DivisionInstance) -> List[int]:
    """Leximin; the owner index per item."""

class RentDivision:
    """Maximin envy-free rent division (Gal, Mash, Procaccia, Zick 2016)."""
    @property
    def total_rent(self) -> Fraction: ...
    @property
    def room_of_agent(self) -> List[int]: ...
    @property
    def prices(self) -> List[float]: ...
    @property
    def agent_utilities(self) -> List[float]: ...
    @property
    def checks(self) -> List[FairnessCheck]: ...
    def __repr__(self) -> str: ...

def maximin_rent_division(instance: DivisionInstance,
                          total_rent: RationalLike) -> Tuple[RentDivision, List[str]]:
    """Envy-free prices maximising the smallest utility; returns (result, warnings)."""

class DivisionMethod:
    """Fair-division methods."""
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    adjusted_winner: DivisionMethod
    max_nash_welfare: DivisionMethod
    leximin: DivisionMethod
    utilitarian: DivisionMethod
    rent: DivisionMethod

def division_method_name(method: DivisionMethod) -> str:
    """'adjusted-winner', 'mnw', 'leximin', 'utilitarian', 'rent'."""

def parse_division_method(name: str) -> Optional[DivisionMethod]:
    """The method named as `parley divide --method` names it; None when unknown."""

def default_division_method(instance: DivisionInstance) -> DivisionMethod:
    """rent for a room table, adjusted_winner for two parties, max_nash_welfare otherwise."""

class DivideOptions:
    """Options of divide()."""
    def __init__(self, total_rent: Optional[RationalLike] = None,
                 limits: CheckLimits = ...) -> None: ...
    total_rent: Optional[Fraction]
    limits: CheckLimits

class Division:
    """What `parley divide` computes."""
    @property
    def method(self) -> DivisionMethod: ...
    @property
    def instance(self) -> DivisionInstance: ...
    @property
    def adjusted_winner(self) -> Optional[AdjustedWinnerResult]: ...
    @property
    def allocation(self) -> Optional[List[int]]: ...
    @property
    def utilities(self) -> List[Fraction]: ...
    @property
    def rent(self) -> Optional[RentDivision]: ...
    @property
    def checks(self) -> List[FairnessCheck]: ...
    def __repr__(self) -> str: ...

def divide(instance: DivisionInstance, method: DivisionMethod | str | None = None,
           options: DivideOptions = ...) -> Tuple[Division, List[str]]:
    """Divides with `method` (None: default_division_method); returns (division, warnings)."""

def describe_division(division: Division) -> str:
    """The plain-text report `parley divide` prints."""

def render_division_json(division: Division, warnings: List[str] = ...) -> str:
    """The JSON `parley divide --json` prints (schema parley-divide/1)."""


def quorum_json(scenario: Scenario, required: str = "all", veto: List[str] = ...) -> str:
    """Which packages pass a quorum rule with veto holders, as JSON text (schema parley-quorum/1, docs/analysis.md); parley.quorum() returns it as a dict."""
    ...

def improvements_json(scenario: Scenario, package: Optional[str] = None,
                      values: Optional[List[int]] = None, limit: int = 10) -> str:
    """The Pareto improvements of an agreed package, as JSON text (schema parley-improvements/1, docs/analysis.md); parley.improve() returns it as a dict."""
    ...

def manipulation_json(scenario: Scenario, rule: str = "nash", party: Optional[str] = None,
                      reports: str = "walk-away", table: bool = False, info: str = "full",
                      samples: int = 200, seed: int = 1, variants: bool = False,
                      epsilon: float = 0.05, grid_step: float = 0.05,
                      max_packages: int = 200000) -> str:
    """The manipulation analysis of `parley manipulate` as JSON text (schema parley-manipulation/1, or parley-manipulation-variants/1 with variants=True; docs/manipulation.md); parley.manipulate() returns it as a dict."""
    ...

def robust_report(scenario: Scenario, samples: int = 10000, seed: int = 1, alpha: float = 0.9,
                  max_packages: int = 2000000, listed: int = 10, questions: int = 3,
                  candidate_vectors: int = 32, monte_carlo: bool = False,
                  fix: List[str] = ..., walk_away: List[str] = ...,
                  weight: List[str] = ...) -> str: ...
def robust_json(scenario: Scenario, samples: int = 10000, seed: int = 1, alpha: float = 0.9,
                max_packages: int = 2000000, listed: int = 10, questions: int = 3,
                candidate_vectors: int = 32, monte_carlo: bool = False,
                fix: List[str] = ..., walk_away: List[str] = ...,
                weight: List[str] = ...) -> str: ...


def certify_document(scenario: Scenario, frontier: bool = True, ideal: bool = True,
                     nash: bool = True, kalai_smorodinsky: bool = True,
                     egalitarian: bool = True, utilitarian: bool = True,
                     nash_lottery: bool = False, kalai_smorodinsky_lottery: bool = False,
                     packages: List[str] = ..., node_cap: int = 100000,
                     enumeration_limit: int = 2000000,
                     words: int = 12) -> Tuple[str, str, List[Tuple[str, str, str]]]:
    """`parley certify` (docs/certificates.md): (the certificate document as JSON text, the summary in words, [(claim kind, status, note)] for every claim, unproved ones included). packages: 'ISSUE=OPTION, ...' texts whose Pareto-optimality to certify."""
