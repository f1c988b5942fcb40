namespace ReluVerified.Distributed;

/// <summary>What went wrong in a shard grain, so that the coordinator raises the exception the single-machine fit would.</summary>
[GenerateSerializer]
internal enum FaultKind
{
    /// <summary>Bad data (a <see cref="DataFormatException"/>: the message names the file, line or row group, and column).</summary>
    Data,

    /// <summary>A bad argument (an <see cref="ArgumentException"/>).</summary>
    Argument,

    /// <summary>The data file could not be opened or read on the shard's silo (an <see cref="IOException"/>).</summary>
    Io,

    /// <summary>The shard's rows would not fit in its silo's memory (a <see cref="MemoryBudgetException"/>).</summary>
    Memory,

    /// <summary>
    /// The activation holds no factor rows: it is new (its silo died, or it was collected) and must be built again from its
    /// recipe. The coordinator's retry wrapper handles this one; it never reaches the caller.
    /// </summary>
    NotBuilt,
}
