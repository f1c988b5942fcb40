using System.CommandLine;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Hardness;
using ReluVerified.Core.LinearAlgebra;
using Spectre.Console;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// <c>relu hardness</c>: the T2.7 demonstration. Maps the Boolean cube onto the sphere, prints the weight norm a
/// conjunction ReLU needs there (sqrt(kn)/2 against the class bound 1) and the certified degree and weight an
/// approximator of that shifted ReLU would need, then learns small conjunctions from data to show the learner succeeding where |S| is small.
/// </summary>
internal static class HardnessCommand
{
    internal static Command Create()
    {
        var epsilon = new Option<double>("--epsilon") { Description = "target error eps", DefaultValueFactory = _ => 0.1 };
        var dimensions = new Option<int[]>("--dimensions") { Description = "cube dimensions n", DefaultValueFactory = _ => [8, 32, 128, 512], AllowMultipleArgumentsPerToken = true };
        var sizes = new Option<int[]>("--sizes") { Description = "conjunction sizes k = |S|", DefaultValueFactory = _ => [1, 2, 4, 8], AllowMultipleArgumentsPerToken = true };
        var seed = new Option<int>("--seed") { Description = "seed of the learning demonstration", DefaultValueFactory = _ => 1 };
        var command = new Command("hardness", "Show why ReLUs over the Boolean cube are hard (T2.7) and the sphere is not.") { epsilon, dimensions, sizes, seed };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run("hardness", () =>
        {
            double eps = parse.GetValue(epsilon);
            Console.WriteLine("On {0,1}^n, AND of the bits in S equals max(0, sum_S x_i - (|S| - 1)) exactly (checked for every n <= 14).");
            Console.WriteLine("On the sphere z = (2x - 1)/sqrt(n) it becomes max(0, w.z + c) with ||w|| = sqrt(|S| n)/2, while the class has ||w|| <= 1.");
            Console.WriteLine("With R = max(1, ||w||) and t = (w/||w||).z, it is R max(0, (||w||/R) t + c/R): a shifted ReLU, approximated to eps / R.");
            var table = new Table().Border(TableBorder.Simple).AddColumns("n", "|S|", "||w||", "shift c / R", "eps / R", "certified degree", "weight R^2 B");
            foreach (var row in HardnessTable.Rows(eps, parse.GetValue(dimensions)!, parse.GetValue(sizes)!))
                table.AddRow($"{row.Dimension}", $"{row.SubsetSize}", Terminal.F(row.WeightNorm), Terminal.F(row.Shift), Terminal.F(row.InnerEpsilon),
                    row.Degree is int d ? $"{d}" : $"> {HardnessTable.MaxDegree}", row.Weight is double w ? Terminal.F(w) : "beyond double range");
            AnsiConsole.Write(table);
            Console.WriteLine("The degree grows like sqrt(|S| n)/eps and the weight like its exponential: no longer polynomial in n.");
            Console.WriteLine();
            Console.WriteLine("Learning small conjunctions from data (n = 8, 2000 uniform cube points, tested on 4000 more):");
            var results = new Table().Border(TableBorder.Simple).AddColumns("|S|", "held-out FP rate (joint)", "positive loss", "d, B chosen");
            int s = parse.GetValue(seed);
            foreach (int k in new[] { 1, 2, 3 })
            {
                cancellationToken.ThrowIfCancellationRequested();
                ulong subset = (1UL << k) - 1;
                var (trainX, trainY) = Cube(8, subset, 2000, s);
                var (testX, testY) = Cube(8, subset, 4000, s + 7919);
                var model = ReliableRelu.Fit(trainX, trainY, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Scale = ScaleKind.None, Bias = true, Seed = s }, cancellationToken: cancellationToken);
                var m = model.Evaluate(testX, testY, cancellationToken);
                results.AddRow($"{k}", Terminal.F(m.FalsePositiveRate), Terminal.F(m.PositiveLoss), $"{model.Report.Degree}, {Terminal.F(model.Report.Weight)}");
            }
            AnsiConsole.Write(results);
            return ExitCodes.Success;
        })));
        return command;
    }

    private static (Matrix X, double[] Y) Cube(int n, ulong subset, int count, int seed)
    {
        var rng = new Random(seed);
        var data = new double[count * n];
        var labels = new double[count];
        for (int i = 0; i < count; i++)
        {
            ulong x = (ulong)rng.NextInt64(1L << n);
            ConjunctionReduction.ToSphere(x, n).CopyTo(data, i * n);
            labels[i] = ConjunctionReduction.Conjunction(x, subset) ? 1 : 0;
        }
        return (Matrix.Create(count, n, data), labels);
    }
}
