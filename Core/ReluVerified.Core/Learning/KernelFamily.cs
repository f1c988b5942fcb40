using ReluVerified.Core.Kernels;

namespace ReluVerified.Core.Learning;

/// <summary>
/// Which kernel a learner uses for a candidate degree d. Cases: <see cref="Multinomial"/> (MK_d: T2.1, R2.2, T2.3, T2.4,
/// leaky ReLU) and <see cref="Tournament"/> (T2.6: a max-k-affine function is a log2(k)-deep tournament of
/// max(a,b) = (a+b)/2 + |a-b|/2 gadgets, so its approximator is a polynomial of polynomials; the kernel nests the
/// normalised multinomial map once per level, see <see cref="Kernel.Compositional"/>).
/// </summary>
public abstract record KernelFamily
{
    private KernelFamily() { }

    /// <summary>The kernel for degree <paramref name="degree"/>.</summary>
    public abstract Kernel For(int degree);

    /// <summary>Short name for reports.</summary>
    public abstract string Describe();

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
}
