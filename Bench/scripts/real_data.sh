#!/usr/bin/env bash
# The real-data benchmark of docs/comparison-real.md, in one command (never part of CI: it installs R packages and runs
# for about an hour on 2 cores).
#   bash Bench/scripts/real_data.sh [DATA_DIR] [extra real-data options, e.g. --splits 2 --datasets bioChemists]
# 1. installs Debian's r-cran-aer and r-cran-pscl when R cannot load them (needs root; brings R itself);
# 2. exports the six data sets as numeric CSV files into DATA_DIR (default: a new temporary folder) with
#    Bench/scripts/real_data.R; the data are never committed;
# 3. runs `dotnet run -c Release --project Bench/ReluVerified.Bench -- real-data DATA_DIR`, which writes
#    docs/comparison-real/results.md (spliced into docs/comparison-real.md), one trade-off picture per data set into
#    docs/comparison-real/, and the full JSON of every run into DATA_DIR/results.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-$(mktemp -d -t relu-real-data-XXXXXX)}
shift || true
if ! Rscript -e 'suppressMessages({library(AER); library(pscl)})' >/dev/null 2>&1; then
  echo "Installing r-cran-aer and r-cran-pscl (Debian packages)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq r-cran-aer r-cran-pscl >/dev/null
fi
Rscript Bench/scripts/real_data.R "$data"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit (with uncommitted changes)"; fi
start=$(date +%s)
dotnet run -c Release --project Bench/ReluVerified.Bench -- real-data "$data" --commit "$commit" "$@"
echo "real_data.sh: $(( ($(date +%s) - start) / 60 )) min for the benchmark; data and JSON in $data"
