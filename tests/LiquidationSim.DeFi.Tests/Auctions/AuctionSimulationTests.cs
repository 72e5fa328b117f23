using System.Collections.Immutable;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.Kernel;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>The auction stress simulation: a hand-derived two-keeper auction, the March 2020 no-liquidity pattern, determinism.</summary>
public sealed class AuctionSimulationTests
{
    private const string Ilk = "ETH-B";

    private static ScriptedPath Flat(decimal price) => new([new PricePoint(TimeSpan.Zero, price)]);

    private static AuctionSimulationScenario Scenario(ClipperConfig config, ImmutableArray<MakerVault> vaults, decimal price, ulong step, int steps, ImmutableArray<AuctionKeeper> keepers) => new()
    {
        Dog = new Dog(U("1000000000e45")).WithIlk(Ilk, U("1.13e18"), U("1000000000e45")),
        Clipper = new Clipper(config),
        Vat = new VatIlk(U("1e27"), UInt256.Zero, UInt256.Zero),
        Mat = U("1.5e27"),
        Vaults = vaults,
        PriceProcess = Flat(price),
        StartPrice = price,
        StepSeconds = step,
        Steps = steps,
        Keepers = keepers,
    };

    [Fact]
    public void Two_keepers_with_different_margins_and_capital_split_one_auction()
    {
        // Feed 1400 throughout, mat 1.5: spot 933.33; ink 12 · 933.33 = 11200 < art 15000, so at t = 0 the vault is
        // barked: tab = 15000 · 1.13 = 16950 DAI, lot 12, top = 1400 · 1.2 = 1680. Linear over 1000 s: the price at
        // t = 100, 200, 300, 400 is 1512, 1344, 1176, 1008.
        // Keeper a (margin 10%: bids at ≤ 1260, capital 4704) takes at t = 300: 4704 / 1176 = 4 ETH for 4704 DAI.
        // Keeper b (margin 20%: bids at ≤ 1120, capital 1,000,000) takes the other 8 ETH at t = 400 for 8064 DAI;
        // the lot has run out, so 16950 − 4704 − 8064 = 4182 DAI is written off.
        var config = new ClipperConfig(Ilk, new LinearDecrease(1000), U("1.2e27"), 2000, U("0.1e27"), UInt256.Zero, UInt256.Zero, UInt256.Zero);
        AuctionSimulationScenario scenario = Scenario(config, [new MakerVault("urn", U("12e18"), U("15000e18"))], 1400m, 100, 6,
            [new AuctionKeeper("a", U("4704e45"), U("0.1e27"), UInt256.Zero), new AuctionKeeper("b", U("1000000e45"), U("0.2e27"), UInt256.Zero)]);

        AuctionSimulationResult run = AuctionSimulation.Run(scenario, new SeededRandom(7));

        run.Events.Select(e => (e.Sequence, e.Time, e.Event.GetType().Name)).Should().Equal(
            (0L, 0UL, nameof(Barked)), (1L, 0UL, nameof(Kicked)), (2L, 300UL, nameof(Taken)), (3L, 400UL, nameof(Taken)));
        var takes = run.Events.Select(e => e.Event).OfType<Taken>().ToArray();
        (takes[0].Who, takes[0].Price, takes[0].Slice, takes[0].Owe).Should().Be(("a", U("1176e27"), U("4e18"), U("4704e45")));
        (takes[1].Who, takes[1].Price, takes[1].Slice, takes[1].Owe).Should().Be(("b", U("1008e27"), U("8e18"), U("8064e45")));

        AuctionRunResult o = run.Outcome;
        o.TabTotal.Should().Be(U("16950e45"));
        o.DaiRaised.Should().Be(U("12768e45"));
        o.TabWrittenOff.Should().Be(U("4182e45"));
        o.TabRemaining.Should().Be(UInt256.Zero);
        o.BadDebt.Should().Be(4182m);
        o.RecoveryRate.Should().Be(0.753274336283185840707964601m);
        o.AverageTakeToMarket.Should().Be(0.76m); // 12768 / (12 · 1400)
        o.KeeperProfit.Should().Be(4032m); // a: 4 · 1400 − 4704 = 896; b: 8 · 1400 − 8064 = 3136
        o.MeanDurationSeconds.Should().Be(400m);
        run.Durations.Should().Equal(new AuctionDuration(1, 0, 400));
        run.Keepers.Select(k => (k.Name, k.Capital, k.Collateral, k.Takes, k.Profit)).Should().Equal(
            ("a", UInt256.Zero, U("4e18"), 1, 896m), ("b", U("991936e45"), U("8e18"), 1, 3136m));
        run.Timeline.Select(t => t.Time).Should().Equal(0UL, 100UL, 200UL, 300UL, 400UL, 500UL);
        run.Timeline.Select(t => t.Takes).Should().Equal(0, 0, 0, 1, 1, 0);
        run.Timeline[^1].RunningAuctions.Should().Be(0);
        run.Dog.Dirt.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void The_barker_keeper_is_paid_its_kick_incentive_and_spends_it()
    {
        // The two-keeper auction above with tip = 100 DAI and keeper a as the barker, starting with 4704 − 100 = 4604 DAI:
        // the kick at t = 0 sucks 100 DAI to a (dss clip.sol kick: vat.suck(vow, kpr, tip + wmul(tab, chip))), so at
        // t = 300 a holds 4704 and again buys 4704 / 1176 = 4 ETH; without the incentive it could buy only
        // 4604 / 1176 ≈ 3.915. b then takes the other 8 ETH for 8064 as before.
        var config = new ClipperConfig(Ilk, new LinearDecrease(1000), U("1.2e27"), 2000, U("0.1e27"), UInt256.Zero, U("100e45"), UInt256.Zero);
        AuctionSimulationScenario scenario = Scenario(config, [new MakerVault("urn", U("12e18"), U("15000e18"))], 1400m, 100, 6,
            [new AuctionKeeper("a", U("4604e45"), U("0.1e27"), UInt256.Zero), new AuctionKeeper("b", U("1000000e45"), U("0.2e27"), UInt256.Zero)])
            with { Barker = "a" };

        AuctionSimulationResult run = AuctionSimulation.Run(scenario, new SeededRandom(7));

        run.Events.Select(e => e.Event).OfType<Kicked>().Single().Coin.Should().Be(U("100e45"));
        run.Outcome.Incentives.Should().Be(U("100e45"));
        run.Keepers.Select(k => (k.Name, k.Capital, k.Collateral, k.Incentives, k.Profit)).Should().Equal(
            ("a", UInt256.Zero, U("4e18"), U("100e45"), 896m), ("b", U("991936e45"), U("8e18"), UInt256.Zero, 3136m));
    }

    private static AuctionSimulationScenario March2020(UInt256 capital) =>
        Scenario(
            new ClipperConfig(Ilk, new LinearDecrease(10_000), U("1e27"), Tail: 100_000, Cusp: UInt256.Zero, UInt256.Zero, UInt256.Zero, UInt256.Zero),
            [new MakerVault("urn", U("10e18"), U("1000e18"))], 100m, 10, 1001,
            [new AuctionKeeper("zero-bidder", capital, U("0.999e27"), UInt256.Zero)]);

    [Fact]
    public void March_2020_with_one_near_zero_bidder_the_auction_clears_at_a_tiny_fraction_of_market()
    {
        // No competing liquidity: one keeper with 1 DAI that bids only at ≤ 0.1% of market (0.1 DAI at feed 100).
        // Top = 100, linear to 0 over 10,000 s; at t = 9990 the price is 0.1 and 1 DAI buys all 10 ETH.
        // Tab 1130 DAI (1000 · 1.13): 1 DAI raised, 1129 written off.
        AuctionSimulationResult run = AuctionSimulation.Run(March2020(U("1e45")), new SeededRandom(1));

        Taken take = run.Events.Select(e => e.Event).OfType<Taken>().Single();
        (take.Now, take.Price, take.Slice, take.Owe).Should().Be((9990UL, U("0.1e27"), U("10e18"), U("1e45")));
        run.Outcome.AverageTakeToMarket.Should().Be(0.001m);
        run.Outcome.RecoveryRate.Should().BeLessThan(0.001m);
        run.Outcome.BadDebt.Should().Be(1129m);
        run.Outcome.KeeperProfit.Should().Be(999m);
    }

    [Fact]
    public void March_2020_with_no_capital_nothing_is_bought_and_the_whole_tab_is_bad_debt()
    {
        AuctionSimulationResult run = AuctionSimulation.Run(March2020(UInt256.Zero), new SeededRandom(1));

        run.Outcome.Takes.Should().Be(0);
        run.Outcome.DaiRaised.Should().Be(UInt256.Zero);
        run.Outcome.LotRemaining.Should().Be(U("10e18"));
        run.Outcome.BadDebt.Should().Be(1130m);
        run.Outcome.RecoveryRate.Should().Be(0m);
    }

    internal static AuctionSimulationScenario Stress(int vaults, ulong step, int steps, int keepers, bool pool)
    {
        ImmutableArray<MakerVault> population = AuctionSimulation.GenerateVaults(vaults, 1m, 20m, 1.5m, 1.9m, 2000m, MakerMath.Ray, new SeededRandom(99));
        ClipperConfig config = MakerAuctionProfile.EthB.ToClipperConfig(ClipperConfig.ChostOf(U("5000e45"), U("1.13e18")));
        return new AuctionSimulationScenario
        {
            Dog = new Dog(U("100000000e45")).WithIlk(Ilk, U("1.13e18"), MakerAuctionProfile.EthB.IlkHole),
            Clipper = new Clipper(config),
            Vat = new VatIlk(MakerMath.Ray, UInt256.Zero, U("5000e45")),
            Mat = U("1.5e27"),
            Vaults = population,
            PriceProcess = new GeometricBrownianMotion(0m, 20m),
            StartPrice = 1700m,
            StepSeconds = step,
            Steps = steps,
            Keepers = [.. Enumerable.Range(0, keepers).Select(k => new AuctionKeeper($"keeper{k}", ((ulong)(20_000 * (k + 1))) * MakerMath.Rad, ((ulong)(k + 1)) * U("0.02e27"), U("5e45")))],
            Pool = pool ? new LiquidationSim.DeFi.Simulation.ConstantProductPool(U("5000e18"), U("8500000e18"), 30) : null,
        };
    }

    [Fact]
    public void Same_seed_same_run_and_monte_carlo_is_independent_of_thread_count()
    {
        AuctionSimulationScenario scenario = Stress(40, 10, 400, 3, pool: false);

        AuctionSimulationResult a = AuctionSimulation.Run(scenario, new SeededRandom(5));
        AuctionSimulationResult b = AuctionSimulation.Run(scenario, new SeededRandom(5));
        a.Events.Should().Equal(b.Events);
        a.Timeline.Should().Equal(b.Timeline);
        a.Outcome.Should().Be(b.Outcome);
        a.Outcome.Auctions.Should().BeGreaterThan(0);
        a.Outcome.Takes.Should().BeGreaterThan(0);
        a.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(0, a.Events.Length).Select(i => (long)i));

        AuctionMonteCarloResult one = AuctionSimulation.RunMonteCarlo(scenario with { Seed = 2026 }, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        AuctionMonteCarloResult two = AuctionSimulation.RunMonteCarlo(scenario with { Seed = 2026 }, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);
        one.Paths.Should().Equal(two.Paths);
        one.Paths.Select(o => o with { PathIndex = 0 }).Distinct().Count().Should().BeGreaterThan(1, "paths draw different prices");
    }

    [Fact]
    public void Keepers_selling_into_the_pool_replenish_capital_and_move_its_price()
    {
        AuctionSimulationScenario scenario = Stress(40, 10, 400, 3, pool: true);

        AuctionSimulationResult run = AuctionSimulation.Run(scenario, new SeededRandom(5));

        KeeperSold[] sales = [.. run.Events.Select(e => e.Event).OfType<KeeperSold>()];
        sales.Should().NotBeEmpty();
        UInt256 soldIntoPool = sales.Aggregate(UInt256.Zero, (s, x) => s + x.Amount);
        soldIntoPool.Should().Be(run.Outcome.CollateralSold);
        run.Pool!.BaseReserve.Should().Be(U("5000e18") + soldIntoPool);
        run.Pool.SpotPriceRay.Should().BeLessThan(U("1700e27"));
        run.Keepers.Should().OnlyContain(k => k.Collateral.IsZero);
        for (int k = 0; k < run.Keepers.Length; k++)
        {
            string name = run.Keepers[k].Name;
            UInt256 owe = run.Events.Select(e => e.Event).OfType<Taken>().Where(t => t.Who == name).Aggregate(UInt256.Zero, (s, t) => s + t.Owe);
            UInt256 proceeds = sales.Where(x => x.Keeper == name).Aggregate(UInt256.Zero, (s, x) => s + (x.Proceeds * MakerMath.Ray));
            (run.Keepers[k].Capital + owe + run.Keepers[k].GasPaid).Should().Be(scenario.Keepers[k].Capital + proceeds);
        }
    }

    [Fact]
    public void Bad_scenarios_are_refused()
    {
        AuctionSimulationScenario ok = Stress(2, 10, 2, 1, pool: false);
        FluentActions.Invoking(() => AuctionSimulation.Run(ok with { StepSeconds = 0 }, new SeededRandom(1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => AuctionSimulation.Run(ok with { Steps = 0 }, new SeededRandom(1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => AuctionSimulation.Run(ok with { Keepers = [ok.Keepers[0], ok.Keepers[0]] }, new SeededRandom(1))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => AuctionSimulation.Run(ok with { Vaults = [ok.Vaults[0], ok.Vaults[0]] }, new SeededRandom(1))).Should().Throw<ArgumentException>();
    }
}
