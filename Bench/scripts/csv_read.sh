#!/usr/bin/env bash
# CSV read time and peak memory (docs/benchmarks.md, "Reading CSV"): writes M rows of N numeric feature columns and a label
# column y (numpy seed 7, 6 significant digits) to a temporary CSV file, then runs `csv-read FILE READER REPEATS` of
# Bench/ReluVerified.Bench (CsvRead.cs) once per reader, each in its own process so that each peak working set is that
# reader's alone. Needs Debian's python3-numpy and the Release build (dotnet build -c Release ReluVerified.sln).
#
#   bash Bench/scripts/csv_read.sh [M] [N] [REPEATS]        default 1000000 20 3
set -euo pipefail
cd "$(dirname "$0")/../.."
m=${1:-1000000}; n=${2:-20}; repeats=${3:-3}
dll=Bench/ReluVerified.Bench/bin/Release/net10.0/ReluVerified.Bench.dll
[ -f "$dll" ] || { echo "build first: dotnet build -c Release ReluVerified.sln"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$m" "$n" "$tmp/data.csv" <<'PY'
import sys
import numpy as np
m, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(7)
with open(path, "w") as fh:
    fh.write(",".join([f"f{i}" for i in range(n)] + ["y"]) + "\n")
    for start in range(0, m, 100000):
        k = min(100000, m - start)
        x = rng.normal(size=(k, n))
        y = np.maximum(0, x[:, 0])
        np.savetxt(fh, np.column_stack([x, y]), delimiter=",", fmt="%.6g")
PY
echo "file: $m rows x $((n + 1)) columns, $(du -m "$tmp/data.csv" | cut -f1) MiB; $(nproc) cores; dotnet $(dotnet --version)"
for reader in split csvhelper sep sep-plain csvtable rowstream; do
  dotnet "$dll" csv-read "$tmp/data.csv" "$reader" "$repeats"
done
