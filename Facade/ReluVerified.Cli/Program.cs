using System.CommandLine;
using ReluVerified.Cli.Commands;

var root = new RootCommand("relu: reliably learn ReLUs and small ReLU networks with proven guarantees (Goel, Kanade, Klivans, Thaler).");
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(FitCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(SampleCommand.Create());
root.Subcommands.Add(GramCommand.Create());
root.Subcommands.Add(ApproxCommand.Create());
root.Subcommands.Add(HardnessCommand.Create());
root.Subcommands.Add(CompareCommand.Create());
root.Subcommands.Add(SiloCommand.Create());
var parse = root.Parse(args);
return parse.Errors.Count > 0 ? UsageError.Report(parse) : parse.Invoke();
