using System.Globalization;
using System.Text;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// Planted zero-inflated data for the cluster tests: rows 2 g + 0.5 (g standard normal, so the max-norm embedding scales
/// them), labels clip_[0,1](max(0, w . x / 4 + noise)) with w a random unit vector (about half the labels are 0).
/// </summary>
internal static class TestData
{
    /// <summary>Raw rows and labels drawn from <paramref name="seed"/>.</summary>
    public static (double[][] X, double[] Y) Planted(int rows, int dimension, int seed)
    {
        var random = new Random(seed);
        var w = Enumerable.Range(0, dimension).Select(_ => Normal(random)).ToArray();
        double norm = Math.Sqrt(w.Sum(v => v * v));
        var x = new double[rows][];
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = [.. Enumerable.Range(0, dimension).Select(_ => 2 * Normal(random) + 0.5)];
            double s = x[i].Zip(w, (a, b) => a * b).Sum() / norm / 4 + 0.05 * Normal(random);
            y[i] = Math.Clamp(s, 0, 1);
        }
        return (x, y);
    }

    /// <summary>Writes rows as CSV (header x0..x{n-1},y; round-trip number format), with <paramref name="newline"/> line ends.</summary>
    public static void WriteCsv(string path, double[][] x, double[] y, string newline = "\n")
    {
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, x[0].Length).Select(j => $"x{j}")) + ",y" + newline);
        for (int i = 0; i < x.Length; i++)
            text.Append(string.Join(",", x[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append(',')
                .Append(y[i].ToString("R", CultureInfo.InvariantCulture)).Append(newline);
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Writes rows as Parquet in row groups of <paramref name="rowGroupSize"/>.</summary>
    public static void WriteParquet(string path, double[][] x, double[] y, int rowGroupSize)
        => ParquetTable.Write(path, [.. Enumerable.Range(0, x[0].Length).Select(j => $"x{j}")], Matrix.Create(x.Length, x[0].Length, x.SelectMany(r => r).ToArray()), y,
            rowGroupSize: rowGroupSize);

    /// <summary>The options of the low-rank fits the tests compare: the theorem recipe, one degree and weight, rank, seed.</summary>
    public static ReliableReluOptions Options(int degree, int rank, int seed) => new()
    {
        Recipe = LearnerRecipe.Theorem,
        Task = ReluTask.Reliable,
        Degree = degree,
        Weight = 8,
        Rank = rank,
        Seed = seed,
    };

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
