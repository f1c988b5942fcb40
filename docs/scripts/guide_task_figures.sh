#!/usr/bin/env bash
# Regenerates the figures of docs/guide.md's "Beyond one ReLU: the other tasks": runs exactly the commands shown there
# (relu sample with fixed seeds, the awk relabelling for the leaky ReLU and the polynomial, relu fit, relu evaluate) in a
# temporary folder and rewrites the text between the guide's marker comments
#   <!-- figures:guide-tasks:begin ... -->  ...  <!-- figures:guide-tasks:end -->
# Every number written there is copied from the CLI's own output: held-out losses are relu evaluate's loss rounded to two
# significant digits, selected (d, B), the solver's exit and the polynomial's coefficients as relu fit prints them (G4).
# Proofs/ReluVerified.Proofs/Docs/Guide_Task_Figures_Checks.cs recomputes the same figures in-process and compares.
#
# usage: bash docs/scripts/guide_task_figures.sh            (builds the CLI in Release first)
#        RELU_NO_BUILD=1 bash docs/scripts/guide_task_figures.sh
#        bash docs/scripts/guide_task_figures.sh --check    (rewrites nothing; exits 1 when the guide differs)
# Run it with OPENBLAS_NUM_THREADS=1 (set below when unset), as CI does.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/guide_common.sh" "$@"
fail() { echo "guide_task_figures.sh: $*" >&2; exit 1; }

# The commands of the block, one a line, exactly as the guide shows them (after the prose). The generator runs these lines.
read -r -d '' data_commands <<'CMDS' || true
relu sample --scenario depth2 --dimension 5 --count 1500 --seed 1 --out d2-train.csv
relu sample --scenario depth2 --dimension 5 --count 3000 --seed 2 --out d2-test.csv
relu sample --scenario max-of-planes --dimension 5 --count 1500 --seed 1 --out maxaff-train.csv
relu sample --scenario max-of-planes --dimension 5 --count 3000 --seed 2 --out maxaff-test.csv
for s in train test; do
  awk -F, 'NR == 1 {print; next} {t = 0.6*$1 - 0.48*$2 + 0.64*$4; printf "%s,%s,%s,%s,%s,%.17g\n", $1, $2, $3, $4, $5, (t > 0 ? t : 0.2*t)}' d2-$s.csv > leaky-$s.csv
  awk -F, 'NR == 1 {print; next} {printf "%s,%s,%s,%s,%s,%.17g\n", $1, $2, $3, $4, $5, 0.5*$1*$2 - 0.4*$3*$3 + 0.3*$4}' d2-$s.csv > poly-$s.csv
done
CMDS
eval "$data_commands"

# the fits, exactly as the guide shows them (their tables go to files, so they are printed without padding)
fits=(
  "relu fit --task depth2 --units 3 --scale none --data d2-train.csv --out d2.json"
  "relu fit --task leaky --scale none --data leaky-train.csv --out leaky.json"
  "relu fit --task max-affine --pieces 3 --scale none --data maxaff-train.csv --out maxaff.json"
  "relu fit --task max-affine-lspa --pieces 3 --scale none --data maxaff-train.csv --out lspa.json"
  "relu fit --task polynomial --degree 2 --weight 4 --scale none --data poly-train.csv --out poly.json"
)
for command in "${fits[@]}"; do
  name="${command##*--out }"; name="${name%.json}"
  eval "$command" > "$name.txt" 2> "$name.err" || fail "$command failed: $(cat "$name.err")"
done

# a row of the printed fit table: everything after the row's name
row() { grep -E "^ *$2 " "$1" | head -1 | sed -E "s/^ *$2 +//"; }
# (d, B) as relu fit prints them: "d = 4, B = 4"
db() { local kdb; kdb="$(row "$1" 'kernel, degree d, weight B')"; kdb="${kdb#*, }"; echo "d = ${kdb%%, *}, B = ${kdb#*, }"; }
# relu evaluate's loss on the test file, to two significant digits as 1.5e-4
loss() { local v; v="$(relu evaluate --model "$1" --data "$2" --json | jq -r '.loss')"; printf '%.1e' "$v" | sed -E 's/e([-+])0*([0-9])/e\1\2/; s/e\+/e/'; }

d2_db="$(db d2.txt)"; leaky_db="$(db leaky.txt)"; maxaff_db="$(db maxaff.txt)"
d2_loss="$(loss d2.json d2-test.csv)"; leaky_loss="$(loss leaky.json leaky-test.csv)"
maxaff_loss="$(loss maxaff.json maxaff-test.csv)"; lspa_loss="$(loss lspa.json maxaff-test.csv)"
lspa_solver="$(row lspa.txt solver)"                                    # "Fixpoint in 8 iterations, objective ..."
[[ "$lspa_solver" =~ ^Fixpoint\ in\ ([0-9]+)\ iterations ]] || fail "max-affine-lspa did not reach a fixpoint: $lspa_solver"
lspa_steps="${BASH_REMATCH[1]}"
coefficients="$(row poly.txt 'largest coefficients')"
top3="$(sed -E 's/^([^,]*, [^,]*, [^,]*), .*/\1/' <<< "$coefficients")"
# the paragraph on the squares: the eight printed coefficients are x0 x1, x3, x2^2, the constant and the four other squares
# with one printed value, which on the sphere (sum_k x_k^2 = 1) add the constant's opposite to x2^2's coefficient
coefficient() { tr ',' '\n' <<< "$coefficients" | sed -E 's/^ *//' | grep -E "^[^ ]+ $1\$" | cut -d' ' -f1; }
x2sq="$(coefficient 'x2\^2')"; constant="$(coefficient '1')"
squares="$(for k in 0 1 3 4; do coefficient "x$k\\^2"; done | sort -u)"
[[ -n "$x2sq" && -n "$constant" && "$(wc -l <<< "$squares")" == 1 && -n "$squares" ]] || fail "the polynomial's coefficients are not in the paragraph's form: $coefficients"
[[ "$constant" == "-$squares" ]] || fail "the polynomial's constant $constant is not minus its other squares' $squares"
if awk -v v="$(relu evaluate --model lspa.json --data maxaff-test.csv --json | jq -r '.loss')" 'BEGIN { exit !(v < 1e-12) }'; then
  lspa_figure="below 1e-12"
else
  lspa_figure="$lspa_loss"
fi

indent() { sed -E 's/^/    /'; }
tasks_block="One run of each on 1,500 training and 3,000 test points on S^4, all noise-free. \`relu sample\` draws them (training
seed 1, test seed 2; the planted networks and planes are fixed); the leaky ReLU y = 0.2 t + 0.8 ReLU(t) with
t = 0.6 x0 - 0.48 x1 + 0.64 x3 and the polynomial y = 0.5 x0 x1 - 0.4 x2^2 + 0.3 x3 relabel the depth-2 sample's points:

$(indent <<< "$data_commands")

$(printf '%s\n' "${fits[@]}" | indent)
      # largest coefficients $top3, ... for the target 0.5 x0 x1 - 0.4 x2^2 + 0.3 x3

    relu evaluate --model d2.json --data d2-test.csv           # held-out loss $d2_loss (the fit selected $d2_db)
    relu evaluate --model leaky.json --data leaky-test.csv     # held-out loss $leaky_loss (the fit selected $leaky_db)
    relu evaluate --model maxaff.json --data maxaff-test.csv   # held-out loss $maxaff_loss (the fit selected $maxaff_db)
    relu evaluate --model lspa.json --data maxaff-test.csv     # held-out loss $lspa_figure (the fit: fixpoint in $lspa_steps iterations)

The polynomial's squares look different from the target's because on the sphere sum_k x_k^2 = 1: the learned
$x2sq x2^2 + $squares (x0^2 + x1^2 + x3^2 + x4^2) $( [[ "$constant" == -* ]] && echo "- ${constant#-}" || echo "+ $constant") is the same function as -0.4 x2^2 there (see Proofs/T2.4-polynomial.md).
The figures are written by \`bash docs/scripts/guide_task_figures.sh\`, which runs the commands above, and the test suite
recomputes them (Proofs/ReluVerified.Proofs/Docs/Guide_Task_Figures_Checks.cs)."

# rewrite the block (the marker lines stay; what lies between them is replaced)
new="$work/guide.md"
TASKS="$tasks_block" perl -0777 -pe '
  my $text = $ENV{TASKS};
  s/(<!-- figures:guide-tasks:begin[^\n]*-->\n).*?(<!-- figures:guide-tasks:end -->)/$1$text\n$2/s
    or die "docs/guide.md has no figures:guide-tasks markers\n";' "$guide" > "$new"

if (( check )); then
  if diff -u "$guide" "$new"; then echo "docs/guide.md: task figures up to date"; else echo "docs/guide.md: task figures differ (run bash docs/scripts/guide_task_figures.sh)" >&2; exit 1; fi
else
  cp "$new" "$guide"
  echo "docs/guide.md: task figures rewritten (held-out losses $d2_loss, $leaky_loss, $maxaff_loss, $lspa_figure; polynomial $top3)"
fi
