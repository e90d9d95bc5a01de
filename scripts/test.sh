#!/usr/bin/env bash
# Set everything up (Debian packages, virtualenv, Python packages) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup-env.sh test
.venv/bin/python -m pytest -q "$@"
