using System.Collections.Immutable;

namespace ReluVerified.Core.Approximation;

/// <summary>
/// A certified polynomial approximation of a target on [-1, 1] (L-approx): sup_{t in [-1,1]} |p(t) - f(t)| &lt;= <see cref="SupError"/>,
/// proved by outward-rounded interval arithmetic (<see cref="Certifier"/>) or by the gadget algebra (<see cref="Gadgets"/>),
/// never by sampling. Only this library creates certificates; the properties are get-only so `with` cannot forge one.
/// </summary>
public sealed record ApproximationCertificate
{
    internal ApproximationCertificate(TargetFunction function, ApproximationMethod method, Polynomial polynomial,
        double supError, double supErrorLowerBound, double maxAbs)
    {
        Function = function;
        Method = method;
        Polynomial = polynomial;
        SupError = supError;
        SupErrorLowerBound = supErrorLowerBound;
        MaxAbs = maxAbs;
    }

    /// <summary>The target f.</summary>
    public TargetFunction Function { get; }

    /// <summary>How p was built.</summary>
    public ApproximationMethod Method { get; }

    /// <summary>The polynomial p (Chebyshev coefficients define it; monomial coefficients correctly rounded).</summary>
    public Polynomial Polynomial { get; }

    /// <summary>The degree d of p.</summary>
    public int Degree => Polynomial.Degree;

    /// <summary>A rigorous upper bound on sup_{t in [-1,1]} |p(t) - f(t)|.</summary>
    public double SupError { get; }

    /// <summary>
    /// A value of |p(t) - f(t)| attained at a point (rigorously enclosed), so the true sup lies in [this, SupError]
    /// (0 for gadget certificates, whose bound is algebraic).
    /// </summary>
    public double SupErrorLowerBound { get; }

    /// <summary>A rigorous upper bound on max_{t in [-1,1]} |p(t)|.</summary>
    public double MaxAbs { get; }

    /// <summary>The weight B = sum_i beta_i^2 of the monomial coefficients (L-rkhs-norm).</summary>
    public double Weight => Polynomial.Weight;

    /// <summary>The monomial coefficients beta_0..beta_d.</summary>
    public ImmutableArray<double> Coefficients => Polynomial.Monomial;

    /// <summary>Always true: a certificate exists only once its bound is proved.</summary>
    public bool Certified => true;

    /// <summary>The paper-side bounds at this degree and error (theory vs achieved).</summary>
    public TheoryComparison Theory => TheoryBounds.Compare(this);
}
