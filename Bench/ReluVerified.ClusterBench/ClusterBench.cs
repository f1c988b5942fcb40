using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;
using ReluVerified.Distributed;

namespace ReluVerified.ClusterBench;

/// <summary>
/// The two processes of the cluster benchmark (Bench/scripts/cluster_fit.sh, issue 18), calling the library directly:
/// <list type="bullet">
/// <item><c>cluster-silo --port P --gateway G [--primary Q]</c>: a silo of a local development cluster
/// (<see cref="ClusterHosting.RunLocalSiloAsync"/>); prints <c>silo ready</c> once a client can connect to its gateway,
/// runs until SIGINT or SIGTERM, then prints its peak resident set (<c>silo peak rss N KiB</c>).</item>
/// <item><c>cluster-fit --gateways G1,G2 --data D --out M --rank R --degree 2 --weight 16 [--shards K] [--silos S]
/// [--seed 0] [--label y] [--epsilon 0.1]</c>: connects to the silos' gateways (<see cref="ClusterHosting.ConnectAsync"/>),
/// waits until S silos are active, fits D with the theorem recipe's options that <c>relu fit --stream</c> takes
/// (<see cref="ClusterFit.Run"/>), writes the model to M, and prints the report's objective, the costs and the modelled
/// times for k = 1, 2, 4, 8 machines, the fit's wall time and the process's peak resident set.</item>
/// </list>
/// Lines meant for the script start with a fixed word (<c>objective</c>, <c>fit wall</c>, <c>client peak rss</c>,
/// <c>modelled</c>); never part of CI.
/// </summary>
public static class ClusterBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>How long a process waits for a gateway or for the silos to join before giving up.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary><c>cluster-silo</c>: runs a local silo until SIGINT or SIGTERM; 0 on a clean stop, 2 on bad arguments.</summary>
    public static int Silo(string[] args)
    {
        var port = new Option<int>("--port") { Description = "silo-to-silo TCP port", Required = true };
        var gateway = new Option<int>("--gateway") { Description = "client gateway TCP port", Required = true };
        var primary = new Option<int?>("--primary") { Description = "silo port of the primary silo to join (none: this silo is the primary)" };
        var root = new RootCommand("A silo of a local ReluVerified cluster (cluster benchmark).") { port, gateway, primary };
        root.SetAction(parse => RunSilo(parse.GetValue(port), parse.GetValue(gateway), parse.GetValue(primary)).GetAwaiter().GetResult());
        return root.Parse(args).Invoke();
    }

    /// <summary><c>cluster-fit</c>: one cluster fit of a file with its costs; 0 on success, 1 when the fit fails, 2 on bad arguments.</summary>
    public static int Fit(string[] args)
    {
        var gateways = new Option<string>("--gateways") { Description = "comma-separated gateway ports of the silos on this machine", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "training data, CSV or Parquet", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "model file to write (JSON)", Required = true };
        var rank = new Option<int>("--rank") { Description = "rank R of the Nystroem factor", Required = true };
        var degree = new Option<int>("--degree") { Description = "multinomial kernel degree d", Required = true };
        var weight = new Option<double>("--weight") { Description = "bound B on the squared RKHS norm", Required = true };
        var shards = new Option<int>("--shards") { Description = "shards K (0: two per active silo)", DefaultValueFactory = _ => 0 };
        var silos = new Option<int>("--silos") { Description = "wait until this many silos are active before fitting", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "seed of the landmarks' order", DefaultValueFactory = _ => 0 };
        var label = new Option<string>("--label") { Description = "label column", DefaultValueFactory = _ => "y" };
        var epsilon = new Option<double>("--epsilon") { Description = "eps", DefaultValueFactory = _ => 0.1 };
        var root = new RootCommand("One cluster fit with its costs (cluster benchmark).") { gateways, data, output, rank, degree, weight, shards, silos, seed, label, epsilon };
        root.SetAction(parse =>
        {
            var options = new ReliableReluOptions
            {
                Recipe = LearnerRecipe.Theorem,
                Degree = parse.GetValue(degree),
                Weight = parse.GetValue(weight),
                Rank = parse.GetValue(rank),
                Seed = parse.GetValue(seed),
                Epsilon = parse.GetValue(epsilon),
            };
            int[] ports = [.. parse.GetValue(gateways)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, Inv))];
            return RunFit(ports, parse.GetValue(silos), parse.GetValue(data)!.FullName, parse.GetValue(output)!.FullName, options, parse.GetValue(label)!,
                parse.GetValue(shards)).GetAwaiter().GetResult();
        });
        return root.Parse(args).Invoke();
    }

    private static async Task<int> RunSilo(int port, int gateway, int? primary)
    {
        using var stop = new CancellationTokenSource();
        // the host's console lifetime stops the silo on these signals too; this token also ends the readiness wait
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => stop.Cancel());
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => stop.Cancel());
        var silo = ClusterHosting.RunLocalSiloAsync(port, gateway, primary, stop.Token);
        using (var probe = await Connect([gateway], silo, stop.Token))
        {
            if (probe is null)
            {
                Console.Error.WriteLine($"silo on port {port}: no client could connect to gateway {gateway} within {Patience.TotalSeconds:F0} s");
                stop.Cancel();
                await Ignore(silo);
                return 1;
            }
            await probe.StopAsync();
        }
        Console.WriteLine("silo ready");
        await silo;
        Console.WriteLine(string.Create(Inv, $"silo peak rss {PeakKiB()} KiB"));
        return 0;
    }

    private static async Task<int> RunFit(int[] gateways, int silos, string path, string output, ReliableReluOptions options, string label, int shards)
    {
        // SIGINT or SIGTERM cancels the fit (the client host's console lifetime would only stop the client, not the fit)
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => stop.Cancel());
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => stop.Cancel());
        using var host = await Connect(gateways, null, stop.Token);
        if (host is null)
        {
            Console.Error.WriteLine($"no gateway of [{string.Join(", ", gateways)}] accepted a client within {Patience.TotalSeconds:F0} s");
            return 1;
        }
        var client = host.Services.GetRequiredService<IClusterClient>();
        var waited = Stopwatch.StartNew();
        int active;
        while ((active = (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count) < silos)
        {
            if (waited.Elapsed > Patience || stop.IsCancellationRequested)
            {
                Console.Error.WriteLine($"{active} of {silos} silos active after {Patience.TotalSeconds:F0} s");
                return 1;
            }
            await Task.Delay(250);
        }
        var clock = Stopwatch.StartNew();
        ClusterFitResult result;
        try
        {
            result = ClusterFit.Run(client, path, options, label, shards, cancellationToken: stop.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cluster fit cancelled");
            return 130;
        }
        var (model, costs) = result;
        double seconds = clock.Elapsed.TotalSeconds;
        model.Save(output);
        var report = model.Report;
        Console.WriteLine(string.Create(Inv, $"objective {report.Objective:R}"));
        Console.WriteLine(string.Create(Inv, $"gap {report.DualityGap:E3}, iterations {report.Iterations}, exit {report.Exit}"));
        Console.WriteLine(costs.Describe([1, 2, 4, 8]));
        Console.WriteLine(string.Create(Inv, $"fit wall {seconds:F2} s"));
        await host.StopAsync();
        Console.WriteLine(string.Create(Inv, $"client peak rss {PeakKiB()} KiB"));
        return 0;
    }

    /// <summary>A started client of <paramref name="gateways"/>, retried until one accepts it; null after <see cref="Patience"/> or when <paramref name="silo"/> ends first.</summary>
    private static async Task<IHost?> Connect(int[] gateways, Task? silo, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested && clock.Elapsed < Patience && silo is not { IsCompleted: true })
        {
            try
            {
                return await ClusterHosting.ConnectAsync(gateways, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // not listening yet, or not yet part of the cluster: try again
                await Task.Delay(250, CancellationToken.None);
            }
        }
        return null;
    }

    private static async Task Ignore(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // the silo's own failure was already reported by its logger
        }
    }

    /// <summary>The process's peak resident set (Linux VmHWM, what GNU time's %M reports), in KiB.</summary>
    private static long PeakKiB() => Process.GetCurrentProcess().PeakWorkingSet64 / 1024;
}
