"""Is this virtual environment still a faithful install of pyproject.toml?

    python .ci/venv_check.py STAMP [EXTRA ...]           exit 0: yes; 1: reinstall (says why)
    python .ci/venv_check.py --write STAMP [EXTRA ...]   after `pip install`: force-reinstall
                                                         what is still broken, then record
                                                         the good install in STAMP

Run by the Makefile with the venv's python before every `make test` / `make demo`. The venv
needs repair when any of these holds, not only when pyproject.toml is newer than the stamp:
the stamp's hash of pyproject.toml (and the extras) differs; a dependency declared there
(core, and the extras asked for) is not installed, has a version outside its range, or its
modules cannot be found; `pip check` finds broken requirements; storytrace is not importable
from this checkout's src/.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # a base venv without packaging: pip always vendors it
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[1]


def fingerprint(pyproject: Path, extras: list[str]) -> str:
    digest = hashlib.sha256(pyproject.read_bytes()).hexdigest()
    return f"{digest} {' '.join(sorted(extras))}".strip() + "\n"


def declared(pyproject: Path, extras: list[str]) -> list[Requirement]:
    project = tomllib.loads(pyproject.read_text("utf-8"))["project"]
    found = [Requirement(r) for r in project.get("dependencies", [])]
    for extra in extras:
        found += [Requirement(r) for r in project.get("optional-dependencies", {})[extra]]
    return [r for r in found if r.marker is None or r.marker.evaluate()]


def modules_of(dist: md.Distribution) -> list[str]:
    """The top-level modules a distribution installs (from its RECORD or top_level.txt)."""
    top = dist.read_text("top_level.txt")
    if top:
        return [m for m in top.split() if m and not m.startswith("_")]
    names = set()
    for f in dist.files or ():
        parts = Path(str(f)).parts
        if parts and not parts[0].endswith((".dist-info", ".data")) and parts[0] != "..":
            name = parts[0].removesuffix(".py")
            if name.isidentifier() and not name.startswith("_"):
                names.add(name)
    return sorted(names)


def broken(pyproject: Path, extras: list[str]) -> list[str]:
    """Declared requirements whose installed files are damaged (version metadata present,
    modules gone): `pip install` calls them satisfied, so they need --force-reinstall."""
    out = []
    for req in declared(pyproject, extras):
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            continue
        if any(importlib.util.find_spec(m) is None for m in modules_of(dist)):
            out.append(str(req))
    return out


def problems(stamp: Path, extras: list[str], pyproject: Path) -> list[str]:
    out: list[str] = []
    if not stamp.exists() or stamp.read_text() != fingerprint(pyproject, extras):
        out.append(f"{pyproject.name} changed since the last install ({stamp})")
    for req in declared(pyproject, extras):
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            out.append(f"{req.name} is declared but not installed")
            continue
        if req.specifier and not req.specifier.contains(dist.version, prereleases=True):
            out.append(f"{req.name} {dist.version} is installed, {req} is declared")
        for module in modules_of(dist):
            if importlib.util.find_spec(module) is None:
                out.append(f"{req.name}: its module '{module}' cannot be found")
    spec = importlib.util.find_spec("storytrace")
    if spec is None or not str(spec.origin).startswith(str(ROOT / "src")):
        out.append(f"storytrace is not installed from {ROOT / 'src'} (editable)")
    check = subprocess.run(
        [sys.executable, "-m", "pip", "check"], capture_output=True, text=True, check=False
    )
    if check.returncode:
        out.append("pip check: " + "; ".join(check.stdout.strip().splitlines()[:5]))
    return out


def main(argv: list[str]) -> int:
    write = "--write" in argv
    args = [a for a in argv if a != "--write"]
    pyproject = ROOT / "pyproject.toml"
    if args and args[0].startswith("--pyproject="):
        pyproject = Path(args.pop(0).split("=", 1)[1])
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    stamp, extras = Path(args[0]), args[1:]
    if write:
        damaged = broken(pyproject, extras)
        if damaged:
            print(f"venv: reinstalling damaged {', '.join(damaged)}", file=sys.stderr)
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps",
                 *damaged],
                check=False,
            )  # fmt: skip
            importlib.invalidate_caches()
        found = [p for p in problems(stamp, extras, pyproject) if "changed since" not in p]
        if found:
            print("venv: the install is still broken:\n  " + "\n  ".join(found), file=sys.stderr)
            return 1
        stamp.write_text(fingerprint(pyproject, extras))
        return 0
    found = problems(stamp, extras, pyproject)
    if found:
        print("venv: reinstalling, because:\n  " + "\n  ".join(found), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
