using System.Globalization;
using BenchmarkDotNet.Attributes;
using LiquidationSim.Benchmarks.Simulation;
using LiquidationSim.Kernel;
using LiquidationSim.Orleans.Client;
using LiquidationSim.Orleans.Grains;
using LiquidationSim.Orleans.Hosting;
using LiquidationSim.Orleans.Scenarios;
using LiquidationSim.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace LiquidationSim.Benchmarks.Orleans;

/// <summary>
/// The embedded default scenario's Monte Carlo (100,000 accounts, 1,440 one-minute steps), 200 paths, on this
/// machine's cores: locally through <c>ScenarioSimulation.RunMonteCarlo</c> (which compiles the scenario each time),
/// locally from a scenario compiled once (<c>PrepareMonteCarlo</c>: the fair comparison for a cluster, whose silos
/// compile once per scenario), and on an in-process Orleans cluster of one and of two silos sharing the same cores.
/// Target: the cluster costs at most 10 % over the prepared local run. The setup prints the bytes moved per path
/// (Orleans-serialized request and response sizes, and the scenario upload spread over the paths) and checks that
/// every mode gives the same digest.
/// </summary>
/// <remarks>
/// <c>LIQSIM_BENCH_CLUSTER_PATHS</c> overrides the 200 paths (a full pass of the default scenario takes minutes);
/// <c>LIQSIM_BENCH_QUICK=1</c> runs 4 paths of 500 accounts over an hour.
/// </remarks>
[MemoryDiagnoser]
public class ClusterMonteCarloBenchmarks
{
    private const string SiloThreadsVariable = "LIQSIM_BENCH_SILO_THREADS";

    private ScenarioDocument _scenario = null!;
    private ScenarioMonteCarlo _prepared = null!;
    private ClusterScenario<MonteCarloResult> _clusterScenario = null!;
    private TestCluster? _cluster;
    private ClusterMonteCarlo? _runner;
    private int _paths;

    /// <summary>Where the paths run: "local", "local-prepared", "1-silo" or "2-silos".</summary>
    [Params("local", "local-prepared", "1-silo", "2-silos")]
    public string Mode { get; set; } = "local";

    [GlobalSetup]
    public void Setup()
    {
        _paths = SimulationScenarios.Quick ? 4
            : int.Parse(Environment.GetEnvironmentVariable("LIQSIM_BENCH_CLUSTER_PATHS") ?? "200", CultureInfo.InvariantCulture);
        _scenario = SimulationScenarios.Quick ? Small() : ScenarioJson.LoadDefault();
        _prepared = ScenarioSimulation.PrepareMonteCarlo(_scenario);
        _clusterScenario = ClusterScenario.Cascade(_scenario);
        int silos = Mode switch { "1-silo" => 1, "2-silos" => 2, _ => 0 };
        if (silos > 0)
        {
            // The silos share this machine's cores between them, as the local run uses all of them.
            Environment.SetEnvironmentVariable(SiloThreadsVariable, Math.Max(1, Environment.ProcessorCount / silos).ToString(CultureInfo.InvariantCulture));
            var builder = new TestClusterBuilder((short)silos);
            builder.AddSiloBuilderConfigurator<SiloConfigurator>();
            _cluster = builder.Build();
            _cluster.Deploy();
            _runner = new ClusterMonteCarlo(_cluster.Client);
            PrintBytesPerPath(silos);
        }

        // Every mode must give the same result: a small shard checks it (and warms the silos' compiled-scenario cache).
        string expected = _prepared.Run(MonteCarloOptions.Paths(0, 2)).Digest();
        string actual = Run(2).Digest();
        if (actual != expected)
        {
            throw new InvalidOperationException($"{Mode} gave digest {actual}, the local run {expected}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cluster?.StopAllSilos();
        _cluster?.Dispose();
    }

    /// <summary>The paths, in the chosen mode.</summary>
    [Benchmark]
    public MonteCarloResult Paths() => Run(_paths);

    private MonteCarloResult Run(int paths) => Mode switch
    {
        "local" => ScenarioSimulation.RunMonteCarlo(_scenario, MonteCarloOptions.Paths(0, paths)),
        "local-prepared" => _prepared.Run(MonteCarloOptions.Paths(0, paths)),
        _ => _runner!.RunAsync(_clusterScenario, MonteCarloOptions.Paths(0, paths)).GetAwaiter().GetResult(),
    };

    private void PrintBytesPerPath(int silos)
    {
        Serializer serializer = _cluster!.Client.ServiceProvider.GetRequiredService<Serializer>();
        int rangeSize = ClusterMonteCarlo.AutomaticRangeSize(_paths, silos);
        int ranges = (_paths + rangeSize - 1) / rangeSize;
        var upload = new ScenarioUpload { Simulation = ClusterSimulation.Cascade, Sha256 = _clusterScenario.Sha256, CanonicalJson = _clusterScenario.CanonicalJson };
        var request = new PathRangeRequest { Simulation = ClusterSimulation.Cascade, Sha256 = _clusterScenario.Sha256, FirstPath = 0, PathCount = rangeSize };
        var response = new PathRangeResult { ResultJson = _prepared.Run(MonteCarloOptions.Paths(0, rangeSize)).ToJson(), Silo = "S127.0.0.1:11111:0" };
        long uploadBytes = serializer.SerializeToArray(upload).Length;
        long requestBytes = serializer.SerializeToArray(request).Length;
        long responseBytes = serializer.SerializeToArray(response).Length;
        double perPath = ((uploadBytes * (1.0 + silos)) + (ranges * (requestBytes + (double)responseBytes))) / _paths;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// bytes moved ({Mode}, {_paths} paths in {ranges} ranges of {rangeSize}): scenario upload {uploadBytes} B (client to store, store to each silo), request {requestBytes} B, response {responseBytes} B per range; {perPath:0} B per path"));
    }

    private static ScenarioDocument Small() => SimulationScenarios.Base(
            "cluster-quick",
            500,
            TimeSpan.FromMinutes(60),
            TimeSpan.FromMinutes(1),
            new ScenarioGbmProcess { Drift = 0m, Volatility = 0.8m }) with
        {
            Shocks = [new ScenarioShock(TimeSpan.FromMinutes(30), -0.1m)],
        };

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddLiquidationSimMonteCarlo(o =>
            o.DegreeOfParallelism = int.Parse(Environment.GetEnvironmentVariable(SiloThreadsVariable) ?? "1", CultureInfo.InvariantCulture));
    }
}
