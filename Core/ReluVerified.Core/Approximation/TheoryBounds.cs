namespace ReluVerified.Core.Approximation;

/// <summary>
/// The paper-side bounds (L-approx), with explicit constants that this project derives (Proofs/L-approx-relu.md):
/// the paper states degree O(1/eps) and weight 2^{O(1/eps)} for ReLU without constants.
/// <list type="bullet">
/// <item>ReLU-type targets (Chebyshev series tail of |t|): the degree-d truncated Chebyshev series of ReLU has error at
/// most 1/(pi (2 floor(d/2) + 1)); |t| twice that; leaky(a) |1-a| times; max(0, s t + b) (|s| + |b|) times.</item>
/// <item>Sigmoid 1/(1+e^{-Lt}): analytic and bounded by 1 in the Bernstein ellipse with semi-minor axis pi/(2L), so the
/// truncated series has error at most 2 rho^{-d} / (rho - 1) with rho = b + sqrt(1 + b^2), b = pi/(2L).</item>
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
            ErrorAtDegree(certificate.Function, d),
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
