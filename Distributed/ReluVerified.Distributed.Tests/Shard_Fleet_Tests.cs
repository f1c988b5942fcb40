using Orleans.Runtime;
using Xunit;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// The retry wrapper's classification: the failures that mean an activation or its silo is gone are retried (after which
/// the shard is rebuilt from its recipe); data, argument and file errors reach the caller at once, as the single-machine
/// fit's exception types.
/// </summary>
public sealed class Shard_Fleet_Tests
{
    [Fact]
    public void Lost_activations_are_retried_and_data_errors_are_not()
    {
        Assert.True(ShardFleet.IsLost(new SiloUnavailableException("gone")));
        Assert.True(ShardFleet.IsLost(new TimeoutException("late")));
        Assert.False(ShardFleet.IsLost(new DataFormatException("bad value")));
        Assert.False(ShardFleet.IsLost(new ArgumentException("bad argument")));
        Assert.False(ShardFleet.IsLost(new IOException("no file")));
        Assert.False(ShardFleet.IsLost(new OperationCanceledException()));
    }

    [Fact]
    public void Faults_become_the_single_machine_fits_exceptions()
    {
        Assert.IsType<DataFormatException>(new ShardFault(FaultKind.Data, "m").ToException());
        Assert.IsType<ArgumentException>(new ShardFault(FaultKind.Argument, "m").ToException());
        Assert.IsType<IOException>(new ShardFault(FaultKind.Io, "m").ToException());
        var memory = Assert.IsType<MemoryBudgetException>(new ShardFault(FaultKind.Memory, "m", 12).ToException());
        Assert.Equal(12, memory.SuggestedRank);
        Assert.Equal(FaultKind.Memory, ShardFault.Of(new MemoryBudgetException("m", 3))!.Kind);
        Assert.Equal(FaultKind.Io, ShardFault.Of(new FileNotFoundException("m"))!.Kind);
        Assert.Null(ShardFault.Of(new InvalidOperationException("a bug")));
    }
}
