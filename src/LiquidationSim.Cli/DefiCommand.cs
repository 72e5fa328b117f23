using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Simulation;
using Spectre.Console;

namespace LiquidationSim.Cli;

/// <summary><c>liqsim defi</c>: the default lending stress run (Aave v3.3) and Maker Liquidation 2.0 auction run.</summary>
internal static class DefiCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the borrower and vault populations and the keepers' order.",
            HelpName = "SEED",
            DefaultValueFactory = _ => 2026,
            CustomParser = r => RunCommand.WholeNumber(r, 0UL) ?? 0,
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Folder for lending-timeline.csv, lending-liquidations.csv and auction-timeline.csv.",
            HelpName = "DIR",
        };
        var command = new Command("defi", "Run the default DeFi scenarios: an Aave v3.3 WETH/USDC lending stress with liquidators selling into a pool that feeds the oracle, and MakerDAO ETH-B Dutch auctions with five competing keepers.")
        {
            seed, output,
        };
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed.GetValue(seed), parsed.GetValue(output), cancellationToken)));
        return command;
    }

    /// <summary>The lending stress scenario: 2,000 WETH-backed USDC borrowers on Aave v3.3 as WETH falls 35 % in a day.</summary>
    public static LendingStressScenario LendingScenario(ulong seed)
    {
        var market = new AaveMarket(AaveRules.For(AaveVersion.V3_3), 8,
        [
            new AaveReserve("WETH", 18, AaveDecimal.Price(2_000m, 8), ltv: 8000, liquidationThreshold: 8250, liquidationBonus: 10500, liquidationProtocolFee: 1000),
            new AaveReserve("USDC", 6, AaveDecimal.Price(1m, 8), ltv: 7500, liquidationThreshold: 7800, liquidationBonus: 10450, liquidationProtocolFee: 1000),
        ]);
        return new LendingStressScenario
        {
            Market = market,
            CollateralAsset = "WETH",
            DebtAsset = "USDC",
            Accounts = LendingPopulation.Generate(market, "WETH", "USDC", 2_000, 0.5m, 50m, 1.05m, 2.5m, seed),
            CollateralPrice = new ScriptedPath([new PricePoint(TimeSpan.Zero, 2_000m), new PricePoint(TimeSpan.FromHours(24), 1_300m)]),
            Duration = TimeSpan.FromHours(24),
            Step = TimeSpan.FromMinutes(10),
            Pool = new ConstantProductPool(UInt256.FromDecimal(5_000m, 18), UInt256.FromDecimal(10_000_000m, 6), 30),
            OracleCoupling = 0.3m,
            Arbitrage = 0.3m,
            GasCost = UInt256.FromDecimal(10m, 6),
            Seed = seed,
        };
    }

    /// <summary>
    /// The auction scenario: 2,000 ETH-B vaults (April 2021 parameters) as ETH falls from 2,000 to 1,100 over six hours
    /// of one-second steps, five keepers with 2 M DAI each demanding 2–10 % discounts, selling into a 50,000 ETH pool.
    /// </summary>
    public static AuctionSimulationScenario AuctionScenario(ulong seed)
    {
        const int steps = 21_600;
        UInt256 rad = MakerMath.Rad;
        UInt256 chop = 113UL * MakerMath.Wad / 100UL;
        UInt256 dust = 5_000UL * rad;
        return new AuctionSimulationScenario
        {
            Dog = new Dog(100_000_000UL * rad).WithIlk("ETH-B", chop, MakerAuctionProfile.EthB.IlkHole),
            Clipper = new Clipper(MakerAuctionProfile.EthB.ToClipperConfig(ClipperConfig.ChostOf(dust, chop))),
            Vat = new VatIlk(MakerMath.Ray, UInt256.Zero, dust),
            Mat = 13UL * MakerMath.Ray / 10UL,
            Vaults = AuctionSimulation.GenerateVaults(2_000, 10m, 50m, 1.3m, 2m, 2_000m, MakerMath.Ray, new SeededRandom(seed)),
            PriceProcess = new ScriptedPath(
            [
                new PricePoint(TimeSpan.Zero, 2_000m),
                new PricePoint(TimeSpan.FromHours(0.5), 2_000m),
                new PricePoint(TimeSpan.FromHours(2), 1_100m),
                new PricePoint(TimeSpan.FromHours(6), 1_250m),
            ]),
            StartPrice = 2_000m,
            StepSeconds = 1,
            Steps = steps,
            Keepers = [.. Enumerable.Range(0, 5).Select(k => new AuctionKeeper(
                string.Create(CultureInfo.InvariantCulture, $"keeper{k}"),
                2_000_000UL * rad,
                (ulong)(2 * (k + 1)) * MakerMath.Ray / 100UL,
                20UL * rad))],
            Pool = new ConstantProductPool(50_000UL * MakerMath.Wad, 100_000_000UL * MakerMath.Wad, 30),
        };
    }

    private static int Run(ulong seed, string? output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        IAnsiConsole console = Terminal.Out;
        OutputFolder? folder = output is null ? null : OutputFolder.Create(output);

        LendingStressScenario lending = LendingScenario(seed);
        console.MarkupLine("[bold]liqsim defi[/]: Aave v3.3 lending stress");
        console.WriteLine("  2,000 borrowers of USDC against WETH (LT 82.5 %, bonus 5 %), health factors 1.05 to 2.5; WETH 2,000 -> 1,300 over 24 h in 10-min steps;");
        console.WriteLine("  liquidators repay the most profitable amount after gas (10 USDC) and sell into a 5,000 WETH / 10 M USDC pool the oracle is 30 % coupled to.");
        LendingStressSimulation run = LendingStressSimulation.Create(lending);
        var lendingCsv = new StringBuilder("step,external_price,pool_price,oracle_price,liquidations,debt_repaid,liquidator_profit,bad_debt,at_risk\n");
        var eventsCsv = new StringBuilder("step,account,health_factor_before,debt_repaid,collateral_seized,protocol_fee,proceeds,profit,deficit\n");
        var table = new Table().Title("[bold]Lending stress, every 2 hours[/]").AddColumn("Hour");
        foreach (string c in (string[])["External", "Pool", "Oracle", "Liquidations", "Repaid (USDC)", "Profit (USDC)", "Bad debt", "At risk"])
        {
            table.AddColumn(new TableColumn(c).RightAligned());
        }

        long liquidations = 0;
        decimal repaid = 0, profit = 0, badDebt = 0;
        int window = 0;
        decimal windowRepaid = 0, windowProfit = 0;
        while (run.StepsRun < run.TotalSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LendingStressStep s = run.NextStep();
            liquidations += s.Liquidations;
            repaid += s.DebtRepaid;
            profit += s.LiquidatorProfit;
            badDebt = s.BadDebt;
            window += s.Liquidations;
            windowRepaid += s.DebtRepaid;
            windowProfit += s.LiquidatorProfit;
            lendingCsv.Append(CultureInfo.InvariantCulture, $"{s.Index},{s.ExternalPrice},{s.PoolPrice},{s.OraclePrice},{s.Liquidations},{s.DebtRepaid},{s.LiquidatorProfit},{s.BadDebt},{s.AtRisk}\n");
            foreach (LendingLiquidationEvent e in s.Events)
            {
                eventsCsv.Append(CultureInfo.InvariantCulture, $"{e.Step},{e.Account},{e.HealthFactorBefore},{e.DebtRepaid},{e.CollateralSeized},{e.ProtocolFee},{e.Proceeds},{e.Profit},{e.Deficit}\n");
            }

            if (s.Index % 12 == 0)
            {
                table.AddRow(
                    (s.Index / 6).ToString(CultureInfo.InvariantCulture), ConsoleReport.D(s.ExternalPrice, 1), ConsoleReport.D(s.PoolPrice, 1), ConsoleReport.D(s.OraclePrice, 1),
                    ConsoleReport.N(window), ConsoleReport.D(windowRepaid, 0), ConsoleReport.D(windowProfit, 0), ConsoleReport.D(s.BadDebt, 0), ConsoleReport.N(s.AtRisk));
                window = 0;
                windowRepaid = windowProfit = 0;
            }
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {liquidations:N0} liquidation calls repaid {repaid:N0} USDC; liquidators kept {profit:N0} USDC after slippage and gas; bad debt {badDebt:N0} USDC."));

        console.WriteLine();
        console.MarkupLine("[bold]liqsim defi[/]: MakerDAO Liquidation 2.0, ETH-B (April 2021 parameters)");
        console.WriteLine("  2,000 vaults collateralised 130-200 %; ETH 2,000 -> 1,100 between 0:30 and 2:00, 1,250 by 6:00, in one-second steps;");
        console.WriteLine("  five keepers with 2 M DAI each bid at 2-10 % below market and sell into a 50,000 ETH / 100 M DAI pool.");
        AuctionSimulationResult auctions = AuctionSimulation.Run(AuctionScenario(seed), new SeededRandom(seed));
        AuctionOutcome o = auctions.Outcome;
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

        if (folder is not null)
        {
            folder.WriteText("lending-timeline.csv", lendingCsv.ToString());
            folder.WriteText("lending-liquidations.csv", eventsCsv.ToString());
            var auctionCsv = new StringBuilder("time_seconds,feed,market,barks,redos,takes,running_auctions,dai_raised,dirt\n");
            foreach (AuctionStep s in auctions.Timeline)
            {
                auctionCsv.Append(CultureInfo.InvariantCulture,
                    $"{s.Time},{s.Feed.ToDecimal(27, MidpointRounding.ToZero)},{s.Market.ToDecimal(27, MidpointRounding.ToZero)},{s.Barks},{s.Redos},{s.Takes},{s.RunningAuctions},{Rad(s.DaiRaised)},{Rad(s.Dirt)}\n");
            }

            folder.WriteText("auction-timeline.csv", auctionCsv.ToString());
        }

        ConsoleReport.Files(console, folder, null);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ran the lending stress and the auctions in {clock.Elapsed.TotalSeconds:0.0} s (seed {seed})."));
        return ExitCodes.Success;
    }

    private static decimal Rad(UInt256 value) => value.ToDecimal(45, MidpointRounding.ToZero);

    private static decimal Wad(UInt256 value) => value.ToDecimal(18, MidpointRounding.ToZero);
}
