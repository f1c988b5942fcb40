#!/usr/bin/env bash
# Mutation testing (Stryker.NET) of the code whose claims matter: the guarantee, the calibration, the output rule, the
# programs, the solver's certificate and the approximation certifier. Not part of CI (it takes tens of minutes).
#
#   bash Bench/scripts/mutation.sh [group ...]      groups: interval certifier neyman-pearson output-rule guarantee
#                                                   kernel-program factor-program certificate solver-certificate
#                                                   (default: these nine); named explicitly: calibration
#                                                   selection-plan factor-rows correctors certified-program
#                                                   factor-kernels remainder-bound step-and-zero newton-choice give-way
#                                                   mixed-r-space embedding-statistics large-arrays ball-second-order
#                                                   penalised-start interpolant input-checks proximal-retry
#
# Each group mutates one file (solver-certificate: CertificateSelection and the certificate functions of ReliableSolver,
# ConstraintViolation and Finalise through Certificate) and runs only the tests that cover it (the filters of interval, certifier, neyman-pearson
# and output-rule name the deterministic checks written against each file's contract; the learner properties that also
# reach those files take minutes per mutant). Reports go to StrykerOutput/<group>/ (JSON and HTML); the last line per
# group is its score, killed / (killed + survived), timeouts counted as killed and uncovered mutants as survived.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:$HOME/.dotnet/tools" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 OPENBLAS_NUM_THREADS=1
command -v dotnet-stryker >/dev/null || dotnet tool install -g dotnet-stryker --version 5.1.0
root=$(pwd)

declare -A MUTATE FILTER
MUTATE[interval]='**/Approximation/Interval.cs'
FILTER[interval]='FullyQualifiedName~LApproxIntervalProofs'
MUTATE[certifier]='**/Approximation/Certifier.cs'
FILTER[certifier]='FullyQualifiedName~LApproxCertifierProofs|FullyQualifiedName~LApproxIntervalProofs'
MUTATE[neyman-pearson]='**/Learning/NeymanPearson.cs'
FILTER[neyman-pearson]='FullyQualifiedName~NeymanPearson_Checks'
MUTATE[output-rule]='**/Hypotheses/OutputRule.cs'
FILTER[output-rule]='FullyQualifiedName~OutputRule_Checks'
MUTATE[guarantee]='**/Learning/TheoremGuarantee.cs'
FILTER[guarantee]='FullyQualifiedName~Guarantee_Terms_Checks'
# the programs and the certificate: their own checks, plus the solver checks and properties that read them through a solve
solver='FullyQualifiedName~T2_1_CertificateSelection_Checks|FullyQualifiedName~T2_1_BudgetedProgram|FullyQualifiedName~T2_1_ReliableProgram|FullyQualifiedName~T2_1_FloatingPointCertificate_Checks|FullyQualifiedName~T2_1_DualCertificate_Checks|FullyQualifiedName~T2_1_SolverCertificate_Checks'
MUTATE[kernel-program]='**/Optimization/KernelProgram.cs'
FILTER[kernel-program]="FullyQualifiedName~T2_1_KernelProgram_Checks|FullyQualifiedName~T2_1_GramValidation_Checks|$solver"
MUTATE[factor-program]='**/Optimization/FactorProgram.cs'
FILTER[factor-program]="FullyQualifiedName~SLowRank_FactorProgram_Checks|FullyQualifiedName~SLowRank_Properties|$solver"
MUTATE[certificate]='**/Optimization/DualCertificate.cs'
FILTER[certificate]="$solver"
# Stryker.NET reads {start..end} after a glob as character offsets into the file (not lines): computed from the functions'
# own text, so that edits elsewhere in the file do not move the spans
spans=$(/usr/bin/python3 - "$root/Core/ReluVerified.Core/Optimization/ReliableSolver.cs" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
def span(start, end):
    a = text.index(start); b = text.index(end, a)
    return f"{{{a}..{b}}}"
print(span("    /// <summary>\n    /// max(0, max_{i in Z} f_i - tau_c)", "    /// <summary>\n    /// <see cref=\"InteriorPoint\"/> from")
      + span("    /// <summary>\n    /// Recomputes f = A c", "    /// <summary>\n    /// Phase 1 for tau_c"))
PY
)
MUTATE[calibration]='**/Learning/NeymanPearson.cs **/Learning/ThresholdCalibration.cs'
FILTER[calibration]='FullyQualifiedName~NeymanPearson_Checks|FullyQualifiedName~FirstUse_Library_Checks'
plan=$(/usr/bin/python3 - "$root/Core/ReluVerified.Core/Learning/CrossValidatedSelection.cs" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
a = text.index("    /// <summary>\n    /// The cost model of one Newton iteration")
b = text.index("    /// <summary>\n    /// The threshold the selection gives", a)
print(f"{{{a}..{b}}}")
PY
)
MUTATE[selection-plan]="**/Learning/CrossValidatedSelection.cs$plan **/Learning/SelectionPlan.cs"
FILTER[selection-plan]='FullyQualifiedName~T2_1_CrossValidatedSelection_Checks|FullyQualifiedName~T2_1_SelectionPlan_Properties|FullyQualifiedName~selection_ran_on'
# the factor held in memory behind IFactorRows (what the solver and a cluster's shards compute with)
MUTATE[factor-rows]='**/LinearAlgebra/DenseFactorRows.cs'
FILTER[factor-rows]='FullyQualifiedName~SLowRank_FactorRows_Checks|FullyQualifiedName~SLowRank_FactorProgram_Checks'
MUTATE[solver-certificate]="**/Optimization/ReliableSolver.cs$spans **/Optimization/CertificateSelection.cs"
FILTER[solver-certificate]="$solver"

# Gondzio's centrality correctors (InteriorPointIterate: which solves take them, and the corrector loop) and the solver's
# retry without them (ReliableSolver), against their checks and the factor program whose solve goes through the retry
correctors=$(/usr/bin/python3 - "$root/Core/ReluVerified.Core/Optimization/InteriorPointIterate.cs" "$root/Core/ReluVerified.Core/Optimization/ReliableSolver.cs" <<'PY'
import sys
def span(path, start, end):
    text = open(path, encoding="utf-8-sig", newline="").read()
    a = text.index(start); b = text.index(end, a)
    return f"{{{a}..{b}}}"
print("**/Optimization/InteriorPointIterate.cs" + span(sys.argv[1], "    /// <summary>\n    /// Whether <see cref=\"Centre\"/> runs", "    /// <summary>\n    /// Moves every variable by")
      + " **/Optimization/ReliableSolver.cs" + span(sys.argv[2], "    /// <summary>\n    /// <see cref=\"InteriorPoint\"/>, and again with", "    /// <summary>\n    /// <see cref=\"InteriorPoint\"/> from"))
PY
)
MUTATE[correctors]="$correctors"
FILTER[correctors]='FullyQualifiedName~T2_1_CentralityCorrector_Checks|FullyQualifiedName~A_factor_wider_than_it_is_tall'
# which program the certificate is for (Proofs/T2.1-reliable-program.md, "Which program is certified"): the input check's
# proven delta, the charged quadratic forms of a kernel program, the r-space solve and budgeted search on L L' and the map
# back to alpha on the pivots
certified=$(/usr/bin/python3 - "$root/Core/ReluVerified.Core/Optimization" <<'PY'
import sys
d = sys.argv[1]
def span(name, start, end):
    text = open(f"{d}/{name}", encoding="utf-8-sig", newline="").read()
    a = text.index(start); b = text.index(end, a)
    return f"{{{a}..{b}}}"
print("**/Optimization/GramValidation.cs" + span("GramValidation.cs", "    /// <summary>\n    /// Accepts K when it verifies", "    private static ArgumentException NotPositiveSemidefinite")
      + " **/LinearAlgebra/MatrixFacts.cs"
      + " **/Optimization/KernelProgram.cs" + span("KernelProgram.cs", "    (double Quadratic, double[] Stationarity) ISolvableProgram.DualQuadratics", "    double ISolvableProgram.Entry")
      + " **/Optimization/ReliableSolver.cs" + span("ReliableSolver.cs", "    /// <summary>\n    /// The pivoted Cholesky factor of K that", "    /// <summary>\n    /// Solves the program on an approximated kernel")
      + " **/Optimization/ReliableSolver.cs" + span("ReliableSolver.cs", "    /// <summary>\n    /// The delta that a certificate", "    /// <summary>\n    /// Phase 1 for tau_c")
      + " **/Optimization/ReliableSolverBudget.cs" + span("ReliableSolverBudget.cs", "    public static BudgetedSolverResult SolveWithBudget(KernelProgram", "    /// <summary>")
      + " **/Optimization/FactorCoordinates.cs" + span("FactorCoordinates.cs", "    internal static double[] PivotCoefficients", "    internal override double[] FromCoefficients"))
PY
)
MUTATE[certified-program]="$certified"
FILTER[certified-program]="FullyQualifiedName~T2_1_CertifiedProgram_Checks|FullyQualifiedName~T2_1_GramValidation_Checks|FullyQualifiedName~T2_1_FloatingPointCertificate_Checks|FullyQualifiedName~T2_1_SolverCertificate_Checks|FullyQualifiedName~T2_1_BudgetedProgram|FullyQualifiedName~T2_1_KernelProgram_Checks|FullyQualifiedName~T2_1_NewtonSystemChoice_Checks"

# the character span {start..end} of FILE from the first occurrence of START to the next of END (Stryker.NET reads it as
# offsets), for the groups below
span() {
  /usr/bin/python3 - "$@" <<'PY'
import sys
path, start, end = sys.argv[1:4]
text = open(path, encoding="utf-8-sig", newline="").read()
a = text.index(start); b = text.index(end, a)
print(f"{{{a}..{b}}}")
PY
}
core="$root/Core/ReluVerified.Core"

# the factor kernels of the solver's speed work: the bordered full-rank probe, the triangular solves of the double and
# single-precision factors, and the symmetric products of the m-space Newton systems
MUTATE[factor-kernels]="**/LinearAlgebra/PivotedCholesky.cs$(span "$core/LinearAlgebra/PivotedCholesky.cs" $'    /// <summary>\n    /// The cheap first try of' $'    /// <summary>\n    /// The numerical rank of') \
**/LinearAlgebra/SymmetricFactor.cs$(span "$core/LinearAlgebra/SymmetricFactor.cs" '    /// <summary>Solves A x = b in place.</summary>' $'    /// <summary>\n    /// Row-oriented Cholesky') \
**/LinearAlgebra/MixedPrecisionFactor.cs \
**/LinearAlgebra/DenseProducts.cs$(span "$core/LinearAlgebra/DenseProducts.cs" '    internal static double[] Symv' $'    /// <summary>\n    /// The lower triangle of C')"
FILTER[factor-kernels]='FullyQualifiedName~T2_1_NewtonSystemChoice_Checks|FullyQualifiedName~MixedPrecision_Checks|FullyQualifiedName~T2_1_GramValidation_Checks|FullyQualifiedName~T2_1_CertifiedProgram_Checks|FullyQualifiedName~T2_1_FloatingPointCertificate_Checks'

# the PSD check's remainder bound alone (its dpstrf path computes only the non-pivot block), against the checks that
# recompute the remainder exactly
MUTATE[remainder-bound]="**/Optimization/GramValidation.cs$(span "$core/Optimization/GramValidation.cs" $'    /// <summary>\n    /// An upper bound on ||K - L L\'||_F' '    private static ArgumentException NotPositiveSemidefinite')"
FILTER[remainder-bound]='FullyQualifiedName~T2_1_GramValidation_Checks|FullyQualifiedName~T2_1_CertifiedProgram_Checks|FullyQualifiedName~T2_1_NewtonSystemChoice_Checks'

# the m-space step length (Mehrotra's blocking-pair rule), the zero multiplier of rounding-safe certificates and the
# least-objective iterate of a stopped solve (Conclude), and the rigorous quadratic form's column panels, against the checks of each and the solver checks that run them
MUTATE[step-and-zero]="**/Optimization/InteriorPointIterate.cs$(span "$core/Optimization/InteriorPointIterate.cs" $'    /// <summary>\n    /// The fraction of the mean complementarity' '    /// <summary>The longest step in [0, 1]') \
**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '            if (scores[k] > 1 && HasZeroLowerBound(program))' '        return new Candidate(ResultAt(') \
**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '            if (current.Result.ConstraintViolation <= options.ConstraintTolerance' '            if (Certified(current.Result, options, bound))') \
**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '    private static SolverResult Conclude(' $'    /// <summary>\n    /// A point\'s certificate together') \
**/Optimization/FloatingPoint.cs$(span "$core/Optimization/FloatingPoint.cs" '    private static void Dot2Columns(' '    /// <summary>One step of Dot2')"
FILTER[step-and-zero]='FullyQualifiedName~T2_1_StepLength_Checks|FullyQualifiedName~T2_1_SolverCertificate_Checks|FullyQualifiedName~T2_1_KernelProgram_Checks|FullyQualifiedName~T2_1_FloatingPointCertificate_Checks|FullyQualifiedName~MixedPrecision_Checks|FullyQualifiedName~T2_1_ReliableProgram_Checks'

# the Newton-system cost rule with its m-space-first solve and r-space repetition, the probe's cleared pivots and split last
# stage, and the mixed-precision solve's stalled-refinement acceptance and preconditioned conjugate gradients
MUTATE[newton-choice]="**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '        var (factor, denseFirst, workspace, freshFactor) = CheckedNewtonChoice' $'    /// <summary>\n    /// The pivoted Cholesky factor of K that the r-space') \
**/LinearAlgebra/PivotedCholesky.cs$(span "$core/LinearAlgebra/PivotedCholesky.cs" $'    /// <summary>\n    /// The end of the stage after rows' $'    /// <summary>\n    /// The same factorisation with LAPACK') \
**/LinearAlgebra/MixedPrecisionFactor.cs$(span "$core/LinearAlgebra/MixedPrecisionFactor.cs" '    internal double[]? Solve(' $'    /// <summary>(L L\')^(-1) v')"
FILTER[newton-choice]='FullyQualifiedName~T2_1_NewtonSystemChoice_Checks|FullyQualifiedName~MixedPrecision_Checks|FullyQualifiedName~T2_1_CertifiedProgram_Checks|FullyQualifiedName~T2_1_GramValidation_Checks|FullyQualifiedName~T2_1_CentralityCorrector_Checks'

# when a solve ends or gives way: the zero multiplier tried where the multipliers stall, an m-space solve under Auto giving up
# (divergence, spent barrier) and its r-space repetition (at full rank on the complete pivoted factor), against the checks
# written for them and the solver checks that see their results
MUTATE[give-way]="**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '        if (result.Exit == ExitCondition.Converged || options.NewtonSystem != NewtonSystemKind.Auto) return result;' $'    /// <summary>\n    /// Flops of an r-space Newton system') \
**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '    private static LowRankFactor? RepetitionFactor(' $'    /// <summary>\n    /// r-space: the program is solved') \
**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '        int stalled = 0, run = 0, sinceBest = 0;' '        return Stop(best, ExitCondition.IterationLimit);') \
**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '    internal static bool ZeroBoundMayCertify(' '    /// <summary>The built-in losses')"
FILTER[give-way]='FullyQualifiedName~A_full_rank_m_space_solve|FullyQualifiedName~gives_way_to_r_space|FullyQualifiedName~stall_near_a_zero_optimum|FullyQualifiedName~An_m_space_first_solve|FullyQualifiedName~slightly_deficient|FullyQualifiedName~The_returned_certificate_is_that|FullyQualifiedName~A_point_within_the_gap|FullyQualifiedName~A_stalled_solve_returns'

# the single-precision r-space Newton matrices: the base sum and changed rows of each preparation, the single-precision
# matrix and its fallback to double, the refined solves and the rule that leaves the early iterations' solves unrefined, and
# the rows' single-precision Gram and one-pass product
MUTATE[mixed-r-space]="**/Optimization/FactorCoordinates.cs$(span "$core/Optimization/FactorCoordinates.cs" '    internal override bool Prepare(double[] d, double c, bool refined = true)' '    private static bool[] Mark(') \
**/Optimization/FactorCoordinates.cs$(span "$core/Optimization/FactorCoordinates.cs" '    internal override double[] Solve(double[] v)' '    internal override double[] Coefficients(') \
**/Optimization/InteriorPointIterate.cs$(span "$core/Optimization/InteriorPointIterate.cs" '    internal static bool RefinesSolves(' $'    /// <summary>\n    /// Residuals and the Newton matrix') \
**/LinearAlgebra/DenseFactorRows.cs$(span "$core/LinearAlgebra/DenseFactorRows.cs" $'    /// <summary>\n    /// <see cref="AddWeightedGram"/> in single precision' '    public double RowDot(')"
FILTER[mixed-r-space]='FullyQualifiedName~MixedPrecision_Checks|FullyQualifiedName~SLowRank_FactorProgram_Checks|FullyQualifiedName~SLowRank_FactorRows_Checks|FullyQualifiedName~T2_1_CertifiedProgram_Checks'

# the standardising embedding's column statistics (sorted sums; the squared deviations merged from the sorted column) against
# the checks that hold them to the two-sort definition bit for bit and the facade's embedding checks
MUTATE[embedding-statistics]="**/Learning/Embedding.cs$(span "$core/Learning/Embedding.cs" '    private static (double Mean, double Deviation) ColumnStatistics(' $'    /// <summary>Embeds raw rows')"
FILTER[embedding-statistics]='FullyQualifiedName~Embedding_Checks|FullyQualifiedName~Facade_Checks'
MUTATE[large-arrays]="**/LinearAlgebra/LargeArrays.cs"
FILTER[large-arrays]='FullyQualifiedName~LargeArrays_Checks'

# the ball's second-order term (SolverOptions.BallSecondOrder): the corrector's added dx'G dx, its use in each direction's
# ball residual, the m-space-below-full-rank exception and the retry without it, against the checks whose paths it changes
MUTATE[ball-second-order]="**/Optimization/InteriorPointIterate.cs$(span "$core/Optimization/InteriorPointIterate.cs" '        var aff = Direction(rcZa' '        double muAff') \
**/Optimization/InteriorPointIterate.cs$(span "$core/Optimization/InteriorPointIterate.cs" '        double rb = _rb + ballCurvature;' '        var dx = _space.Solve(h);') \
**/Optimization/InteriorPointIterate.cs$(span "$core/Optimization/InteriorPointIterate.cs" '        double dsigma = -rb' '    /// <summary>') \
**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '            var denseOptions' '            result = result with { NewtonSystem = coordinates.Kind') \
**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '    private static SolverResult InteriorPointWithRetries(' $'    /// <summary>\n    /// <see cref="InteriorPoint"/>, and again with Mehrotra')"
FILTER[ball-second-order]='FullyQualifiedName~T2_1_StepLength_Checks|FullyQualifiedName~balls_second_order|FullyQualifiedName~A_factor_wider_than_it_is_tall|FullyQualifiedName~T2_1_CentralityCorrector_Checks|FullyQualifiedName~The_returned_certificate_is_that|FullyQualifiedName~slightly_deficient|FullyQualifiedName~gives_way_to_r_space'

# the penalised program's cold start (InteriorPointIterate.ExcessScale): the excess and slack of each zero constraint, its
# multipliers, and the labels' scale, against the checks of the start and of the penalised and budgeted programs
MUTATE[penalised-start]="**/Optimization/InteriorPointIterate.cs$(span "$core/Optimization/InteriorPointIterate.cs" '        double excess = warm is null' '            // Huber: h at half the clipped residual') \
**/Optimization/InteriorPointIterate.cs$(span "$core/Optimization/InteriorPointIterate.cs" '    internal static double ExcessScale(' '    /// <summary>The barrier parameter')"
FILTER[penalised-start]='FullyQualifiedName~T2_1_PenalisedStart_Checks|FullyQualifiedName~T2_1_BudgetedProgram_Checks'

# the interpolant tried before the interior point (Interpolant, ReliableSolver.Interpolated and the fresh factor it reads:
# the probe's and the input check's answers), against its checks
MUTATE[interpolant]="**/Optimization/Interpolant.cs \
**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '            // full numerical rank (or m-space asked for): the interpolant first' '            var coordinates = new KernelCoordinates(program.Gram') \
**/Optimization/ReliableSolver.cs$(span "$core/Optimization/ReliableSolver.cs" '        bool checkFactored = GramValidation' $'    /// <summary>\n    /// <see cref="CheckedNewtonChoice"/> for a search') \
**/LinearAlgebra/PivotedCholesky.cs$(span "$core/LinearAlgebra/PivotedCholesky.cs" '        if (cleared == m)' '        else if (clearedSuffice?.Invoke(cleared) == true) result')"
FILTER[interpolant]='FullyQualifiedName~T2_1_Interpolant_Checks'

# T2.1's input checks: finiteness and scale in one pass, symmetry known when built, and step 0 (a multinomial or linear Gram
# matrix known PSD to within m e): the bound e, the norm bound it reads and where GramEngine records it
MUTATE[input-checks]="**/LinearAlgebra/RoundingError.cs **/Kernels/Kernel.cs$(span "$core/Kernels/Kernel.cs" $'    /// <summary>\n    /// For a kernel that is positive semi-definite' '    /// <summary>Short name used in reports') \
**/Kernels/Kernel.cs$(span "$core/Kernels/Kernel.cs" $'        /// <summary>\n        /// K_ij = fl(x_i . x_j)' '        public override string Describe() => "linear";') \
**/Kernels/Kernel.cs$(span "$core/Kernels/Kernel.cs" $'        /// <summary>\n        /// K_ij = Horner(fl(x_i . x_j))' '        internal static double Horner(double t, int degree)') \
**/Kernels/GramEngine.cs$(span "$core/Kernels/GramEngine.cs" '        var gram = Matrix.Own(m, m, result);' '    /// <summary>The p x q cross-kernel matrix') \
**/Optimization/GramValidation.cs$(span "$core/Optimization/GramValidation.cs" '    internal static Matrix Symmetric(Matrix gram, string name)' $'    /// <summary>\n    /// Accepts K when it verifies') \
**/Optimization/GramValidation.cs$(span "$core/Optimization/GramValidation.cs" $'    /// <summary>\n    /// max |K_ij|, the scale of the checks' '    private static string F(') \
**/Optimization/KernelProgram.cs$(span "$core/Optimization/KernelProgram.cs" '    private static Matrix ValidGram' $'    /// <summary>\n    /// The objective at predictions f')"
FILTER[input-checks]='FullyQualifiedName~T2_1_GramRoundingBound_Checks|FullyQualifiedName~T2_1_GramValidation_Checks|FullyQualifiedName~T2_1_KernelProgram_Checks'

# the Newton matrix that does not factor (InteriorPointIterate.PrepareNewton): the retries with a raised proximal term and
# the linearisation's call, against the checks of the rule and the repeated-points programs it lets converge
MUTATE[proximal-retry]="**/Optimization/InteriorPointIterate.cs$(span "$core/Optimization/InteriorPointIterate.cs" '        if (!double.IsFinite(c) || !(c > 0) || !PrepareNewton' '        _nInvX = _space.Solve(_x);') \
**/Optimization/InteriorPointIterate.cs$(span "$core/Optimization/InteriorPointIterate.cs" '    private bool PrepareNewton(' $'    /// <summary>\n    /// Mehrotra')"
FILTER[proximal-retry]='FullyQualifiedName~T2_1_ProximalRetry_Checks|FullyQualifiedName~Programs_on_points_drawn_twice'

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(interval certifier neyman-pearson output-rule guarantee kernel-program factor-program certificate solver-certificate)
cd Core/ReluVerified.Core
for g in "${groups[@]}"; do
  [ -n "${MUTATE[$g]:-}" ] || { echo "unknown group '$g'"; exit 2; }
  out="$root/StrykerOutput/$g"
  rm -rf "$out"; mkdir -p "$out"
  mutate=()
  read -r -a globs <<< "${MUTATE[$g]}"   # space-separated globs; read does not expand them
  for glob in "${globs[@]}"; do mutate+=(--mutate "$glob"); done
  dotnet-stryker --configuration Release \
    --test-project ../../Properties/ReluVerified.Properties/ReluVerified.Properties.csproj \
    --test-project ../../Proofs/ReluVerified.Proofs/ReluVerified.Proofs.csproj \
    "${mutate[@]}" --test-case-filter "${FILTER[$g]}" \
    --reporter json --reporter html --reporter progress --output "$out" --skip-version-check --concurrency "${STRYKER_CONCURRENCY:-2}" \
    > "$out/stryker.log" 2>&1 || { echo "$g: stryker failed, see $out/stryker.log"; continue; }
  /usr/bin/python3 "$root/Bench/scripts/mutation_score.py" "$g" "$out"
done
