using System.Collections.Immutable;

namespace ReluVerified;

/// <summary>
/// Hyper-parameters of the baselines (<see cref="Baseline"/>.Fit; docs/comparison.md). Defaults are the
/// documented choices the comparison uses for every method: kernel degrees 2, 3, 4 (the reliable learner's default grid),
/// lambda 1e-5..1e-1 for kernel ridge, 500 iterations for Alphatron and GLMtron, 100 for Isotron, 5 restarts of 200
/// steps for gd-relu; the degree, lambda and iterate are selected on held-out data.
/// </summary>
public sealed record BaselineOptions
{
    /// <summary>Candidate multinomial-kernel degrees (alphatron, krr, krr-np); default 2, 3, 4.</summary>
    public ImmutableArray<int> Degrees { get; init; } = [2, 3, 4];

    /// <summary>Candidate ridge parameters lambda (krr, krr-np); default 1e-5, 1e-4, 1e-3, 1e-2, 1e-1.</summary>
    public ImmutableArray<double> Lambdas { get; init; } = Core.Baselines.KernelRidge.DefaultLambdas;

    /// <summary>Iterations of Alphatron, GLMtron or Isotron; null uses each method's default (500, 500, 100).</summary>
    public int? Iterations { get; init; }

    /// <summary>Random restarts of gd-relu; default 5.</summary>
    public int Restarts { get; init; } = Core.Baselines.GradientRelu.DefaultRestarts;

    /// <summary>Steps per restart of gd-relu; default 200.</summary>
    public int Steps { get; init; } = Core.Baselines.GradientRelu.DefaultSteps;

    /// <summary>Target false-positive rate eps of krr-np's calibration; default 0.1.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Failure probability delta of krr-np's calibration; default 0.05.</summary>
    public double Delta { get; init; } = 0.05;

    /// <summary>The loss <see cref="FittedModel.Evaluate(double[][], double[], CancellationToken)"/> reports; default square.</summary>
    public LossKind Loss { get; init; } = LossKind.Square;

    /// <summary>How rows are embedded into the unit ball; default <see cref="ScaleKind.MaxNorm"/>.</summary>
    public ScaleKind Scale { get; init; } = ScaleKind.MaxNorm;

    /// <summary>Append a bias coordinate; default false.</summary>
    public bool Bias { get; init; }

    /// <summary>Seed of the held-out split and of gd-relu's restarts; default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The loss value for these options.</summary>
    public Core.Losses.Loss LossFunction() => new ReliableReluOptions { Loss = Loss }.LossFunction();

    /// <inheritdoc />
    public bool Equals(BaselineOptions? other) => other is not null && Degrees.SequenceEqual(other.Degrees) && Lambdas.SequenceEqual(other.Lambdas)
        && Iterations == other.Iterations && Restarts == other.Restarts && Steps == other.Steps && Epsilon.Equals(other.Epsilon)
        && Delta.Equals(other.Delta) && Loss == other.Loss && Scale == other.Scale && Bias == other.Bias && Seed == other.Seed;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Degrees.Length, Lambdas.Length, Iterations, Restarts, Steps, Epsilon, Scale, Seed);
}
