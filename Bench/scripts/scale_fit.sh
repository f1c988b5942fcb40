#!/usr/bin/env bash
# `relu fit` with its defaults at scale (docs/scale.md, "relu fit defaults at scale"): draws M rows of N features on the unit
# sphere with a planted ReLU label (y = clip(max(0, w.x) + 0.05 noise on the positive side, 0, 1), numpy seed SEED;
# Bench/scripts/planted_relu_csv.py), writes them as CSV under a temporary folder, and times
# `relu fit --data ... --epsilon 0.1 --rank R` with GNU time (wall clock and peak resident set). Needs Debian's
# python3-numpy and the Release build of the CLI (dotnet build -c Release).
#
#   bash Bench/scripts/scale_fit.sh M N R [SEED]       e.g. 200000 20 1000   or   1000000 100 1000
set -euo pipefail
cd "$(dirname "$0")/../.."
m=${1:?rows}; n=${2:?features}; r=${3:?rank}; seed=${4:-5}
dll=Facade/ReluVerified.Cli/bin/Release/net10.0/relu.dll
[ -f "$dll" ] || { echo "build first: dotnet build -c Release ReluVerified.sln"; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (Debian: apt-get install -y time)"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 Bench/scripts/planted_relu_csv.py "$m" "$n" "$seed" "$tmp/data.csv"
/usr/bin/time -f "wall %e s, peak %M KiB" dotnet "$dll" fit --data "$tmp/data.csv" --out "$tmp/model.json" --epsilon 0.1 --rank "$r" 2>&1 \
  | grep -E "kernel, degree|solver  |time \(gram|train positive loss|wall .* peak"
