using ReluVerified.Core.LinearAlgebra;
using Xunit;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// The solver's spare m x m buffer (<see cref="SpareBuffer"/>): an array of exactly the length asked for, the one given back
/// when the length matches, never one array to two takers at once. Other test classes solve programs in parallel and take
/// the spare too, so "the one given back" is asserted as at least once in twenty tries of a length no solve asks for.
/// </summary>
public sealed class SpareBuffer_Checks
{
    private const long Odd = 1_000_003; // prime: no m x m buffer has this length

    [Fact]
    public void A_buffer_given_back_is_taken_again_at_its_length_and_never_at_another()
    {
        int reused = 0;
        for (int k = 0; k < 20; k++)
        {
            var given = new double[Odd];
            SpareBuffer.GiveBack(given);
            var taken = SpareBuffer.Take(Odd);
            Assert.Equal(Odd, taken.LongLength);
            if (ReferenceEquals(given, taken)) reused++;
            SpareBuffer.GiveBack(taken);
            var other = SpareBuffer.Take(Odd - 1);
            Assert.Equal(Odd - 1, other.LongLength);
            Assert.False(ReferenceEquals(taken, other));
        }
        Assert.True(reused > 0, "the buffer given back was never taken again");
    }

    [Fact]
    public void Concurrent_takers_get_distinct_arrays()
    {
        SpareBuffer.GiveBack(new double[Odd]);
        var taken = new double[8][];
        Parallel.For(0, taken.Length, i => taken[i] = SpareBuffer.Take(Odd));
        Assert.All(taken, a => Assert.Equal(Odd, a.LongLength));
        Assert.Equal(taken.Length, taken.Distinct(ReferenceEqualityComparer.Instance).Count());
    }
}
