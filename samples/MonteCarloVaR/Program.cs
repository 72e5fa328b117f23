// Monte Carlo value at risk of the default cascade scenario, shrunk so it runs in seconds.
//
// The embedded default scenario (a BTCUSDT perpetual on Binance rules, GBM at 70 % volatility, a -25 % wick at
// 12:00) is cut down in code: fewer traders, a coarser step and a run that ends two hours after the wick. Each path
// replays the same population on its own price path; the program prints the distribution of the insurance fund's
// drawdown, the bad debt and the auto-deleveraged volume, a text histogram, and shows that two shards of paths run
// separately and merged are the same result as one run over all the paths (equal SHA-256 digests).
//
//   dotnet run --project samples/MonteCarloVaR -c Release
using System.Diagnostics;
using System.Globalization;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

const int Paths = 160;
ScenarioDocument full = ScenarioJson.LoadDefault();
ScenarioDocument scenario = full with
{
    Duration = TimeSpan.FromHours(14),
    Step = TimeSpan.FromMinutes(5),
    Population = full.Population! with { Count = 2_000 },

    // Fifty times fewer traders, and a fund small enough that the worst paths exhaust it (bad debt, then ADL).
    InsuranceFund = 4_000_000m,
};

Console.WriteLine($"Monte Carlo value at risk: \"{full.Name}\"");
Console.WriteLine($"  shrunk for a quick run: {scenario.Population!.Count:N0} traders (default {full.Population!.Count:N0}), " +
    $"{scenario.Duration.TotalHours:0} h in {scenario.Step.TotalMinutes:0}-minute steps (default {full.Duration.TotalHours:0} h in {full.Step.TotalMinutes:0} min)");
Console.WriteLine($"  {Paths} paths, root seed {scenario.Seed}, insurance fund {scenario.InsuranceFund:N0} USDT at the start (default {full.InsuranceFund:N0})");
Console.WriteLine();

int dop = Math.Max(1, Environment.ProcessorCount);
var clock = Stopwatch.StartNew();
MonteCarloResult whole = ScenarioSimulation.RunMonteCarlo(
    scenario, MonteCarloOptions.Paths(0, Paths) with { DegreeOfParallelism = dop, Progress = new ConsoleProgress() });
Console.WriteLine($"  ran {whole.PathCount} paths in {clock.Elapsed.TotalSeconds:0.0} s on {dop} thread(s)");
Console.WriteLine();

(string Name, MonteCarloMetric Metric)[] metrics =
[
    ("Insurance fund drawdown", MonteCarloMetric.InsuranceFundDrawdown),
    ("Bad debt", MonteCarloMetric.BadDebt),
    ("ADL volume (notional)", MonteCarloMetric.AdlVolume),
    ("Liquidated notional", MonteCarloMetric.LiquidatedNotional),
];

Console.WriteLine("Per-path outcomes in USDT (percentiles are nearest-rank; VaR 95 % is the loss 95 % of paths do not exceed)");
Console.WriteLine();
Console.WriteLine($"  {"Metric",-24} {"Mean",14} {"Min",14} {"Median",14} {"90th",14} {"VaR 95 %",14} {"VaR 99 %",14} {"Max",14}");
foreach ((string name, MonteCarloMetric metric) in metrics)
{
    Console.WriteLine(
        $"  {name,-24} {Money(whole.Mean(metric)),14} {Money(whole.Min(metric)),14} {Money(whole.Percentile(metric, 0.5m)),14} " +
        $"{Money(whole.Percentile(metric, 0.9m)),14} {Money(whole.ValueAtRisk(metric, 0.95m)),14} {Money(whole.ValueAtRisk(metric, 0.99m)),14} {Money(whole.Max(metric)),14}");
}

// Histograms of the liquidated notional and of the ADL volume; ten equal bins from the smallest to the largest value.
Console.WriteLine();
PrintHistogram(whole, "Liquidated notional", MonteCarloMetric.LiquidatedNotional);
PrintHistogram(whole, "ADL volume", MonteCarloMetric.AdlVolume);

// Shards: paths 0..99 and 100..159 run separately (as two machines would), then merged.
const int Split = 100;
MonteCarloResult first = ScenarioSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, Split) with { DegreeOfParallelism = dop });
MonteCarloResult second = ScenarioSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(Split, Paths - Split) with { DegreeOfParallelism = dop });
MonteCarloResult merged = second.Merge(first);
Console.WriteLine("Sharding: the same paths run as two shards and merged (in reverse order) give the same result");
Console.WriteLine($"  shard A  paths {first.FirstPath,3}..{first.LastPath,3}  digest {first.Digest()}");
Console.WriteLine($"  shard B  paths {second.FirstPath,3}..{second.LastPath,3}  digest {second.Digest()}");
Console.WriteLine($"  merged   paths {merged.FirstPath,3}..{merged.LastPath,3}  digest {merged.Digest()}");
Console.WriteLine($"  whole    paths {whole.FirstPath,3}..{whole.LastPath,3}  digest {whole.Digest()}");
bool same = merged.Digest() == whole.Digest() && merged.Equals(whole);
Console.WriteLine($"  merged == whole: {(same ? "yes" : "NO")}");
return same ? 0 : 1;

static void PrintHistogram(MonteCarloResult result, string name, MonteCarloMetric metric)
{
    const int Bins = 10;
    const int Width = 40;
    decimal min = result.Min(metric);
    decimal max = result.Max(metric);
    Console.WriteLine($"Histogram: {name} in USDT, {result.PathCount} paths");
    if (max == min)
    {
        Console.WriteLine($"  every path: {Money(min)}");
        Console.WriteLine();
        return;
    }

    decimal width = (max - min) / Bins;
    decimal[] edges = [.. Enumerable.Range(0, Bins + 1).Select(i => i == Bins ? max : min + (width * i))];
    MonteCarloHistogram histogram = result.Histogram(metric, edges);
    long most = histogram.Counts.Max();
    for (int i = 0; i < histogram.Counts.Count; i++)
    {
        long count = histogram.Counts[i];
        int bar = most == 0 ? 0 : (int)(count * Width / most);
        string close = i == histogram.Counts.Count - 1 ? "]" : ")";
        Console.WriteLine($"  [{Money(histogram.Edges[i]),14} , {Money(histogram.Edges[i + 1]),14}{close} {count,4} {new string('#', bar)}");
    }

    Console.WriteLine();
}

static string Money(decimal value) => value.ToString("#,0", CultureInfo.InvariantCulture);

/// <summary>Prints a line each time another quarter of the paths has finished.</summary>
internal sealed class ConsoleProgress : IProgress<MonteCarloProgress>
{
    private readonly Lock _gate = new();
    private int _quartersShown;

    public void Report(MonteCarloProgress value)
    {
        lock (_gate)
        {
            while (_quartersShown < 4 && value.CompletedPaths * 4 >= value.TotalPaths * (_quartersShown + 1))
            {
                _quartersShown++;
                Console.WriteLine($"  progress: {value.CompletedPaths,3} / {value.TotalPaths} paths done");
            }
        }
    }
}
