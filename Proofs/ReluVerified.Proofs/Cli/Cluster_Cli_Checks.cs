using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Cli;

/// <summary>
/// The cluster commands as a user runs them (docs/distributed.md): <c>relu silo</c> twice (a primary and one that joins it
/// with <c>--advertise</c>, on free ports), <c>relu fit --cluster</c> and <c>relu predict --cluster</c> against them, which must give the
/// model and predictions of <c>relu fit --stream</c> on the same file to 1e-10 relative; the silos stop on SIGTERM with
/// exit 0; and the usage errors of the cluster flags exit 2 naming the flag.
/// </summary>
public sealed class Cluster_Cli_Checks(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-cluster-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Exit, string Out, string Err) Relu(params string[] args) => ReluProcess.Run(args);

    private string File(string name) => Path.Combine(_directory, name);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A <c>relu silo</c> process, once it has printed its ready line (or failed).</summary>
    private static Process Silo(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relu.dll"));
        start.ArgumentList.Add("silo");
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var line = process.StandardOutput.ReadLine();
            if (line is null) throw new InvalidOperationException($"relu silo {string.Join(' ', args)} exited with {process.ExitCode} before it was ready.");
            if (line.StartsWith("silo ready", StringComparison.Ordinal)) return process;
        }
        process.Kill();
        throw new TimeoutException($"relu silo {string.Join(' ', args)} was not ready within 60 s.");
    }

    /// <summary>Stops <paramref name="silo"/> with SIGTERM (as a service manager does) and returns its exit code and the rest of its output.</summary>
    private static (int Exit, string Out) Stop(Process silo)
    {
        using (var kill = Process.Start("kill", ["-TERM", silo.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        string rest = silo.StandardOutput.ReadToEnd();
        if (!silo.WaitForExit(60_000)) silo.Kill();
        return (silo.ExitCode, rest);
    }

    [Fact]
    public void A_fit_and_a_prediction_on_two_local_silos_equal_the_streamed_ones_and_the_silos_stop_on_sigterm()
    {
        const int seed = 18;
        Assert.Equal(0, Relu("sample", "--count", "1500", "--dimension", "6", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", File("train.csv")).Exit);
        string[] fitOptions = ["--recipe", "theorem", "--rank", "40", "--degree", "2", "--weight", "8"];
        var streamed = Relu(["fit", "--data", File("train.csv"), "--out", File("streamed.json"), "--report", File("streamed-report.json"), "--stream", .. fitOptions]);
        Assert.True(streamed.Exit == 0, streamed.Err);

        int primaryPort = FreePort(), primaryGateway = FreePort(), secondPort = FreePort(), secondGateway = FreePort();
        var clock = Stopwatch.StartNew();
        using var primary = Silo("--port", $"{primaryPort}", "--gateway", $"{primaryGateway}");
        // the second silo listens on every address and advertises one (the multi-machine form of relu silo)
        using var second = Silo("--port", $"{secondPort}", "--gateway", $"{secondGateway}", "--primary", $"localhost:{primaryPort}", "--advertise", "127.0.0.1");
        output.WriteLine($"seed {seed}: two silos ready in {clock.Elapsed.TotalSeconds:F1} s");
        try
        {
            string gateways = $"localhost:{primaryGateway},localhost:{secondGateway}";
            var clustered = Relu(["fit", "--data", File("train.csv"), "--out", File("cluster.json"), "--report", File("cluster-report.json"),
                "--cluster", gateways, "--shards", "5", .. fitOptions]);
            Assert.True(clustered.Exit == 0, clustered.Err);
            double Objective(string report)
            {
                using var document = JsonDocument.Parse(System.IO.File.ReadAllText(File(report)));
                return document.RootElement.GetProperty("objective").GetDouble();
            }
            double expected = Objective("streamed-report.json"), actual = Objective("cluster-report.json");
            output.WriteLine($"objective: streamed {expected:R}, cluster {actual:R}");
            Assert.True(Math.Abs(expected - actual) <= 1e-10 * Math.Abs(expected), $"objective {actual:R} against {expected:R} (seed {seed})");

            var local = Relu("predict", "--model", File("streamed.json"), "--data", File("train.csv"), "--out", File("local.csv"));
            Assert.True(local.Exit == 0, local.Err);
            var remote = Relu("predict", "--model", File("cluster.json"), "--data", File("train.csv"), "--out", File("remote.csv"), "--cluster", $"{secondGateway}");
            Assert.True(remote.Exit == 0, remote.Err);
            var want = System.IO.File.ReadAllLines(File("local.csv"));
            var got = System.IO.File.ReadAllLines(File("remote.csv"));
            Assert.Equal(want.Length, got.Length);
            for (int i = 1; i < want.Length; i++)
            {
                double a = double.Parse(want[i], CultureInfo.InvariantCulture), b = double.Parse(got[i], CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(a - b) <= 1e-10 * Math.Max(1, Math.Abs(a)), $"row {i}: {b:R} against {a:R} (seed {seed})");
            }
        }
        finally
        {
            var (secondExit, secondOut) = Stop(second);
            var (primaryExit, primaryOut) = Stop(primary);
            Assert.Equal((0, 0), (secondExit, primaryExit));
            Assert.Contains("silo stopped", secondOut + primaryOut);
        }
    }

    [Fact]
    public void Cluster_flags_used_wrongly_exit_2_naming_the_flag_and_the_remedy()
    {
        Assert.Equal(0, Relu("sample", "--count", "50", "--dimension", "3", "--out", File("d.csv")).Exit);
        var shardsAlone = Relu("fit", "--data", File("d.csv"), "--out", File("m.json"), "--shards", "3");
        Assert.Equal(2, shardsAlone.Exit);
        Assert.Contains("--shards cuts the data for --cluster: give --cluster too.", shardsAlone.Err);
        var badPort = Relu("fit", "--data", File("d.csv"), "--out", File("m.json"), "--cluster", "localhost:http", "--rank", "5", "--degree", "2", "--weight", "4");
        Assert.Equal(2, badPort.Exit);
        Assert.Contains("--cluster entry 'localhost:http': the port must be a number from 1 to 65535", badPort.Err);
        var samePorts = Relu("silo", "--port", "30007", "--gateway", "30007");
        Assert.Equal(2, samePorts.Exit);
        Assert.Contains("--port and --gateway are both 30007", samePorts.Err);
        var badPrimary = Relu("silo", "--port", "30008", "--gateway", "30009", "--primary", "nowhere");
        Assert.Equal(2, badPrimary.Exit);
        Assert.Contains("--primary 'nowhere': give the primary silo as host:port", badPrimary.Err);
        Assert.False(System.IO.File.Exists(File("m.json")));
    }
}
