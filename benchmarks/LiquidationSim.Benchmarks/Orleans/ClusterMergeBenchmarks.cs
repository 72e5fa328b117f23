using BenchmarkDotNet.Attributes;
using LiquidationSim.Benchmarks.Simulation;
using LiquidationSim.Benchmarks.Support;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

namespace LiquidationSim.Benchmarks.Orleans;

/// <summary>
/// The client's side of a cluster run, after the silos are done: 100,000 paths coming back as 400 ranges of 250 (four
/// ranges per silo on 100 silos), each read from the kernel's JSON and all merged with <c>MonteCarloResult.Merge</c>.
/// Figures are synthetic (a fixed SplitMix64 stream) with the magnitudes of the default scenario's. Target: small beside
/// the paths (a default-scenario path costs seconds of CPU).
/// </summary>
[MemoryDiagnoser]
public class ClusterMergeBenchmarks
{
    private string[] _rangeJson = [];

    [GlobalSetup]
    public void Setup()
    {
        int ranges = SimulationScenarios.Scale(400, 8);
        const int PathsPerRange = 250;
        var random = new SplitMix64(18);
        _rangeJson = new string[ranges];
        for (int r = 0; r < ranges; r++)
        {
            MonteCarloResult range = MonteCarloResult.Run(
                20260101,
                MonteCarloOptions.Paths((long)r * PathsPerRange, PathsPerRange) with { DegreeOfParallelism = 1 },
                (index, _, _) => new MonteCarloPathResult(index, decimal.Round(random.NextUnit() * 50_000_000m, 8), decimal.Round(random.NextUnit() * 2_000_000m, 8), decimal.Round(random.NextUnit() * 900_000_000m, 8), decimal.Round(random.NextUnit() * 1_400_000_000m, 8)));
            _rangeJson[r] = range.ToJson();
        }

        long total = Merge().PathCount;
        if (total != (long)ranges * PathsPerRange)
        {
            throw new InvalidOperationException($"merged {total} paths, expected {ranges * PathsPerRange}.");
        }
    }

    /// <summary>Reads every range's JSON and merges them into one result.</summary>
    [Benchmark]
    public MonteCarloResult Merge() => MonteCarloResult.Merge(_rangeJson.Select(MonteCarloResult.FromJson));
}
