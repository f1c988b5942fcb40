using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Losses;

namespace ReluVerified.Properties.Optimization;

/// <summary>
/// L-clipping: for a monotone loss and a label y in [0,1], loss(clip(z), y) &lt;= loss(z, y). Also the loss values'
/// calculus (derivative, curvature, conjugate) that the T2.1 solver and its certificate rely on.
/// </summary>
public sealed class LClipping_Properties
{
    private static readonly Loss[] MonotoneLosses =
    [
        new Loss.Square(), new Loss.Absolute(), new Loss.Huber(0.05), new Loss.Huber(0.5),
        new Loss.Custom("quartic", (p, y) => Math.Pow(p - y, 4), (p, y) => 4 * Math.Pow(p - y, 3), (p, y) => 12 * Math.Pow(p - y, 2),
            new LossAssumptions(Convex: true, Monotone: true, Lipschitz: 4, BoundOnUnitInterval: 1)),
    ];

    private static Gen<double> Uniform(double lo, double hi) => Gen.Choose(0, 1_000_000).Select(k => lo + (hi - lo) * k / 1_000_000.0);

    [Property(MaxTest = 300)]
    public Property Clipping_never_increases_a_monotone_loss()
        => Prop.ForAll(Uniform(-3, 3).ToArbitrary(), Uniform(0, 1).ToArbitrary(), Gen.Choose(0, MonotoneLosses.Length - 1).ToArbitrary(),
            (z, y, k) =>
            {
                var loss = MonotoneLosses[k];
                // exact inequality; 1e-15 absorbs the last-bit difference of evaluating the same expression twice
                return (loss.Assumptions.Monotone && Clipping.ClippedLoss(loss, z, y) <= loss.Value(z, y) + 1e-15)
                    .Label($"{loss.Describe()}: loss(clip({z:R}), {y:R}) = {Clipping.ClippedLoss(loss, z, y):R} > {loss.Value(z, y):R}");
            });

    [Property(MaxTest = 50)]
    public Property A_non_monotone_loss_declares_it_and_clipping_can_hurt_it()
    {
        // the lemma needs monotonicity: (p - 1.5)^2 with label y = 0 prefers predictions above 1, which clipping removes
        var shifted = new Loss.Custom("shifted square", (p, y) => (p - y - 1.5) * (p - y - 1.5), (p, y) => 2 * (p - y - 1.5), (p, y) => 2,
            new LossAssumptions(Convex: true, Monotone: false, Lipschitz: 5, BoundOnUnitInterval: 2.25));
        return Prop.ForAll(Uniform(1.2, 1.8).ToArbitrary(), z =>
            (!shifted.Assumptions.SuitsReliableProgram && Clipping.ClippedLoss(shifted, z, 0) > shifted.Value(z, 0))
                .Label($"z = {z:R}"));
    }

    [Property(MaxTest = 200)]
    public Property Derivative_and_curvature_match_central_differences_away_from_kinks()
        => Prop.ForAll(Uniform(-2, 2).ToArbitrary(), Uniform(0, 1).ToArbitrary(), Gen.Choose(0, MonotoneLosses.Length - 1).ToArbitrary(),
            (z, y, k) =>
            {
                var loss = MonotoneLosses[k];
                const double h = 1e-5;
                double r = Math.Abs(z - y), kink = loss is Loss.Huber hub ? hub.Delta : 0;
                bool nearKink = Math.Abs(r - kink) < 10 * h || r < 10 * h;
                double d1 = (loss.Value(z + h, y) - loss.Value(z - h, y)) / (2 * h);
                double d2 = (loss.Derivative(z + h, y) - loss.Derivative(z - h, y)) / (2 * h);
                // central differences are exact to O(h^2) for these piecewise polynomials: 1e-6 covers h^2 * (third derivative <= 24*8)
                // plus cancellation (eps * value / h ~ 1e-10)
                return (nearKink || (Math.Abs(d1 - loss.Derivative(z, y)) <= 1e-6 * (1 + Math.Abs(d1))
                                     && Math.Abs(d2 - loss.Curvature(z, y)) <= 1e-5 * (1 + Math.Abs(d2))))
                    .Label($"{loss.Describe()} at z={z:R}, y={y:R}: {d1:R} vs {loss.Derivative(z, y):R}; {d2:R} vs {loss.Curvature(z, y):R}");
            });

    [Property(MaxTest = 200)]
    public Property Conjugate_at_the_derivative_satisfies_Fenchel_Young_everywhere()
        => Prop.ForAll((from a in Uniform(-2, 2) from b in Uniform(-2, 2) select (a, b)).ToArbitrary(), Uniform(0, 1).ToArbitrary(),
            Gen.Choose(0, MonotoneLosses.Length - 1).ToArbitrary(),
            (points, y, k) =>
            {
                var (z, zPrime) = points;
                // loss*(s) = sup_z' (s z' - loss(z')) >= s z' - loss(z') for every z': the inequality the dual bound rests on
                var loss = MonotoneLosses[k];
                double s = loss.Derivative(z, y);
                double conj = loss.ConjugateAtSlope(s, z, y);
                return (conj >= s * zPrime - loss.Value(zPrime, y) - 1e-12 * (1 + Math.Abs(conj)))
                    .Label($"{loss.Describe()}: conj({s:R}) = {conj:R} < {s * zPrime - loss.Value(zPrime, y):R} at z' = {zPrime:R}");
            });
}
