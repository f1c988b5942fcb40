#!/usr/bin/env bash
# The cluster fit's overhead on one machine (issue 18): draws M rows of N features with a planted ReLU label
# (Bench/scripts/planted_relu_csv.py, numpy seed SEED) as CSV under a temporary folder, then
#   (a) times the single-process streaming fit
#       `relu fit --data D --out M1 --stream --recipe theorem --rank R --degree DEGREE --weight 16` with GNU time
#       (DEGREE 3 by default: the degree-2 kernel on 20 features has 231 dimensions, so rank 1000 needs degree 3 or more);
#   (b) starts 2 silo processes on localhost (cluster-silo of Bench/ReluVerified.ClusterBench, waiting for each one's
#       "silo ready") and times the cluster fit of the same file with the same options (cluster-fit, ClusterFit.Run)
#       with GNU time;
#   (c) prints the ratio cluster / single (process wall clocks, and the fits' own wall clocks), both peaks (the cluster's
#       is the sum of the silos' and the client's peak resident sets), whether the two objectives agree (read from the
#       model files), the cluster's measured costs and the modelled times on k = 1, 2, 4, 8 machines
#       (ClusterCosts.ModelledSeconds: a model, not a measurement).
# Both fits run on the same cores, so the ratio measures the cluster's overhead, not a speed-up (target: <= 1.3).
# Environment: SHARDS (default 0: two per silo, the library's default), SILO_BLAS_THREADS (OpenBLAS threads of each silo,
# default 1: the silos' shards already run side by side; the single fit and the client use OpenBLAS's default),
# SILO_HEAP_PERCENT (each silo's GC heap limit in percent of physical memory, default 40).
# The silos are stopped (SIGTERM) when the script ends, however it ends. Needs Debian's python3-numpy, GNU time and the
# Release build (dotnet build -c Release ReluVerified.sln). At the default size the data file is about 0.5 GB and the fit
# needs several GB: run it on a quiet machine.
#
#   bash Bench/scripts/cluster_fit.sh [M] [N] [R] [SEED]       default 2000000 20 1000 5; e.g. 20000 20 100 to try it
set -euo pipefail
cd "$(dirname "$0")/../.."
m=${1:-2000000}; n=${2:-20}; r=${3:-1000}; seed=${4:-5}; degree=${DEGREE:-3}
shards=${SHARDS:-0}; silo_threads=${SILO_BLAS_THREADS:-1}
# each silo's GC heap limit, in percent of physical memory (hexadecimal for the runtime's environment variable): two silos
# on one machine must not each take the 75% the programs set for themselves
silo_heap=${SILO_HEAP_PERCENT:-40}; silo_heap_hex=$(printf '%x' "$silo_heap")
relu=Facade/ReluVerified.Cli/bin/Release/net10.0/relu.dll
bench=Bench/ReluVerified.ClusterBench/bin/Release/net10.0/ReluVerified.ClusterBench.dll
for dll in "$relu" "$bench"; do [ -f "$dll" ] || { echo "build first: dotnet build -c Release ReluVerified.sln ($dll is missing)"; exit 2; }; done
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (Debian: apt-get install -y time)"; exit 2; }

tmp=$(mktemp -d)
silos=()
timed=""
stop_silos() {
  for pid in "${silos[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${silos[@]}"; do wait "$pid" 2>/dev/null || true; done
  silos=()
}
# a fit still running under GNU time: SIGTERM to its child (time does not pass it on), SIGKILL after 20 s, then time
stop_timed() {
  if [ -n "$timed" ]; then
    pkill -TERM -P "$timed" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$timed" 2>/dev/null || break; sleep 0.5; done
    pkill -KILL -P "$timed" 2>/dev/null || true
    wait "$timed" 2>/dev/null || true
  fi
  timed=""
}
trap 'stop_timed; stop_silos; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# runs "$@" under GNU time (wall seconds and peak KiB into file $1), in the background so that a signal stops it at once
timed_run() {
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$out" "$@" &
  timed=$!
  local status=0
  wait "$timed" || status=$?
  timed=""
  return "$status"
}

# four free TCP ports on the loopback interface (silo and gateway ports of the two silos)
read -r p1 g1 p2 g2 < <(/usr/bin/python3 -c '
import socket
held = [socket.socket() for _ in range(4)]
for s in held: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in held])')

# waits for "silo ready" in log $1 from process $2 (at most 120 s)
wait_ready() {
  for _ in $(seq 1 240); do
    grep -q '^silo ready' "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "the silo stopped before it was ready:"; cat "$1"; exit 1; }
    sleep 0.5
  done
  echo "the silo was not ready after 120 s:"; cat "$1"; exit 1
}

/usr/bin/python3 Bench/scripts/planted_relu_csv.py "$m" "$n" "$seed" "$tmp/data.csv"
echo "data: $m rows x $n features (seed $seed), $(du -m "$tmp/data.csv" | cut -f1) MiB; rank $r, degree $degree, weight 16; $(nproc) cores; dotnet $(dotnet --version)"
options=(--rank "$r" --degree "$degree" --weight 16)

echo "== (a) single process: relu fit --stream --recipe theorem ${options[*]}"
timed_run "$tmp/single.time" dotnet "$relu" fit --data "$tmp/data.csv" --out "$tmp/single.json" --stream --recipe theorem "${options[@]}" \
  > "$tmp/single.log" 2>&1 || { cat "$tmp/single.log"; exit 1; }
grep -E "solver  |time \(gram|low rank" "$tmp/single.log" || true
read -r single_wall single_peak < "$tmp/single.time"
echo "wall $single_wall s, peak $single_peak KiB"

if [ "$shards" = 0 ]; then shard_text="two per silo"; else shard_text=$shards; fi
echo "== (b) cluster: 2 silos on localhost (OPENBLAS_NUM_THREADS=$silo_threads, GC heap limit $silo_heap% of memory each), shards: $shard_text"
OPENBLAS_NUM_THREADS=$silo_threads DOTNET_GCHeapHardLimitPercent=$silo_heap_hex dotnet "$bench" cluster-silo --port "$p1" --gateway "$g1" > "$tmp/silo1.log" 2>&1 &
silos+=($!)
wait_ready "$tmp/silo1.log" "${silos[0]}"
OPENBLAS_NUM_THREADS=$silo_threads DOTNET_GCHeapHardLimitPercent=$silo_heap_hex dotnet "$bench" cluster-silo --port "$p2" --gateway "$g2" --primary "$p1" > "$tmp/silo2.log" 2>&1 &
silos+=($!)
wait_ready "$tmp/silo2.log" "${silos[1]}"
timed_run "$tmp/cluster.time" dotnet "$bench" cluster-fit --gateways "$g1,$g2" --silos 2 --shards "$shards" \
  --data "$tmp/data.csv" --out "$tmp/cluster.json" "${options[@]}" > "$tmp/cluster.log" 2>&1 || { cat "$tmp/cluster.log" "$tmp/silo1.log" "$tmp/silo2.log"; exit 1; }
grep -vE "^(objective|fit wall|client peak rss) " "$tmp/cluster.log" || true
stop_silos
read -r cluster_wall client_peak < "$tmp/cluster.time"
silo_peaks=$(sed -n 's/^silo peak rss \([0-9]*\) KiB$/\1/p' "$tmp/silo1.log" "$tmp/silo2.log" | paste -sd' ')
echo "wall $cluster_wall s (client process; silos started before), peaks: client $client_peak KiB, silos $silo_peaks KiB"

echo "== (c) cluster / single"
/usr/bin/python3 - "$tmp" "$single_wall" "$single_peak" "$cluster_wall" "$client_peak" "$silo_peaks" <<'PY'
import json, re, sys
tmp, single_wall, single_peak, cluster_wall, client_peak, silo_peaks = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
peaks = [int(p) for p in silo_peaks.split()]
single = json.load(open(f"{tmp}/single.json"))["report"]
cluster = json.load(open(f"{tmp}/cluster.json"))["report"]
log = open(f"{tmp}/cluster.log").read()
cluster_fit = float(re.search(r"^fit wall ([0-9.]+) s", log, re.M).group(1))
single_fit = single["timings"]["total_ms"] / 1000
print(f"process wall: single {single_wall:.2f} s, cluster client {cluster_wall:.2f} s, ratio {cluster_wall / single_wall:.2f} (target <= 1.3)")
print(f"fit wall (the fits' own clocks): single {single_fit:.2f} s, cluster {cluster_fit:.2f} s, ratio {cluster_fit / single_fit:.2f}")
if len(peaks) == 2:
    total = client_peak + sum(peaks)
    print(f"peak resident set: single {single_peak / 1024:.0f} MiB; cluster {total / 1024:.0f} MiB "
          f"(client {client_peak / 1024:.0f} + silos {' + '.join(f'{p / 1024:.0f}' for p in peaks)})")
else:
    print(f"peak resident set: single {single_peak / 1024:.0f} MiB; cluster client {client_peak / 1024:.0f} MiB (a silo did not report its peak)")
a, b = single["objective"], cluster["objective"]
rel = abs(a - b) / max(abs(a), 1e-300)
print(f"objectives: single {a!r}, cluster {b!r}, relative difference {rel:.1e} ({'equal to 1e-10' if rel <= 1e-10 else 'DIFFERENT'}); "
      f"iterations {single['iterations']} / {cluster['iterations']}, exit {single['exit']} / {cluster['exit']}, rank {single['low_rank']['rank']} / {cluster['low_rank']['rank']}")
for line in log.splitlines():
    if line.startswith("modelled"):
        print(line)
PY
