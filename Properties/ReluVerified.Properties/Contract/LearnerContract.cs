using Xunit;

namespace ReluVerified.Properties.Contract;

/// <summary>
/// The estimator contract, written once and applied to every learner (in the style of scikit-learn's check_estimator):
/// fitting is idempotent and deterministic under a seed, inputs are validated with messages naming row and column, the
/// fit does not depend on row order, predicting a subset gives the rows of predicting the whole, a model file round trip
/// is bit-exact, and neither fit nor predict mutates its inputs.
/// </summary>
public static class LearnerContract
{
    /// <summary>Fits canonicalise row order (a content hash), so permuted inputs must give the same bits: no tolerance.</summary>
    public const double PermutationTolerance = 0;

    /// <summary>
    /// Predicting a batch or a subset may block BLAS sums differently: relative tolerance 1e-7, as scikit-learn's
    /// check_methods_subset_invariance (assert_allclose's default rtol), plus 1e-12 absolute for values near zero.
    /// </summary>
    public const double SubsetRelativeTolerance = 1e-7;

    /// <summary>Runs every check on <paramref name="learner"/> with data (x, y) and probe rows.</summary>
    public static void Check(ILearnerUnderTest learner, double[][] x, double[] y, double[][] probe, string scratchDirectory)
    {
        FitIsIdempotentAndDeterministic(learner, x, y, probe);
        InputsAreNotMutated(learner, x, y, probe);
        RowOrderDoesNotMatter(learner, x, y, probe);
        SubsetPredictionsAreRowsOfTheWhole(learner, x, y, probe);
        FileRoundTripIsBitExact(learner, x, y, probe, scratchDirectory);
        BadInputIsRefusedNamingRowAndColumn(learner, x, y);
    }

    /// <summary>fit(x, y) twice gives bit-identical predictions.</summary>
    public static void FitIsIdempotentAndDeterministic(ILearnerUnderTest learner, double[][] x, double[] y, double[][] probe)
    {
        var a = learner.Predict(learner.Fit(x, y, 7), probe);
        var b = learner.Predict(learner.Fit(x, y, 7), probe);
        Assert.True(a.AsSpan().SequenceEqual(b), $"{learner.Name}: two fits with seed 7 predict differently");
    }

    /// <summary>Fit and predict leave their arguments unchanged.</summary>
    public static void InputsAreNotMutated(ILearnerUnderTest learner, double[][] x, double[] y, double[][] probe)
    {
        var xCopy = x.Select(r => (double[])r.Clone()).ToArray();
        var yCopy = (double[])y.Clone();
        var probeCopy = probe.Select(r => (double[])r.Clone()).ToArray();
        learner.Predict(learner.Fit(x, y, 1), probe);
        Assert.True(x.Zip(xCopy).All(p => p.First.AsSpan().SequenceEqual(p.Second)), $"{learner.Name}: fit mutated x");
        Assert.True(y.AsSpan().SequenceEqual(yCopy), $"{learner.Name}: fit mutated y");
        Assert.True(probe.Zip(probeCopy).All(p => p.First.AsSpan().SequenceEqual(p.Second)), $"{learner.Name}: predict mutated its rows");
    }

    /// <summary>Reversing the training rows changes no prediction (<see cref="PermutationTolerance"/>).</summary>
    public static void RowOrderDoesNotMatter(ILearnerUnderTest learner, double[][] x, double[] y, double[][] probe)
    {
        var a = learner.Predict(learner.Fit(x, y, 3), probe);
        var b = learner.Predict(learner.Fit([.. x.Reverse()], [.. y.Reverse()], 3), probe);
        double worst = a.Zip(b, (p, q) => Math.Abs(p - q)).Max();
        Assert.True(worst <= PermutationTolerance, $"{learner.Name}: reversing the rows moved a prediction by {worst:E2}");
    }

    /// <summary>Predicting every third probe row alone gives the same values as predicting all of them.</summary>
    public static void SubsetPredictionsAreRowsOfTheWhole(ILearnerUnderTest learner, double[][] x, double[] y, double[][] probe)
    {
        var model = learner.Fit(x, y, 5);
        var whole = learner.Predict(model, probe);
        var rows = Enumerable.Range(0, probe.Length).Where(i => i % 3 == 0).ToArray();
        var part = learner.Predict(model, [.. rows.Select(i => probe[i])]);
        double worst = rows.Select((row, k) => Math.Abs(whole[row] - part[k]) / (SubsetRelativeTolerance * Math.Max(Math.Abs(whole[row]), Math.Abs(part[k])) + 1e-12)).Max();
        Assert.True(worst <= 1, $"{learner.Name}: subset predictions differ by {worst:F2} times the tolerance");
    }

    /// <summary>Saving and loading gives bit-identical predictions.</summary>
    public static void FileRoundTripIsBitExact(ILearnerUnderTest learner, double[][] x, double[] y, double[][] probe, string scratchDirectory)
    {
        var model = learner.Fit(x, y, 9);
        var loaded = learner.RoundTrip(model, Path.Combine(scratchDirectory, $"{learner.Name}.json"));
        Assert.True(learner.Predict(model, probe).AsSpan().SequenceEqual(learner.Predict(loaded, probe)), $"{learner.Name}: the file round trip changed predictions");
    }

    /// <summary>NaN, infinity and a short label vector are refused with messages naming row, column or length.</summary>
    public static void BadInputIsRefusedNamingRowAndColumn(ILearnerUnderTest learner, double[][] x, double[] y)
    {
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity })
        {
            var broken = x.Select(r => (double[])r.Clone()).ToArray();
            int row = x.Length / 2, column = x[0].Length - 1;
            broken[row][column] = bad;
            var e = Assert.ThrowsAny<ArgumentException>(() => learner.Fit(broken, y, 1));
            Assert.Contains($"row {row} column {column}", e.Message);
        }
        var short_ = Assert.ThrowsAny<ArgumentException>(() => learner.Fit(x, y[..^1], 1));
        Assert.Contains($"{y.Length - 1}", short_.Message);
    }
}
