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
if (parse.Errors.Count > 0) return UsageError.Report(parse);
// SIGINT and SIGTERM cancel the command through Interrupt.Token (a second one ends the process): System.CommandLine's own
// handler is off (ProcessTerminationTimeout = null), see Commands/Interrupt.cs
using var signals = Interrupt.Handle();
return parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, Interrupt.Token).GetAwaiter().GetResult();
