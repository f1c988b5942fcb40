namespace ReluVerified.Core.Approximation;

/// <summary>
/// A certified polynomial approximation of max(v_1, ..., v_k) for inputs in [-1/2, 1/2] (T2.6): the tournament of
/// <see cref="Levels"/> = ceil(log2 k) rounds of max(a, b) = (a+b)/2 + q((a-b)/2), q certified for |t|.
/// Errors add per level (|approx - max| &lt;= <see cref="ErrorBound"/> = levels sup |q - |t||, since
/// |(a'+b')/2 - (a+b)/2| + ||(a'-b')/2| - |(a-b)/2|| &lt;= max(|a'-a|, |b'-b|)) and degrees multiply
/// (<see cref="Degree"/> = d^levels). Built by <see cref="Gadgets.Tournament"/>.
/// </summary>
public sealed record TournamentCertificate
{
    internal TournamentCertificate(ApproximationCertificate abs, int arity, int levels, double errorBound)
    {
        Abs = abs;
        Arity = arity;
        Levels = levels;
        ErrorBound = errorBound;
    }

    /// <summary>The certified |t| approximation used at every level.</summary>
    public ApproximationCertificate Abs { get; }

    /// <summary>k, the number of affine pieces.</summary>
    public int Arity { get; }

    /// <summary>ceil(log2 k).</summary>
    public int Levels { get; }

    /// <summary>Levels x sup |q - |t||, a rigorous bound for exact evaluation (double evaluation adds rounding).</summary>
    public double ErrorBound { get; }

    /// <summary>Total degree in the inputs, d^levels (saturates at long.MaxValue).</summary>
    public long Degree
    {
        get
        {
            long degree = 1;
            for (int l = 0; l < Levels; l++) degree = degree > long.MaxValue / Math.Max(1, Abs.Degree) ? long.MaxValue : degree * Math.Max(1, Abs.Degree);
            return degree;
        }
    }

    /// <summary>The tournament applied to k values in [-1/2, 1/2] (an odd one out passes to the next level unchanged).</summary>
    public double Evaluate(ReadOnlySpan<double> values)
    {
        Preconditions.Check(values.Length == Arity, nameof(values), $"Expected {Arity} values, got {values.Length}.");
        for (int i = 0; i < values.Length; i++)
            Preconditions.Check(Math.Abs(values[i]) <= 0.5, nameof(values), $"values[{i}] = {values[i]} is outside [-1/2, 1/2].");
        var current = values.ToArray();
        while (current.Length > 1)
        {
            var next = new double[(current.Length + 1) / 2];
            for (int i = 0; i < current.Length / 2; i++)
            {
                double a = current[2 * i], b = current[2 * i + 1];
                next[i] = (a + b) / 2 + Abs.Polynomial.Evaluate((a - b) / 2);
            }
            if (current.Length % 2 == 1) next[^1] = current[^1];
            current = next;
        }
        return current[0];
    }
}
