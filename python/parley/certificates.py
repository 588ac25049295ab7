"""Certificates: proofs of parley's claims that anyone can check (docs/certificates.md).

``parley.certify`` proves the claims of the analysis (Pareto-optimality of every frontier
package, the zone's ideal point, Nash, Kalai-Smorodinsky, egalitarian, utilitarian, the lottery
points) in exact rational arithmetic; ``parley.check`` re-checks a certificate with a checker that
shares no code with the engine: the Python reference checker (``tools/parley_check.py``, shipped
in this package) or the C++ one (``parley-check``, GMP).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import _core
from .scenarios import input_error

__all__ = ["certify", "check"]

_CLAIMS = ("frontier", "ideal", "nash", "kalai-smorodinsky", "egalitarian", "utilitarian",
           "solutions", "nash-lottery", "kalai-smorodinsky-lottery", "lotteries", "all")


def _flags(claims, have_packages):
    if claims is None:
        named = set() if have_packages else {"frontier", "solutions"}
    else:
        named = {claims} if isinstance(claims, str) else set(claims)
    unknown = sorted(named - set(_CLAIMS))
    if unknown:
        raise input_error("certify", "claims", ", ".join(unknown), "some of " + ", ".join(_CLAIMS))

    def wants(*names):
        return bool(named & ({"all"} | set(names)))

    solution = ("solutions",)
    return {
        "frontier": wants("frontier"),
        "ideal": wants("ideal", *solution),
        "nash": wants("nash", *solution),
        "kalai_smorodinsky": wants("kalai-smorodinsky", *solution),
        "egalitarian": wants("egalitarian", *solution),
        "utilitarian": wants("utilitarian", *solution),
        "nash_lottery": wants("nash-lottery", "lotteries"),
        "kalai_smorodinsky_lottery": wants("kalai-smorodinsky-lottery", "lotteries"),
    }


def certify(scenario, claims=None, packages=(), node_cap=100000, enumeration_limit=2000000,
            words=12, output=None):
    """Certificates of the scenario's claims (``parley certify``), as a dict.

    ``claims``: names as on the command line (``"frontier"``, ``"nash"``, ``"solutions"``,
    ``"lotteries"``, ``"all"``...); by default the frontier and the solutions, or none when
    ``packages`` are given. ``packages``: ``"ISSUE=OPTION, ..."`` texts to prove Pareto-optimal
    or beaten by another package. The scenario must have been read from files (``parley.load``):
    the certificate names them with their SHA-256 so that a checker reads the same bytes.

    Returns ``{"certificate": the document (parley-certificate/1), "summary": the claims in
    words, "claims": [{"claim", "status", "note"}, ...]}``; every claim has status ``proved``,
    ``enumerated`` (verified by exact enumeration, no proof: past ``node_cap``) or ``unproved``
    (left out of the document). ``output``: also write the document there (atomically).
    """
    text, summary, statuses = _core.certify_document(
        scenario, packages=list(packages), node_cap=node_cap,
        enumeration_limit=enumeration_limit, words=words,
        **_flags(claims, bool(packages)))
    if output is not None:
        target = Path(output)
        temporary = target.with_name(target.name + ".parley-tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    return {"certificate": json.loads(text), "summary": summary,
            "claims": [{"claim": kind, "status": status, "note": note}
                       for kind, status, note in statuses]}


def _reference_checker():
    bundled = Path(__file__).with_name("_reference_checker.py")
    if bundled.exists():
        return bundled
    source = os.environ.get("PARLEY_SOURCE_DIR")
    if source and (Path(source) / "tools" / "parley_check.py").exists():
        return Path(source) / "tools" / "parley_check.py"
    raise FileNotFoundError("the reference checker (tools/parley_check.py) is not installed")


def check(scenario_path, certificate, checker="python"):
    """Checks a certificate with a checker that shares no code with the engine.

    ``scenario_path``: the file or folder the certificate was made from. ``certificate``: the
    document (a dict, as ``certify()["certificate"]``), its JSON text, or a path to it.
    ``checker``: ``"python"`` (the reference checker, standard library ``fractions``) or
    ``"c++"`` (``parley-check`` with GMP: on PATH, or beside the ``parley`` named by the
    environment variable PARLEY_CLI).

    Returns ``{"ok": no claim rejected, "exit_status": 0 / 1 / 2, "lines": the checker's lines
    ("claim 1 pareto: ok", ...), "summary": its last line}``.
    """
    if checker == "python":
        command = [sys.executable, str(_reference_checker())]
    elif checker == "c++":
        found = shutil.which("parley-check")
        cli = os.environ.get("PARLEY_CLI")
        if cli and (Path(cli).parent / "parley-check").exists():
            found = str(Path(cli).parent / "parley-check")
        if not found:
            raise FileNotFoundError("parley-check is not on PATH (build it: PARLEY_BUILD_CHECKER)")
        command = [found]
    else:
        raise input_error("check", "checker", repr(checker), "'python' or 'c++'")
    with tempfile.TemporaryDirectory(prefix="parley-check-") as folder:
        if isinstance(certificate, dict):
            path = Path(folder) / "certificate.json"
            path.write_text(json.dumps(certificate), encoding="utf-8")
        elif isinstance(certificate, str) and certificate.lstrip().startswith("{"):
            path = Path(folder) / "certificate.json"
            path.write_text(certificate, encoding="utf-8")
        else:
            path = Path(certificate)
        done = subprocess.run(command + [str(scenario_path), str(path)], capture_output=True,
                              text=True, check=False)
    lines = (done.stdout + done.stderr).splitlines()
    return {"ok": done.returncode == 0, "exit_status": done.returncode, "lines": lines,
            "summary": lines[-1] if lines else ""}
