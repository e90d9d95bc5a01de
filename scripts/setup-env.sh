#!/usr/bin/env bash
# Create .venv (if needed) and install ziping with the pinned versions.
# Usage: bash scripts/setup-env.sh [extras], e.g. "test".
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "ziping 需要 Python 3.11 或更高版本（当前：$("$python" --version 2>&1)）。" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
spec="."
[ -n "$extras" ] && spec=".[$extras]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e "$spec"
