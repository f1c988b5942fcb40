namespace ReluVerified.Distributed;

/// <summary>
/// What a round of shard calls does, so that the coordinator charges its seconds to the right part of
/// <see cref="ClusterCosts"/> (<see cref="CostLedger"/>).
/// </summary>
internal enum ShardCallKind
{
    /// <summary>Reading the file before the build: its layout, the CSV scan, pass 1 (statistics) and pass 2 (landmark candidates).</summary>
    Read,

    /// <summary>Pass 3: building the factor rows from a recipe.</summary>
    Build,

    /// <summary>A product of the factor rows for the solver (<see cref="GrainFactorRows"/>).</summary>
    Product,

    /// <summary>Scoring rows for predictions (<see cref="ClusterPredict"/>); no part of a fit's costs.</summary>
    Score,
}
