using System.Collections.Immutable;

namespace ReluVerified.Core.Approximation;

/// <summary>
/// The outcome of the Remez exchange (L-approx): the polynomial, the final reference of d+2 alternation points, the
/// levelled error |E| of the last linear solve and whether the alternation spread met <see cref="Remez.ConvergenceTolerance"/>.
/// The sup error is certified separately (<see cref="Certifier"/>); nothing here is a bound.
/// </summary>
public sealed record RemezResult
{
    internal RemezResult(Polynomial polynomial, ImmutableArray<double> reference, double levelledError, int iterations, bool converged)
    {
        Polynomial = polynomial;
        Reference = reference;
        LevelledError = levelledError;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>The near-best polynomial.</summary>
    public Polynomial Polynomial { get; }

    /// <summary>The final reference points, ascending, where the error alternates in sign.</summary>
    public ImmutableArray<double> Reference { get; }

    /// <summary>The levelled error |E| of the final reference.</summary>
    public double LevelledError { get; }

    /// <summary>Exchange steps taken.</summary>
    public int Iterations { get; }

    /// <summary>Whether (max |e| - min over the reference |e|) / max |e| fell below the tolerance.</summary>
    public bool Converged { get; }

    /// <inheritdoc />
    public bool Equals(RemezResult? other) => other is not null && Polynomial.Equals(other.Polynomial)
        && StructuralEquality.Equal(Reference, other.Reference) && LevelledError.Equals(other.LevelledError)
        && Iterations == other.Iterations && Converged == other.Converged;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Polynomial, LevelledError, Iterations);
}
