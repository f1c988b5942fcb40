namespace ReluVerified.Core.Losses;

/// <summary>
/// A loss(prediction, label) as a value carrying its assumptions (T2.1, R2.2, L-clipping). The closed set of cases:
/// <see cref="Square"/>, <see cref="Absolute"/>, <see cref="Huber"/> and <see cref="Custom"/> (user-supplied, with declared
/// assumptions). Every case exposes the value, the derivative and the curvature (second derivative) in the prediction;
/// the solver of the reliable program (Core/ReluVerified.Core/Optimization/ReliableSolver.cs) uses them in its Newton steps and the
/// dual certificate.
/// </summary>
public abstract record Loss
{
    private Loss() { }

    /// <summary>loss(prediction, label).</summary>
    public abstract double Value(double prediction, double label);

    /// <summary>d loss / d prediction (a subgradient where the loss has a kink: 0 at the kink).</summary>
    public abstract double Derivative(double prediction, double label);

    /// <summary>d^2 loss / d prediction^2 (0 where the loss is piecewise linear).</summary>
    public abstract double Curvature(double prediction, double label);

    /// <summary>The declared assumptions (convex, monotone, Lipschitz constant and bound on [0,1]).</summary>
    public abstract LossAssumptions Assumptions { get; }

    /// <summary>Short name for reports, e.g. "huber(0.1)".</summary>
    public abstract string Describe();

    /// <summary>
    /// The convex conjugate loss*(slope) = sup_z (slope z - loss(z, label)), evaluated at the derivative
    /// <paramref name="slope"/> taken at <paramref name="prediction"/>. For differentiable losses the Fenchel-Young equality
    /// gives it exactly as prediction * slope - loss(prediction); the absolute loss overrides it with its closed form
    /// (label * slope for any slope in [-1, 1], so the solver may pass its epigraph multipliers there).
    /// </summary>
    internal virtual double ConjugateAtSlope(double slope, double prediction, double label)
        => slope * prediction - Value(prediction, label);

    /// <summary>The square loss (p - y)^2: convex, monotone, 2-Lipschitz and bounded by 1 on [0,1].</summary>
    public sealed record Square : Loss
    {
        /// <inheritdoc />
        public override double Value(double prediction, double label) { double r = prediction - label; return r * r; }
        /// <inheritdoc />
        public override double Derivative(double prediction, double label) => 2 * (prediction - label);
        /// <inheritdoc />
        public override double Curvature(double prediction, double label) => 2;
        /// <inheritdoc />
        public override LossAssumptions Assumptions => new(Convex: true, Monotone: true, Lipschitz: 2, BoundOnUnitInterval: 1);
        /// <inheritdoc />
        public override string Describe() => "square";
    }

    /// <summary>
    /// The absolute loss |p - y|: convex, monotone, 1-Lipschitz and bounded by 1 on [0,1]; non-smooth at p = y, so the solver
    /// handles it through epigraph variables t_i &gt;= |f_i - y_i|.
    /// </summary>
    public sealed record Absolute : Loss
    {
        /// <inheritdoc />
        public override double Value(double prediction, double label) => Math.Abs(prediction - label);
        /// <inheritdoc />
        public override double Derivative(double prediction, double label) => Math.Sign(prediction - label);
        /// <inheritdoc />
        public override double Curvature(double prediction, double label) => 0;
        /// <inheritdoc />
        public override LossAssumptions Assumptions => new(Convex: true, Monotone: true, Lipschitz: 1, BoundOnUnitInterval: 1);
        /// <inheritdoc />
        public override string Describe() => "absolute";

        // |z - y|* (s) = s y for |s| <= 1 (+infinity otherwise); callers pass slopes in [-1, 1].
        internal override double ConjugateAtSlope(double slope, double prediction, double label) => slope * label;
    }

    /// <summary>
    /// The Huber loss with width delta: r^2 / (2 delta) for |r| &lt;= delta, |r| - delta/2 beyond (r = p - y).
    /// Convex, monotone, 1-Lipschitz, bounded on [0,1] by its value at |r| = 1.
    /// </summary>
    public sealed record Huber : Loss
    {
        /// <summary>The width delta &gt; 0 of the quadratic zone.</summary>
        public double Delta { get; }

        /// <summary>Creates Huber(delta); delta must be positive and finite.</summary>
        public Huber(double delta)
        {
            Preconditions.Check(double.IsFinite(delta) && delta > 0, nameof(delta), $"{nameof(delta)} must be a positive finite number, got {delta}.");
            Delta = delta;
        }

        /// <inheritdoc />
        public override double Value(double prediction, double label)
        {
            double r = Math.Abs(prediction - label);
            return r <= Delta ? r * r / (2 * Delta) : r - Delta / 2;
        }
        /// <inheritdoc />
        public override double Derivative(double prediction, double label) => Math.Clamp((prediction - label) / Delta, -1.0, 1.0);
        /// <inheritdoc />
        public override double Curvature(double prediction, double label) => Math.Abs(prediction - label) < Delta ? 1.0 / Delta : 0.0;
        /// <inheritdoc />
        public override LossAssumptions Assumptions => new(Convex: true, Monotone: true, Lipschitz: 1, BoundOnUnitInterval: Value(1, 0));
        /// <inheritdoc />
        public override string Describe() => $"huber({Delta:R})";
    }

    /// <summary>
    /// A user-supplied loss with declared assumptions. The solver needs it convex and twice differentiable in the
    /// prediction (value, derivative, curvature consistent); the dual bound uses the Fenchel-Young equality at the
    /// returned predictions, so it is only as valid as the declared convexity and derivative.
    /// </summary>
    public sealed record Custom : Loss
    {
        private readonly Func<double, double, double> _value;
        private readonly Func<double, double, double> _derivative;
        private readonly Func<double, double, double> _curvature;

        /// <summary>The name used in reports.</summary>
        public string Name { get; }

        /// <summary>The assumptions as declared by the user.</summary>
        public LossAssumptions Declared { get; }

        /// <summary>Creates a loss from its value, derivative and curvature in the prediction, and its declared assumptions.</summary>
        public Custom(string name, Func<double, double, double> value, Func<double, double, double> derivative,
            Func<double, double, double> curvature, LossAssumptions declared)
        {
            Name = Preconditions.NotNull(name);
            _value = Preconditions.NotNull(value);
            _derivative = Preconditions.NotNull(derivative);
            _curvature = Preconditions.NotNull(curvature);
            Declared = Preconditions.NotNull(declared);
        }

        /// <inheritdoc />
        public override double Value(double prediction, double label) => _value(prediction, label);
        /// <inheritdoc />
        public override double Derivative(double prediction, double label) => _derivative(prediction, label);
        /// <inheritdoc />
        public override double Curvature(double prediction, double label) => _curvature(prediction, label);
        /// <inheritdoc />
        public override LossAssumptions Assumptions => Declared;
        /// <inheritdoc />
        public override string Describe() => Name;

        /// <inheritdoc />
        public bool Equals(Custom? other) => other is not null && Name == other.Name && Declared == other.Declared
            && _value == other._value && _derivative == other._derivative && _curvature == other._curvature;

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Name, Declared);
    }
}
