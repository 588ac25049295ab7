#!/usr/bin/env python3
"""Checks that parley's version is written in one place, the file VERSION.

The build reads VERSION (CMake project version -> parley/support/version.hpp -> `parley --version`
and `parley.__version__`; pyproject.toml reads it through setuptools). Three documents must carry
a copy by their own format's rules: the OpenAPI description (info.version), and the web page's
package.json and package-lock.json; they must equal VERSION. No source file may spell the version
out itself.

Usage: check-version.py ROOT [PARLEY_EXECUTABLE]   (exit 0 when consistent, 1 with the problems)
"""

import json
import re
import subprocess
import sys
from pathlib import Path


def main() -> int:
    root = Path(sys.argv[1])
    version = (root / "VERSION").read_text().strip()
    problems = []
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        problems.append(f"VERSION: found {version!r}, expected MAJOR.MINOR.PATCH")
    openapi = re.search(r"^info:\n(?:  .*\n)*?  version: (\S+)",
                        (root / "docs/openapi.yaml").read_text(), re.MULTILINE)
    if not openapi or openapi.group(1) != version:
        problems.append(f"docs/openapi.yaml: info.version is "
                        f"{openapi.group(1) if openapi else 'missing'}, expected {version}")
    package = json.loads((root / "web/package.json").read_text())
    if package.get("version") != version:
        problems.append(f"web/package.json: version {package.get('version')}, expected {version}")
    lock = json.loads((root / "web/package-lock.json").read_text())
    if lock.get("version") != version or lock.get("packages", {}).get("", {}).get("version") != version:
        problems.append(f"web/package-lock.json: version differs from {version}")
    literal = re.compile(r"""["']""" + re.escape(version) + r"""["']""")
    for pattern in ("src/**/*.[ch]pp", "include/**/*.hpp", "apps/**/*.[ch]pp", "python/**/*.py",
                    "python/**/*.[ch]pp", "*.toml", "setup.py", "CMakeLists.txt", "cmake/*"):
        for path in root.glob(pattern):
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                if literal.search(line):
                    problems.append(f"{path.relative_to(root)}:{number}: spells the version "
                                    f"{version} out; read it from VERSION instead")
    if len(sys.argv) > 2:
        shown = subprocess.run([sys.argv[2], "--version"], capture_output=True, text=True).stdout
        if shown.strip() != f"parley {version}":
            problems.append(f"{sys.argv[2]} --version: found {shown.strip()!r}, "
                            f"expected 'parley {version}'")
    for problem in problems:
        print(problem)
    print(f"version: {len(problems)} problem(s)" if problems else
          f"version: {version}, written once (VERSION) and shown alike everywhere")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
