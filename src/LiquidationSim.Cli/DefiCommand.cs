using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.DeFi.StabilityPool;
using LiquidationSim.Kernel;
using Spectre.Console;

namespace LiquidationSim.Cli;

/// <summary>
/// <c>liqsim defi</c>: a DeFi scenario file's lending stress runs (Aave v3, Morpho Blue), Maker Liquidation 2.0 auction
/// run and Liquity stress run (those it has) — the embedded default unless <c>--scenario</c> — or a Monte Carlo of each of them.
/// </summary>
internal static class DefiCommand
{
    /// <summary>File names written into the <c>--out</c> folder.</summary>
    public static class Files
    {
        /// <summary>The lending run, one CSV row per step.</summary>
        public const string LendingTimeline = "lending-timeline.csv";

        /// <summary>The lending run's liquidations, one CSV row each.</summary>
        public const string LendingLiquidations = "lending-liquidations.csv";

        /// <summary>The Morpho Blue lending run, one CSV row per step (the lending timeline's columns).</summary>
        public const string MorphoTimeline = "morpho-timeline.csv";

        /// <summary>The Morpho Blue run's liquidations, one CSV row each (the lending liquidations' columns).</summary>
        public const string MorphoLiquidations = "morpho-liquidations.csv";

        /// <summary>The Morpho Blue run's chart, SVG.</summary>
        public const string MorphoChart = "morpho-chart.svg";

        /// <summary>The Compound v2 lending run, one CSV row per step (the lending timeline's columns).</summary>
        public const string CompoundV2Timeline = "compoundV2-timeline.csv";

        /// <summary>The Compound v2 run's liquidations, one CSV row each (the lending liquidations' columns).</summary>
        public const string CompoundV2Liquidations = "compoundV2-liquidations.csv";

        /// <summary>The Compound v2 run's chart, SVG.</summary>
        public const string CompoundV2Chart = "compoundV2-chart.svg";

        /// <summary>The Comet run, one CSV row per step.</summary>
        public const string CometTimeline = "comet-timeline.csv";

        /// <summary>The Comet run's absorptions, one CSV row each.</summary>
        public const string CometAbsorptions = "comet-absorptions.csv";

        /// <summary>The Comet run's chart, SVG.</summary>
        public const string CometChart = "comet-chart.svg";

        /// <summary>The auction run, one CSV row per step.</summary>
        public const string AuctionTimeline = "auction-timeline.csv";

        /// <summary>The Liquity run, one CSV row per step.</summary>
        public const string LiquityTimeline = "liquity-timeline.csv";

        /// <summary>The runs' events, JSON Lines: lending liquidations, the auction log, then trove liquidations.</summary>
        public const string Events = "events.jsonl";

        /// <summary>The totals of the runs, JSON.</summary>
        public const string Summary = "summary.json";

        /// <summary>The lending run's chart, SVG.</summary>
        public const string LendingChart = "lending-chart.svg";

        /// <summary>The auction run's chart, SVG.</summary>
        public const string AuctionChart = "auction-chart.svg";

        /// <summary>The Liquity run's chart, SVG.</summary>
        public const string LiquityChart = "liquity-chart.svg";

        /// <summary>The self-contained HTML report: the runs' headline figures, charts and totals (Monte Carlo: the percentiles of each run's figures).</summary>
        public const string Report = "report.html";
    }

    /// <summary>The command, its options and its subcommands.</summary>
    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario", "-s")
        {
            Description = "DeFi scenario JSON file (fields: " + Docs.PathOf(Docs.DefiReference) + ", shipped with the tool). Without it, the embedded default (print it with 'liqsim defi scenario').",
            HelpName = "FILE",
        };
        var seed = new Option<ulong?>("--seed")
        {
            Description = "Seed replacing the scenario's: the borrower and vault populations, the price paths and the keepers' order.",
            HelpName = "SEED",
            CustomParser = r => RunCommand.WholeNumber(r, 0UL),
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Folder for each run's CSV files and chart (lending-, morpho-, auction-, liquity-timeline.csv, lending-, morpho- and compoundV2-liquidations.csv, compoundV2-timeline.csv, comet-timeline.csv, comet-absorptions.csv, *-chart.svg, for the runs the scenario has), events.jsonl, summary.json and report.html (Monte Carlo: one *-montecarlo.json shard per run and report.html).",
            HelpName = "DIR",
        };
        var paths = new Option<int?>("--paths", "-n")
        {
            Description = "Run a Monte Carlo of this many paths of each of the scenario's runs instead of one run of each (path 0 is that one run).",
            HelpName = "N",
            CustomParser = r => RunCommand.WholeNumber(r, 1),
        };
        var firstPath = new Option<long>("--first-path")
        {
            Description = "First path index of a Monte Carlo shard (paths FIRST to FIRST+N-1; merge shards with 'liqsim defi merge').",
            HelpName = "FIRST",
            DefaultValueFactory = _ => 0,
            CustomParser = r => RunCommand.WholeNumber(r, 0L) ?? 0,
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Monte Carlo paths run at once (results do not depend on it).",
            HelpName = "N",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            CustomParser = r => RunCommand.WholeNumber(r, 1) ?? 1,
        };
        Option<bool> force = OutputFolder.ForceOption();
        Option<long?> maxMemory = MemoryEstimate.MaxMemoryOption();
        Option<string?> cluster = ClusterRun.Option();
        var command = new Command("defi", "Run a DeFi scenario (the embedded default unless --scenario): an Aave v3 lending stress with liquidators selling into a pool that feeds the oracle, and MakerDAO Dutch auctions with competing keepers, or a file's Morpho Blue and Compound v2 lending stresses, Compound III (Comet) stress and Liquity stability-pool stress; --out writes CSV timelines, JSON Lines events, a JSON summary, SVG charts and an HTML report; --paths runs a Monte Carlo of each run.")
        {
            scenario, seed, output, force, paths, firstPath, threads, maxMemory, cluster,
        };
        command.Subcommands.Add(PrintDefault());
        command.Subcommands.Add(DefiMerge.Create());
        command.SetAction((parsed, cancellationToken) =>
        {
            if (parsed.GetValue(paths) is null && parsed.GetResult(firstPath) is { Implicit: false })
            {
                throw new CommandException(ExitCodes.Usage, "--first-path picks a Monte Carlo shard; give --paths too.");
            }

            if (parsed.GetValue(paths) is null && parsed.GetValue(cluster) is not null)
            {
                throw new CommandException(ExitCodes.Usage, "--cluster runs a Monte Carlo's paths on a cluster; give --paths too.");
            }

            DefiScenario loaded = Load(parsed.GetValue(scenario), parsed.GetValue(seed));
            DefiClusterTarget? target = parsed.GetValue(cluster) is { } connection
                ? new DefiClusterTarget(ClusterConnection.Parse(connection), ScenarioText(parsed.GetValue(scenario)), parsed.GetValue(seed))
                : null;
            if (parsed.GetValue(paths) is { } count)
            {
                int runs = new object?[] { loaded.Lending, loaded.Morpho, loaded.CompoundV2, loaded.Comet, loaded.Auction, loaded.Liquity }.Count(r => r is not null);
                MemoryEstimate.ForDefiPaths(runs, count).Check(parsed.GetValue(maxMemory));
            }

            string? output1 = parsed.GetValue(output);
            return Task.FromResult(parsed.GetValue(paths) is { } n
                ? DefiMonteCarlo.Run(loaded, output1, parsed.GetValue(force), parsed.GetValue(firstPath), n, parsed.GetValue(threads), cancellationToken, target)
                : Run(loaded, output1, parsed.GetValue(force), cancellationToken));
        });
        return command;
    }

    /// <summary>Loads the file at <paramref name="path"/>, or the embedded default when it is null.</summary>
    /// <exception cref="CommandException">The file is missing, unreadable or invalid (exit code 3, every problem with its JSON path).</exception>
    internal static DefiScenario Load(string? path, ulong? seed)
    {
        if (path is null)
        {
            return DefiScenarioJson.LoadDefault(seed);
        }

        if (!File.Exists(path))
        {
            throw new CommandException(ExitCodes.InvalidInput, $"DeFi scenario file '{path}' does not exist.");
        }

        try
        {
            using FileStream stream = File.OpenRead(path);
            return DefiScenarioJson.Load(stream, seed);
        }
        catch (ScenarioValidationException e)
        {
            var b = new StringBuilder();
            b.Append(CultureInfo.InvariantCulture, $"'{path}' is not a valid DeFi scenario ({e.Problems.Length} problem{(e.Problems.Length == 1 ? string.Empty : "s")}; the fields are described in {Docs.PathOf(Docs.DefiReference)}):");
            foreach (ScenarioProblem p in e.Problems)
            {
                b.Append(CultureInfo.InvariantCulture, $"\n  {p.Path}: {p.Message}");
            }

            throw new CommandException(ExitCodes.InvalidInput, b.ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"cannot read DeFi scenario file '{path}': {e.Message}");
        }
    }

    /// <summary>The scenario's JSON text as a cluster receives it: the file's, or the embedded default's.</summary>
    private static string ScenarioText(string? path) => path is null ? DefiScenarioJson.DefaultJson : File.ReadAllText(path);

    private static Command PrintDefault()
    {
        var command = new Command("scenario", "Print the embedded default DeFi scenario file (a starting point for --scenario).");
        command.SetAction(_ =>
        {
            Console.Out.Write(DefiScenarioJson.DefaultJson.ReplaceLineEndings("\n") + "\n");
            return ExitCodes.Success;
        });
        return command;
    }

    private static int Run(DefiScenario scenario, string? output, bool force, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        IAnsiConsole console = Terminal.Out;
        using OutputFolder? folder = output is null ? null : OutputFolder.Create(output, force);
        var events = new StringBuilder();
        var summary = new DefiSummaryWriter(scenario);
        var charts = new List<(string Run, string File, DefiChart Chart)>();

        if (scenario.Lending is { } lending)
        {
            charts.Add(("lending", Files.LendingChart, RunLending(console, lending, folder, events, summary, cancellationToken)));
        }

        if (scenario.Morpho is { } morpho)
        {
            if (scenario.Lending is not null)
            {
                console.WriteLine();
            }

            charts.Add(("morpho", Files.MorphoChart, RunMorpho(console, morpho, folder, events, summary, cancellationToken)));
        }

        if (scenario.CompoundV2 is { } compoundV2)
        {
            if (scenario.Lending is not null || scenario.Morpho is not null)
            {
                console.WriteLine();
            }

            charts.Add(("compoundV2", Files.CompoundV2Chart, RunCompoundV2(console, compoundV2, folder, events, summary, cancellationToken)));
        }

        if (scenario.Comet is { } comet)
        {
            if (scenario.Lending is not null || scenario.Morpho is not null || scenario.CompoundV2 is not null)
            {
                console.WriteLine();
            }

            charts.Add(("comet", Files.CometChart, RunComet(console, comet, folder, events, summary, cancellationToken)));
        }

        if ((scenario.Lending is not null || scenario.Morpho is not null || scenario.CompoundV2 is not null || scenario.Comet is not null) && scenario.Auction is not null)
        {
            console.WriteLine();
        }

        if (scenario.Auction is { } auction)
        {
            charts.Add(("auction", Files.AuctionChart, RunAuction(console, auction, scenario.Seed, folder, events, summary)));
        }

        if (scenario.Liquity is { } liquity)
        {
            if (scenario.Lending is not null || scenario.Morpho is not null || scenario.CompoundV2 is not null || scenario.Comet is not null || scenario.Auction is not null)
            {
                console.WriteLine();
            }

            charts.Add(("liquity", Files.LiquityChart, RunLiquity(console, liquity, folder, events, summary, cancellationToken)));
        }

        if (folder is not null)
        {
            string summaryJson = summary.ToJson();
            folder.WriteText(Files.Events, events.ToString());
            folder.WriteText(Files.Summary, summaryJson);
            var svgs = new List<(string Run, string Svg)>();
            foreach ((string run, string file, DefiChart chart) in charts)
            {
                string svg = chart.ToSvg();
                folder.WriteText(file, svg);
                svgs.Add((run, svg));
            }

            folder.WriteText(Files.Report, DefiReport.Runs(scenario, summaryJson, svgs));
            folder.Complete();
        }

        ConsoleReport.Files(console, folder, Files.Report);
        string[] runs = [.. new[] { scenario.Lending is null ? null : "the lending stress", scenario.Morpho is null ? null : "the Morpho Blue stress", scenario.CompoundV2 is null ? null : "the Compound v2 stress", scenario.Comet is null ? null : "the Comet stress", scenario.Auction is null ? null : "the auctions", scenario.Liquity is null ? null : "the Liquity stress" }.OfType<string>()];
        string ran = runs.Length == 1 ? runs[0] : string.Join(", ", runs[..^1]) + " and " + runs[^1];
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ran {ran} in {clock.Elapsed.TotalSeconds:0.0} s (seed {scenario.Seed})."));
        return ExitCodes.Success;
    }

    private static DefiChart RunLending(IAnsiConsole console, DefiLendingRun lending, OutputFolder? folder, StringBuilder eventsJson, DefiSummaryWriter summary, CancellationToken cancellationToken)
    {
        LendingStressScenario scenario = lending.Scenario;
        LendingStressSimulation run = LendingStressSimulation.Create(scenario);
        var stress = new LendingStressRun(
            "lending", $"Aave {VersionLabel(lending.Version)} lending stress", lending.Description.IsEmpty ? [DescribeLending(scenario)] : lending.Description,
            scenario.CollateralAsset, scenario.DebtAsset, scenario.Step, run.TotalSteps, run.NextStep, Files.LendingTimeline, Files.LendingLiquidations);
        (DefiChart chart, LendingStressResult result) = RunStress(console, stress, folder, eventsJson, cancellationToken);
        summary.Lending(result, run.TotalSteps);
        return chart;
    }

    private static DefiChart RunMorpho(IAnsiConsole console, DefiMorphoRun morpho, OutputFolder? folder, StringBuilder eventsJson, DefiSummaryWriter summary, CancellationToken cancellationToken)
    {
        MorphoStressScenario scenario = morpho.Scenario;
        MorphoStressSimulation run = MorphoStressSimulation.Create(scenario);
        MorphoMarketParams market = scenario.Market.Parameters;
        var stress = new LendingStressRun(
            "morpho", "Morpho Blue lending stress", morpho.Description.IsEmpty ? [DescribeMorpho(scenario)] : morpho.Description,
            market.CollateralToken, market.LoanToken, scenario.Step, run.TotalSteps, run.NextStep, Files.MorphoTimeline, Files.MorphoLiquidations);
        (DefiChart chart, LendingStressResult result) = RunStress(console, stress, folder, eventsJson, cancellationToken);
        summary.Morpho(result, run.TotalSteps);
        return chart;
    }

    private static DefiChart RunCompoundV2(IAnsiConsole console, DefiCompoundV2Run compoundV2, OutputFolder? folder, StringBuilder eventsJson, DefiSummaryWriter summary, CancellationToken cancellationToken)
    {
        CompoundV2StressScenario scenario = compoundV2.Scenario;
        CompoundV2StressSimulation run = CompoundV2StressSimulation.Create(scenario);
        var stress = new LendingStressRun(
            "compoundV2", "Compound v2 lending stress", compoundV2.Description.IsEmpty ? [DescribeCompoundV2(scenario)] : compoundV2.Description,
            scenario.CollateralMarket, scenario.BorrowMarket, scenario.Step, run.TotalSteps, run.NextStep, Files.CompoundV2Timeline, Files.CompoundV2Liquidations);
        (DefiChart chart, LendingStressResult result) = RunStress(console, stress, folder, eventsJson, cancellationToken);
        summary.CompoundV2(result, run.TotalSteps);
        return chart;
    }

    /// <summary>A lending stress run (Aave, Morpho Blue or Compound v2) as the console table, the CSV files and the chart see it.</summary>
    private sealed record LendingStressRun(
        string Run, string Title, IEnumerable<string> Description, string Collateral, string Debt, TimeSpan Step, long TotalSteps,
        Func<LendingStressStep> NextStep, string TimelineFile, string LiquidationsFile);

    private static (DefiChart Chart, LendingStressResult Result) RunStress(IAnsiConsole console, LendingStressRun stress, OutputFolder? folder, StringBuilder eventsJson, CancellationToken cancellationToken)
    {
        string debt = stress.Debt;
        console.MarkupLine($"[bold]liqsim defi[/]: {Markup.Escape(stress.Title)}");
        foreach (string line in stress.Description)
        {
            console.WriteLine("  " + line);
        }

        DefiChart chart = DefiChart.Lending(stress.Run, stress.Collateral, debt);
        long rowEvery = Math.Max(1, stress.TotalSteps / 12);
        var lendingCsv = new StringBuilder("step,external_price,pool_price,oracle_price,liquidations,debt_repaid,liquidator_profit,bad_debt,at_risk\n");
        var eventsCsv = new StringBuilder("step,account,health_factor_before,debt_repaid,collateral_seized,protocol_fee,proceeds,profit,deficit\n");
        var table = new Table().Title($"[bold]{Markup.Escape(stress.Run switch { "lending" => "Lending", "compoundV2" => "Compound v2", _ => "Morpho Blue" })} stress, every {Markup.Escape(Every(stress.Step * rowEvery))}[/]").AddColumn("Hour");
        foreach (string c in (string[])["External", "Pool", "Oracle", "Liquidations", $"Repaid ({debt})", $"Profit ({debt})", "Bad debt", "At risk"])
        {
            table.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned());
        }

        long liquidations = 0;
        decimal repaid = 0, profit = 0, badDebt = 0;
        int window = 0;
        decimal windowRepaid = 0, windowProfit = 0;
        for (long k = 0; k < stress.TotalSteps; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LendingStressStep s = stress.NextStep();
            liquidations += s.Liquidations;
            repaid += s.DebtRepaid;
            profit += s.LiquidatorProfit;
            badDebt = s.BadDebt;
            window += s.Liquidations;
            windowRepaid += s.DebtRepaid;
            windowProfit += s.LiquidatorProfit;
            chart.Add(stress.Step * s.Index, s.ExternalPrice, s.OraclePrice, s.PoolPrice, s.Liquidations, s.DebtRepaid, 0m, profit, s.BadDebt);
            lendingCsv.Append(CultureInfo.InvariantCulture, $"{s.Index},{s.ExternalPrice},{s.PoolPrice},{s.OraclePrice},{s.Liquidations},{s.DebtRepaid},{s.LiquidatorProfit},{s.BadDebt},{s.AtRisk}\n");
            foreach (LendingLiquidationEvent e in s.Events)
            {
                eventsCsv.Append(CultureInfo.InvariantCulture, $"{e.Step},{e.Account},{e.HealthFactorBefore},{e.DebtRepaid},{e.CollateralSeized},{e.ProtocolFee},{e.Proceeds},{e.Profit},{e.Deficit}\n");
                DefiEventJson.AppendLending(eventsJson, stress.Run, e);
            }

            if (s.Index % rowEvery == 0)
            {
                decimal hours = (decimal)(stress.Step.Ticks * s.Index) / TimeSpan.TicksPerHour;
                table.AddRow(
                    hours.ToString("0.##", CultureInfo.InvariantCulture), ConsoleReport.D(s.ExternalPrice, 1), ConsoleReport.D(s.PoolPrice, 1), ConsoleReport.D(s.OraclePrice, 1),
                    ConsoleReport.N(window), ConsoleReport.D(windowRepaid, 0), ConsoleReport.D(windowProfit, 0), ConsoleReport.D(s.BadDebt, 0), ConsoleReport.N(s.AtRisk));
                window = 0;
                windowRepaid = windowProfit = 0;
            }
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {liquidations:N0} liquidation calls repaid {repaid:N0} {debt}; liquidators kept {profit:N0} {debt} after slippage and gas; bad debt {badDebt:N0} {debt}."));
        folder?.WriteText(stress.TimelineFile, lendingCsv.ToString());
        folder?.WriteText(stress.LiquidationsFile, eventsCsv.ToString());
        return (chart, new LendingStressResult(0, liquidations, repaid, profit, badDebt));
    }

    private static DefiChart RunComet(IAnsiConsole console, DefiCometRun comet, OutputFolder? folder, StringBuilder eventsJson, DefiSummaryWriter summary, CancellationToken cancellationToken)
    {
        CometStressScenario scenario = comet.Scenario;
        string baseToken = scenario.Market.BaseToken;
        string collateral = scenario.Market.Assets[0].Asset;
        console.MarkupLine("[bold]liqsim defi[/]: Compound III (Comet) stress (absorb, buyCollateral)");
        foreach (string line in comet.Description.IsEmpty ? [DescribeComet(scenario)] : comet.Description)
        {
            console.WriteLine("  " + line);
        }

        CometStressSimulation run = CometStressSimulation.Create(scenario);
        DefiChart chart = DefiChart.Comet(collateral, baseToken);
        long rowEvery = Math.Max(1, run.TotalSteps / 12);
        var csv = new StringBuilder("step,price,absorbed,debt_absorbed,collateral_seized,shortfall,collateral_sold,base_from_sales,reserves,collateral_reserves,borrowers\n");
        var absorptionsCsv = new StringBuilder("step,account,account_id,debt_absorbed,collateral_seized,collateral_value_usd,delta_balance,surplus,shortfall\n");
        var table = new Table().Title($"[bold]Comet stress, every {Markup.Escape(Every(scenario.Step * rowEvery))}[/]").AddColumn("Hour");
        foreach (string c in (string[])["Price", "Absorbed", $"Debt ({baseToken})", $"Sold ({collateral})", $"Reserves ({baseToken})", "Borrowers"])
        {
            table.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned());
        }

        int baseDecimals = scenario.Market.BaseDecimals, collateralDecimals = scenario.Market.Assets[0].Decimals;
        int window = 0;
        decimal windowDebt = 0, windowSold = 0, shortfall = 0;
        while (run.StepsRun < run.TotalSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CometStressStep s = run.NextStep();
            window += s.Absorbed;
            windowDebt += s.DebtAbsorbed;
            windowSold += s.CollateralSold;
            shortfall += s.Shortfall;
            chart.Add(scenario.Step * s.Index, s.Price, s.Price, s.Price, s.Absorbed, s.DebtAbsorbed, 0m, s.Reserves, shortfall);
            csv.Append(CultureInfo.InvariantCulture,
                $"{s.Index},{s.Price},{s.Absorbed},{s.DebtAbsorbed},{s.CollateralSeized},{s.Shortfall},{s.CollateralSold},{s.BaseFromSales},{s.Reserves},{s.CollateralReserves},{s.Borrowers}\n");
            foreach (CometStressAbsorption e in s.Absorptions)
            {
                CometAbsorption a = e.Absorption;
                UInt256 seized = a.Seized.IsEmpty ? UInt256.Zero : a.Seized[0].Amount;
                absorptionsCsv.Append(CultureInfo.InvariantCulture,
                    $"{e.Step},{e.Account},{a.AccountId},{a.DebtAbsorbed.ToDecimal(baseDecimals, MidpointRounding.ToZero)},{seized.ToDecimal(collateralDecimals, MidpointRounding.ToZero)},{CometDecimal.Usd(a.CollateralValue)},{a.DeltaBalance.ToDecimal(baseDecimals, MidpointRounding.ToZero)},{a.Surplus.ToDecimal(baseDecimals, MidpointRounding.ToZero)},{a.Shortfall.ToDecimal(baseDecimals, MidpointRounding.ToZero)}\n");
                DefiEventJson.AppendCometAbsorption(eventsJson, e);
            }

            if (s.Sale is { } sale)
            {
                DefiEventJson.AppendCometSale(eventsJson, sale);
            }

            if (s.Index % rowEvery == 0)
            {
                decimal hours = (decimal)(scenario.Step.Ticks * s.Index) / TimeSpan.TicksPerHour;
                table.AddRow(
                    hours.ToString("0.##", CultureInfo.InvariantCulture), ConsoleReport.D(s.Price, 1), ConsoleReport.N(window), ConsoleReport.D(windowDebt, 0),
                    ConsoleReport.D(windowSold, 2), ConsoleReport.D(s.Reserves, 0), ConsoleReport.N(s.Borrowers));
                window = 0;
                windowDebt = windowSold = 0;
            }
        }

        CometStressResult r = run.Run(cancellationToken);
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {r.Absorptions:N0} accounts absorbed: {r.DebtAbsorbed:N0} {baseToken} of debt, {r.CollateralSeized:N2} {collateral} seized, {r.CollateralSold:N2} sold for {r.BaseFromSales:N0} {baseToken}; shortfall {r.Shortfall:N0} {baseToken}; reserves {r.FinalReserves:N0} {baseToken} at the end (lowest {r.MinReserves:N0})."));
        summary.Comet(r, run.TotalSteps);
        folder?.WriteText(Files.CometTimeline, csv.ToString());
        folder?.WriteText(Files.CometAbsorptions, absorptionsCsv.ToString());
        return chart;
    }

    private static DefiChart RunAuction(IAnsiConsole console, DefiAuctionRun auction, ulong seed, OutputFolder? folder, StringBuilder eventsJson, DefiSummaryWriter summary)
    {
        MakerAuctionProfile profile = auction.Profile;
        console.MarkupLine($"[bold]liqsim defi[/]: MakerDAO Liquidation 2.0, {Markup.Escape(profile.Name)} ({profile.Date.ToString("MMMM yyyy", CultureInfo.InvariantCulture)} parameters)");
        foreach (string line in auction.Description.IsEmpty ? [DescribeAuction(auction.Scenario)] : auction.Description)
        {
            console.WriteLine("  " + line);
        }

        // Path 0 of the Monte Carlo's seeding, so that `--paths` path 0 is this run, as for the lending and Liquity runs.
        AuctionSimulationResult auctions = AuctionSimulation.Run(auction.Scenario, SeededRandom.ForPath(seed, 0));
        AuctionRunResult o = auctions.Outcome;
        var outcome = new Table().Title("[bold]Auction outcome[/]").AddColumn("Figure").AddColumn(new TableColumn("Value").RightAligned());
        outcome.AddRow("Auctions kicked", ConsoleReport.N(o.Auctions));
        outcome.AddRow("Takes", ConsoleReport.N(o.Takes));
        outcome.AddRow("Tab (DAI)", ConsoleReport.D(Rad(o.TabTotal), 0));
        outcome.AddRow("DAI raised", ConsoleReport.D(Rad(o.DaiRaised), 0));
        outcome.AddRow("Recovery rate", o.RecoveryRate.ToString("P2", CultureInfo.InvariantCulture));
        outcome.AddRow("Bad debt (DAI)", ConsoleReport.D(o.BadDebt, 0));
        outcome.AddRow("Collateral sold (ETH)", ConsoleReport.D(Wad(o.CollateralSold), 2));
        outcome.AddRow("Collateral returned (ETH)", ConsoleReport.D(Wad(o.CollateralReturned), 2));
        outcome.AddRow("Keeper profit (DAI)", ConsoleReport.D(o.KeeperProfit, 0));
        outcome.AddRow("Take price / market", o.AverageTakeToMarket.ToString("P2", CultureInfo.InvariantCulture));
        outcome.AddRow("Mean auction duration", (o.MeanDurationSeconds / 60m).ToString("0.0", CultureInfo.InvariantCulture) + " min");
        outcome.AddRow("Incentives paid (DAI)", ConsoleReport.D(Rad(o.Incentives), 0));
        console.Write(outcome);
        summary.Auction(o, auction.Scenario.Steps);
        foreach (MakerLoggedEvent e in auctions.Events)
        {
            DefiEventJson.AppendAuction(eventsJson, e);
        }

        if (folder is not null)
        {
            var auctionCsv = new StringBuilder("time_seconds,feed,market,barks,redos,takes,running_auctions,dai_raised,dirt\n");
            foreach (AuctionStep s in auctions.Timeline)
            {
                auctionCsv.Append(CultureInfo.InvariantCulture,
                    $"{s.Time},{s.Feed.ToDecimal(27, MidpointRounding.ToZero)},{s.Market.ToDecimal(27, MidpointRounding.ToZero)},{s.Barks},{s.Redos},{s.Takes},{s.RunningAuctions},{Rad(s.DaiRaised)},{Rad(s.Dirt)}\n");
            }

            folder.WriteText(Files.AuctionTimeline, auctionCsv.ToString());
        }

        DefiChart chart = DefiChart.Auction(profile);
        decimal raisedBefore = 0m;
        foreach (AuctionStep s in auctions.Timeline)
        {
            decimal raised = Rad(s.DaiRaised);
            decimal market = s.Market.ToDecimal(27, MidpointRounding.ToZero);
            chart.Add(TimeSpan.FromTicks(checked((long)s.Time * TimeSpan.TicksPerSecond)), s.Feed.ToDecimal(27, MidpointRounding.ToZero), market, market, s.Takes, raised - raisedBefore, 0m, raised, Rad(s.Dirt));
            raisedBefore = raised;
        }

        return chart;
    }

    private static DefiChart RunLiquity(IAnsiConsole console, DefiLiquityRun liquity, OutputFolder? folder, StringBuilder eventsJson, DefiSummaryWriter summary, CancellationToken cancellationToken)
    {
        LiquityStressScenario scenario = liquity.Scenario;
        console.MarkupLine("[bold]liqsim defi[/]: Liquity v1 stress (stability pool, liquidateTroves)");
        foreach (string line in liquity.Description.IsEmpty ? [DescribeLiquity(scenario)] : liquity.Description)
        {
            console.WriteLine("  " + line);
        }

        LiquityStressSimulation run = LiquityStressSimulation.Create(scenario);
        DefiChart chart = DefiChart.Liquity();
        long rowEvery = Math.Max(1, run.TotalSteps / 12);
        var csv = new StringBuilder("step,price,recovery_mode_before,tcr_after,calls,liquidations,debt_offset,debt_redistributed,collateral_to_pool,collateral_redistributed,pool_lusd_after,pool_epoch,pool_scale\n");
        var table = new Table().Title($"[bold]Liquity stress, every {Markup.Escape(Every(scenario.Step * rowEvery))}[/]").AddColumn("Hour");
        foreach (string c in (string[])["Price", "TCR", "Liquidations", "Offset (LUSD)", "Redistributed (LUSD)", "Pool (LUSD)"])
        {
            table.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned());
        }

        int window = 0;
        decimal windowOffset = 0, windowRedistributed = 0;
        while (run.StepsRun < run.TotalSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LiquityStressStep s = run.NextStep();
            window += s.Liquidations.Length;
            windowOffset += s.DebtOffset;
            windowRedistributed += s.DebtRedistributed;
            chart.Add(scenario.Step * s.Index, s.Price, s.Price, s.Price, s.Liquidations.Length, s.DebtOffset, s.DebtRedistributed, s.PoolLusdAfter, 0m);
            csv.Append(CultureInfo.InvariantCulture,
                $"{s.Index},{s.Price},{(s.RecoveryModeBefore ? 1 : 0)},{s.TcrAfter},{s.Calls},{s.Liquidations.Length},{s.DebtOffset},{s.DebtRedistributed},{s.CollateralToPool},{s.CollateralRedistributed},{s.PoolLusdAfter},{s.PoolEpoch},{s.PoolScale}\n");
            foreach (TroveLiquidation t in s.Liquidations)
            {
                DefiEventJson.AppendLiquity(eventsJson, s.Index, t);
            }

            if (s.Index % rowEvery == 0)
            {
                decimal hours = (decimal)(scenario.Step.Ticks * s.Index) / TimeSpan.TicksPerHour;
                table.AddRow(
                    hours.ToString("0.##", CultureInfo.InvariantCulture), ConsoleReport.D(s.Price, 1), s.TcrAfter.ToString("P1", CultureInfo.InvariantCulture),
                    ConsoleReport.N(window), ConsoleReport.D(windowOffset, 0), ConsoleReport.D(windowRedistributed, 0), ConsoleReport.D(s.PoolLusdAfter, 0));
                window = 0;
                windowOffset = windowRedistributed = 0;
            }
        }

        LiquityStressResult r = run.Run(cancellationToken);
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {r.Liquidations:N0} troves liquidated: {r.DebtOffset:N0} LUSD offset against the pool, {r.DebtRedistributed:N0} LUSD redistributed; depositors' gain {r.DepositorProfit:N0} USD; {r.StepsInRecoveryMode:N0} steps in Recovery Mode; final TCR {r.FinalTcr.ToString("P1", CultureInfo.InvariantCulture)}."));
        summary.Liquity(r, run.TotalSteps);
        folder?.WriteText(Files.LiquityTimeline, csv.ToString());
        return chart;
    }

    /// <summary>A one-line description of the run, when the file gives none.</summary>
    internal static string DescribeLiquity(LiquityStressScenario s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Troves.Length:N0} troves, {s.Deposits.Length:N0} stability-pool deposits; ETH from {s.InitialPrice}; {s.Duration.Ticks / s.Step.Ticks:N0} steps of {s.Step:c}; liquidateTroves({s.TrovesPerCall}).");

    /// <summary>"v3.3" for <see cref="AaveVersion.V3_3"/>.</summary>
    internal static string VersionLabel(AaveVersion version) => "v" + version.ToString()[1..].Replace('_', '.');

    /// <summary>A one-line description of the run, when the file gives none.</summary>
    internal static string DescribeMorpho(MorphoStressScenario s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Positions.Length:N0} borrowers of {s.Market.Parameters.LoanToken} against {s.Market.Parameters.CollateralToken} at LLTV {s.Market.Parameters.Lltv.ToDecimal(18) * 100m:0.##} %; {s.Duration.Ticks / s.Step.Ticks:N0} steps of {s.Step:c}; oracle coupling {s.OracleCoupling}, arbitrage {s.Arbitrage}.");

    /// <summary>A one-line description of the run, when the file gives none.</summary>
    internal static string DescribeCompoundV2(CompoundV2StressScenario s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Accounts.Length:N0} borrowers of {s.BorrowMarket} against {s.CollateralMarket} at collateral factor {s.Comptroller.GetMarket(s.CollateralMarket).CollateralFactorMantissa.ToDecimal(18) * 100m:0.##} %, close factor {s.Comptroller.CloseFactorMantissa.ToDecimal(18) * 100m:0.##} %, incentive {s.Comptroller.LiquidationIncentiveMantissa.ToDecimal(18)}; {s.Duration.Ticks / s.Step.Ticks:N0} steps of {s.Step:c}; oracle coupling {s.OracleCoupling}, arbitrage {s.Arbitrage}.");

    /// <summary>A one-line description of the run, when the file gives none.</summary>
    internal static string DescribeComet(CometStressScenario s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Accounts.Length:N0} borrowers of {s.Market.BaseToken} against {s.Market.Assets[0].Asset} at liquidate collateral factor {s.Market.Assets[0].LiquidateCollateralFactor.ToDecimal(18) * 100m:0.##} %, liquidation factor {s.Market.Assets[0].LiquidationFactor.ToDecimal(18) * 100m:0.##} %; target reserves {s.Market.TargetReserves.ToDecimal(s.Market.BaseDecimals):N0} {s.Market.BaseToken}; {s.Duration.Ticks / s.Step.Ticks:N0} steps of {s.Step:c}.");

    /// <summary>A one-line description of the run, when the file gives none.</summary>
    internal static string DescribeLending(LendingStressScenario s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Accounts.Length:N0} borrowers of {s.DebtAsset} against {s.CollateralAsset}; {s.Duration.Ticks / s.Step.Ticks:N0} steps of {s.Step:c}; oracle coupling {s.OracleCoupling}, arbitrage {s.Arbitrage}.");

    /// <summary>A one-line description of the run, when the file gives none.</summary>
    internal static string DescribeAuction(AuctionSimulationScenario s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Vaults.Length:N0} vaults; {s.Steps:N0} steps of {s.StepSeconds} s from a feed price of {s.StartPrice}; {s.Keepers.Length} keepers.");

    private static string Every(TimeSpan span)
    {
        if (span.Ticks % TimeSpan.TicksPerHour == 0)
        {
            long h = span.Ticks / TimeSpan.TicksPerHour;
            return h == 1 ? "hour" : string.Create(CultureInfo.InvariantCulture, $"{h} hours");
        }

        if (span.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            long m = span.Ticks / TimeSpan.TicksPerMinute;
            return m == 1 ? "minute" : string.Create(CultureInfo.InvariantCulture, $"{m} minutes");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###} seconds");
    }

    internal static decimal Rad(UInt256 value) => value.ToDecimal(45, MidpointRounding.ToZero);

    internal static decimal Wad(UInt256 value) => value.ToDecimal(18, MidpointRounding.ToZero);
}
