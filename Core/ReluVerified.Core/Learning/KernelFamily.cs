using ReluVerified.Core.Kernels;

namespace ReluVerified.Core.Learning;

/// <summary>
/// Which kernel a learner uses for a candidate degree d. Cases: <see cref="Multinomial"/> (MK_d: T2.1, R2.2, T2.3, T2.4,
/// leaky ReLU) and <see cref="Tournament"/> (T2.6: a max-k-affine function is a log2(k)-deep tournament of
/// max(a,b) = (a+b)/2 + |a-b|/2 gadgets, so its approximator is a polynomial of polynomials; the kernel nests the
/// normalised multinomial map once per level, see <see cref="Kernel.Compositional"/>) and <see cref="Gaussian"/> (P-gaussian:
/// a practical kernel to which no theorem of the paper applies; the degree plays no part).
/// </summary>
public abstract record KernelFamily
{
    private KernelFamily() { }

    /// <summary>The kernel for degree <paramref name="degree"/>.</summary>
    public abstract Kernel For(int degree);

    /// <summary>Short name for reports.</summary>
    public abstract string Describe();

    /// <summary>
    /// The kernels a cross-validated selection tries for degree <paramref name="degree"/>
    /// (<see cref="CrossValidatedSelection"/>): <see cref="For"/> alone, except for a Gaussian family with several
    /// bandwidth scales.
    /// </summary>
    public virtual IReadOnlyList<Kernel> Candidates(int degree) => [For(degree)];

    /// <summary>
    /// The family with every data-dependent parameter fixed from the (embedded) fit rows <paramref name="points"/>: a
    /// Gaussian family without a bandwidth takes <see cref="GaussianBandwidth.Median"/> of them; other families are
    /// returned as they are.
    /// </summary>
    public virtual KernelFamily Resolve(Geometry.PointSet points, int seed) => this;

    /// <summary>MK_d.</summary>
    public sealed record Multinomial : KernelFamily
    {
        /// <inheritdoc />
        public override Kernel For(int degree) => new Kernel.Multinomial(degree);

        /// <inheritdoc />
        public override string Describe() => "multinomial";
    }

    /// <summary>Levels nested normalised multinomial maps of degree d over MK_d (T2.6); one level is MK_d itself.</summary>
    /// <param name="Levels">Tournament depth, ceil(log2 k) for k pieces (at least 1).</param>
    public sealed record Tournament(int Levels) : KernelFamily
    {
        /// <inheritdoc />
        public override Kernel For(int degree)
        {
            Preconditions.Check(Levels >= 1, nameof(Levels), $"{nameof(Levels)} must be at least 1, got {Levels}.");
            Kernel kernel = new Kernel.Multinomial(degree);
            for (int level = 1; level < Levels; level++) kernel = new Kernel.Compositional(kernel, degree);
            return kernel;
        }

        /// <inheritdoc />
        public override string Describe() => $"tournament({Levels})";
    }

    /// <summary>
    /// The Gaussian kernel exp(-gamma |x - x'|^2) for every degree (P-gaussian; no theorem of the paper applies to it), the
    /// kernel of the recommended recipe's FP-budgeted fits (T2.1-budget). A null
    /// <paramref name="Gamma"/> is resolved from the fit rows by the median heuristic (<see cref="Resolve"/>); a cross-validated
    /// selection tries gamma times each of <paramref name="Scales"/> (default: 1 alone).
    /// </summary>
    /// <param name="Gamma">gamma &gt; 0, or null until <see cref="Resolve"/>.</param>
    /// <param name="Scales">Multipliers of gamma that a cross-validated selection tries (empty: 1).</param>
    public sealed record Gaussian(double? Gamma, System.Collections.Immutable.ImmutableArray<double> Scales = default) : KernelFamily
    {
        /// <inheritdoc />
        public override Kernel For(int degree)
        {
            Preconditions.Check(Gamma is not null, nameof(Gamma), "the Gaussian family has no bandwidth yet: resolve it on the fit rows first (KernelFamily.Resolve).");
            return new Kernel.Gaussian(Gamma!.Value);
        }

        /// <inheritdoc />
        public override IReadOnlyList<Kernel> Candidates(int degree)
            => Scales.IsDefaultOrEmpty ? [For(degree)] : [.. Scales.Distinct().Order().Select(s => new Kernel.Gaussian(Gamma!.Value * s))];

        /// <inheritdoc />
        public override KernelFamily Resolve(Geometry.PointSet points, int seed)
            => Gamma is not null ? this : this with { Gamma = GaussianBandwidth.Median(Preconditions.NotNull(points), seed) };

        /// <inheritdoc />
        public override string Describe() => "gaussian";

        /// <inheritdoc />
        public bool Equals(Gaussian? other) => other is not null && Gamma.Equals(other.Gamma)
            && (Scales.IsDefaultOrEmpty ? other.Scales.IsDefaultOrEmpty : !other.Scales.IsDefaultOrEmpty && Scales.SequenceEqual(other.Scales));

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Gamma, Scales.IsDefaultOrEmpty ? 0 : Scales.Length);
    }
}
