using System.Numerics;
using System.Numerics.Tensors;

namespace ReluVerified.Core.Kernels;

/// <summary>
/// A dot-product kernel k(x, x') = phi(x . x') on the unit ball, as a value (L-kernel).
/// The closed set of cases: <see cref="Linear"/>, <see cref="Multinomial"/> (MK_d, section 2 of the algorithm notes)
/// and <see cref="Compositional"/> (MK applied to another kernel, normalised).
/// Every case has non-negative Taylor coefficients in the dot product, so |k(x,x')| &lt;= k(1) = <see cref="DiagonalBound"/> on the ball.
/// </summary>
public abstract record Kernel
{
    private Kernel() { }

    /// <summary>phi(t) where t = x . x' lies in [-1, 1].</summary>
    public abstract double Transform(double dot);

    /// <summary>sup over the unit ball of k(x, x) = phi(1); also the sup of |k(x, x')| (L-kernel).</summary>
    public double DiagonalBound => Transform(1.0);

    /// <summary>k(x, x') for two points of the same dimension.</summary>
    public double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> xPrime)
    {
        Preconditions.Check(x.Length == xPrime.Length, nameof(xPrime), $"x has dimension {x.Length} but x' has {xPrime.Length}.");
        return Transform(TensorPrimitives.Dot(x, xPrime));
    }

    /// <summary>Applies phi to every entry in place (the kernel map of the Gram engine; SIMD).</summary>
    internal abstract void TransformInPlace(Span<double> dots);

    /// <summary>Applies phi to one SIMD vector of dot products (used inside the fused Gram tiles).</summary>
    internal abstract Vector<double> TransformVector(Vector<double> dots);

    /// <summary>Short name used in model files and reports, e.g. "multinomial(5)".</summary>
    public abstract string Describe();

    /// <summary>The linear kernel k(x,x') = x . x'.</summary>
    public sealed record Linear : Kernel
    {
        /// <inheritdoc />
        public override double Transform(double dot) => dot;
        internal override void TransformInPlace(Span<double> dots) { }
        internal override Vector<double> TransformVector(Vector<double> dots) => dots;
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
        public override double Transform(double dot) => Horner(dot, Degree);

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

        internal override void TransformInPlace(Span<double> dots) => HornerInPlace(dots, Degree);

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

        internal override Vector<double> TransformVector(Vector<double> dots) => Horner(dots, Degree);

        /// <inheritdoc />
        public override string Describe() => $"multinomial({Degree})";
    }

    /// <summary>
    /// The compositional kernel k(x,x') = (1/(d+1)) sum_{j=0..d} (k_in(x,x') / c_in)^j where c_in = k_in's
    /// <see cref="DiagonalBound"/> (section 2, [design]). Normalising keeps sup |k| = 1 on the ball at every level,
    /// so nesting never overflows; the RKHS norm of f scales by sqrt(d+1) relative to the unnormalised kernel.
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
        public override double Transform(double dot) => _outerScale * Multinomial.Horner(Inner.Transform(dot) * _innerScale, Degree);

        internal override void TransformInPlace(Span<double> dots)
        {
            Inner.TransformInPlace(dots);
            TensorPrimitives.Multiply(dots, _innerScale, dots);
            Multinomial.HornerInPlace(dots, Degree);
            TensorPrimitives.Multiply(dots, _outerScale, dots);
        }

        internal override Vector<double> TransformVector(Vector<double> dots)
            => Multinomial.Horner(Inner.TransformVector(dots) * _innerScale, Degree) * _outerScale;

        /// <inheritdoc />
        public override string Describe() => $"compositional({Degree}, {Inner.Describe()})";

        /// <inheritdoc />
        public bool Equals(Compositional? other) => other is not null && Degree == other.Degree && Inner.Equals(other.Inner);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Degree, Inner);
    }
}
