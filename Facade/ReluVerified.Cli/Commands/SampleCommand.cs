using System.CommandLine;
using System.Globalization;
using System.Text;

namespace ReluVerified.Cli.Commands;

/// <summary><c>relu sample</c>: draws a labelled sample from a built-in scenario and writes it as CSV (x0..x{n-1}, y).</summary>
internal static class SampleCommand
{
    internal static Command Create()
    {
        var scenario = new Option<string>("--scenario") { Description = $"one of: {string.Join(", ", Scenarios.Names)}", DefaultValueFactory = _ => "reliable-agnostic" };
        var count = new Option<int>("--count") { Description = "number of points", DefaultValueFactory = _ => 1000 };
        var dimension = new Option<int>("--dimension") { Description = "dimension n (points on S^{n-1})", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "seed of the draw (the planted parameters use seed 1)", DefaultValueFactory = _ => 42 };
        var output = new Option<FileInfo?>("--out") { Description = "CSV file to write (standard output when absent)" };
        var command = new Command("sample", "Draw a labelled sample from a built-in scenario and write it as CSV.") { scenario, count, dimension, seed, output };
        command.SetAction(parse =>
        {
            try
            {
                var s = Scenarios.Create(parse.GetValue(scenario)!, parse.GetValue(dimension));
                var sample = s.Draw(parse.GetValue(count), parse.GetValue(seed));
                var csv = new StringBuilder();
                int n = sample.Points.Dimension;
                csv.AppendLine(string.Join(",", Enumerable.Range(0, n).Select(j => $"x{j}").Append("y")));
                for (int i = 0; i < sample.Count; i++)
                {
                    foreach (var v in sample.Points[i]) csv.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(',');
                    csv.AppendLine(sample.Labels[i].ToString("R", CultureInfo.InvariantCulture));
                }
                var file = parse.GetValue(output);
                if (file is null) Console.Out.Write(csv.ToString());
                else AtomicFile.WriteAllText(file.FullName, csv.ToString());
                return ExitCodes.Success;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"relu sample: {CommandRunner.Message(e)}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
