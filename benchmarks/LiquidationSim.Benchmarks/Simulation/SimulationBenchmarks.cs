using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using LiquidationSim.Instruments;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

namespace LiquidationSim.Benchmarks.Simulation;

/// <summary>Scenario documents for the simulator benchmarks, and the CI quick mode that shrinks them.</summary>
/// <remarks>
/// CI's dry run sets <c>LIQSIM_BENCH_QUICK=1</c>: every size is divided so the smoke run proves the benchmarks build
/// and run in seconds. The figures in the closing notes come from runs without it.
/// </remarks>
internal static class SimulationScenarios
{
    public static bool Quick => Environment.GetEnvironmentVariable("LIQSIM_BENCH_QUICK") == "1";

    public static int Scale(int full, int quick) => Quick ? quick : full;

    public static ScenarioDocument Base(string name, int positions, TimeSpan duration, TimeSpan step, ScenarioPriceProcess process) => new()
    {
        SchemaVersion = ScenarioDocument.CurrentSchemaVersion,
        Name = name,
        Seed = 20_261_121,
        Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Duration = duration,
        Step = step,
        Venue = new ScenarioVenue { Profile = "binance" },
        Instruments = [new ScenarioInstrument { Symbol = "BTCUSDT", Kind = ContractKind.Linear, Tiers = "binance-btcusdt", TickSize = 0.1m, LotSize = 0.001m, ContractSize = 1m }],
        PriceProcess = process,
        StartPrices = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("BTCUSDT", 60_000m)]),
        Liquidity = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("BTCUSDT", new ScenarioLiquidity
        {
            RecoveryRate = 0.05m,
            Ladder = new ScenarioLadder(200, 0.0002m, 20m),
        })]),
        InsuranceFund = 500_000_000m,
        Market = new ScenarioMarket { ImpactCoupling = 0.2m, Arbitrage = 0.1m },
        Population = new ScenarioPopulation
        {
            Symbol = "BTCUSDT",
            Count = positions,
            LongShare = 0.6m,
            Leverage = new ScenarioRange(2m, 50m),
            Notional = new ScenarioRange(100m, 100_000m),
            EntrySpread = 0.02m,
            IsolatedShare = 0.3m,
            Behaviours = [new ScenarioBehaviourShare(0.1m, new ScenarioStopLoss { Trigger = LiquidationSim.Pricing.TriggerPriceSource.Mark, Distance = 0.05m })],
        },
    };

    public static string Describe(ScenarioSimulation sim)
    {
        SimulationSummary s = sim.Summary();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"// {s.Scenario}: {s.Steps} steps, {s.Liquidations} liquidations, notional {s.LiquidatedNotional:N0}, ADL {s.AdlCount}, orders {s.TraderOrders}, fund {s.InsuranceFundEnd:N0}, bad debt {s.BadDebt:N0}");
    }
}

/// <summary>
/// The cascade: 1,000,000 positions, 10,000 one-second steps, the spot scripted 30 % down over one hour (00:30 to
/// 01:30) with forced selling coupled back into it. Target: the run in at most 3 s. Building the population and the
/// engine is measured separately (<see cref="Create"/>); <see cref="Run"/> measures the 10,000 steps.
/// </summary>
[MemoryDiagnoser]
public class CascadeBenchmarks
{
    private ScenarioDocument _scenario = null!;
    private ScenarioSimulation _simulation = null!;

    [GlobalSetup]
    public void Setup()
    {
        int steps = SimulationScenarios.Scale(10_000, 200);
        _scenario = SimulationScenarios.Base(
            "cascade",
            SimulationScenarios.Scale(1_000_000, 10_000),
            TimeSpan.FromSeconds(steps),
            TimeSpan.FromSeconds(1),
            new ScenarioScriptedProcess
            {
                Points =
                [
                    new PricePoint(TimeSpan.Zero, 60_000m),
                    new PricePoint(TimeSpan.FromSeconds(steps * 0.18), 60_000m),
                    new PricePoint(TimeSpan.FromSeconds(steps * 0.54), 42_000m),
                ],
            });
    }

    [IterationSetup(Target = nameof(Run))]
    public void Prepare() => _simulation = ScenarioSimulation.Create(_scenario);

    [IterationCleanup(Target = nameof(Run))]
    public void Report() => Console.WriteLine(SimulationScenarios.Describe(_simulation));

    /// <summary>Draws the population and builds the engine (index every liquidation price).</summary>
    [Benchmark]
    public ScenarioSimulation Create() => ScenarioSimulation.Create(_scenario);

    /// <summary>Runs every step of the cascade.</summary>
    [Benchmark]
    public SimulationSummary Run() => _simulation.Run();
}

/// <summary>
/// Monte Carlo: 1,000 paths × 10,000 positions × 1,440 one-minute steps (GBM at 80 % volatility with a −10 % wick at
/// noon), with one and with two threads. Target: at most 60 s, and at least 1.7× faster with two threads.
/// </summary>
[MemoryDiagnoser]
public class MonteCarloBenchmarks
{
    private ScenarioDocument _scenario = null!;

    /// <summary>Paths run at once.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _scenario = SimulationScenarios.Base(
            "monte-carlo",
            SimulationScenarios.Scale(10_000, 500),
            TimeSpan.FromMinutes(SimulationScenarios.Scale(1_440, 60)),
            TimeSpan.FromMinutes(1),
            new ScenarioGbmProcess { Drift = 0m, Volatility = 0.8m }) with
        {
            Shocks = [new ScenarioShock(TimeSpan.FromMinutes(SimulationScenarios.Scale(720, 30)), -0.1m)],
        };

    [Benchmark]
    public MonteCarloResult Paths() => ScenarioSimulation.RunMonteCarlo(_scenario, MonteCarloOptions.Paths(0, SimulationScenarios.Scale(1_000, 4)) with { DegreeOfParallelism = Threads });
}

/// <summary>
/// A streamed run of 1,000,000 one-second steps (1,000 positions, GBM at 60 %): steps are consumed one at a time and
/// nothing is kept. Target: under 200 MB of memory; the peak working set of the benchmark process is printed after
/// the run.
/// </summary>
[MemoryDiagnoser]
public class StreamedRunBenchmarks
{
    private ScenarioSimulation _simulation = null!;

    [IterationSetup]
    public void Prepare() =>
        _simulation = ScenarioSimulation.Create(SimulationScenarios.Base(
            "streamed",
            1_000,
            TimeSpan.FromSeconds(SimulationScenarios.Scale(1_000_000, 2_000)),
            TimeSpan.FromSeconds(1),
            new ScenarioGbmProcess { Drift = 0m, Volatility = 0.6m }));

    [IterationCleanup]
    public void Report()
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(SimulationScenarios.Describe(_simulation));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// peak working set {process.PeakWorkingSet64 / 1_048_576.0:N1} MB, GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1_048_576.0:N1} MB"));
    }

    [Benchmark]
    public long Stream()
    {
        long liquidations = 0;
        foreach (SimulationStep step in _simulation.Steps())
        {
            liquidations += step.Liquidations;
        }

        return liquidations;
    }
}
