#!/usr/bin/env bash
# Set everything up (virtualenv, packages) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh test
.venv/bin/python -m pytest -q "$@"
