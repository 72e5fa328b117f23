using System.Collections.Immutable;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// The Liquidation 2.0 runs' event logs over random auction stress runs (1–8 vaults, crash depth, curve, limits, chost,
/// 0–3 keepers, with and without a pool, incentives paid to a keeper or to an outside barker): the sequence runs by one;
/// replaying the log from the scenario rebuilds the Dog, the Clipper (auctions, positions in the active list, kicks),
/// the vaults, the keepers' balances and the pool exactly; and every wei of collateral, DAI and debt is accounted for.
/// </summary>
/// <remarks>
/// Maker logs number from 0 (<see cref="MakerLoggedEvent.Sequence"/>, unchanged so existing logs and outputs stay as
/// they were). Each checker returns what it found wrong, so the same checker is shown to fail on a log with one event
/// dropped (<see cref="Dropping_one_event_breaks_replay_and_conservation"/>) and on one wei too many
/// (<see cref="Conservation_notices_one_wei_too_many"/>). Also checked by hand against mutated code: with redo
/// incentives not paid in the replay, the replay property fails; with a number skipped in the loop's log, the sequence
/// property fails; with returned collateral not credited to its vault in the run, the conservation property fails.
/// </remarks>
public sealed class MakerRunReplayTests
{
    private const int Cases = 40;
    private const string Ilk = "ETH-A";

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(0, 1_000_000), 40).ToArbitrary();

    private static AuctionSimulationScenario Build(int[] v)
    {
        UInt256 wad = MakerMath.Wad, ray = MakerMath.Ray, rad = MakerMath.Rad;
        int n = 1 + (v[0] % 8);
        ImmutableArray<MakerVault> vaults = [.. Enumerable.Range(0, n).Select(j =>
        {
            UInt256 ink = ((ulong)(1 + (v[1 + j] % 20)) * wad) + ((ulong)v[9 + j] * 1_000_000UL);
            UInt256 art = ink * 2000UL * 100UL / (ulong)(120 + (v[17 + j] % 80));
            return new MakerVault($"urn{j}", ink, art);
        })];
        decimal low = 2000m * (30 + (v[25] % 60)) / 100m;
        IAuctionPriceCurve calc = (v[26] % 3) switch
        {
            0 => new LinearDecrease(1000),
            1 => new StairstepExponentialDecrease(10, 990_000_000UL * UInt256.Pow10(18)),
            _ => new ExponentialDecrease(999_000_000UL * UInt256.Pow10(18)),
        };
        var config = new ClipperConfig(Ilk, calc, 13UL * ray / 10UL, Tail: 600, Cusp: 4UL * ray / 10UL,
            Chip: wad / 1000UL, Tip: (ulong)(v[27] % 3) * rad, Chost: (ulong)(v[28] % 20) * rad);
        int keepers = v[29] % 4;
        return new AuctionSimulationScenario
        {
            Dog = new Dog((ulong)(5_000 + (v[30] % 200_000)) * rad).WithIlk(Ilk, 113UL * wad / 100UL, (ulong)(5_000 + (v[31] % 200_000)) * rad),
            Clipper = new Clipper(config),
            Vat = new VatIlk((ray * (1_000UL + (ulong)(v[32] % 100))) / 1_000UL, UInt256.Zero, UInt256.Zero),
            Mat = 15UL * ray / 10UL,
            Vaults = vaults,
            PriceProcess = new ScriptedPath([new PricePoint(TimeSpan.Zero, 2000m), new PricePoint(TimeSpan.FromSeconds(600), low)]),
            StartPrice = 2000m,
            StepSeconds = 30,
            Steps = 80,
            Keepers = [.. Enumerable.Range(0, keepers).Select(k => new AuctionKeeper(
                $"k{k}", (ulong)(v[33 + k] % 100_000) * rad, (ulong)(v[36 + k] % 200) * ray / 1000UL, (ulong)(v[39 - k] % 20) * rad))],
            Pool = v[34] % 2 == 0 ? new ConstantProductPool(1000UL * wad, 2_000_000UL * wad, 30) : null,
            Barker = v[35] % 2 == 0 ? "k0" : "barker",
        };
    }

    private static string L(string name, object? value) => string.Create(CultureInfo.InvariantCulture, $"{name}={value}");

    /// <summary>The Dog, Clipper, vaults and pool, one value a line in a fixed order.</summary>
    internal static List<string> State(Dog dog, Clipper clipper, IEnumerable<MakerVault> vaults, ConstantProductPool? pool)
    {
        var lines = new List<string> { L("Hole", dog.Hole), L("Dirt", dog.Dirt), L("kicks", clipper.Kicks), L("stopped", clipper.Stopped), L("pool", pool) };
        lines.AddRange(dog.Ilks.Select(kv => L("ilk " + kv.Key, kv.Value)));
        lines.AddRange(clipper.Sales.Select(kv => L("sale", kv.Value)));
        lines.AddRange(clipper.Active.Select((id, i) => L($"active[{i}]", id)));
        lines.AddRange(vaults.Select(x => L("vault", x)));
        return lines;
    }

    private static List<string> LiveState(AuctionSimulationResult run) =>
        [.. State(run.Dog, run.Clipper, run.Vaults, run.Pool), .. run.Keepers.Select(k => L("keeper", new AuctionKeeperBalance(k.Name, k.Capital, k.Collateral, k.GasPaid, k.Takes, k.Incentives)))];

    private static List<string> ReplayedState(MakerReplayState r) =>
        [.. State(r.Dog, r.Clipper, r.Vaults, r.Pool), .. r.Keepers.Select(k => L("keeper", k))];

    /// <summary>
    /// Collateral, DAI and debt accounted for, from the scenario, the live end state and the log. Collateral (wad):
    /// vaults before = vaults after + lots still in auction + keepers' holdings + what keepers sold into the pool. DAI
    /// (rad): keepers' capital before + incentives paid to them + DAI the pool paid out = keepers' capital after + DAI
    /// raised (owe paid to the Vow) + gas. Debt: the vaults' <c>art·rate</c> before = after + the barks' <c>due</c>; the
    /// tabs kicked = raised + written off + still running, and the Dog's dirt is what is still running.
    /// </summary>
    internal static List<string> Unaccounted(AuctionSimulationScenario s, AuctionSimulationResult run, IReadOnlyList<MakerLoggedEvent> log)
    {
        var found = new List<string>();
        static UInt256 Sum<T>(IEnumerable<T> items, Func<T, UInt256> of) => items.Aggregate(UInt256.Zero, (a, x) => a + of(x));
        AuctionRunResult o = run.Outcome;
        UInt256 poolBaseIn = s.Pool is null ? UInt256.Zero : run.Pool!.BaseReserve - s.Pool.BaseReserve;
        UInt256 poolQuoteOut = s.Pool is null ? UInt256.Zero : s.Pool.QuoteReserve - run.Pool!.QuoteReserve;
        if (Sum(s.Vaults, x => x.Ink) != Sum(run.Vaults, x => x.Ink) + Sum(run.Clipper.Sales.Values, x => x.Lot) + Sum(run.Keepers, k => k.Collateral) + poolBaseIn)
        {
            found.Add("collateral before ≠ vaults + auctions + keepers + pool after");
        }

        UInt256 incentives = Sum(run.Keepers, k => k.Incentives);
        if (Sum(s.Keepers, k => k.Capital) + incentives + (poolQuoteOut * MakerMath.Ray) != Sum(run.Keepers, k => k.Capital) + o.DaiRaised + Sum(run.Keepers, k => k.GasPaid))
        {
            found.Add("keepers' DAI before + incentives + pool proceeds ≠ after + raised + gas");
        }

        if (incentives != (s.Keepers.Any(k => k.Name == s.Barker) ? o.Incentives : UInt256.Zero))
        {
            found.Add("incentives paid to the barker ≠ incentives kicked and redone");
        }

        UInt256 rate = s.Vat.Rate;
        UInt256 due = Sum(log.Select(e => e.Event).OfType<Barked>(), b => b.Due);
        if (Sum(s.Vaults, x => x.Art * rate) != Sum(run.Vaults, x => x.Art * rate) + due)
        {
            found.Add("vault debt before ≠ after + barked due");
        }

        if (Sum(log.Select(e => e.Event).OfType<Barked>(), b => b.Tab) != o.TabTotal || o.DaiRaised + o.TabWrittenOff + o.TabRemaining != o.TabTotal || run.Dog.Dirt != o.TabRemaining)
        {
            found.Add("tab kicked ≠ raised + written off + running, or dirt ≠ running");
        }

        return found;
    }

    [CiProperty(MaxTest = Cases)]
    public Property Sequence_numbers_rise_by_one_and_time_never_goes_back() => Prop.ForAll(s_cases, v =>
    {
        AuctionSimulationResult run = AuctionSimulation.Run(Build(v), new SeededRandom((ulong)v[38]));

        run.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(0, run.Events.Length).Select(i => (long)i));
        run.Events.Select(e => e.Time).Should().BeInAscendingOrder();
    });

    [CiProperty(MaxTest = Cases)]
    public Property Replaying_the_log_rebuilds_the_live_state() => Prop.ForAll(s_cases, v =>
    {
        AuctionSimulationScenario scenario = Build(v);
        AuctionSimulationResult run = AuctionSimulation.Run(scenario, new SeededRandom((ulong)v[38]));

        ReplayedState(MakerRunReplay.Replay(scenario, run.Events)).Should().Equal(LiveState(run));
    });

    [CiProperty(MaxTest = Cases)]
    public Property Collateral_dai_and_debt_are_accounted_for_to_the_wei() => Prop.ForAll(s_cases, v =>
    {
        AuctionSimulationScenario scenario = Build(v);
        AuctionSimulationResult run = AuctionSimulation.Run(scenario, new SeededRandom((ulong)v[38]));

        Unaccounted(scenario, run, run.Events).Should().BeEmpty();
    });

    /// <summary>
    /// Four vaults of 20 ETH at 120 % collateralisation (tab about 37,667 DAI each), the feed from 2,000 to 800 over ten
    /// minutes, a linear curve (top 1.3 × feed, to zero in 1,000 s), tail 600 s, tip 1 DAI and chip 0.1 %; keeper k0 barks
    /// with no DAI of its own, k1 has 5,000 DAI, both want 5 % under market and pay 1 DAI gas. Without a pool the market
    /// is the falling feed: <c>2600 − 2.6t ≤ 0.95 (2000 − 2t)</c> needs t ≥ 1,000 s, so no take comes before the tail and
    /// every auction is redone; with a pool (1,000 ETH against 2,000,000 DAI) the market stays near 2,000 and keepers buy
    /// and sell into it.
    /// </summary>
    private static AuctionSimulationScenario Eventful(bool pool = false)
    {
        int[] v = new int[40];
        v[0] = 3;
        v[1] = v[2] = v[3] = v[4] = 19;
        v[25] = 10;
        v[27] = 1;
        v[29] = 2;
        v[30] = v[31] = 195_000;
        v[34] = 5_001;
        v[36] = v[37] = 50;
        v[38] = v[39] = 1;
        AuctionSimulationScenario scenario = Build(v) with { Barker = "k0" };
        return pool ? scenario with { Pool = new ConstantProductPool(1000UL * MakerMath.Wad, 2_000_000UL * MakerMath.Wad, 30) } : scenario;
    }

    [Fact]
    public void The_fixed_run_exercises_every_event()
    {
        AuctionSimulationResult run = AuctionSimulation.Run(Eventful(), new SeededRandom(1));
        IMakerAuctionEvent[] events = [.. run.Events.Select(e => e.Event)];
        AuctionSimulationResult pooled = AuctionSimulation.Run(Eventful(pool: true), new SeededRandom(1));

        events.OfType<Barked>().Should().HaveCount(4);
        events.OfType<Kicked>().Should().HaveCount(4, "every bark kicks an auction");
        events.OfType<Redone>().Select(r => r.Id).Should().Contain([1UL, 2UL, 3UL, 4UL], "no take comes before the tail");
        events.OfType<Taken>().Should().NotBeEmpty();
        run.Keepers[0].Incentives.Should().BeGreaterThan(UInt256.Zero);
        pooled.Events.Select(e => e.Event).OfType<KeeperSold>().Should().NotBeEmpty();
        ReplayedState(MakerRunReplay.Replay(Eventful(pool: true), pooled.Events)).Should().Equal(LiveState(pooled));
        Unaccounted(Eventful(pool: true), pooled, pooled.Events).Should().BeEmpty();
    }

    [Fact]
    public void Dropping_one_event_breaks_replay_and_conservation()
    {
        // Shows the checkers above can fail: without the last take (renumbered), the replay leaves that auction's lot
        // and tab in place and the taker's DAI untouched; without the first take, the next take of the same auction no
        // longer continues from its lot and the replay refuses the log; without the last bark, the barked due no longer
        // covers the debt the vaults lost; with a gap, the replay refuses the log.
        AuctionSimulationScenario scenario = Eventful();
        AuctionSimulationResult run = AuctionSimulation.Run(scenario, new SeededRandom(1));
        ImmutableArray<MakerLoggedEvent> log = run.Events;
        MakerLoggedEvent[] Without(MakerLoggedEvent dropped) => [.. log.Where(e => e != dropped).Select((e, i) => e with { Sequence = i })];

        MakerLoggedEvent lastTake = log.Last(e => e.Event is Taken);
        MakerLoggedEvent firstTake = log.First(e => e.Event is Taken);
        log.Count(e => e.Event is Taken t && t.Id == ((Taken)firstTake.Event).Id).Should().BeGreaterThan(1, "the first auction is bought in more than one take");

        ReplayedState(MakerRunReplay.Replay(scenario, Without(lastTake))).Should().NotEqual(LiveState(run));
        Action firstDropped = () => MakerRunReplay.Replay(scenario, Without(firstTake));
        firstDropped.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*lot and tab at that point*");
        Unaccounted(scenario, run, Without(log.Last(e => e.Event is Barked))).Should().Contain("vault debt before ≠ after + barked due");
        Action gap = () => MakerRunReplay.Replay(scenario, log.Where(e => e != firstTake));
        gap.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*without gaps*");
    }

    [Fact]
    public void Conservation_notices_one_wei_too_many()
    {
        AuctionSimulationScenario scenario = Eventful();
        AuctionSimulationResult run = AuctionSimulation.Run(scenario, new SeededRandom(1));
        MakerVault first = run.Vaults[0];
        AuctionSimulationResult lighter = run with { Vaults = run.Vaults.SetItem(0, first with { Ink = first.Ink + UInt256.One }) };

        Unaccounted(scenario, run, run.Events).Should().BeEmpty();
        Unaccounted(scenario, lighter, run.Events).Should().Equal("collateral before ≠ vaults + auctions + keepers + pool after");
    }

    [Fact]
    public void A_keeper_run_replays_too()
    {
        // The ETH-B keeper run of MakerKeeperRunTests: ten vaults, the feed from 2,000 to 1,100 and back, one keeper.
        ImmutableArray<MakerVault> vaults = [.. Enumerable.Range(0, 10).Select(k => new MakerVault($"urn{k}", 10UL * MakerMath.Wad, (9_000UL + (500UL * (ulong)k)) * MakerMath.Wad))];
        ImmutableArray<UInt256> feeds = [.. Enumerable.Range(0, 200).Select(i => (ulong)(i < 100 ? 2_000 - (9 * i) : 1_100 + (4 * (i - 100))) * MakerMath.Ray)];
        var scenario = new MakerKeeperScenario
        {
            Dog = new Dog(1_000_000UL * MakerMath.Rad).WithIlk(Ilk, 113UL * MakerMath.Wad / 100UL, 1_000_000UL * MakerMath.Rad),
            Clipper = new Clipper(MakerAuctionProfile.EthB.ToClipperConfig(UInt256.Zero) with { Ilk = Ilk }),
            Vat = new VatIlk(MakerMath.Ray, UInt256.Zero, UInt256.Zero),
            Mat = 15UL * MakerMath.Ray / 10UL,
            Vaults = vaults,
            FeedPrices = feeds,
            StartTime = 0,
            TickSeconds = 60,
            KeeperThreshold = 9UL * MakerMath.Ray / 10UL,
        };

        MakerKeeperRun run = MakerKeeperRun.Run(scenario);
        MakerReplayState replayed = MakerRunReplay.Replay(scenario, run.Events);

        run.Events.Should().Contain(e => e.Event is Taken);
        State(replayed.Dog, replayed.Clipper, replayed.Vaults, replayed.Pool).Should().Equal(State(run.Dog, run.Clipper, run.Vaults, null));
        replayed.Keepers.Should().BeEmpty();
    }

    [Fact]
    public void Events_of_another_kind_or_auction_are_refused()
    {
        AuctionSimulationScenario scenario = Eventful();
        AuctionSimulationResult run = AuctionSimulation.Run(scenario, new SeededRandom(1));
        MakerLoggedEvent take = run.Events.First(e => e.Event is Taken);
        MakerLoggedEvent[] before = [.. run.Events.TakeWhile(e => e != take)];
        var yank = new MakerLoggedEvent(before.Length, take.Time, new Yanked(1, UInt256.One, UInt256.One, "urn0", "end"));
        var unknownAuction = take with { Event = (Taken)take.Event with { Id = 99 } };

        Action yanked = () => MakerRunReplay.Replay(scenario, [.. before, yank]);
        Action unknown = () => MakerRunReplay.Replay(scenario, [.. before, unknownAuction]);

        yanked.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*only the run's event types*");
        unknown.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*running auction*");
    }
}
