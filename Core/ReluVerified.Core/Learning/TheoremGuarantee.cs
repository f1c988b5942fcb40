namespace ReluVerified.Core.Learning;

/// <summary>
/// What T2.1 (via L-generalisation, the dual-loss Rademacher argument) promises for the parameters actually used,
/// with probability at least 1 - delta over the training sample. With R = sqrt(B (d+1) / m) (the Rademacher
/// complexity of the RKHS ball; MK_d(x,x) &lt;= d+1 on the ball), eps0 = tau_c and tau = the output threshold:
/// <code>
///   L_{=0}(h) &lt;= V/eps0 + (2/eps0) R + sqrt(ln(3/delta) / 2m)                        (requires tau &gt;= 2 eps0)
///   L_{&gt;0}(h) &lt;= opt + L (eps_approx + tau) + 2 L R + 2 b sqrt(ln(3/delta) / 2m)   (requires B &gt;= B_approx, tau_c &gt;= eps_approx)
/// </code>
/// where V is the largest training violation of the zero constraints, L the loss's Lipschitz constant, b its bound on
/// [0,1], and (eps_approx, B_approx) the certified error and weight of a degree-d approximator of the ReLU (L-approx).
/// The derivation is in Proofs/T2.1-reliable-relu.md.
/// </summary>
/// <param name="SampleCount">m.</param>
/// <param name="KernelBound">sup_x k(x,x) on the ball (d+1 for MK_d).</param>
/// <param name="Degree">d.</param>
/// <param name="NormBound">B.</param>
/// <param name="ConstraintLevel">tau_c (plays eps0).</param>
/// <param name="Threshold">tau.</param>
/// <param name="Delta">delta.</param>
/// <param name="Lipschitz">L of the loss.</param>
/// <param name="LossBound">b: sup of the loss on [0,1] x [0,1].</param>
/// <param name="Rademacher">R = sqrt(B (d+1) / m).</param>
/// <param name="FalsePositiveBound">The bound on L_{=0}(h) (1 or more means vacuous).</param>
/// <param name="PositiveLossSlack">The additive slack over opt in the positive-loss bound, excluding the approximation error.</param>
/// <param name="ThresholdAdmissible">Whether tau &gt;= 2 tau_c, so the false-positive bound applies.</param>
public sealed record TheoremGuarantee(
    int SampleCount, double KernelBound, int Degree, double NormBound, double ConstraintLevel, double Threshold, double Delta,
    double Lipschitz, double LossBound, double Rademacher, double FalsePositiveBound, double PositiveLossSlack, bool ThresholdAdmissible)
{
    /// <summary>Computes the guarantee for the given parameters; <paramref name="trainingViolation"/> is the solver's max violation V.</summary>
    public static TheoremGuarantee For(int sampleCount, int degree, double normBound, double constraintLevel, double threshold,
        double delta, double lipschitz, double lossBound, double trainingViolation = 0)
        => For(sampleCount, degree + 1.0, degree, normBound, constraintLevel, threshold, delta, lipschitz, lossBound, trainingViolation);

    /// <summary>As the MK_d overload, for any kernel with sup k(x,x) = <paramref name="kernelBound"/> (e.g. the T2.6 tournament kernel).</summary>
    public static TheoremGuarantee For(int sampleCount, double kernelBound, int degree, double normBound, double constraintLevel, double threshold,
        double delta, double lipschitz, double lossBound, double trainingViolation = 0)
    {
        Preconditions.Positive(sampleCount);
        Preconditions.NonNegative(degree);
        Preconditions.Check(kernelBound > 0 && double.IsFinite(kernelBound), nameof(kernelBound), $"{nameof(kernelBound)} must be positive.");
        Preconditions.Check(normBound > 0 && double.IsFinite(normBound), nameof(normBound), $"{nameof(normBound)} must be positive.");
        Preconditions.Check(delta > 0 && delta < 1, nameof(delta), $"{nameof(delta)} must lie in (0, 1).");
        double r = Math.Sqrt(normBound * kernelBound / sampleCount);
        double concentration = Math.Sqrt(Math.Log(3 / delta) / (2.0 * sampleCount));
        double eps0 = Math.Max(constraintLevel, 1e-300);
        double fp = Math.Max(0, trainingViolation) / eps0 + 2 * r / eps0 + concentration;
        double slack = lipschitz * threshold + 2 * lipschitz * r + 2 * lossBound * concentration;
        return new TheoremGuarantee(sampleCount, kernelBound, degree, normBound, constraintLevel, threshold, delta, lipschitz, lossBound,
            r, fp, slack, threshold >= 2 * constraintLevel && constraintLevel > 0);
    }

    /// <summary>
    /// The sample size at which both bounds fall to <paramref name="epsilon"/>: the false-positive terms
    /// ((2/eps0) sqrt(B(d+1)) + sqrt(ln(3/delta)/2)) / sqrt(m) &lt;= eps and the positive-loss estimation terms
    /// (2 L sqrt(B(d+1)) + 2 b sqrt(ln(3/delta)/2)) / sqrt(m) &lt;= eps / 4.
    /// </summary>
    public double RequiredSamples(double epsilon)
    {
        Preconditions.Check(epsilon > 0, nameof(epsilon), $"{nameof(epsilon)} must be positive.");
        double root = Math.Sqrt(NormBound * KernelBound), conc = Math.Sqrt(Math.Log(3 / Delta) / 2);
        double fp = (2 * root / Math.Max(ConstraintLevel, 1e-300) + conc) / epsilon;
        double pos = (2 * Lipschitz * root + 2 * LossBound * conc) / (epsilon / 4);
        return Math.Ceiling(Math.Max(fp * fp, pos * pos));
    }

    /// <summary>The guarantee in plain words.</summary>
    public string Describe(double epsilon)
    {
        string fp = FalsePositiveBound >= 1 ? $"{FalsePositiveBound:G4} (vacuous at this size)" : $"{FalsePositiveBound:G4}";
        string covered = ThresholdAdmissible ? "" : " [the false-positive bound needs tau >= 2 tau_c]";
        return $"Rademacher bounds, probability >= {1 - Delta:G4} over {SampleCount} training rows: false-positive rate <= {fp}{covered}; "
            + $"positive loss <= best zero-FP ReLU + approximation error + {PositiveLossSlack:G4}. They reach eps = {epsilon:G4} at m = {RequiredSamples(epsilon):G3}.";
    }
}
