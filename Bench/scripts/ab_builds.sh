#!/usr/bin/env bash
# Before-and-after timing of the benchmark app on this host: builds revision REV (a commit, "before") in a temporary git
# worktree and the working tree ("after"), then runs the same benchmark command with each build in turn, PAIRS times, so
# that both see the same drift of a noisy host. Prints one line per run and the mean of each build. Used for the
# before-and-after figures of docs/solver.md ("Loops compiled optimised at once").
#
#   bash Bench/scripts/ab_builds.sh REV PAIRS grid M          # solver-grid M: Gram + solve summed over the twelve programs
#   bash Bench/scripts/ab_builds.sh REV PAIRS time M N D      # solver-vs-peers time: one Gram + reliable solve in a fresh process
#   bash Bench/scripts/ab_builds.sh REV PAIRS startup FILE    # relu fit --data FILE --epsilon 0.1 --rank 1000: the seconds from
#                                                             # the process's start to its first selection Gram line (reading,
#                                                             # partition, embedding); the fit is then stopped
#   bash Bench/scripts/ab_builds.sh REV PAIRS fit FILE        # the whole relu fit --data FILE --epsilon 0.1 --rank 1000: wall
#                                                             # seconds, peak resident KiB and the final solve's iterations
#
# The grid runs with OPENBLAS_NUM_THREADS=1 (as docs/solver.md's grid runs), the single fit with OpenBLAS's default threads
# (as solver_vs_peers.py). Needs git and the .NET SDK; the working tree is built in Release as it is (uncommitted changes
# included).
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=${1:?revision}; pairs=${2:?pairs}; mode=${3:?grid or time}; shift 3
case "$mode" in
  grid) m=${1:?m}; args=(solver-grid "$m"); threads=1 ;;
  time) m=${1:?m}; n=${2:?n}; d=${3:?d}; args=(solver-vs-peers time); threads= ;;
  startup|fit) file=${1:?csv file}; threads= ;;
  *) echo "mode is grid, time, startup or fit" >&2; exit 2 ;;
esac
tmp=$(mktemp -d)
before="$tmp/before"
trap 'git worktree remove --force "$before" >/dev/null 2>&1 || true; git worktree prune; rm -rf "$tmp"' EXIT
git worktree add --detach "$before" "$rev" >/dev/null 2>&1
dll=Bench/ReluVerified.Bench/bin/Release/net10.0/ReluVerified.Bench.dll
project=$(case "$mode" in startup|fit) echo Facade/ReluVerified.Cli ;; *) echo Bench/ReluVerified.Bench ;; esac)
for tree in "$before" .; do
  (cd "$tree" && dotnet build -c Release "$project" -v q -nologo >/dev/null) || { echo "build failed in $tree" >&2; exit 1; }
done

# one run of build TREE: prints the seconds that the mode measures
run() {
  local tree=$1 out="$tmp/out"
  mkdir -p "$out"
  if [ "$mode" = grid ]; then
    env ${threads:+OPENBLAS_NUM_THREADS=$threads} dotnet "$tree/$dll" "${args[@]}" "$out" >/dev/null 2>&1
    # grid.csv: ..., gram_s (13th), solve_s (14th)
    awk -F, 'NR > 1 { g += $13; s += $14 } END { printf "%.3f gram %.3f solve %.3f\n", g + s, g, s }' "$out/grid.csv"
  elif [ "$mode" = startup ]; then
    local start pid
    start=$(date +%s.%N)
    # the fit runs in the background; its output is watched for the first selection Gram line, then it is stopped
    dotnet "$tree/Facade/ReluVerified.Cli/bin/Release/net10.0/relu.dll" fit --data "$file" --out "$out/model.json" \
      --epsilon 0.1 --rank 1000 > "$out/fit.log" 2>&1 &
    pid=$!
    until grep -q "fitting: gram 1/" "$out/fit.log" 2>/dev/null; do
      kill -0 "$pid" 2>/dev/null || { echo "the fit ended before its first Gram line" >&2; cat "$out/fit.log" >&2; exit 1; }
      sleep 0.05
    done
    awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f\n", e - s }'
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    rm -f "$out/fit.log"
  elif [ "$mode" = fit ]; then
    /usr/bin/time -f "%e %M" -o "$out/time.txt" dotnet "$tree/Facade/ReluVerified.Cli/bin/Release/net10.0/relu.dll" fit \
      --data "$file" --out "$out/model.json" --epsilon 0.1 --rank 1000 > "$out/fit.log" 2>&1
    # "solver  Converged in 11 iterations, ..." of the fit's summary
    awk -v t="$(cat "$out/time.txt")" '/^  solver / { for (i = 1; i <= NF; i++) if ($i == "iterations,") it = $(i - 1) }
      END { split(t, a, " "); printf "%s peak_kib %s iterations %s\n", a[1], a[2], it }' "$out/fit.log"
    rm -f "$out/fit.log" "$out/model.json" "$out/time.txt"
  else
    dotnet "$tree/$dll" "${args[@]}" "$out" "$m" "$n" "$d" 2>/dev/null \
      | awk -F, '$1 == "csharp" { printf "%s gram %s solve %s\n", $7, $5, $6 }'
  fi
}

echo "before: $(git rev-parse --short "$rev"); after: working tree at $(git rev-parse --short HEAD); mode $mode ${*}; $pairs pairs"
for ((i = 1; i <= pairs; i++)); do
  for side in before after; do
    tree=$([ "$side" = before ] && echo "$before" || echo .)
    line=$(run "$tree")
    echo "$side $line"
    echo "$side ${line%% *}" >> "$tmp/totals"
  done
done
awk '{ sum[$1] += $2; count[$1]++; if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2; if ($2 > hi[$1]) hi[$1] = $2 }
     END { for (k in sum) printf "%s: mean %.3f s, range %.3f-%.3f s over %d runs\n", k, sum[k] / count[k], lo[k], hi[k], count[k];
           if (("before" in sum) && ("after" in sum)) printf "after / before: %.3f\n", (sum["after"] / count["after"]) / (sum["before"] / count["before"]) }' "$tmp/totals"
