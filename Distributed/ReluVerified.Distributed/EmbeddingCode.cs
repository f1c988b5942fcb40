using ReluVerified.Core.Learning;

namespace ReluVerified.Distributed;

/// <summary>
/// An <see cref="Embedding"/> that a shard can apply, as a message: the cluster fit embeds with
/// <see cref="Embedding.Identity"/> or <see cref="Embedding.MaxNorm"/> only (standardising needs the columns in memory).
/// </summary>
/// <param name="MaxNorm">True for <see cref="Embedding.MaxNorm"/>, false for <see cref="Embedding.Identity"/>.</param>
/// <param name="InputDimension">The raw feature count.</param>
/// <param name="Scale">The max-norm divisor (1 for the identity).</param>
/// <param name="Bias">Whether a bias coordinate is appended.</param>
[GenerateSerializer, Immutable]
internal sealed record EmbeddingCode(bool MaxNorm, int InputDimension, double Scale, bool Bias)
{
    /// <summary>The code of <paramref name="embedding"/>; other embeddings are refused.</summary>
    public static EmbeddingCode Of(Embedding embedding) => embedding switch
    {
        Embedding.Identity e => new EmbeddingCode(false, e.InputDimension, 1, e.Bias),
        Embedding.MaxNorm e => new EmbeddingCode(true, e.InputDimension, e.ScaleFactor, e.Bias),
        _ => throw new ArgumentException($"a cluster fit or prediction embeds with none or max-norm, not {embedding.Kind}.", nameof(embedding)),
    };

    /// <summary>The embedding this code stands for.</summary>
    public Embedding ToEmbedding() => MaxNorm ? new Embedding.MaxNorm(InputDimension, Scale, Bias) : new Embedding.Identity(InputDimension, Bias);
}
