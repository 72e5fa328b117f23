using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using LiquidationSim.Benchmarks.Simulation;
using LiquidationSim.Kernel;
using LiquidationSim.Liquidation;
using LiquidationSim.Reporting;
using LiquidationSim.Simulation;

namespace LiquidationSim.Benchmarks.Reporting;

/// <summary>
/// What the reports add to a run: folding 100,000 steps into a chart series (the per-step cost a streamed run pays
/// while it simulates), writing them as CSV, and drawing the chart and the HTML report once at the end.
/// </summary>
/// <remarks>
/// The steps are built once: a random walk around 90,000 with liquidation volume on one step in twenty. The series
/// keeps 600 to 1,200 points, so the chart and report cost the same however long the run was.
/// </remarks>
[MemoryDiagnoser]
public class ReportingBenchmarks
{
    private SimulationStep[] _steps = [];
    private CascadeSeries _series = null!;
    private SimulationSummary _summary = null!;

    [GlobalSetup]
    public void Setup()
    {
        int count = SimulationScenarios.Scale(100_000, 2_000);
        var random = new SeededRandom(2026);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        decimal price = 90_000m, fund = 50_000_000m;
        _steps = new SimulationStep[count];
        for (int i = 0; i < count; i++)
        {
            price = decimal.Round(price * (1m + ((random.NextDecimalUnit() - 0.5m) / 500m)), 1);
            bool busy = i % 20 == 0;
            fund -= busy ? 1_000m : 0m;
            _steps[i] = new SimulationStep
            {
                Index = i,
                Time = start.AddSeconds(i),
                Markets = [new MarketSnapshot("BTCUSDT", price, price, price, price - 5m, 1_000m, 900m)],
                Liquidations = busy ? 7 : 0,
                LiquidatedNotional = busy ? 350_000m : 0m,
                AdlCount = 0,
                AdlNotional = 0m,
                TraderOrders = 0,
                InsuranceFund = fund,
                BadDebt = 0m,
                Events = ImmutableArray<LiquidationEvent>.Empty,
            };
        }

        _series = Fold();
        _summary = new SimulationSummary
        {
            Scenario = "Reporting benchmark",
            Steps = count - 1,
            End = _steps[^1].Time,
            Markets = _steps[^1].Markets,
            Liquidations = 7 * (count / 20),
            LiquidatedNotional = 350_000m * (count / 20),
            AdlCount = 0,
            AdlNotional = 0m,
            TraderOrders = 0,
            Deposits = 0m,
            InsuranceFundStart = 50_000_000m,
            InsuranceFundEnd = fund,
            InsuranceFundDrawdown = 50_000_000m - fund,
            BadDebt = 0m,
            AccountsLiquidated = count / 20,
            OpenPositions = 1_000,
        };
    }

    /// <summary>Every step folded into a fresh series.</summary>
    /// <returns>The series.</returns>
    [Benchmark]
    public CascadeSeries Fold()
    {
        var series = new CascadeSeries("BTCUSDT");
        foreach (SimulationStep step in _steps)
        {
            series.Add(step);
        }

        return series;
    }

    /// <summary>Every step written as a CSV row (into memory).</summary>
    /// <returns>Rows written.</returns>
    [Benchmark]
    public long Csv() => TimelineCsvWriter.WriteAll(TextWriter.Null, _steps);

    /// <summary>The SVG chart of the folded series.</summary>
    /// <returns>Its length.</returns>
    [Benchmark]
    public int Chart() => CascadeChart.ToSvg(_series).Length;

    /// <summary>The HTML report (chart included).</summary>
    /// <returns>Its length.</returns>
    [Benchmark]
    public int Report() => HtmlReport.Cascade(_summary, _series).Length;
}
