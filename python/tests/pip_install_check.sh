#!/usr/bin/env bash
# ctest python.pip_install: installs parley with pip, offline, into a fresh virtual environment,
# from a copy of the source tree (so that nothing is written into the checkout), then uses the
# installed module from a folder outside both trees.
# Usage: pip_install_check.sh PYTHON SOURCE_DIR WORK_DIR
set -euo pipefail
python=$1
source_dir=$2
work_dir=$3
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1

rm -rf "$work_dir"
mkdir -p "$work_dir/source" "$work_dir/elsewhere"
# The source as committed plus work in progress; no build folders, no node_modules, no .git.
tar -C "$source_dir" --exclude='./build*' --exclude=./web/node_modules --exclude=./.git \
    --exclude='__pycache__' --exclude='*.egg-info' -cf - . | tar -C "$work_dir/source" -xf -

"$python" -m venv --system-site-packages "$work_dir/venv"
"$work_dir/venv/bin/pip" install --no-build-isolation "$work_dir/source"

cd "$work_dir/elsewhere"
"$work_dir/venv/bin/python" - "$source_dir/examples/russia-japan.yaml" <<'PY'
import sys
from pathlib import Path

import parley

location = Path(parley.__file__).resolve()
assert "site-packages" in str(location), f"parley imported from {location}, not the venv"
assert (location.parent / "_core.pyi").exists() and (location.parent / "py.typed").exists()
scenario = parley.load(sys.argv[1])
analysis = parley.analyse(scenario)
assert len(scenario.issues) == 8, scenario.issues
assert scenario.outcome_count == 11664, scenario.outcome_count
assert analysis.frontier.utilities.shape[1] == 2 and len(analysis.frontier) > 0
try:
    parley.load("no-such-scenario.yaml")
except parley.InputError as error:
    print("missing file raises:", error)
else:
    raise AssertionError("loading a missing file did not raise")
print("installed parley works:", location, len(analysis.frontier), "frontier points")
PY
