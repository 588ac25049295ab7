"""Builds parley._core with the project's own CMake (python/CMakeLists.txt) for setuptools.

Metadata lives in pyproject.toml. Only the Python module is configured: no tests, benchmarks,
command-line tool, service, web page or MPI.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE_DIR = Path(__file__).resolve().parent


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = Path(self.build_temp).resolve() / "cmake"
        package_dir = build_dir / "package"
        configure = ["cmake", "-S", str(SOURCE_DIR), "-B", str(build_dir),
                     "-DCMAKE_BUILD_TYPE=Release", f"-DPython3_EXECUTABLE={sys.executable}",
                     f"-DPARLEY_PYTHON_PACKAGE_DIR={package_dir}", "-DPARLEY_BUILD_PYTHON=ON"]
        configure += [f"-DPARLEY_BUILD_{part}=OFF"
                      for part in ("TESTS", "BENCH", "CLI", "SERVICE", "WEB", "MPI")]
        if shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "parley_python_core",
                        "-j", jobs], check=True)
        built = sorted(package_dir.glob("_core*.so"))
        if len(built) != 1:
            raise RuntimeError(f"expected one _core*.so in {package_dir}, found {built}")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], target)
        # The reference certificate checker, for parley.check() (docs/certificates.md).
        shutil.copyfile(SOURCE_DIR / "tools" / "parley_check.py",
                        target.parent / "_reference_checker.py")


setup(
    ext_modules=[Extension("parley._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    # Not build/: that folder is the Makefile's CMake build.
    options={"build": {"build_base": "build-pip"}},
)
