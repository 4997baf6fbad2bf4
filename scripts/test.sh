#!/usr/bin/env bash
# Run the test suite (setting up first if this machine is fresh). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest -q "$@"
