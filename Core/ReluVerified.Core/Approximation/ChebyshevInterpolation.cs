namespace ReluVerified.Core.Approximation;

/// <summary>
/// Interpolation at the d+1 Chebyshev points of the first kind x_j = cos(pi (j + 1/2) / (d + 1)) (L-approx), the
/// construction numpy's chebinterpolate uses: c_k = (2 / (d+1)) sum_j f(x_j) T_k(x_j), with c_0 halved.
/// </summary>
public static class ChebyshevInterpolation
{
    /// <summary>The degree-d interpolant of <paramref name="target"/> (d in 0..10000).</summary>
    public static Polynomial Interpolate(TargetFunction target, int degree)
    {
        Preconditions.NotNull(target);
        Preconditions.InRange(degree, 0, 10_000);
        return Polynomial.FromChebyshev(Coefficients(target, degree));
    }

    internal static double[] Coefficients(TargetFunction target, int degree) => Coefficients(target.Evaluate, degree);

    internal static double[] Coefficients(Func<double, double> f, int degree)
    {
        int n = degree + 1;
        var values = new double[n];
        for (int j = 0; j < n; j++) values[j] = f(Math.Cos(Math.PI * (j + 0.5) / n));
        var c = new double[n];
        for (int k = 0; k < n; k++)
        {
            double sum = 0.0;
            for (int j = 0; j < n; j++) sum += values[j] * Math.Cos(Math.PI * k * (j + 0.5) / n);
            c[k] = sum * 2.0 / n;
        }
        c[0] /= 2;
        return c;
    }
}
