using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// The coordinates x in which T2.1's interior-point method works, with predictions f = A x and squared norm x' G x:
/// <see cref="KernelCoordinates"/> (x = alpha, A = G = K, m-space Newton systems) or <see cref="FactorCoordinates"/>
/// (x = u = L' alpha, A = L, G = I, r-space Newton systems). Stationarity reads Adjoint(g) + 2 theta x = 0 in both, and
/// every Newton step needs (c I + N)^(-1) with N = D K (m-space) or N = L' D L (r-space), D diagonal and &gt;= 0.
/// </summary>
internal abstract class Coordinates
{
    internal abstract int Size { get; }

    /// <summary>The rank of the Newton system (m for the m-space system).</summary>
    internal abstract int Rank { get; }

    internal abstract NewtonSystemKind Kind { get; }

    /// <summary>f = A x.</summary>
    internal abstract double[] Predict(double[] x);

    /// <summary>G x, given f = A x.</summary>
    internal abstract double[] Metric(double[] x, double[] f);

    /// <summary>The m-vector v mapped into the coordinates' stationarity (identity for alpha, L' v for u).</summary>
    internal abstract double[] Adjoint(double[] v);

    /// <summary>trace(N) for curvatures D: sum_i d_i K_ii (m-space) or sum_i d_i ||L_i||^2 (r-space), a bound on N's largest eigenvalue.</summary>
    internal abstract double CurvatureTrace(double[] d);

    /// <summary>
    /// Factors c I + N for new D and c; false when the factorisation fails. <paramref name="refined"/> false allows the solves
    /// until the next preparation to skip the refinement of a single-precision factor (the interior point's early iterations,
    /// <see cref="InteriorPointIterate.RefinedGapShare"/>); coordinates that always refine ignore it.
    /// </summary>
    internal abstract bool Prepare(double[] d, double c, bool refined = true);

    /// <summary>(c I + N)^(-1) v.</summary>
    internal abstract double[] Solve(double[] v);

    /// <summary>The coefficients alpha (f = K alpha) of the point x.</summary>
    internal abstract double[] Coefficients(double[] x);

    /// <summary>The point x of given coefficients alpha (for warm starts).</summary>
    internal abstract double[] FromCoefficients(double[] alpha);
}
