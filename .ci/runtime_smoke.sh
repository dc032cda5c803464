#!/usr/bin/env bash
# CI: build a wheel, install it WITHOUT the test extra into a fresh virtual environment, and run
# every command once on the sample study (.ci/runtime_smoke.py). Catches what an editable install
# with the test extra hides: package folders the wheel leaves out, run-time imports that only the
# tests install.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="$(mktemp -d "${TMPDIR:-/tmp}/qcoder-runtime-XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# Build from a copy so that build/ and *.egg-info never land in the checkout.
mkdir "$scratch/src"
cp -r pyproject.toml setup.py README.md qcoder resources sample_project "$scratch/src/"
find "$scratch/src" -name __pycache__ -prune -exec rm -rf {} +
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install -q --disable-pip-version-check wheel "setuptools>=68"
"$scratch/venv/bin/pip" wheel -q --disable-pip-version-check --no-deps --no-build-isolation \
  -w "$scratch/dist" "$scratch/src"
wheel_file="$(ls "$scratch"/dist/qcoder-*.whl)"

# Every package folder of the source must be in the wheel (a folder without __init__.py is not).
"$scratch/venv/bin/python" - "$wheel_file" <<'PY'
import sys, zipfile
from pathlib import Path
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
missing = [str(d) for d in sorted(Path("qcoder").rglob("*")) if d.is_dir() and d.name != "__pycache__"
           and any(d.glob("*.py")) and f"{d.as_posix()}/__init__.py" not in names]
if missing:
    sys.exit("ci: the wheel leaves out these package folders (no __init__.py?): " + ", ".join(missing))
PY

"$scratch/venv/bin/pip" install -q --disable-pip-version-check "$wheel_file"
(cd "$scratch" && "$scratch/venv/bin/python" -c "from qcoder.core.resources import resource
assert resource('README.md').is_file(), 'the user guide (README.md) is not in the wheel'")
if "$scratch/venv/bin/python" -c "import pytest" 2>/dev/null; then
  echo "ci: the runtime environment has pytest: the test extra leaked into the runtime install" >&2
  exit 1
fi
QT_QPA_PLATFORM=offscreen "$scratch/venv/bin/python" .ci/runtime_smoke.py "$scratch/venv/bin/qcoder"
