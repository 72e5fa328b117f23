using System.Collections.Immutable;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>The small keeper run: a hand-derived single auction, and conservation plus determinism on an ETH-B run.</summary>
public sealed class MakerKeeperRunTests
{
    private const string Ilk = "ETH-B";

    private static MakerKeeperScenario Scenario(ClipperConfig config, ImmutableArray<MakerVault> vaults, ImmutableArray<UInt256> feeds) => new()
    {
        Dog = new Dog(U("1000000e45")).WithIlk(Ilk, U("1.13e18"), U("1000000e45")),
        Clipper = new Clipper(config),
        Vat = new VatIlk(U("1e27"), UInt256.Zero, UInt256.Zero),
        Mat = U("1.5e27"),
        Vaults = vaults,
        FeedPrices = feeds,
        StartTime = 0,
        TickSeconds = 100,
        KeeperThreshold = U("0.9e27"),
    };

    [Fact]
    public void One_vault_barked_then_bought_below_the_threshold()
    {
        // ink 12, art 15000, rate 1. t = 0: feed 2000, spot = 2000 / 1.5 = 1333.33 ray; 12 · 1333.33 = 16000 ≥ 15000,
        // safe. t = 100: feed 1400, spot 933.33, 12 · 933.33 = 11200 < 15000:
        // bark, tab = 15000 · 1.13 = 16950 rad, lot 12, top = 1400 · 1.2 = 1680 ray. The keeper buys at price ≤ 0.9 · 1400 =
        // 1260, i.e. age ≥ 250 (1680 · (1000 − a)/1000): at t = 400 (age 300), price 1176 ray; owe = 12 · 1176 = 14112 rad
        // < tab and the whole lot is taken, so the auction ends and 16950 − 14112 = 2838 rad is written off.
        var config = new ClipperConfig(Ilk, new LinearDecrease(1000), U("1.2e27"), 2000, U("0.1e27"), UInt256.Zero, UInt256.Zero, UInt256.Zero);
        MakerKeeperScenario scenario = Scenario(config, [new MakerVault("urn", U("12e18"), U("15000e18"))],
            [U("2000e27"), U("1400e27"), U("1400e27"), U("1400e27"), U("1400e27")]);

        MakerKeeperRun run = MakerKeeperRun.Run(scenario);

        run.Events.Select(e => (e.Sequence, e.Time, e.Event.GetType().Name)).Should().Equal(
            (0L, 100UL, nameof(Barked)), (1L, 100UL, nameof(Kicked)), (2L, 400UL, nameof(Taken)));
        run.TabTotal.Should().Be(U("16950e45"));
        run.DaiRaised.Should().Be(U("14112e45"));
        run.TabWrittenOff.Should().Be(U("2838e45"));
        run.CollateralSold.Should().Be(U("12e18"));
        run.Dog.Dirt.Should().Be(UInt256.Zero);
        run.Clipper.Sales.Should().BeEmpty();
    }

    [Fact]
    public void Eth_b_run_conserves_collateral_and_debt_and_is_deterministic()
    {
        // Ten vaults of 10 ETH with debts 9,000 … 13,500 DAI; the feed falls from 2,000 to 1,100 and recovers.
        ImmutableArray<MakerVault> vaults = [.. Enumerable.Range(0, 10).Select(k => new MakerVault($"urn{k}", U("10e18"), (9_000UL + (500UL * (ulong)k)) * MakerMath.Wad))];
        ImmutableArray<UInt256> feeds = [.. Enumerable.Range(0, 200).Select(i => (ulong)(i < 100 ? 2_000 - (9 * i) : 1_100 + (4 * (i - 100))) * MakerMath.Ray)];
        ClipperConfig config = MakerAuctionProfile.EthB.ToClipperConfig(UInt256.Zero) with { Ilk = Ilk };
        MakerKeeperScenario scenario = Scenario(config, vaults, feeds) with { TickSeconds = 60 };

        MakerKeeperRun run = MakerKeeperRun.Run(scenario);
        MakerKeeperRun again = MakerKeeperRun.Run(scenario);

        run.Events.Should().Equal(again.Events);
        run.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(0, run.Events.Length).Select(i => (long)i));
        run.Events.Count(e => e.Event is Barked).Should().BeGreaterThan(0);
        run.Events.Count(e => e.Event is Taken).Should().BeGreaterThan(0);
        run.KeeperIncentives.Should().BeGreaterThan(UInt256.Zero);

        UInt256 remainingLot = run.Clipper.Sales.Values.Aggregate(UInt256.Zero, (a, s) => a + s.Lot);
        UInt256 remainingTab = run.Clipper.Sales.Values.Aggregate(UInt256.Zero, (a, s) => a + s.Tab);
        (run.CollateralSold + run.CollateralReturned + remainingLot).Should().Be(run.LotTotal);
        (run.DaiRaised + run.TabWrittenOff + remainingTab).Should().Be(run.TabTotal);
        run.Dog.Dirt.Should().Be(remainingTab);

        UInt256 inkBefore = vaults.Aggregate(UInt256.Zero, (a, v) => a + v.Ink);
        UInt256 inkAfter = run.Vaults.Aggregate(UInt256.Zero, (a, v) => a + v.Ink);
        (inkAfter + run.CollateralSold + remainingLot).Should().Be(inkBefore);
    }
}
