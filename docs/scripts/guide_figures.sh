#!/usr/bin/env bash
# Regenerates the figures of docs/guide.md's moderation walk-through (sections 2 and 3): runs exactly the guide's
# commands (the head/tail split of docs/data/moderation.csv, relu fit --report, relu evaluate, the theorem-recipe variant)
# in a temporary folder and rewrites the text between the guide's marker comments
#   <!-- figures:guide-fit:begin ... -->       ...  <!-- figures:guide-fit:end -->
#   <!-- figures:guide-evaluate:begin ... -->  ...  <!-- figures:guide-evaluate:end -->
#   <!-- figures:guide-theorem:begin ... -->   ...  <!-- figures:guide-theorem:end -->
# Every number written there is copied from the CLI's own output (G4, as relu prints it); nothing is typed.
# Proofs/ReluVerified.Proofs/Docs/Guide_Figures_Checks.cs recomputes the same figures in-process and compares.
#
# usage: bash docs/scripts/guide_figures.sh            (builds the CLI in Release first)
#        RELU_NO_BUILD=1 bash docs/scripts/guide_figures.sh
#        bash docs/scripts/guide_figures.sh --check    (rewrites nothing; exits 1 when the guide differs)
# Run it with OPENBLAS_NUM_THREADS=1 (set below when unset), as CI does.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/guide_common.sh" "$@"

# 1. Split off a test set (the guide's commands)
head -1501 "$root/docs/data/moderation.csv" > train.csv
(head -1 "$root/docs/data/moderation.csv"; tail -500 "$root/docs/data/moderation.csv") > test.csv

# 2. Fit (the guide's command); the table goes to a file, so it is printed without padding
relu fit --data train.csv --out model.json --epsilon 0.1 --report report.json > fit.txt 2> fit.err
# 3. Evaluate (the guide's command, and --json for the comparisons below)
relu evaluate --model model.json --data test.csv > evaluate.txt
relu evaluate --model model.json --data test.csv --json > evaluate.json
# the theorem-recipe variant
relu fit --data train.csv --out theorem.json --epsilon 0.1 --recipe theorem --scale standardize --bias --calibrate \
  --report theorem-report.json > theorem-fit.txt 2> theorem-fit.err
relu evaluate --model theorem.json --data test.csv > theorem-evaluate.txt

# a row of the printed fit table: everything after the row's name
row() { grep -E "^ *$2 " "$1" | head -1 | sed -E "s/^ *$2 +//"; }
fail() { echo "guide_figures.sh: $*" >&2; exit 1; }

# fit figures, as relu fit prints them
kdb="$(row fit.txt 'kernel, degree d, weight B')"          # e.g. "gaussian, 0, 4"
kernel="${kdb%%,*}"; rest="${kdb#*, }"; degree="${rest%%,*}"; weight="${rest#*, }"
program="$(row fit.txt 'program')"
[[ "$program" == *"lambda = "* ]] || fail "the recommended fit did not run the FP-budgeted program: $program"
lambda="${program##*lambda = }"
taus="$(row fit.txt 'tau_c, tau')"; tau="${taus#*, }"
fp="$(row fit.txt 'train false-positive rate')"
joint="$(sed -E 's/^joint P\(h != 0, y = 0\) ([^,]+), .*/\1/' <<< "$fp")"
conditional="$(sed -E 's/.*conditional P\(h != 0 \| y = 0\) (.+)$/\1/' <<< "$fp")"
selection="$(row fit.txt 'selection')"
folds="$(sed -E 's/^([0-9]+)-fold cross-validation of ([0-9]+) candidates \(([0-9]+) solves\) on all ([0-9]+) fit rows.*/\1/' <<< "$selection")"
candidates="$(sed -E 's/^([0-9]+)-fold cross-validation of ([0-9]+) candidates \(([0-9]+) solves\) on all ([0-9]+) fit rows.*/\2/' <<< "$selection")"
solves="$(sed -E 's/^([0-9]+)-fold cross-validation of ([0-9]+) candidates \(([0-9]+) solves\) on all ([0-9]+) fit rows.*/\3/' <<< "$selection")"
fitrows="$(sed -E 's/^([0-9]+)-fold cross-validation of ([0-9]+) candidates \(([0-9]+) solves\) on all ([0-9]+) fit rows.*/\4/' <<< "$selection")"
[[ "$folds" =~ ^[0-9]+$ && "$solves" =~ ^[0-9]+$ && "$fitrows" =~ ^[0-9]+$ ]] || fail "unexpected selection line: $selection"
[[ "$kernel" == gaussian ]] || fail "the recommended fit chose the $kernel kernel; the guide's sentences assume gaussian"
# the sentences around the figures: the calibrated bound stated, no positive-loss bound, the joint Rademacher bound withheld
jq -e '.calibration != null' report.json > /dev/null || fail "the fit was not calibrated"
guarantee="$(jq -r '.guarantee.statement' report.json)"
[[ "$guarantee" == *"No positive loss bound"* ]] || fail "the guarantee now claims a positive-loss bound"
[[ "$guarantee" == *"No joint false-positive bound"* ]] || fail "the guarantee now states a joint false-positive bound"

# theorem-variant figures
tkdb="$(row theorem-fit.txt 'kernel, degree d, weight B')"
tdegree="$(cut -d, -f2 <<< "$tkdb" | tr -d ' ')"; tweight="$(cut -d, -f3 <<< "$tkdb" | tr -d ' ')"
ttaus="$(row theorem-fit.txt 'tau_c, tau')"; ttau="${ttaus#*, }"
eval_figure() { # file, line prefix -> the figure after it
  grep -E "^$2" "$1" | head -1 | sed -E "s/^$2 *//; s/ .*//"; }
ejoint="$(eval_figure evaluate.txt 'false-positive rate')"
econd="$(sed -n 3p evaluate.txt | sed -E 's/^ *//; s/ .*//')"
tjoint="$(eval_figure theorem-evaluate.txt 'false-positive rate')"
tcond="$(sed -n 3p theorem-evaluate.txt | sed -E 's/^ *//; s/ .*//')"
tposloss="$(eval_figure theorem-evaluate.txt 'positive loss')"
if [[ "$tjoint" == "$ejoint" && "$tcond" == "$econd" ]]; then
  trates="the same false-positive rates ($tjoint joint, $tcond conditional)"
else
  trates="false-positive rates $tjoint (joint) and $tcond (conditional), against $ejoint and $econd above"
fi

fit_block="On this data the fit above chooses the Gaussian kernel, B = $weight and lambda = $lambda ($folds-fold cross-validation
of $candidates candidates, $solves solves, on the $fitrows fit rows), sets tau = $tau, and has training false-positive rates $joint
(joint) and $conditional (conditional). The calibrated bound is stated; no positive-loss bound is claimed (no theorem
applies to the Gaussian kernel), and the Rademacher bound on the joint rate is withheld (its premises are listed)."

evaluate_block="    relu evaluate --model model.json --data test.csv

$(sed -E 's/^/    /' evaluate.txt)"

theorem_block="With \`--recipe theorem --scale standardize --bias --calibrate\` (the held-out selection chooses d = $tdegree, B = $tweight;
calibrated tau = $ttau) the same test rows give $trates
and a positive loss of $tposloss."

# rewrite the blocks (the marker lines stay; what lies between them is replaced)
new="$work/guide.md"
FIT="$fit_block" EVALUATE="$evaluate_block" THEOREM="$theorem_block" perl -0777 -pe '
  for my $name ("fit", "evaluate", "theorem") {
    my $text = $ENV{uc $name};
    s/(<!-- figures:guide-$name:begin[^\n]*-->\n).*?(<!-- figures:guide-$name:end -->)/$1$text\n$2/s
      or die "docs/guide.md has no figures:guide-$name markers\n";
  }' "$guide" > "$new"

if (( check )); then
  if diff -u "$guide" "$new"; then echo "docs/guide.md: figures up to date"; else echo "docs/guide.md: figures differ (run bash docs/scripts/guide_figures.sh)" >&2; exit 1; fi
else
  cp "$new" "$guide"
  echo "docs/guide.md: figures rewritten (fit: B = $weight, lambda = $lambda, tau = $tau; theorem: d = $tdegree, B = $tweight, positive loss $tposloss)"
fi
