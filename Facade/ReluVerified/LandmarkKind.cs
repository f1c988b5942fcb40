using System.Text.Json.Serialization;

namespace ReluVerified;

/// <summary>
/// How the r landmarks of a Nystroem factor are chosen (S-lowrank, Proofs/S-lowrank.md); the facade's name for Core's
/// <see cref="Core.LowRank.LandmarkMethod"/> cases that are chosen by name (supplied landmarks come as rows instead).
/// Written in model files and on the command line as "uniform", "kmeans++", "leverage" and "pivoted".
/// </summary>
public enum LandmarkKind
{
    /// <summary>r distinct rows drawn uniformly without replacement.</summary>
    [JsonStringEnumMemberName("uniform")]
    Uniform,

    /// <summary>k-means++ seeding in the kernel's feature space.</summary>
    [JsonStringEnumMemberName("kmeans++")]
    KMeansPlusPlus,

    /// <summary>Rows drawn with probability proportional to approximate ridge leverage scores.</summary>
    [JsonStringEnumMemberName("leverage")]
    Leverage,

    /// <summary>The pivots of an incomplete pivoted Cholesky factorisation (greedy, deterministic).</summary>
    [JsonStringEnumMemberName("pivoted")]
    Pivoted,
}
