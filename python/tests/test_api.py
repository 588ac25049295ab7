"""The shape of the module: type stubs match _core, docstrings, error classes, optional pandas."""

import ast
import inspect
import os
import subprocess
import sys
from pathlib import Path

import parley
from parley import _core

STUB = Path(parley.__file__).resolve().parent / "_core.pyi"


def stub_names():
    """Top-level names of _core.pyi, each with the member names its class declares."""
    tree = ast.parse(STUB.read_text())
    names = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            members = set()
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    members.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members.add(item.target.id)
            names[node.name] = members
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = set()
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = set()  # a module constant, such as DEFAULT_WORK_BUDGET
    return names


def test_every_stub_name_exists_in_the_module():
    names = stub_names()
    assert len(names) > 40
    error_attributes = {"file", "line", "column", "field", "found", "expected"}
    for name, members in names.items():
        assert hasattr(_core, name), f"_core.pyi declares {name}, the module has none"
        target = getattr(_core, name)
        for member in members - (error_attributes if name == "InputError" else set()):
            assert hasattr(target, member), f"_core.pyi declares {name}.{member}, missing"


def test_every_public_core_name_has_a_stub_and_a_docstring():
    names = stub_names()
    for name, value in vars(_core).items():
        if name.startswith("_"):
            continue
        assert name in names, f"_core.{name} has no stub in _core.pyi"
        if inspect.isclass(value) or callable(value):
            assert (value.__doc__ or "").strip(), f"_core.{name} has no docstring"


def test_python_layer_has_docstrings():
    for name in ["load", "loads", "save", "build_scenario", "analyse", "frontier",
                 "outcome_labels", "AnalysisResult", "FrontierResult", "SolutionResult"]:
        assert (getattr(parley, name).__doc__ or "").strip(), name
    for method in ["report", "to_json", "to_dict", "plot", "to_frame"]:
        assert getattr(parley.AnalysisResult, method).__doc__, method


def test_error_classes():
    assert issubclass(parley.InputError, parley.Error) and issubclass(parley.InputError, ValueError)
    assert issubclass(parley.UnsupportedError, parley.Error)
    assert issubclass(parley.Error, RuntimeError)
    assert parley.InputError.__module__ == "parley" and parley.InputError is _core.InputError


def test_module_imports_and_works_without_pandas(tmp_path, source_dir):
    # A meta-path hook that refuses pandas, as on a machine without it.
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\n"
        "class Refuse:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'pandas' or name.startswith('pandas.'):\n"
        "            raise ImportError('pandas is not installed here')\n"
        "sys.meta_path.insert(0, Refuse())\n")
    script = (
        "import parley, sys\n"
        f"r = parley.analyse(parley.load({str(source_dir / 'examples' / 'job-offer.yaml')!r}))\n"
        "assert 'pandas' not in sys.modules\n"
        "try:\n"
        "    r.to_frame()\n"
        "except ImportError as e:\n"
        "    print('no pandas:', e)\n"
        "else:\n"
        "    raise SystemExit('to_frame worked without pandas')\n")
    # Not resolved: in the build tree the .py files are links into the source folder.
    path = os.pathsep.join([str(tmp_path), str(Path(parley.__file__).parent.parent)])
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               env={**os.environ, "PYTHONPATH": path}, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert "to_frame() needs pandas" in completed.stdout


def test_version_comes_from_the_version_file():
    source = Path(os.environ.get("PARLEY_SOURCE_DIR", Path(__file__).resolve().parents[2]))
    assert parley.__version__ == (source / "VERSION").read_text().strip()
    assert _core.__version__ == parley.__version__
