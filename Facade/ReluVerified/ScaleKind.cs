using System.Text.Json.Serialization;

namespace ReluVerified;

/// <summary>
/// How raw rows are embedded into the unit ball before the kernel sees them (the embedding of T2.1's setting, derived in
/// Proofs/T2.1-reliable-relu.md). Written in model files and on the command line as "none", "max-norm" and "standardize".
/// </summary>
public enum ScaleKind
{
    /// <summary>The rows as given: every row must already lie in the unit ball.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Every row divided by the largest row norm of the training rows.</summary>
    [JsonStringEnumMemberName("max-norm")]
    MaxNorm,

    /// <summary>Each column centred and scaled to unit deviation, then every row divided by the largest resulting norm.</summary>
    [JsonStringEnumMemberName("standardize")]
    Standardize,
}
