namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// A tall factor L (m x r) of an approximated kernel K~ = L L' (S-lowrank), seen only through the products that T2.1's
/// r-space interior point needs: f = L x, L' v, the rows' squared norms and the weighted normal matrix sum_i d_i L_i' L_i.
/// The rows may live in this process (a <see cref="Matrix"/>) or elsewhere, e.g. in the shards of a cluster, each answering
/// for its own rows. An implementation must be deterministic: the same arguments give the same bits on every call, so that
/// a solve does not depend on timing (a distributed implementation sums its shards' parts in a fixed order).
/// Row i is the same row in every call; vectors of length m follow that order.
/// </summary>
public interface IFactorRows
{
    /// <summary>The number of rows m.</summary>
    int Rows { get; }

    /// <summary>The rank r (columns).</summary>
    int Rank { get; }

    /// <summary>f = L x for x of length r; returns a new array of length m.</summary>
    double[] Times(double[] x, ComputeBackend backend);

    /// <summary>
    /// L' v for v of length m; returns a new array of length r. Each entry must be a double precision sum of the m exact
    /// double products v_i L_ij, in any order and grouping (e.g. shard by shard): the certificate's rounding allowance
    /// assumes it (Proofs/S-lowrank.md, Claim 4).
    /// </summary>
    double[] TransposeTimes(double[] v, ComputeBackend backend);

    /// <summary>||L_i||^2 for every row i (length m); callers may cache it, the rows never change.</summary>
    double[] RowSquaredNorms();

    /// <summary>
    /// Adds sum over the rows i with d_i != 0 of d_i L_i' L_i to the lower triangle of <paramref name="target"/> (r x r,
    /// row-major; the strict upper triangle is left alone). <paramref name="d"/> has length m and d_i &gt;= 0.
    /// </summary>
    void AddWeightedGram(double[] d, double[] target, ComputeBackend backend);

    /// <summary>L_i . L_j, the entry K~_ij.</summary>
    double RowDot(int i, int j);
}
