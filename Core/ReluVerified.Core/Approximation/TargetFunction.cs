using System.Collections.Immutable;
using System.Globalization;

namespace ReluVerified.Core.Approximation;

/// <summary>
/// The functions on [-1, 1] the library approximates by polynomials (L-approx), as a closed set of cases:
/// <see cref="Relu"/>, <see cref="Abs"/>, <see cref="Leaky"/> (PReLU with any slope), <see cref="ShiftedRelu"/>
/// (ReLU(s t + b)) and <see cref="Sigmoid"/>. Each has a point evaluation, an interval extension and, for the
/// certifier, its smooth pieces.
/// </summary>
public abstract record TargetFunction
{
    private TargetFunction() { }

    /// <summary>f(t).</summary>
    public abstract double Evaluate(double t);

    /// <summary>An interval containing f(t) for every t in the argument (outward rounded).</summary>
    public abstract Interval Enclose(Interval t);

    /// <summary>The points of [-1, 1] where f is not differentiable (empty for smooth targets).</summary>
    public abstract ImmutableArray<double> Kinks { get; }

    /// <summary>The name used on the command line and in reports, e.g. "relu", "leaky:0.1", "sigmoid:4".</summary>
    public abstract string Describe();

    /// <summary>
    /// Writes into <paramref name="into"/> the pieces that can be active for some t in <paramref name="t"/> and returns how many.
    /// </summary>
    internal abstract int SelectBranches(Interval t, Span<BranchModel> into);

    /// <summary>
    /// Parses "relu", "abs", "leaky:A", "shifted:S,B" (ReLU(S t + B)) or "sigmoid:L"; throws <see cref="ArgumentException"/>
    /// naming <paramref name="text"/> otherwise.
    /// </summary>
    public static TargetFunction Parse(string text)
    {
        Preconditions.NotNull(text);
        string[] parts = text.Trim().ToLowerInvariant().Split(':', 2);
        string name = parts[0];
        string? arg = parts.Length > 1 ? parts[1] : null;
        double Number(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new ArgumentException($"'{s}' in function '{text}' is not a number.", nameof(text));
        return (name, arg) switch
        {
            ("relu", null) => new Relu(),
            ("abs", null) => new Abs(),
            ("leaky", not null) => new Leaky(Number(arg)),
            ("sigmoid", not null) => new Sigmoid(Number(arg)),
            ("shifted", not null) when arg.Split(',') is { Length: 2 } sb => new ShiftedRelu(Number(sb[0]), Number(sb[1])),
            _ => throw new ArgumentException(
                $"Unknown function '{text}': expected relu, abs, leaky:A, shifted:S,B or sigmoid:L.", nameof(text)),
        };
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Enclosure of a piecewise-affine f with pieces left (u &lt;= 0) and right (u &gt;= 0) of the switch u(t) = s t + b.</summary>
    private static int SelectBySwitch(Interval t, double s, double b, BranchModel left, BranchModel right, Span<BranchModel> into)
    {
        var u = s * t + b;
        if (u.Hi <= 0) { into[0] = left; return 1; }
        if (u.Lo >= 0) { into[0] = right; return 1; }
        into[0] = left;
        into[1] = right;
        return 2;
    }

    private static Interval EncloseBySwitch(Interval t, double s, double b, BranchModel left, BranchModel right)
    {
        Span<BranchModel> pieces = stackalloc BranchModel[2];
        int n = SelectBySwitch(t, s, b, left, right, pieces);
        Interval Piece(BranchModel m) => m.Slope * t + m.Intercept;
        var e = Piece(pieces[0]);
        if (n == 2) e = e.Hull(Piece(pieces[1]));
        return e;
    }

    /// <summary>ReLU(t) = max(0, t), the paper's activation (L-approx).</summary>
    public sealed record Relu : TargetFunction
    {
        /// <inheritdoc />
        public override double Evaluate(double t) => Math.Max(0.0, t);

        /// <inheritdoc />
        public override Interval Enclose(Interval t) => new(Math.Max(0.0, t.Lo), Math.Max(0.0, t.Hi));

        /// <inheritdoc />
        public override ImmutableArray<double> Kinks => [0.0];

        /// <inheritdoc />
        public override string Describe() => "relu";

        internal override int SelectBranches(Interval t, Span<BranchModel> into)
            => SelectBySwitch(t, 1.0, 0.0, BranchModel.Affine(0.0, 0.0), BranchModel.Affine(1.0, 0.0), into);
    }

    /// <summary>|t| = ReLU(t) + ReLU(-t) (L-approx gadget).</summary>
    public sealed record Abs : TargetFunction
    {
        /// <inheritdoc />
        public override double Evaluate(double t) => Math.Abs(t);

        /// <inheritdoc />
        public override Interval Enclose(Interval t) => new(t.Mig, t.Mag);

        /// <inheritdoc />
        public override ImmutableArray<double> Kinks => [0.0];

        /// <inheritdoc />
        public override string Describe() => "abs";

        internal override int SelectBranches(Interval t, Span<BranchModel> into)
            => SelectBySwitch(t, 1.0, 0.0, BranchModel.Affine(-1.0, 0.0), BranchModel.Affine(1.0, 0.0), into);
    }

    /// <summary>Leaky ReLU / PReLU with slope a: t for t &gt;= 0, a t for t &lt; 0; equals a t + (1-a) ReLU(t) (L-approx gadget).</summary>
    public sealed record Leaky : TargetFunction
    {
        /// <summary>The slope a on the negative side (any finite real).</summary>
        public double Slope { get; }

        /// <summary>Creates the leaky ReLU with slope <paramref name="slope"/>.</summary>
        public Leaky(double slope) => Slope = Preconditions.Finite(slope);

        /// <inheritdoc />
        public override double Evaluate(double t) => t >= 0 ? t : Slope * t;

        /// <inheritdoc />
        public override Interval Enclose(Interval t)
            => EncloseBySwitch(t, 1.0, 0.0, BranchModel.Affine(Slope, 0.0), BranchModel.Affine(1.0, 0.0));

        /// <inheritdoc />
        public override ImmutableArray<double> Kinks => Slope == 1.0 ? [] : [0.0];

        /// <inheritdoc />
        public override string Describe() => $"leaky:{Format(Slope)}";

        internal override int SelectBranches(Interval t, Span<BranchModel> into)
            => SelectBySwitch(t, 1.0, 0.0, BranchModel.Affine(Slope, 0.0), BranchModel.Affine(1.0, 0.0), into);
    }

    /// <summary>A shifted and scaled ReLU t -> max(0, s t + b) with s != 0 (one hidden unit with a bias; L-approx).</summary>
    public sealed record ShiftedRelu : TargetFunction
    {
        /// <summary>The scale s (nonzero).</summary>
        public double Scale { get; }

        /// <summary>The shift b.</summary>
        public double Shift { get; }

        /// <summary>Creates max(0, scale t + shift).</summary>
        public ShiftedRelu(double scale, double shift)
        {
            Scale = Preconditions.Finite(scale);
            Preconditions.Check(scale != 0.0, nameof(scale), "scale must be nonzero (max(0, b) is a constant).");
            Shift = Preconditions.Finite(shift);
        }

        /// <inheritdoc />
        public override double Evaluate(double t) => Math.Max(0.0, Scale * t + Shift);

        /// <inheritdoc />
        public override Interval Enclose(Interval t)
        {
            var u = Scale * t + Shift;
            return new(Math.Max(0.0, u.Lo), Math.Max(0.0, u.Hi));
        }

        /// <inheritdoc />
        public override ImmutableArray<double> Kinks
            => -Shift / Scale is double k && k > -1 && k < 1 ? [k] : [];

        /// <inheritdoc />
        public override string Describe() => $"shifted:{Format(Scale)},{Format(Shift)}";

        internal override int SelectBranches(Interval t, Span<BranchModel> into)
            => SelectBySwitch(t, Scale, Shift, BranchModel.Affine(0.0, 0.0), BranchModel.Affine(Scale, Shift), into);
    }

    /// <summary>The sigmoid 1/(1+e^{-L t}) with steepness L in (0, 1000] (smooth; degree O(L log 1/eps); L-approx).</summary>
    public sealed record Sigmoid : TargetFunction
    {
        /// <summary>The steepness L.</summary>
        public double Steepness { get; }

        /// <summary>Creates the sigmoid with steepness <paramref name="steepness"/>.</summary>
        public Sigmoid(double steepness) => Steepness = Preconditions.InRange(steepness, double.Epsilon, 1000.0);

        /// <inheritdoc />
        public override double Evaluate(double t) => 1.0 / (1.0 + Math.Exp(-Steepness * t));

        /// <inheritdoc />
        public override Interval Enclose(Interval t) => BranchModel.Sigmoid(Steepness * t);

        /// <inheritdoc />
        public override ImmutableArray<double> Kinks => [];

        /// <inheritdoc />
        public override string Describe() => $"sigmoid:{Format(Steepness)}";

        internal override int SelectBranches(Interval t, Span<BranchModel> into)
        {
            into[0] = BranchModel.Logistic(Steepness);
            return 1;
        }
    }
}
