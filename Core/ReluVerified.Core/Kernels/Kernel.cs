using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Kernels;

/// <summary>
/// A kernel on the unit ball that depends on its two arguments only through their inner products, as a value:
/// k(x, x') = kappa(x . x', |x|^2, |x'|^2). The closed set of cases:
/// <list type="bullet">
/// <item>dot-product kernels k(x, x') = phi(x . x') (L-kernel), whose kappa ignores the norms: <see cref="Linear"/>,
/// <see cref="Multinomial"/> (MK_d, Proofs/L-kernel.md) and <see cref="Compositional"/> (MK applied to
/// another kernel, normalised). Each has non-negative Taylor coefficients in the dot product, so
/// |k(x,x')| &lt;= phi(1) = <see cref="DiagonalBound"/> on the ball;</item>
/// <item>the Gaussian (RBF) kernel <see cref="Gaussian"/> (P-gaussian), a practical kernel to which no theorem of the paper
/// applies, with |k| &lt;= 1 = <see cref="DiagonalBound"/>. It reads the squared norms (<see cref="UsesNorms"/>).</item>
/// </list>
/// The Gram engine computes the dot products with BLAS-style tiles and applies kappa entry by entry; kernels that read the
/// norms receive the squared row norms alongside.
/// </summary>
public abstract record Kernel
{
    private Kernel() { }

    /// <summary>
    /// kappa(x . x', |x|^2, |x'|^2), the kernel value from the three inner products. Dot-product kernels ignore
    /// <paramref name="squaredNorm"/> and <paramref name="squaredNormPrime"/> (any value may be passed for them).
    /// </summary>
    public abstract double Transform(double dot, double squaredNorm, double squaredNormPrime);

    /// <summary>
    /// Whether <see cref="Transform"/> reads the squared norms (the Gaussian kernel, and compositions over it). The Gram engine
    /// computes row norms only for such kernels, so dot-product kernels pay nothing for them.
    /// </summary>
    public abstract bool UsesNorms { get; }

    /// <summary>
    /// A bound on |k(x, x')| over the unit ball, attained on its diagonal: kappa(1, 1, 1), i.e. phi(1) for a dot-product kernel
    /// (L-kernel) and 1 for the Gaussian kernel (P-gaussian).
    /// </summary>
    public double DiagonalBound => Transform(1.0, 1.0, 1.0);

    /// <summary>k(x, x') for two points of the same dimension (from their inner products, as the Gram engine computes it).</summary>
    public double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> xPrime)
    {
        Preconditions.Check(x.Length == xPrime.Length, nameof(xPrime), $"x has dimension {x.Length} but x' has {xPrime.Length}.");
        double dot = TensorPrimitives.Dot(x, xPrime);
        return UsesNorms ? Transform(dot, TensorPrimitives.Dot(x, x), TensorPrimitives.Dot(xPrime, xPrime)) : Transform(dot, 0.0, 0.0);
    }

    /// <summary>k(x, x), the diagonal entry of a Gram matrix (exactly 1 for the Gaussian kernel).</summary>
    public double Diagonal(ReadOnlySpan<double> x)
    {
        double squaredNorm = TensorPrimitives.Dot(x, x);
        return Transform(squaredNorm, squaredNorm, squaredNorm);
    }

    /// <summary>
    /// Applies kappa in place to one row of dot products x_i . z_j (the kernel map of the Gram engine; SIMD).
    /// <paramref name="squaredNorm"/> is |x_i|^2 and <paramref name="columnSquaredNorms"/> holds |z_j|^2 entry by entry; both are
    /// read only when <see cref="UsesNorms"/> (otherwise pass 0 and an empty span).
    /// </summary>
    internal abstract void TransformInPlace(Span<double> dots, double squaredNorm, ReadOnlySpan<double> columnSquaredNorms);

    /// <summary>
    /// Applies kappa to one SIMD vector of dot products (used inside the fused Gram tiles), with the row's squared norm
    /// broadcast in <paramref name="squaredNorms"/> and the columns' in <paramref name="columnSquaredNorms"/> (read only when
    /// <see cref="UsesNorms"/>).
    /// </summary>
    internal abstract Vector<double> TransformVector(Vector<double> dots, Vector<double> squaredNorms, Vector<double> columnSquaredNorms);

    /// <summary>
    /// For a kernel that is positive semi-definite in exact arithmetic and whose Gram engine map has a proven rounding bound:
    /// an upper bound on |computed K_ij - k(x_i, x_j)| over every pair of points in dimension <paramref name="dimension"/>
    /// with |x|^2 &lt;= <paramref name="squaredNormBound"/>, the exact kernel taken at the stored doubles (T2.1's input checks,
    /// Proofs/T2.1-reliable-program.md, "Input checks", step 0). NaN for the kernels without one (the check then runs).
    /// </summary>
    internal virtual double EntryRoundingBound(double squaredNormBound, int dimension) => double.NaN;

    /// <summary>Short name used in reports, e.g. "multinomial(5)" or "gaussian(0.5)".</summary>
    public abstract string Describe();

    /// <summary>The linear kernel k(x,x') = x . x'.</summary>
    public sealed record Linear : Kernel
    {
        /// <inheritdoc />
        public override double Transform(double dot, double squaredNorm, double squaredNormPrime) => dot;

        /// <inheritdoc />
        public override bool UsesNorms => false;

        internal override void TransformInPlace(Span<double> dots, double squaredNorm, ReadOnlySpan<double> columnSquaredNorms) { }
        internal override Vector<double> TransformVector(Vector<double> dots, Vector<double> squaredNorms, Vector<double> columnSquaredNorms) => dots;

        /// <summary>
        /// K_ij = fl(x_i . x_j), a dot product in some order: |error| &lt;= gamma_n |x_i| . |x_j| &lt;= gamma_n S (S the norm bound),
        /// doubled to cover the rounding of this expression. K = X X' is PSD.
        /// </summary>
        internal override double EntryRoundingBound(double squaredNormBound, int dimension) => 2 * RoundingError.Gamma(dimension) * squaredNormBound;

        /// <inheritdoc />
        public override string Describe() => "linear";
    }

    /// <summary>
    /// The multinomial kernel MK_d(x,x') = sum_{i=0..d} (x.x')^i (L-kernel), evaluated by Horner.
    /// It is the inner product of the ordered-tuple feature map psi_d (see <see cref="MultinomialFeatureMap"/>),
    /// and MK_d(x,x) = d+1 on the sphere.
    /// </summary>
    public sealed record Multinomial : Kernel
    {
        /// <summary>The degree d (at least 0).</summary>
        public int Degree { get; }

        /// <summary>Creates MK_d.</summary>
        public Multinomial(int degree) => Degree = Preconditions.NonNegative(degree);

        /// <inheritdoc />
        public override double Transform(double dot, double squaredNorm, double squaredNormPrime) => Horner(dot, Degree);

        /// <inheritdoc />
        public override bool UsesNorms => false;

        /// <summary>
        /// K_ij = Horner(fl(x_i . x_j)), kappa(t) = sum_{k&lt;=d} t^k. With S the norm bound, the dot product is off by at most
        /// e_t = gamma_n S (any order of summation, with or without FMA), so |computed t| &lt;= T = S + e_t; Horner's rule is off
        /// by at most gamma_2d sum_k |t|^k &lt;= gamma_2d kappa(T) (two roundings a step; one with FMA), and the
        /// error of t moves kappa by at most e_t max |kappa'| &lt;= e_t kappa'(T) (mean value; |kappa'(xi)| &lt;= kappa'(|xi|), |xi| &lt;= T).
        /// The sum is doubled to cover the rounding of this expression. MK_d is PSD (a sum of Schur powers of X X').
        /// Derivation: Proofs/T2.1-reliable-program.md, "Input checks", step 0.
        /// </summary>
        internal override double EntryRoundingBound(double squaredNormBound, int dimension)
        {
            double et = RoundingError.Gamma(dimension) * squaredNormBound, t = squaredNormBound + et;
            double value = 0, slope = 0, power = 1; // kappa(T) and kappa'(T), term by term
            for (int k = 0; k <= Degree; k++)
            {
                if (k > 0) slope += k * power; // k T^(k-1), with power = T^(k-1) here
                value += k == 0 ? 1 : power * t;
                if (k > 0) power *= t;
            }
            return 2 * (RoundingError.Gamma(2 * Degree) * value + et * slope);
        }

        internal static double Horner(double t, int degree)
        {
            double acc = 1.0;
            for (int i = 0; i < degree; i++) acc = Math.FusedMultiplyAdd(acc, t, 1.0);
            return acc;
        }

        internal static Vector<double> Horner(Vector<double> t, int degree)
        {
            var one = Vector<double>.One;
            var acc = one;
            for (int i = 0; i < degree; i++) acc = Vector.FusedMultiplyAdd(acc, t, one);
            return acc;
        }

        internal override void TransformInPlace(Span<double> dots, double squaredNorm, ReadOnlySpan<double> columnSquaredNorms) => HornerInPlace(dots, Degree);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal static void HornerInPlace(Span<double> dots, int degree)
        {
            int w = Vector<double>.Count, i = 0;
            for (; i <= dots.Length - w; i += w)
            {
                var slot = dots.Slice(i, w);
                Horner(new Vector<double>(slot), degree).CopyTo(slot);
            }
            for (; i < dots.Length; i++) dots[i] = Horner(dots[i], degree);
        }

        internal override Vector<double> TransformVector(Vector<double> dots, Vector<double> squaredNorms, Vector<double> columnSquaredNorms) => Horner(dots, Degree);

        /// <inheritdoc />
        public override string Describe() => $"multinomial({Degree})";
    }

    /// <summary>
    /// The compositional kernel k(x,x') = (1/(d+1)) sum_{j=0..d} (k_in(x,x') / c_in)^j where c_in = k_in's
    /// <see cref="DiagonalBound"/> (Proofs/L-kernel.md, item 4). Normalising keeps sup |k| = 1 on the ball at every level,
    /// so nesting never overflows; the RKHS norm of f scales by sqrt(d+1) relative to the unnormalised kernel.
    /// It reads the norms when its inner kernel does.
    /// </summary>
    public sealed record Compositional : Kernel
    {
        /// <summary>The kernel the multinomial map is applied to.</summary>
        public Kernel Inner { get; }

        /// <summary>The degree d of the outer multinomial map.</summary>
        public int Degree { get; }

        private readonly double _innerScale;
        private readonly double _outerScale;

        /// <summary>Creates the normalised composition MK_d(inner / c_in) / (d+1).</summary>
        public Compositional(Kernel inner, int degree)
        {
            Inner = Preconditions.NotNull(inner);
            Degree = Preconditions.NonNegative(degree);
            _innerScale = 1.0 / inner.DiagonalBound;
            _outerScale = 1.0 / (degree + 1);
        }

        /// <inheritdoc />
        public override double Transform(double dot, double squaredNorm, double squaredNormPrime)
            => _outerScale * Multinomial.Horner(Inner.Transform(dot, squaredNorm, squaredNormPrime) * _innerScale, Degree);

        /// <inheritdoc />
        public override bool UsesNorms => Inner.UsesNorms;

        internal override void TransformInPlace(Span<double> dots, double squaredNorm, ReadOnlySpan<double> columnSquaredNorms)
        {
            Inner.TransformInPlace(dots, squaredNorm, columnSquaredNorms);
            TensorPrimitives.Multiply(dots, _innerScale, dots);
            Multinomial.HornerInPlace(dots, Degree);
            TensorPrimitives.Multiply(dots, _outerScale, dots);
        }

        internal override Vector<double> TransformVector(Vector<double> dots, Vector<double> squaredNorms, Vector<double> columnSquaredNorms)
            => Multinomial.Horner(Inner.TransformVector(dots, squaredNorms, columnSquaredNorms) * _innerScale, Degree) * _outerScale;

        /// <inheritdoc />
        public override string Describe() => $"compositional({Degree}, {Inner.Describe()})";

        /// <inheritdoc />
        public bool Equals(Compositional? other) => other is not null && Degree == other.Degree && Inner.Equals(other.Inner)
            && _innerScale.Equals(other._innerScale) && _outerScale.Equals(other._outerScale);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Degree, Inner);
    }

    /// <summary>
    /// The Gaussian (RBF) kernel k(x, x') = exp(-gamma |x - x'|^2), gamma &gt; 0 (P-gaussian): a practical kernel offered beside
    /// the theorem's multinomial kernel. No theorem of the paper applies to it: the guarantees of T2.1 and its relatives are
    /// stated for MK_d, whose RKHS holds the polynomial approximations of the ReLU (L-rkhs-norm); nothing here bounds the
    /// RKHS norm of those approximations under this kernel, so a fit with it carries no reliability or loss guarantee.
    /// It is positive definite (Schoenberg), k(x, x) = 1 and 0 &lt;= k &lt;= 1 (0 only where exp underflows), so <see cref="DiagonalBound"/> = 1.
    /// Evaluated from inner products as exp(-gamma max(0, |x|^2 + |x'|^2 - 2 x.x')): the expansion lets the Gram engine use its
    /// dot-product tiles and BLAS; the clamp at 0 removes a negative distance left by rounding, so k &lt;= 1 exactly, and a
    /// point's distance to itself is exactly 0 when its squared norm and dot product are the same number, so k(x, x) = 1 exactly.
    /// The alternative D E D' with E = exp(2 gamma X X') overflows for large gamma and is not used.
    /// <see cref="GaussianBandwidth.Median"/> picks gamma from the data.
    /// </summary>
    public sealed record Gaussian : Kernel
    {
        /// <summary>The inverse squared length scale gamma (positive and finite).</summary>
        public double Gamma { get; }

        private readonly double _negativeGamma;

        /// <summary>Creates exp(-gamma |x - x'|^2).</summary>
        public Gaussian(double gamma)
        {
            Preconditions.Check(double.IsFinite(gamma) && gamma > 0, nameof(gamma),
                $"{nameof(gamma)} must be a positive finite number, got {gamma.ToString("R", CultureInfo.InvariantCulture)}; GaussianBandwidth.Median estimates one from the data.");
            Gamma = gamma;
            _negativeGamma = -gamma;
        }

        /// <inheritdoc />
        /// <remarks>
        /// Computed by the same SIMD routine as the Gram engine's entries (one lane of <see cref="TransformVector"/>):
        /// <see cref="Vector.Exp(Vector{double})"/> and <see cref="Math.Exp"/> may differ in the last two bits, and one routine
        /// everywhere makes every evaluation site give the same bits for the same inner products.
        /// </remarks>
        public override double Transform(double dot, double squaredNorm, double squaredNormPrime)
            => TransformVector(new Vector<double>(dot), new Vector<double>(squaredNorm), new Vector<double>(squaredNormPrime))[0];

        /// <inheritdoc />
        public override bool UsesNorms => true;

        internal override void TransformInPlace(Span<double> dots, double squaredNorm, ReadOnlySpan<double> columnSquaredNorms)
        {
            int w = Vector<double>.Count, i = 0;
            var row = new Vector<double>(squaredNorm);
            for (; i <= dots.Length - w; i += w)
            {
                var slot = dots.Slice(i, w);
                TransformVector(new Vector<double>(slot), row, new Vector<double>(columnSquaredNorms.Slice(i, w))).CopyTo(slot);
            }
            if (i == dots.Length) return;
            // the tail through one zero-padded vector, so that every entry takes the same routine
            Span<double> tail = stackalloc double[w], tailNorms = stackalloc double[w];
            tail.Clear();
            tailNorms.Clear();
            dots[i..].CopyTo(tail);
            columnSquaredNorms[i..dots.Length].CopyTo(tailNorms);
            TransformVector(new Vector<double>(tail), row, new Vector<double>(tailNorms)).CopyTo(tail);
            tail[..(dots.Length - i)].CopyTo(dots[i..]);
        }

        /// <summary>exp(-gamma max(0, |x|^2 + |x'|^2 - 2 x.x')) lane by lane (one fused multiply-add for the distance).</summary>
        internal override Vector<double> TransformVector(Vector<double> dots, Vector<double> squaredNorms, Vector<double> columnSquaredNorms)
        {
            var distance = Vector.Max(Vector<double>.Zero, Vector.FusedMultiplyAdd(new Vector<double>(-2.0), dots, squaredNorms + columnSquaredNorms));
            return Vector.Exp(distance * new Vector<double>(_negativeGamma));
        }

        /// <inheritdoc />
        public override string Describe() => $"gaussian({Gamma.ToString("R", CultureInfo.InvariantCulture)})";
    }
}
