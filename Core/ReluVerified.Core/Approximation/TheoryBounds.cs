namespace ReluVerified.Core.Approximation;

/// <summary>
/// The paper-side bounds (L-approx), with explicit constants that this project derives (Proofs/L-approx-relu.md):
/// the paper states degree O(1/eps) and weight 2^{O(1/eps)} for ReLU without constants.
/// <list type="bullet">
/// <item>ReLU-type targets (Chebyshev series tail of |t|): the degree-d truncated Chebyshev series of ReLU has error at
/// most 1/(pi (2 floor(d/2) + 1)); |t| twice that; leaky(a) |1-a| times; max(0, s t + b) (|s| + |b|) times.</item>
/// <item>Sigmoid 1/(1+e^{-Lt}): analytic and bounded by 1 in the Bernstein ellipse with semi-minor axis pi/(2L), so the
/// truncated series has error at most 2 rho^{-d} / (rho - 1) with rho = b + sqrt(1 + b^2), b = pi/(2L).</item>
/// <item>The degree-d Chebyshev interpolant: twice the truncated series' bound for the piecewise-affine targets other than
/// max(0, s t + b), 4 rho^{-d} / (rho - 1) for sigmoids (<see cref="InterpolantErrorAtDegree"/>).</item>
/// <item>Weight: sum beta_i^2 &lt;= (d+1)(4e)^{2d} max|p|^2 (the coefficient bound used for Theorem 2.1's B).</item>
/// </list>
/// </summary>
public static class TheoryBounds
{
    /// <summary>The explicit theoretical error bound at degree d (d &gt;= 1).</summary>
    public static double ErrorAtDegree(TargetFunction target, int degree)
    {
        Preconditions.NotNull(target);
        Preconditions.Positive(degree);
        if (target is TargetFunction.Sigmoid s)
        {
            double rho = Rho(s.Steepness);
            return 2 * Math.Pow(rho, -degree) / (rho - 1);
        }
        return TailConstant(target) / (Math.PI * (2 * (degree / 2) + 1));
    }

    /// <summary>
    /// A bound on the error of the degree-d Chebyshev INTERPOLANT (first-kind points; L-approx), which
    /// <see cref="ErrorAtDegree"/> (the truncated series) does not bound: interpolation aliases each T_k, k &gt; d, onto
    /// +-T_j (j &lt;= d) or 0, so ||f - I_d f|| &lt;= 2 sum_{k&gt;d} |a_k|. For ReLU, |t| and leaky targets the tail sum equals the
    /// series bound c / (pi (2 floor(d/2) + 1)), so the interpolant is within twice it; for sigmoids 4 rho^{-d} / (rho - 1).
    /// Null for max(0, s t + b), whose series bound is not a tail sum.
    /// </summary>
    public static double? InterpolantErrorAtDegree(TargetFunction target, int degree)
    {
        Preconditions.NotNull(target);
        Preconditions.Positive(degree);
        if (target is TargetFunction.ShiftedRelu) return null;
        return 2 * ErrorAtDegree(target, degree);
    }

    /// <summary>
    /// The explicit error bound for a certificate's own construction at its degree: the interpolant bound for Chebyshev
    /// interpolation, the truncated-series bound for the best approximation (which is no worse than the truncated series),
    /// NaN for gadget certificates (their bound is the gadget's algebra on another certificate) and below degree 1.
    /// </summary>
    public static double ErrorBoundFor(TargetFunction target, int degree, ApproximationMethod method)
    {
        Preconditions.NotNull(target);
        if (degree < 1) return double.NaN;
        return method switch
        {
            ApproximationMethod.Chebyshev => InterpolantErrorAtDegree(target, degree) ?? double.NaN,
            ApproximationMethod.Remez => ErrorAtDegree(target, degree),
            _ => double.NaN,
        };
    }

    /// <summary>The smallest degree d &gt;= 1 with <see cref="ErrorAtDegree"/> &lt;= epsilon (degree O(1/eps); O(L log 1/eps) for sigmoids).</summary>
    public static int DegreeFor(TargetFunction target, double epsilon)
    {
        Preconditions.NotNull(target);
        Preconditions.InRange(epsilon, double.Epsilon, double.MaxValue);
        if (target is TargetFunction.Sigmoid s)
        {
            double rho = Rho(s.Steepness);
            double d = Math.Ceiling(Math.Log(2 / ((rho - 1) * epsilon)) / Math.Log(rho));
            return (int)Math.Clamp(d, 1, int.MaxValue / 2);
        }
        double c = TailConstant(target);
        if (c == 0) return 1;
        double m = Math.Ceiling((c / (Math.PI * epsilon) - 1) / 2);
        return (int)Math.Clamp(2 * m, 1, int.MaxValue / 2);
    }

    /// <summary>(d+1)(4e)^{2d} maxAbs^2, the coefficient-weight bound of the paper side (L-rkhs-norm).</summary>
    public static double WeightBound(int degree, double maxAbs)
        => (degree + 1) * Math.Pow(4 * Math.E, 2.0 * degree) * maxAbs * maxAbs;

    /// <summary>Theory next to a certificate.</summary>
    public static TheoryComparison Compare(ApproximationCertificate certificate)
    {
        Preconditions.NotNull(certificate);
        int d = Math.Max(1, certificate.Degree);
        return new TheoryComparison(
            DegreeFor(certificate.Function, Math.Max(certificate.SupError, double.Epsilon)),
            ErrorBoundFor(certificate.Function, d, certificate.Method),
            WeightBound(certificate.Degree, certificate.MaxAbs));
    }

    private static double Rho(double steepness)
    {
        double b = Math.PI / (2 * steepness);
        return b + Math.Sqrt(1 + b * b);
    }

    /// <summary>c with error &lt;= c / (pi (2 floor(d/2) + 1)) for the piecewise-affine targets.</summary>
    private static double TailConstant(TargetFunction target) => target switch
    {
        TargetFunction.Relu => 1.0,
        TargetFunction.Abs => 2.0,
        TargetFunction.Leaky l => Math.Abs(1 - l.Slope),
        TargetFunction.ShiftedRelu r => Math.Abs(r.Scale) + Math.Abs(r.Shift),
        _ => throw new ArgumentException($"No tail constant for {target.Describe()}.", nameof(target)),
    };
}
