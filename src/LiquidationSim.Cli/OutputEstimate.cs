using System.Globalization;
using System.Text;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>
/// How much a <c>liqsim run</c> will write to its <c>--out</c> folder, estimated from the scenario before the run starts,
/// so a run whose files cannot fit on the folder's file system is refused at once with the estimate instead of failing
/// with a full disk part-way (both exit code 4).
/// </summary>
/// <remarks>
/// <para>
/// The estimate is meant as an upper bound, each part counted at a size per item above any measured run: the timeline
/// has one row per step and at most <see cref="FieldBytes"/> per field (a decimal is at most 31 characters); the event
/// log has a price tick per step and symbol, a re-quoted book per step and symbol (<see cref="BookLevelBytes"/> per
/// level), a funding payment per position and funding round, and <see cref="PositionEventBytes"/> per position for its
/// deposit, orders, liquidation, fills, insurance fund trade, transfers and bad debt (the default run writes about a
/// third of that); the chart and the report grow with the steps; <c>scenario.json</c> is measured exactly. A Monte Carlo
/// writes a shard entry and a CSV row per path and a report of fixed-size histograms. The default run writes about
/// 85 MB against an estimate of about 330 MB.
/// </para>
/// <para>
/// The space free is that of the file system holding the <c>--out</c> folder (or the nearest existing parent, for a
/// folder the run will create), as <see cref="DriveInfo.AvailableFreeSpace"/> reports it (statvfs on Unix). The
/// <c>LIQSIM_TEST_FREE_BYTES</c> environment variable replaces it: the seam through which the tests check the refusal.
/// </para>
/// </remarks>
/// <param name="Bytes">The estimated size of all the files.</param>
/// <param name="Parts">What it is made of, for the message.</param>
internal readonly record struct OutputEstimate(double Bytes, string Parts)
{
    /// <summary>Per field of a timeline row: a decimal of up to 29 digits with its sign, point and comma.</summary>
    internal const double FieldBytes = 32;

    /// <summary>Timeline fields per step, and per step and symbol.</summary>
    internal const int StepFields = 9, SymbolFields = 6;

    /// <summary>A price tick event, per step and symbol (about 140 bytes in the default run).</summary>
    internal const double TickBytes = 256;

    /// <summary>Per level of a re-quoted book in its event (<c>[89910.7,40],</c>: about 14 bytes).</summary>
    internal const double BookLevelBytes = 16;

    /// <summary>Per position and funding round: its funding payment event (about 145 bytes).</summary>
    internal const double FundingBytes = 256;

    /// <summary>Per position, every other event it can cause (about 700 bytes a position in the default run).</summary>
    internal const double PositionEventBytes = 2_048;

    /// <summary>Per step: the chart's points (about 95 bytes a step) and the report's copy of them.</summary>
    internal const double ChartStepBytes = 256;

    /// <summary>The summary, the chart's frame and the report's tables and styles.</summary>
    internal const double FixedBytes = 128 * 1024;

    /// <summary>Per Monte Carlo path: its entry in the shard (about 200 bytes) and its CSV row (about 60).</summary>
    internal const double PathBytes = 1_024;

    /// <summary>The environment variable that replaces the free space of the output folder's file system (tests).</summary>
    internal const string FreeBytesVariable = "LIQSIM_TEST_FREE_BYTES";

    /// <summary>
    /// A CeFi scenario run once (<paramref name="paths"/> null) or as a Monte Carlo of <paramref name="paths"/> paths;
    /// <paramref name="scenarioJson"/> is the <c>scenario.json</c> the run writes.
    /// </summary>
    public static OutputEstimate For(ScenarioDocument document, int? paths, string scenarioJson)
    {
        double scenarioBytes = Encoding.UTF8.GetByteCount(scenarioJson) + 1;
        if (paths is { } n)
        {
            return new OutputEstimate(
                FixedBytes + scenarioBytes + n * PathBytes,
                Invariant($"{n:N0} paths"));
        }

        double positions = (double)(document.Population?.Count ?? 0) + document.Accounts.Length;
        double steps = document.Step > TimeSpan.Zero ? Math.Floor(document.Duration / document.Step) : 0;
        double rows = steps + 1;
        int symbols = document.Instruments.Length;
        double levels = document.Liquidity.Values.Sum(l => (double)(l.Ladder is { } ladder ? 2 * ladder.Levels : 0) + l.Bids.Length + l.Asks.Length);
        double rounds = document.Funding is { Interval: var interval } && interval > TimeSpan.Zero ? Math.Floor(document.Duration / interval) + 1 : 0;

        double timeline = rows * (StepFields + (symbols * SymbolFields)) * FieldBytes;
        double events = (rows * ((symbols * TickBytes) + (levels * BookLevelBytes)))
            + (positions * ((rounds * FundingBytes) + PositionEventBytes));
        double reports = FixedBytes + (rows * ChartStepBytes * 2);
        return new OutputEstimate(
            timeline + events + reports + scenarioBytes,
            Invariant($"{positions:N0} positions, {steps:N0} steps, {symbols} symbol{(symbols == 1 ? string.Empty : "s")}"));
    }

    /// <summary>
    /// Refuses the run when the estimate exceeds the space free on the file system of <paramref name="outPath"/>; warns on
    /// standard error when it exceeds half of it. Nothing is checked when the free space cannot be read.
    /// </summary>
    /// <exception cref="CommandException">The estimate exceeds the free space (exit code 4, as a full disk).</exception>
    public void Check(string outPath)
    {
        if (FreeBytes(outPath) is not { } free)
        {
            return;
        }

        if (Bytes > free)
        {
            throw new CommandException(ExitCodes.OutputFailed,
                $"this run writes up to about {MemoryEstimate.Size(Bytes)} to '{outPath}' ({Parts}), more than the {MemoryEstimate.Size(free)} free there; free some space or choose another --out folder.");
        }

        if (Bytes > free / 2)
        {
            Terminal.Error($"warning: this run writes up to about {MemoryEstimate.Size(Bytes)} to '{outPath}' ({Parts}), over half of the {MemoryEstimate.Size(free)} free there.");
        }
    }

    /// <summary>
    /// The space free to this user on the file system of <paramref name="outPath"/> or its nearest existing parent, or
    /// <see langword="null"/> when it cannot be read (the folder's own creation then reports what is wrong).
    /// </summary>
    internal static double? FreeBytes(string outPath)
    {
        if (Environment.GetEnvironmentVariable(FreeBytesVariable) is { Length: > 0 } text)
        {
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) ? bytes : null;
        }

        try
        {
            string? folder = Path.GetFullPath(outPath);
            while (folder is not null && !Directory.Exists(folder))
            {
                folder = Path.GetDirectoryName(folder);
            }

            return folder is null ? null : new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
