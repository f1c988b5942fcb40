namespace ReluVerified.Core;

/// <summary>
/// Every numeric tolerance the library uses, in one place.
/// Each constant says what it bounds and why its value is safe.
/// </summary>
public static class Tolerances
{
    /// <summary>
    /// Slack on the Euclidean norm when a point is required to lie in the unit ball or on the unit sphere.
    /// Rows normalised in double precision have norms within a few ulps of 1; 1e-9 also admits data
    /// written to text with ~10 significant digits.
    /// </summary>
    public const double UnitNorm = 1e-9;

    /// <summary>
    /// Relative agreement promised between the managed and the native (OpenBLAS) Gram paths.
    /// Both sum the same products in different orders; the difference is a few ulps of the largest entry.
    /// </summary>
    public const double BackendAgreement = 1e-12;

    /// <summary>
    /// Relative gap at which the certifier stops refining: the certified sup error is at most (1 + this) times a value
    /// |p(t) - f(t)| actually attained (plus <see cref="ApproximationCertificateAbsoluteGap"/>). Half a percent keeps certificates
    /// tight (the checks demand 5%) while the branch and bound stays at a few hundred boxes at degree 40.
    /// </summary>
    public const double ApproximationCertificateRelativeGap = 0.005;

    /// <summary>
    /// Absolute gap added to <see cref="ApproximationCertificateRelativeGap"/>. Double-precision enclosures of sum_k c_k cos(k theta)
    /// have a floor of about (d + 1) 2^-52 sum |c_k|, ~1e-14 at degree 300, so errors below this are not refined further;
    /// below ~1e-7 (sigmoids at high degree) the certifier's box budget, not this gap, usually decides how loose the bound is.
    /// </summary>
    public const double ApproximationCertificateAbsoluteGap = 1e-12;

    /// <summary>
    /// Rounding allowance when a polynomial of degree &lt;= 60 with sum |c_k| &lt;= 4 is evaluated in double by Clenshaw's
    /// recurrence on [-1, 1]: the forward error is below (2 d + 2) 2^-53 sum |c_k| ~ 5e-14; 1e-12 leaves a wide margin.
    /// </summary>
    public const double ClenshawEvaluation = 1e-12;

    /// <summary>
    /// Largest |K_ij - K_ji| accepted in a Gram matrix, relative to its largest entry max |K_kl| (T2.1's
    /// kernel program, Core/ReluVerified.Core/Optimization/KernelProgram.cs). The two triangles of a Gram matrix computed elsewhere (numpy, another BLAS)
    /// are the same dot products summed in different orders, which differ by a few ulps of the largest entry per thousand
    /// terms; 1e-12 admits that and refuses every matrix whose asymmetry is not rounding. Accepted matrices are symmetrised.
    /// </summary>
    public const double GramSymmetry = 1e-12;

    /// <summary>
    /// Negative eigenvalues of a Gram matrix attributed to rounding (T2.1): the solver accepts K when it verifies
    /// lambda_min(K) &gt;= -delta, delta = max(GramIndefiniteness * m, 2 m gamma_{m+1}) * max |K_ij| (the second term, which
    /// dominates beyond m ~ 4500, keeps the verifying Cholesky factorisation from failing on a PSD matrix). A matrix whose
    /// entries lie within <see cref="BackendAgreement"/> (relative to the largest entry) of a positive semi-definite one differs
    /// from it by at most m * 1e-12 * max |K_ij| in spectral norm, so a Gram matrix of a PSD kernel computed in double passes.
    /// </summary>
    public const double GramIndefiniteness = 1e-12;

    /// <summary>
    /// Relative difference below which two (d, B) candidates' selection losses count as equal, so that the simpler
    /// candidate (smaller B k_d, k_d = sup of the degree-d kernel on the ball, then lower d, then smaller B) is kept (T2.1's selection, <c>KernelLearner</c>).
    /// The solver stops at a relative duality gap of 1e-8 (<c>SolverOptions.GapTolerance</c>); candidates whose programs
    /// share an optimum (the ball inactive at both B) differ on the selection part by solver noise, measured at up to
    /// 1.3e-8 relative (<c>relu demo</c>, d = 3, B = 4 against 16). 1e-6 is about eighty times that noise and far below the
    /// selection part's statistical resolution (a standard error near 1/sqrt(n), 4% at 600 rows).
    /// </summary>
    public const double SelectionTie = 1e-6;
}
