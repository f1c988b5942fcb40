namespace ReluVerified;

/// <summary>
/// One row as ML.NET reads it (<see cref="TreeBaseline"/>, <see cref="HurdleBaseline"/>): the features in single precision
/// (ML.NET's trainers work in float), the label, and whether the label is positive (the hurdle classifier's target).
/// Mutable properties because ML.NET's reflection-based loader reads and writes them; instances never leave
/// <see cref="MlData"/>.
/// </summary>
internal sealed class FeatureRow
{
    /// <summary>The features, one per column.</summary>
    public float[] Features { get; set; } = [];

    /// <summary>The label in [0, 1].</summary>
    public float Label { get; set; }

    /// <summary>Label &gt; 0.</summary>
    public bool Positive { get; set; }
}
