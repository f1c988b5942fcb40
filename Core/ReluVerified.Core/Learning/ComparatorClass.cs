using System.Globalization;
using ReluVerified.Core.Approximation;

namespace ReluVerified.Core.Learning;

/// <summary>
/// The class a kernel learner is compared with (T2.1, R2.2, T2.3, T2.4, T2.6), on the embedded points z of the unit ball,
/// and how a member of it enters the RKHS ball of the chosen degree d (L-approx, L-rkhs-norm). Every approximation is the
/// certified best uniform (Remez) polynomial of degree d of the class's one-dimensional piece on [-1, 1], so eps_a(d) is
/// within the certifier's 0.5% of the least error any degree-d polynomial achieves there. Cases: <see cref="Relu"/>
/// (T2.1, R2.2), <see cref="Depth2"/> (T2.3), <see cref="Leaky"/> (the leaky gadget of T2.3), <see cref="MaxAffine"/>
/// (T2.6, no certified weight for its nested kernel) and <see cref="Polynomial"/> (T2.4, exact).
/// The derivations are in Proofs/T2.1-reliable-relu.md, Proofs/T2.3-depth2-and-leaky.md, Proofs/T2.4-polynomial.md and
/// Proofs/T2.6-max-affine.md.
/// </summary>
public abstract record ComparatorClass
{
    private ComparatorClass() { }

    /// <summary>
    /// The class and its certified approximation at degree <paramref name="degree"/>, for a program with weight
    /// <paramref name="normBound"/> and outputs clipped to [<paramref name="lower"/>, <paramref name="upper"/>].
    /// </summary>
    public abstract ComparatorApproximation Approximate(int degree, double normBound, double lower, double upper);

    /// <summary>The certified Remez approximation of <paramref name="target"/> at <paramref name="degree"/>, or null below degree 1.</summary>
    private static ApproximationCertificate? Best(TargetFunction target, int degree)
        => degree >= 1 ? ApproximationTable.Approximate(target, degree, ApproximationMethod.Remez) : null;

    private static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Range(double lower, double upper) => $"[{G(lower)}, {G(upper)}]";

    /// <summary>T2.1 / R2.2: the ReLUs max(0, w.z) with ||w|| &lt;= 1; eps_a, B_a of the degree-d ReLU approximation p, and p(w.z) = &lt;v, psi_d(z)&gt; with ||v||^2 &lt;= B_a.</summary>
    public sealed record Relu : ComparatorClass
    {
        /// <inheritdoc />
        public override ComparatorApproximation Approximate(int degree, double normBound, double lower, double upper)
        {
            const string members = "max(0, w.z) with ||w|| <= 1";
            var p = Best(new TargetFunction.Relu(), degree);
            return p is null
                ? new ComparatorApproximation(members, $"no certified ReLU approximation at degree {degree}", null, null)
                : new ComparatorApproximation(members, $"certified best degree-{degree} approximation of ReLU on [-1, 1] (Remez)", p.SupError, p.Weight);
        }
    }

    /// <summary>
    /// T2.3: networks sum_j a_j max(0, w_j.z) with k units, ||w_j|| &lt;= 1, ||a||_2 &lt;= 1 and values in the output range;
    /// ||a||_1 &lt;= sqrt(k) gives eps_a = sqrt(k) eps_ReLU(d) and B_a = k B_ReLU(d).
    /// </summary>
    /// <param name="Units">k.</param>
    public sealed record Depth2(int Units) : ComparatorClass
    {
        /// <inheritdoc />
        public override ComparatorApproximation Approximate(int degree, double normBound, double lower, double upper)
        {
            Preconditions.Check(Units >= 1, nameof(Units), $"{nameof(Units)} must be at least 1, got {Units}.");
            string members = $"sum_j a_j max(0, w_j.z) with {Units} units, ||w_j|| <= 1, ||a||_2 <= 1 and values in {Range(lower, upper)}";
            var p = Best(new TargetFunction.Relu(), degree);
            return p is null
                ? new ComparatorApproximation(members, $"no certified ReLU approximation at degree {degree}", null, null)
                : new ComparatorApproximation(members, $"each unit by the certified best degree-{degree} approximation of ReLU (Remez): error sqrt(k) eps_ReLU, weight k B_ReLU",
                    Math.Sqrt(Units) * p.SupError, Units * p.Weight);
        }
    }

    /// <summary>
    /// The leaky ReLU a t + (1-a) max(0, t) at t = w.z, ||w|| &lt;= 1: with a known slope, the leaky gadget on the ReLU
    /// approximation; with an unknown slope in [0,1], the worst case over a: error eps_ReLU (a = 0) and weight
    /// max(B_ReLU, 1) (the weight is convex in a, so largest at a = 0 or a = 1).
    /// </summary>
    /// <param name="Slope">a when known; null for every a in [0, 1].</param>
    public sealed record Leaky(double? Slope) : ComparatorClass
    {
        /// <inheritdoc />
        public override ComparatorApproximation Approximate(int degree, double normBound, double lower, double upper)
        {
            string members = Slope is double a ? $"{G(a)} w.z + {G(1 - a)} max(0, w.z) with ||w|| <= 1" : "a w.z + (1 - a) max(0, w.z) with ||w|| <= 1 and any a in [0, 1]";
            var p = Best(new TargetFunction.Relu(), degree);
            if (p is null) return new ComparatorApproximation(members, $"no certified ReLU approximation at degree {degree}", null, null);
            if (Slope is double slope)
            {
                var q = Gadgets.Leaky(p, slope);
                return new ComparatorApproximation(members, $"leaky gadget a t + (1-a) p(t) on the certified best degree-{degree} ReLU approximation (Remez)", q.SupError, q.Weight);
            }
            return new ComparatorApproximation(members, $"leaky gadget on the certified best degree-{degree} ReLU approximation (Remez), worst slope",
                p.SupError, Math.Max(p.Weight, 1.0));
        }
    }

    /// <summary>
    /// T2.6: max_j w_j.z over k pieces with ||w_j|| &lt;= 1. max_j w_j.z = 2 max_j (w_j/2).z, and the tournament on the
    /// inputs (w_j/2).z in [-1/2, 1/2] has error levels eps_abs(d), so the class is approximated within
    /// 2 levels eps_abs(d) (while levels eps_abs(d) &lt;= 1/2). No weight is certified for the nested tournament kernel,
    /// so no (positive) loss bound is claimed.
    /// </summary>
    /// <param name="Pieces">k.</param>
    public sealed record MaxAffine(int Pieces) : ComparatorClass
    {
        /// <inheritdoc />
        public override ComparatorApproximation Approximate(int degree, double normBound, double lower, double upper)
        {
            Preconditions.Check(Pieces >= 1, nameof(Pieces), $"{nameof(Pieces)} must be at least 1, got {Pieces}.");
            string members = $"max_j w_j.z over {Pieces} pieces with ||w_j|| <= 1";
            int levels = 0;
            while ((1 << levels) < Pieces) levels++;
            if (levels == 0) return new ComparatorApproximation(members, "one piece: w.z is in the RKHS with weight 1 (degree >= 1)", degree >= 1 ? 0.0 : null, degree >= 1 ? 1.0 : null);
            var q = Best(new TargetFunction.Abs(), degree);
            double? error = q is not null && levels * q.SupError <= 0.5 ? 2 * levels * q.SupError : null;
            return new ComparatorApproximation(members,
                error is null
                    ? $"no certified tournament at degree {degree} ({levels} levels of the |t| approximation leave [-1/2, 1/2])"
                    : $"tournament of {levels} levels of the certified best degree-{degree} |t| approximation (Remez); no certified weight for the nested kernel",
                error, null);
        }
    }

    /// <summary>
    /// T2.4: polynomials of total degree &lt;= d with sum of squared monomial coefficients &lt;= B and values in the output
    /// range; each is in the RKHS of MK_d with ||g||^2 &lt;= B exactly (eps_a = 0, B_a = B).
    /// </summary>
    public sealed record Polynomial : ComparatorClass
    {
        /// <inheritdoc />
        public override ComparatorApproximation Approximate(int degree, double normBound, double lower, double upper)
            => new($"polynomials of degree <= {degree} with sum of squared monomial coefficients <= {G(normBound)} and values in {Range(lower, upper)}",
                "exact: the class lies in the RKHS ball", 0.0, normBound);
    }

    /// <summary>
    /// No comparator: the kernel (e.g. the Gaussian kernel, P-gaussian) is not one for which the paper proves an
    /// approximation of the ReLU class, so no theorem bounds the positive loss against a class; the false-positive bound of
    /// L-generalisation, which needs only a kernel bounded on the ball, still applies.
    /// </summary>
    /// <param name="Kernel">The kernel's name, for the report.</param>
    public sealed record NoTheorem(string Kernel) : ComparatorClass
    {
        /// <inheritdoc />
        public override ComparatorApproximation Approximate(int degree, double normBound, double lower, double upper)
            => new($"none (no theorem applies to the {Kernel} kernel)", $"no theorem applies to the {Kernel} kernel", null, null);
    }
}
