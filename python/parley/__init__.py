"""parley: compromises acceptable to every side of a multi-issue negotiation.

Two layers:

- ``parley._core``: the C++ engine, one to one with its C++ facade (include/parley/<area>/*.hpp):
  Issue, Scenario, load_scenario, pareto_frontier, analyse, render_report, ... Everything in it
  is re-exported here under the same name, except where the convenience layer below uses the
  name (``parley.analyse`` is the convenience; the engine's is ``parley._core.analyse``).
- conveniences in plain Python: ``load``, ``loads``, ``save``, ``build_scenario``, ``analyse``
  and ``frontier`` returning dataclasses with numpy arrays, and ``to_frame()`` DataFrames when
  pandas is installed (pandas is optional).

Errors: ``parley.InputError`` (bad input; also a ValueError), ``parley.UnsupportedError``, both
subclasses of ``parley.Error``.
"""

from . import _core
from ._core import *  # noqa: F401,F403  (the engine's names, one to one)
from ._core import Error, InputError, UnsupportedError
from .analysis import (AnalysisResult, FrontierResult, IndicatorsResult, SolutionResult,
                       ZoneResult, analyse, frontier, outcome_labels)
from .scenarios import LoadWarning, build_scenario, load, loads, save

__version__ = _core.__version__  # from the file VERSION, through the build

__all__ = [name for name in dir(_core) if not name.startswith("_")] + [
    "AnalysisResult", "FrontierResult", "IndicatorsResult", "SolutionResult", "ZoneResult",
    "analyse", "frontier", "outcome_labels", "LoadWarning", "build_scenario", "load", "loads",
    "save",
]
__all__ = sorted(set(__all__))

# Negotiation and tournaments (python/parley/negotiation.py): keyword-argument negotiate() and
# run_tournament() replace the engine's positional ones; the engine's stay in parley._core.
from . import negotiation  # noqa: E402
from .negotiation import *  # noqa: E402,F401,F403
__all__ = sorted(set(__all__) | set(negotiation.__all__))

# Manipulation analysis (python/parley/manipulate.py): the best misreport as a dict.
from .manipulate import manipulate  # noqa: E402
__all__ = sorted(set(__all__) | {"manipulate"})

# Quorum rules and improvements of an agreement (python/parley/agreements.py): dicts.
from .agreements import improve, quorum  # noqa: E402
__all__ = sorted(set(__all__) | {"improve", "quorum"})

# Robust compromise (python/parley/robust.py): the analysis as a dict.
from .robust import robust, utility_bounds_from_negmas  # noqa: E402
__all__ = sorted(set(__all__) | {"robust", "utility_bounds_from_negmas"})

# Certificates (python/parley/certificates.py): proofs of the claims, and their checkers.
from .certificates import certify, check  # noqa: E402
__all__ = sorted(set(__all__) | {"certify", "check"})
