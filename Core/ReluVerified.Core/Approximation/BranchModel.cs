namespace ReluVerified.Core.Approximation;

/// <summary>
/// One smooth piece of a target function, as the certifier sees it (L-approx): either the affine map
/// t -> Slope t + Intercept or the sigmoid 1/(1+e^{-L t}). A target equals one of its pieces at every point, so a
/// bound valid for every piece active on a box is valid for the target on that box.
/// </summary>
internal readonly record struct BranchModel(bool IsSigmoid, double Slope, double Intercept)
{
    internal static BranchModel Affine(double slope, double intercept) => new(false, slope, intercept);

    internal static BranchModel Logistic(double steepness) => new(true, steepness, 0.0);

    /// <summary>
    /// Value and theta-derivative enclosures of h(theta) = f(cos theta) at a point whose cos and sin are enclosed by c and s.
    /// </summary>
    internal void Jet(Interval c, Interval s, out Interval value, out Interval derivative)
    {
        if (!IsSigmoid)
        {
            value = Slope * c + Intercept;
            derivative = -(Slope * s);
            return;
        }
        var sig = Sigmoid(Slope * c);
        value = sig;
        var slope = Slope * (sig * (Interval.Point(1.0) - sig));
        derivative = -(slope * s);
    }

    /// <summary>
    /// Upper bound on |d^2/dtheta^2 f(cos theta)| = |f''(t) sin^2 theta - f'(t) cos theta|. Affine: |Slope|.
    /// Sigmoid: f' = L s(1-s) &lt;= L/4 and |f''| = L^2 s(1-s)|1-2s| &lt;= L^2/(6 sqrt 3) &lt; 0.1 L^2.
    /// </summary>
    internal double Curvature => IsSigmoid
        ? Interval.Up(Interval.Up(0.1 * Interval.Up(Slope * Slope)) + Interval.Up(Slope / 4))
        : Math.Abs(Slope);

    internal static Interval Sigmoid(Interval u) => ((-u).Exp() + 1.0).Reciprocal();
}
