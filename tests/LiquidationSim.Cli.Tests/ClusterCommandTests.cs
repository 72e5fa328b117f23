using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace LiquidationSim.Cli.Tests;

/// <summary>
/// <c>liqsim silo</c> and <c>liqsim run --cluster</c>: their command lines, and a real silo process on loopback whose
/// Monte Carlo writes the same files as a local run (the oracle: the local run of the same arguments).
/// </summary>
public sealed partial class ClusterCommandTests
{
    private static string Small => Path.Combine(Liqsim.TestData, "small-cascade.json");

    [Theory]
    [InlineData("run --cluster localhost", "--cluster runs a Monte Carlo's paths on a cluster; give --paths too.")]
    [InlineData("run --paths 2 --cluster somewhere", "--cluster must be 'localhost' or")]
    [InlineData("run --paths 2 --cluster localhost:notaport", "--cluster must be 'localhost' or")]
    [InlineData("silo --advertise not-an-ip", "--advertise must be an IP address; got 'not-an-ip'.")]
    [InlineData("silo --cluster redis:/x", "--cluster must be 'localhost' or")]
    public void Bad_cluster_command_lines_exit_2_with_the_reason(string commandLine, string reason)
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, commandLine.Split(' '));
        r.ExitCode.Should().Be(2, r.ToString());
        r.Stderr.Should().Contain(reason);
    }

    [Fact]
    public void Help_lists_the_silo_command_and_the_cluster_option()
    {
        using var dir = new TempFolder();
        Liqsim.Run(dir.Path, "--help").Stdout.Should().Contain("silo");
        Liqsim.Run(dir.Path, "run", "--help").Stdout.Should().Contain("--cluster");
        LiqsimResult silo = Liqsim.Run(dir.Path, "silo", "--help");
        silo.ExitCode.Should().Be(0, silo.ToString());
        silo.Stdout.Should().Contain("--gateway-port").And.Contain("--dashboard").And.Contain("--kubernetes");
    }

    [Fact]
    public void A_run_on_a_loopback_silo_writes_the_files_of_a_local_run()
    {
        using var dir = new TempFolder();
        WithLoopbackSilo(dir, gatewayPort =>
        {
            LiqsimResult cluster = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "6", "--cluster", "localhost:" + Text(gatewayPort), "--out", "cluster");
            LiqsimResult local = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "6", "--out", "local");

            cluster.ExitCode.Should().Be(0, cluster.ToString());
            local.ExitCode.Should().Be(0, local.ToString());
            cluster.Stdout.Should().Contain("on the cluster at localhost:" + Text(gatewayPort));
            Digest(cluster.Stdout).Should().Be(Digest(local.Stdout));
            foreach (string file in (string[])["montecarlo.json", "montecarlo-paths.csv", "scenario.json"])
            {
                File.ReadAllBytes(Path.Combine(dir["cluster"], file)).Should().Equal(File.ReadAllBytes(Path.Combine(dir["local"], file)), file);
            }

            Table(cluster.Stdout).Should().Be(Table(local.Stdout));
        });
    }

    /// <summary>Starts a real <c>liqsim silo</c> process on loopback, waits until it has joined, runs <paramref name="client"/> with its gateway port, then kills it.</summary>
    private static void WithLoopbackSilo(TempFolder dir, Action<int> client)
    {
        int siloPort = FreePort();
        int gatewayPort = FreePort();
        using Process silo = Start(dir.Path, "silo", "--cluster", "localhost", "--port", Text(siloPort), "--primary-port", Text(siloPort), "--gateway-port", Text(gatewayPort), "--threads", "1");
        try
        {
            WaitForLine(silo, "liqsim silo: joined").Should().BeTrue("the silo should start");
            client(gatewayPort);
        }
        finally
        {
            silo.Kill(entireProcessTree: true);
            silo.WaitForExit();
        }
    }

    [Fact]
    public void A_cluster_that_cannot_be_reached_exits_1_saying_so()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "2", "--cluster", "localhost:" + Text(FreePort()));
        r.ExitCode.Should().Be(1, r.ToString());
        r.Stderr.Should().Contain("cannot connect to the cluster at localhost:");
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>A TCP port nobody listens on now (the system's choice for port 0).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The table between the first and last box-drawing rows (the part of the output that is the result).</summary>
    private static string Table(string stdout) => string.Join('\n', stdout.Split('\n').Where(l => l.StartsWith('│') || l.StartsWith('┌') || l.StartsWith('└')));

    private static string Digest(string stdout) => DigestLine().Match(stdout) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no digest in:\n" + stdout);

    private static Process Start(string workingDirectory, params string[] args)
    {
        string dll = typeof(Liqsim).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LiqsimPath").Value!;
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        Process process = Process.Start(start)!;
        process.StandardInput.Close();
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Reads the process's output until a line starts with <paramref name="prefix"/> (true) or it ends or a minute passes (false).</summary>
    private static bool WaitForLine(Process process, string prefix)
    {
        Task<bool> reading = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        });
        return reading.Wait(TimeSpan.FromMinutes(1)) && reading.Result;
    }

    [GeneratedRegex("digest ([0-9a-f]{64})")]
    private static partial Regex DigestLine();
}
