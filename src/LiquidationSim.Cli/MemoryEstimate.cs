using System.CommandLine;
using System.Globalization;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>
/// How much memory a run will need, estimated from the scenario and the command line before anything large is allocated,
/// so a run that cannot fit is refused at once with the estimate instead of being killed by the kernel part-way.
/// </summary>
/// <remarks>
/// The figures per item are measured peaks of <c>liqsim run</c> (peak resident set, Release build, .NET 10, x64), rounded
/// up: 200,000 generated positions over 480 steps peaked 290 MB above 2,000 positions (about 1.5 KB a position); 28,800
/// steps peaked 44 MB above 480 (about 1.5 KB a step, the chart series and per-step totals kept for the reports); a
/// Monte Carlo path keeps its 72-byte result, its four sorted metrics (64 bytes) and its rows of the shard and CSV
/// (a few hundred characters). The event log is streamed to <c>events.jsonl</c> and not kept. An estimate within a factor
/// of two is enough to tell a run that fits from one a thousand times too big.
/// </remarks>
/// <param name="Bytes">The estimated peak.</param>
/// <param name="Parts">What it is made of, for the message.</param>
internal readonly record struct MemoryEstimate(double Bytes, string Parts)
{
    /// <summary>The runtime, the libraries and a small scenario.</summary>
    internal const double ProcessBytes = 64 * 1024 * 1024;

    /// <summary>Per account or generated position, in each simulation alive at once.</summary>
    internal const double PositionBytes = 1_600;

    /// <summary>Per step of a single run (the chart series and period totals).</summary>
    internal const double StepBytes = 1_600;

    /// <summary>Per Monte Carlo path and run: its result, sorted metrics and output rows.</summary>
    internal const double PathBytes = 600;

    /// <summary>
    /// The <c>--max-memory</c> option: a limit in bytes, with an optional K, M, G or T suffix (powers of 1,024), that the
    /// estimate must not exceed; without it, the memory available to the process.
    /// </summary>
    public static Option<long?> MaxMemoryOption() => new("--max-memory")
    {
        Description = "Refuse a run whose estimated memory exceeds this (bytes, or with a K, M, G or T suffix, e.g. 4G); default: the memory available to the process.",
        HelpName = "SIZE",
        CustomParser = ParseSize,
    };

    /// <summary>A CeFi scenario run once (<paramref name="paths"/> null) or as a Monte Carlo of <paramref name="paths"/> paths on <paramref name="threads"/> threads.</summary>
    public static MemoryEstimate For(ScenarioDocument document, int? paths, int threads)
    {
        double positions = (double)(document.Population?.Count ?? 0) + document.Accounts.Length;
        if (paths is not { } n)
        {
            double steps = document.Step > TimeSpan.Zero ? Math.Floor(document.Duration / document.Step) : 0;
            return new MemoryEstimate(
                ProcessBytes + positions * PositionBytes + steps * StepBytes,
                Invariant($"{positions:N0} positions and {steps:N0} steps"));
        }

        double alive = Math.Min(n, threads);
        return new MemoryEstimate(
            ProcessBytes + alive * positions * PositionBytes + n * PathBytes,
            Invariant($"{n:N0} paths, {alive:N0} at once, of {positions:N0} positions each"));
    }

    /// <summary>A DeFi Monte Carlo of <paramref name="paths"/> paths of each of <paramref name="runs"/> runs.</summary>
    public static MemoryEstimate ForDefiPaths(int runs, int paths) =>
        new(ProcessBytes + (double)runs * paths * PathBytes, Invariant($"{paths:N0} paths of {runs} run{(runs == 1 ? string.Empty : "s")}"));

    /// <summary>
    /// Refuses the run when the estimate exceeds <paramref name="maxMemory"/>, or without it the memory available to the
    /// process; warns on standard error when it exceeds half of it.
    /// </summary>
    /// <exception cref="CommandException">The estimate exceeds the limit (exit code 3).</exception>
    public void Check(long? maxMemory)
    {
        double limit = maxMemory ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        string what = maxMemory is null ? $"the {Size(limit)} available" : $"the --max-memory limit of {Size(limit)}";
        if (Bytes > limit)
        {
            throw new CommandException(ExitCodes.InvalidInput,
                $"this run needs about {Size(Bytes)} of memory ({Parts}), more than {what}; make the scenario or --paths smaller{(maxMemory is null ? string.Empty : ", or raise --max-memory")}.");
        }

        if (Bytes > limit / 2)
        {
            Terminal.Error($"warning: this run needs about {Size(Bytes)} of memory ({Parts}), over half of {what}.");
        }
    }

    /// <summary>A byte count for people: 1.5 GiB, 300 MiB.</summary>
    internal static string Size(double bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        int unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return Invariant($"{bytes:#,0.#} {units[unit]}");
    }

    private static long? ParseSize(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : string.Empty;
        int shift = text.Length == 0 ? 0 : char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            'T' => 40,
            _ => 0,
        };
        string digits = shift == 0 ? text : text[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < 1 || value > long.MaxValue >> shift)
        {
            result.AddError($"--max-memory must be a positive whole number of bytes, optionally with a K, M, G or T suffix (e.g. 4G); got '{text}'.");
            return null;
        }

        return value << shift;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
