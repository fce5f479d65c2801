"""Builds the native extensions of `ingest.news.native` (kept apart so that the package's import check does not
import the builder): `python -m ingest.news.native_build build|clean|status`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ingest.news.native import _GROUP, _HERE, _ROOT, _SUFFIX, MODULES, clean, compiled, stale

__all__ = ["build", "main"]

_SETUP = """
from setuptools import setup
from mypyc.build import mypycify

setup(
    name="skg-native",
    ext_modules=mypycify({paths!r}, opt_level="3", group_name={group!r}),
    script_args=["build_ext", "--inplace"],
)
"""
_MYPY_INI = "[mypy]\npython_version = 3.11\nplugins = pydantic.mypy\nignore_missing_imports = True\n"


def build() -> list[Path]:
    """Compile `MODULES` in a scratch copy of the source tree (mypy needs the packages they import; the copy keeps
    build files out of the checkout) and put the extensions beside the sources."""
    clean()
    with tempfile.TemporaryDirectory(prefix="skg-native-") as tmp:
        work = Path(tmp)
        for package in ("graph", "ingest"):  # what the compiled modules import
            if (_ROOT / package).is_dir():
                shutil.copytree(
                    _ROOT / package, work / package, ignore=shutil.ignore_patterns("__pycache__", f"*{_SUFFIX}")
                )
        (work / "mypy.ini").write_text(_MYPY_INI, encoding="utf-8")
        paths = [f"ingest/news/{name}.py" for name in MODULES]
        (work / "setup_native.py").write_text(_SETUP.format(paths=paths, group=_GROUP), encoding="utf-8")
        subprocess.run([sys.executable, "setup_native.py"], cwd=work, check=True)
        for ext in (work / "ingest" / "news").glob(f"*{_SUFFIX}"):
            shutil.copy2(ext, _HERE / ext.name)
    return compiled()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    if command == "build":
        print("\n".join(str(p) for p in build()))
    elif command == "clean":
        print("\n".join(f"removed {p}" for p in clean()) or "nothing compiled")
    elif command == "status":
        print("\n".join(str(p) for p in compiled()) or "nothing compiled: the sources run")
        old = stale()
        if old:
            print(f"stale (source newer than extension): {', '.join(old)}")
            return 1
    else:
        print(__doc__, sys.modules["ingest.news.native"].__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
