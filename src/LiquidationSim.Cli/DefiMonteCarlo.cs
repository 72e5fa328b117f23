using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.DeFi.StabilityPool;
using LiquidationSim.Kernel;
using LiquidationSim.Orleans.Scenarios;
using LiquidationSim.Simulation;
using Spectre.Console;

namespace LiquidationSim.Cli;

/// <summary>The kinds of run a DeFi scenario holds; each has its own Monte Carlo shard file.</summary>
internal enum DefiRunKind
{
    /// <summary>The Aave lending stress run (<see cref="LendingStressSimulation"/>).</summary>
    Lending,

    /// <summary>The Maker Liquidation 2.0 auction run (<see cref="AuctionSimulation"/>).</summary>
    Auction,

    /// <summary>The Liquity stability-pool stress run (<see cref="LiquityStressSimulation"/>).</summary>
    Liquity,

    /// <summary>The Morpho Blue lending stress run (<see cref="MorphoStressSimulation"/>).</summary>
    Morpho,

    /// <summary>The Compound III (Comet) stress run (<see cref="CometStressSimulation"/>).</summary>
    Comet,

    /// <summary>The Compound v2 lending stress run (<see cref="CompoundV2StressSimulation"/>).</summary>
    CompoundV2,
}

/// <summary>Names, figures and shard formats of the <see cref="DefiRunKind"/>s.</summary>
internal static class DefiRunKinds
{
    private static readonly ImmutableArray<string> s_lending = ["liquidations", "debtRepaid", "liquidatorProfit", "badDebt"];

    private static readonly ImmutableArray<string> s_auction =
    [
        "auctions", "takes", "tabTotal", "daiRaised", "tabWrittenOff", "tabRemaining", "badDebt", "recoveryRate", "keeperProfit",
        "collateralSold", "collateralReturned", "incentives", "averageTakeToMarket", "meanDurationSeconds",
    ];

    private static readonly ImmutableArray<string> s_comet =
        ["absorptions", "debtAbsorbed", "collateralSeized", "shortfall", "collateralSold", "baseFromSales", "finalReserves", "minReserves"];

    private static readonly ImmutableArray<string> s_liquity =
        ["liquidations", "debtOffset", "debtRedistributed", "depositorProfit", "gasCompensation", "collateralSurplus", "stepsInRecoveryMode", "finalTcr"];

    /// <summary>"lending", "auction" or "liquity": the section of <c>summary.json</c> and the shard file's prefix.</summary>
    public static string Name(this DefiRunKind kind) => kind switch
    {
        DefiRunKind.Lending => "lending",
        DefiRunKind.Auction => "auction",
        DefiRunKind.Morpho => "morpho",
        DefiRunKind.Comet => "comet",
        DefiRunKind.CompoundV2 => "compoundV2",
        _ => "liquity",
    };

    /// <summary>A heading for reports.</summary>
    public static string Title(this DefiRunKind kind) => kind switch
    {
        DefiRunKind.Lending => "Lending stress",
        DefiRunKind.Auction => "Maker auctions",
        DefiRunKind.Morpho => "Morpho Blue lending stress",
        DefiRunKind.Comet => "Compound III (Comet) stress",
        DefiRunKind.CompoundV2 => "Compound v2 lending stress",
        _ => "Liquity stress",
    };

    /// <summary>The shard's file name in the <c>--out</c> folder.</summary>
    public static string FileName(this DefiRunKind kind) => kind.Name() + "-montecarlo.json";

    /// <summary>The shard's <c>format</c> field.</summary>
    public static string Format(this DefiRunKind kind) => "liqsim-defi-" + kind.Name() + "-montecarlo";

    /// <summary>
    /// Each path's figures, in the order the shard writes them. Lending, Morpho and Compound v2: its <see cref="LendingStressResult"/>. Auction:
    /// its <see cref="AuctionRunResult"/>, rad amounts as DAI and wad amounts as collateral tokens, truncated to the 28
    /// significant digits of <see cref="decimal"/>. Comet: its <see cref="CometStressResult"/>. Liquity: its <see cref="LiquityStressResult"/>.
    /// </summary>
    public static ImmutableArray<string> Figures(this DefiRunKind kind) => kind switch
    {
        DefiRunKind.Lending or DefiRunKind.Morpho or DefiRunKind.CompoundV2 => s_lending,
        DefiRunKind.Comet => s_comet,
        DefiRunKind.Auction => s_auction,
        _ => s_liquity,
    };

    /// <summary>The three figures the console table shows, with their unit.</summary>
    public static (string Figure, string Heading)[] Headline(this DefiRunKind kind, string? debtAsset) => kind switch
    {
        DefiRunKind.Lending or DefiRunKind.Morpho or DefiRunKind.CompoundV2 => [("badDebt", "Bad debt" + Unit(debtAsset)), ("debtRepaid", "Repaid" + Unit(debtAsset)), ("liquidatorProfit", "Liquidator profit" + Unit(debtAsset))],
        DefiRunKind.Comet => [("shortfall", "Shortfall" + Unit(debtAsset)), ("debtAbsorbed", "Absorbed" + Unit(debtAsset)), ("minReserves", "Lowest reserves" + Unit(debtAsset))],
        DefiRunKind.Auction => [("badDebt", "Bad debt (DAI)"), ("recoveryRate", "Recovery rate"), ("keeperProfit", "Keeper profit (DAI)")],
        _ => [("debtRedistributed", "Redistributed (LUSD)"), ("debtOffset", "Offset (LUSD)"), ("depositorProfit", "Depositors' gain (USD)")],
    };

    private static string Unit(string? asset) => asset is null ? string.Empty : " (" + asset + ")";
}

/// <summary>One Monte Carlo path's figures.</summary>
/// <param name="Path">The path index.</param>
/// <param name="Values">The figures, in the order of <see cref="DefiRunKinds.Figures"/>.</param>
internal sealed record DefiPath(long Path, ImmutableArray<decimal> Values)
{
    /// <summary>A lending path.</summary>
    public static DefiPath Of(LendingStressResult r) => new(r.PathIndex, [r.Liquidations, r.DebtRepaid, r.LiquidatorProfit, r.BadDebt]);

    /// <summary>A Comet path.</summary>
    public static DefiPath Of(CometStressResult r) =>
        new(r.PathIndex, [r.Absorptions, r.DebtAbsorbed, r.CollateralSeized, r.Shortfall, r.CollateralSold, r.BaseFromSales, r.FinalReserves, r.MinReserves]);

    /// <summary>A Liquity path.</summary>
    public static DefiPath Of(LiquityStressResult r) =>
        new(r.PathIndex, [r.Liquidations, r.DebtOffset, r.DebtRedistributed, r.DepositorProfit, r.GasCompensation, r.CollateralSurplus, r.StepsInRecoveryMode, r.FinalTcr]);

    /// <summary>An auction path.</summary>
    public static DefiPath Of(AuctionRunResult o) => new(o.PathIndex,
    [
        o.Auctions, o.Takes, DefiCommand.Rad(o.TabTotal), DefiCommand.Rad(o.DaiRaised), DefiCommand.Rad(o.TabWrittenOff), DefiCommand.Rad(o.TabRemaining),
        o.BadDebt, o.RecoveryRate, o.KeeperProfit, DefiCommand.Wad(o.CollateralSold), DefiCommand.Wad(o.CollateralReturned), DefiCommand.Rad(o.Incentives),
        o.AverageTakeToMarket, o.MeanDurationSeconds,
    ]);
}

/// <summary>
/// A DeFi Monte Carlo shard: the per-path figures of paths <c>first</c> … of one run kind of one scenario and seed.
/// Shards of disjoint path ranges merge into the shard of the whole range (<see cref="DefiMerge"/>), byte for byte:
/// path <c>i</c> draws from the seed and <c>i</c> only, so where or beside what it ran does not matter.
/// </summary>
/// <param name="Kind">The run kind.</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="ScenarioSha256">The scenario's fingerprint (<see cref="DefiScenario.Fingerprint"/>).</param>
/// <param name="Seed">The root seed.</param>
/// <param name="Paths">Per-path figures, in path order.</param>
internal sealed record DefiShard(DefiRunKind Kind, string Scenario, string ScenarioSha256, ulong Seed, ImmutableArray<DefiPath> Paths)
{
    /// <summary>The shard as indented JSON ending with a newline.</summary>
    public string ToJson()
    {
        ImmutableArray<string> figures = Kind.Figures();
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Kind.Format());
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("scenario", Scenario);
            w.WriteString("scenarioSha256", ScenarioSha256);
            w.WriteNumber("seed", Seed);
            w.WriteStartArray("paths");
            foreach (DefiPath p in Paths)
            {
                w.WriteStartObject();
                w.WriteNumber("path", p.Path);
                for (int f = 0; f < figures.Length; f++)
                {
                    // Trailing zeros dropped, as the library's own result JSON does, so equal values write equal
                    // text: a figure that crossed a cluster as JSON has lost them, a local one may still carry them.
                    w.WriteNumber(figures[f], decimal.Parse(p.Values[f].ToString("0.############################", CultureInfo.InvariantCulture), NumberStyles.Number, CultureInfo.InvariantCulture));
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// The nearest-rank percentile of figure <paramref name="figure"/> over the paths, the rule of every DeFi Monte Carlo
    /// result (<see cref="LendingMonteCarloResult"/>, and the core's <see cref="MonteCarloResult.Percentile"/>): the value
    /// at rank ⌈p·n⌉ of the n sorted values, the smallest when p is 0.
    /// </summary>
    public decimal Percentile(int figure, decimal p)
    {
        decimal[] sorted = [.. Paths.Select(x => x.Values[figure]).Order()];
        long rank = (long)decimal.Ceiling(p * sorted.Length);
        return sorted[Math.Max(rank, 1L) - 1];
    }

    /// <summary>Reads a shard file of any run kind.</summary>
    /// <exception cref="CommandException">The file is missing, unreadable or not a DeFi shard (exit code 3).</exception>
    public static DefiShard Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CommandException(ExitCodes.InvalidInput, $"shard file '{path}' does not exist.");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            string? format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out JsonElement f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            DefiRunKind[] kinds = Enum.GetValues<DefiRunKind>();
            if (kinds.Where(k => k.Format() == format).ToArray() is not [DefiRunKind kind])
            {
                throw new CommandException(ExitCodes.InvalidInput,
                    $"'{path}' is not a DeFi Monte Carlo shard (its \"format\" is none of {string.Join(", ", kinds.Select(k => "\"" + k.Format() + "\""))}); write one with liqsim defi --paths N --out DIR.");
            }

            ImmutableArray<string> figures = kind.Figures();
            var paths = ImmutableArray.CreateBuilder<DefiPath>();
            foreach (JsonElement p in root.GetProperty("paths").EnumerateArray())
            {
                var values = ImmutableArray.CreateBuilder<decimal>(figures.Length);
                foreach (string figure in figures)
                {
                    values.Add(p.TryGetProperty(figure, out JsonElement v)
                        ? v.GetDecimal()
                        : throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"$.paths[{paths.Count}].{figure} is missing.")));
                }

                paths.Add(new DefiPath(p.GetProperty("path").GetInt64(), values.MoveToImmutable()));
            }

            return new DefiShard(kind, root.GetProperty("scenario").GetString()!, root.GetProperty("scenarioSha256").GetString()!, root.GetProperty("seed").GetUInt64(), paths.ToImmutable());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"'{path}' is not a readable DeFi Monte Carlo shard: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"cannot read shard file '{path}': {e.Message}");
        }
    }
}

/// <summary><c>liqsim defi --paths N</c>: a Monte Carlo of each of the scenario's runs (lending, Morpho, Compound v2, Comet, auction, Liquity).</summary>
internal static class DefiMonteCarlo
{
    /// <summary>
    /// Runs paths <paramref name="firstPath"/> to <paramref name="firstPath"/> + <paramref name="count"/> − 1 of each run
    /// the scenario has and reports them; path 0 of each is the run <c>liqsim defi</c> makes without <c>--paths</c>.
    /// </summary>
    public static int Run(DefiScenario scenario, string? output, bool force, long firstPath, int count, int threads, CancellationToken cancellationToken, DefiClusterTarget? cluster = null)
    {
        var clock = Stopwatch.StartNew();
        using OutputFolder? folder = output is null ? null : OutputFolder.Create(output, force);
        IAnsiConsole console = Terminal.Out;
        console.MarkupLine($"[bold]liqsim defi --paths {count}[/]: Monte Carlo of {Markup.Escape(scenario.Name)}");
        console.WriteLine(cluster is null
            ? string.Create(CultureInfo.InvariantCulture, $"  paths {firstPath:N0} to {firstPath + count - 1:N0} on {threads} thread{(threads == 1 ? string.Empty : "s")}, seed {scenario.Seed}")
            : string.Create(CultureInfo.InvariantCulture, $"  paths {firstPath:N0} to {firstPath + count - 1:N0} on the cluster at {cluster.Connection.Text}, seed {scenario.Seed}"));
        List<DefiShard> shards = [.. Shards(scenario, firstPath, count, threads, cancellationToken, cluster)];
        foreach (DefiShard shard in shards)
        {
            folder?.WriteText(shard.Kind.FileName(), shard.ToJson());
            Report(console, shard, shard.Kind switch
            {
                DefiRunKind.Lending => scenario.Lending!.Scenario.DebtAsset,
                DefiRunKind.Morpho => scenario.Morpho!.Scenario.Market.Parameters.LoanToken,
                DefiRunKind.Comet => scenario.Comet!.Scenario.Market.BaseToken,
                DefiRunKind.CompoundV2 => scenario.CompoundV2!.Scenario.BorrowMarket,
                _ => null,
            });
        }

        folder?.WriteText(DefiCommand.Files.Report, DefiReport.MonteCarlo(scenario.Name, shards));
        folder?.Complete();
        ConsoleReport.Files(console, folder, DefiCommand.Files.Report);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ran {count:N0} paths of {shards.Count} run{(shards.Count == 1 ? string.Empty : "s")} in {clock.Elapsed.TotalSeconds:0.0} s."));
        return ExitCodes.Success;
    }

    /// <summary>
    /// The shards of each run the scenario has, in the order lending, Morpho, Compound v2, Comet, auction, Liquity; run
    /// here, or on <paramref name="cluster"/> with the same results.
    /// </summary>
    internal static IEnumerable<DefiShard> Shards(DefiScenario scenario, long firstPath, int count, int threads, CancellationToken cancellationToken, DefiClusterTarget? cluster = null)
    {
        MonteCarloOptions options = MonteCarloOptions.Paths(firstPath, count) with { DegreeOfParallelism = threads };
        if (scenario.Lending is { } lending)
        {
            LendingMonteCarloResult r = cluster is null
                ? LendingStressSimulation.RunMonteCarlo(lending.Scenario, options, cancellationToken)
                : cluster.Run(ClusterScenario.AaveLending, options, cancellationToken);
            yield return Shard(DefiRunKind.Lending, [.. r.Paths.Select(DefiPath.Of)]);
        }

        if (scenario.Morpho is { } morpho)
        {
            LendingMonteCarloResult r = cluster is null
                ? MorphoStressSimulation.RunMonteCarlo(morpho.Scenario, options, cancellationToken)
                : cluster.Run(ClusterScenario.MorphoLending, options, cancellationToken);
            yield return Shard(DefiRunKind.Morpho, [.. r.Paths.Select(DefiPath.Of)]);
        }

        if (scenario.CompoundV2 is { } compoundV2)
        {
            LendingMonteCarloResult r = cluster is null
                ? CompoundV2StressSimulation.RunMonteCarlo(compoundV2.Scenario, options, cancellationToken)
                : cluster.Run(ClusterScenario.CompoundV2Lending, options, cancellationToken);
            yield return Shard(DefiRunKind.CompoundV2, [.. r.Paths.Select(DefiPath.Of)]);
        }

        if (scenario.Comet is { } comet)
        {
            CometMonteCarloResult r = cluster is null
                ? CometStressSimulation.RunMonteCarlo(comet.Scenario, options, cancellationToken)
                : cluster.Run(ClusterScenario.Comet, options, cancellationToken);
            yield return Shard(DefiRunKind.Comet, [.. r.Paths.Select(DefiPath.Of)]);
        }

        if (scenario.Auction is { } auction)
        {
            AuctionMonteCarloResult r = cluster is null
                ? AuctionSimulation.RunMonteCarlo(auction.Scenario, options, cancellationToken)
                : cluster.Run(ClusterScenario.MakerAuction, options, cancellationToken);
            yield return Shard(DefiRunKind.Auction, [.. r.Paths.Select(DefiPath.Of)]);
        }

        if (scenario.Liquity is { } liquity)
        {
            LiquityMonteCarloResult r = cluster is null
                ? LiquityStressSimulation.RunMonteCarlo(liquity.Scenario, options, cancellationToken)
                : cluster.Run(ClusterScenario.Liquity, options, cancellationToken);
            yield return Shard(DefiRunKind.Liquity, [.. r.Paths.Select(DefiPath.Of)]);
        }

        DefiShard Shard(DefiRunKind kind, ImmutableArray<DefiPath> paths) => new(kind, scenario.Name, scenario.Fingerprint, scenario.Seed, paths);
    }

    /// <summary>Prints the percentiles of a shard's headline figures.</summary>
    public static void Report(IAnsiConsole console, DefiShard shard, string? debtAsset)
    {
        (string Figure, string Heading)[] headline = shard.Kind.Headline(debtAsset);
        var table = new Table().Title($"[bold]{Markup.Escape(shard.Kind.Title())} over the paths[/]").AddColumn("Percentile");
        foreach ((_, string heading) in headline)
        {
            table.AddColumn(new TableColumn(Markup.Escape(heading)).RightAligned());
        }

        foreach ((string label, decimal p) in (ReadOnlySpan<(string, decimal)>)[("p50", 0.5m), ("p95", 0.95m), ("p99", 0.99m), ("max", 1m)])
        {
            table.AddRow([label, .. headline.Select(h => Cell(shard, h.Figure, p))]);
        }

        console.Write(table);
    }

    private static string Cell(DefiShard shard, string figure, decimal p)
    {
        decimal value = shard.Percentile(shard.Kind.Figures().IndexOf(figure), p);
        return figure == "recoveryRate" ? value.ToString("P2", CultureInfo.InvariantCulture) : ConsoleReport.D(value, 0);
    }
}

/// <summary><c>liqsim defi merge</c>: combines Monte Carlo shards of one run kind, scenario and seed.</summary>
internal static class DefiMerge
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var shards = new Argument<string[]>("SHARD")
        {
            Description = "lending-montecarlo.json, auction-montecarlo.json or liquity-montecarlo.json files written by liqsim defi --paths (one kind at a time), in any order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Write the merged shard here (it can be merged again).",
            HelpName = "FILE",
        };
        var report = new Option<string?>("--report")
        {
            Description = "Write an HTML report of the merged shard here.",
            HelpName = "FILE",
        };
        var command = new Command("merge", "Combine DeFi Monte Carlo shards of one run of one scenario (disjoint path ranges, same seed) into the shard of running them all at once.")
        {
            shards, output, report,
        };
        command.SetAction(parsed => Merge(parsed.GetValue(shards) ?? [], parsed.GetValue(output), parsed.GetValue(report)));
        return command;
    }

    /// <summary>The shard of all the paths of <paramref name="shards"/>, which must be of one kind, scenario and seed, with disjoint paths.</summary>
    /// <exception cref="CommandException">The shards do not belong together (exit code 3), naming the file.</exception>
    internal static DefiShard Combine(IReadOnlyList<DefiShard> shards, IReadOnlyList<string> files)
    {
        for (int i = 1; i < shards.Count; i++)
        {
            if (shards[i].Kind != shards[0].Kind)
            {
                throw new CommandException(ExitCodes.InvalidInput,
                    $"'{files[i]}' is a {shards[i].Kind.Name()} shard, '{files[0]}' a {shards[0].Kind.Name()} shard; merge the shards of one run at a time.");
            }

            if (shards[i].Seed != shards[0].Seed)
            {
                throw new CommandException(ExitCodes.InvalidInput, string.Create(CultureInfo.InvariantCulture,
                    $"'{files[i]}' was run with seed {shards[i].Seed}, '{files[0]}' with {shards[0].Seed}; shards of one run share its seed."));
            }

            if (shards[i].ScenarioSha256 != shards[0].ScenarioSha256)
            {
                throw new CommandException(ExitCodes.InvalidInput,
                    $"'{files[i]}' was run on a different scenario ('{shards[i].Scenario}') from '{files[0]}' ('{shards[0].Scenario}'); only shards of one scenario merge.");
            }
        }

        DefiPath[] all = [.. shards.SelectMany(s => s.Paths).OrderBy(p => p.Path)];
        for (int i = 1; i < all.Length; i++)
        {
            if (all[i].Path == all[i - 1].Path)
            {
                throw new CommandException(ExitCodes.InvalidInput, string.Create(CultureInfo.InvariantCulture,
                    $"path {all[i].Path} is in more than one shard; shards must cover disjoint path ranges."));
            }
        }

        return shards[0] with { Paths = [.. all] };
    }

    private static int Merge(string[] files, string? output, string? report)
    {
        DefiShard[] shards = [.. files.Select(DefiShard.Read)];
        DefiShard merged = Combine(shards, files);
        IAnsiConsole console = Terminal.Out;
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]liqsim defi merge[/]: {shards.Length} {merged.Kind.Name()} shard{(shards.Length == 1 ? string.Empty : "s")}, {merged.Paths.Length:N0} paths of {Markup.Escape(merged.Scenario)}"));
        DefiMonteCarlo.Report(console, merged, null);
        if (output is not null)
        {
            OutputFolder.WriteFile(output, merged.ToJson());
            console.WriteLine($"Wrote {output}");
        }

        if (report is not null)
        {
            OutputFolder.WriteFile(report, DefiReport.MonteCarlo(merged.Scenario, [merged]));
            console.WriteLine($"Wrote {report}");
        }

        return ExitCodes.Success;
    }
}

/// <summary>
/// Where <c>liqsim defi --paths N --cluster CONNECTION</c> runs its paths: a cluster of <c>liqsim silo</c>s, given the
/// scenario file's JSON and the <c>--seed</c> override, from which each run's cluster scenario is made (the silos
/// check it by its SHA-256).
/// </summary>
/// <param name="Connection">The cluster.</param>
/// <param name="ScenarioJson">The DeFi scenario file's text (the embedded default's without <c>--scenario</c>).</param>
/// <param name="Seed">The seed replacing the file's, or null.</param>
internal sealed record DefiClusterTarget(ClusterConnection Connection, string ScenarioJson, ulong? Seed)
{
    /// <summary>
    /// Runs one of the scenario's runs on the cluster (one client connection per run) and returns its result, equal to
    /// the local run's.
    /// </summary>
    /// <exception cref="CommandException">The run cannot go to a cluster, the cluster is unreachable or refuses it.</exception>
    public TResult Run<TResult>(Func<string, ulong?, ClusterScenario<TResult>> factory, MonteCarloOptions options, CancellationToken cancellationToken)
        where TResult : class, IMonteCarloResult<TResult>
    {
        ClusterScenario<TResult> scenario;
        try
        {
            scenario = factory(ScenarioJson, Seed);
        }
        catch (ClusterScenarioException e)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"the DeFi scenario cannot run on a cluster: {e.Message}");
        }

        return ClusterRun.Connect(Connection, runner => runner.RunAsync(scenario, options, cancellationToken), cancellationToken);
    }
}
