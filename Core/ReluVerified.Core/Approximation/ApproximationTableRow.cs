namespace ReluVerified.Core.Approximation;

/// <summary>One row of the degree/error/weight table (L-approx): achieved next to theory.</summary>
/// <param name="Degree">The degree d.</param>
/// <param name="CertifiedError">The certified sup error (rigorous upper bound).</param>
/// <param name="AttainedError">|p(t) - f(t)| at a point (rigorous lower bound on the sup).</param>
/// <param name="Weight">The achieved weight sum beta_i^2.</param>
/// <param name="MaxAbs">The certified max |p|.</param>
/// <param name="TheoryError">The explicit error bound of the row's construction at degree d (<see cref="TheoryBounds.ErrorBoundFor"/>).</param>
/// <param name="TheoryWeight">(d+1)(4e)^{2d} max|p|^2.</param>
public sealed record ApproximationTableRow(int Degree, double CertifiedError, double AttainedError, double Weight, double MaxAbs,
    double TheoryError, double TheoryWeight);
