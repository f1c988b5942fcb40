using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Scale;

/// <summary>
/// A planted problem written to files (S-lowrank's file paths): m rows at another scale and offset than the sphere, so the
/// max-norm embedding is exercised; a rank, degree, weight, task and seed for the low-rank fit.
/// </summary>
public sealed record FileCase(int Count, int Dimension, int Rank, int Degree, double Weight, bool Agnostic, int Seed)
{
    /// <summary>Random cases: m in 60..300, n in 2..6, r in 2..40, d in 1..3, B in {2, 8, 32}.</summary>
    public static Arbitrary<FileCase> Arbitrary()
    {
        var gen =
            from m in Gen.Choose(60, 300)
            from n in Gen.Choose(2, 6)
            from r in Gen.Choose(2, 40)
            from d in Gen.Choose(1, 3)
            from b in Gen.Elements(2.0, 8.0, 32.0)
            from agnostic in Gen.Elements(false, true)
            from seed in Gen.Choose(0, 1_000_000)
            select new FileCase(m, n, r, d, b, agnostic, seed);
        return Arb.From(gen);
    }

    /// <summary>The options of the low-rank fit.</summary>
    public ReliableReluOptions Options() => new()
    {
        Recipe = LearnerRecipe.Theorem,
        Task = Agnostic ? ReluTask.Agnostic : ReluTask.Reliable,
        Degree = Degree,
        Weight = Weight,
        Rank = Rank,
        Seed = Seed,
    };

    /// <summary>Raw rows (2 x + 0.5 for x on the sphere) and labels.</summary>
    public (Matrix X, double[] Y) Data(int stream = 1)
    {
        var sample = new PlantedCase(SphereKind.Uniform, Dimension, 1, Seed).Draw(Count, stream);
        var x = Matrix.Build(Count, Dimension, (i, j) => 2 * sample.Points[i][j] + 0.5);
        return (x, [.. sample.Labels]);
    }

    /// <summary>Writes the rows as CSV with round-trip formatting ("R"), columns x0..x{n-1}, y.</summary>
    public static void WriteCsv(string path, Matrix x, double[] y)
    {
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, x.Columns).Select(j => $"x{j}")) + ",y\n");
        for (int i = 0; i < x.Rows; i++)
        {
            for (int j = 0; j < x.Columns; j++) text.Append(x[i, j].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            text.Append(y[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }
}

/// <summary>Arbitrary holder for <see cref="FileCase"/>.</summary>
public class FileArbitraries
{
    /// <summary>The file cases.</summary>
    public static Arbitrary<FileCase> Cases() => FileCase.Arbitrary();
}
