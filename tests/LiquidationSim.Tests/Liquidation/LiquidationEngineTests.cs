using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>The liquidation waterfall, scenario by scenario, with every expected figure derived by hand.</summary>
public sealed class LiquidationEngineTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private static readonly SourceReference s_src = SourceReference.UserSupplied(TestInstruments.AsOf);

    private static LiquidationEngine Engine(
        VenueProfile profile, Instrument instrument, decimal mark, decimal fund, IEnumerable<PriceLevel> bids, params (long Id, Account Account)[] accounts) =>
        new(
            profile,
            [instrument],
            accounts.Select(a => KeyValuePair.Create(new AccountId(a.Id), a.Account)),
            [OrderBook.Create(instrument.Symbol, bids, [new PriceLevel(mark * 2m, 1_000m)])],
            new Dictionary<string, decimal> { [instrument.Symbol] = mark },
            fund,
            s_t0);

    private static Account Isolated(Instrument instrument, PositionSide side, decimal size, decimal entry, decimal leverage, decimal margin, decimal wallet = 0m) =>
        Account.Create(instrument.SettlementAsset, wallet + margin).WithPosition(Position.Open(instrument, side, size, entry, MarginMode.Isolated, leverage, margin));

    /// <summary>
    /// Binance-style partial liquidation that stops once compliant. Tiers: 1% below 100k, 5% above (cum 4,000).
    /// Long 30 @ 10,000 with 30,000 isolated: equity 30P − 270,000, MM 1.5P − 4,000, so LP = 266,000 ÷ 28.5 = 9,333.33.
    /// At mark 9,300 it is liquidatable. Closing q at 9,300 with a 0.5% fee leaves equity 9,000 − 46.5q against
    /// MM 9,950 − 465q: compliant when q &gt; 950 ÷ 418.5 = 2.27, so the IOC is 2.28 (lot 0.01). Fee 0.005 × 2.28 ×
    /// 9,300 = 106.02 to the fund; the position keeps 27.72 and margin 30,000 − 1,596 − 106.02 = 28,297.98.
    /// </summary>
    [Fact]
    public void Binance_partial_liquidation_stops_once_compliant()
    {
        RiskTierTable tiers = RiskTierTable.FromRates("two tiers", [(0m, 50m, 0.01m), (100_000m, 10m, 0.05m)], s_src);
        Instrument btc = Instrument.Linear("BTCUSDT", "BTC", "USDT", tiers, 0.1m, 0.01m);
        VenueProfile binance = VenueProfile.Binance with { ClearanceFeeRate = 0.005m };
        LiquidationEngine engine = Engine(binance, btc, 10_000m, 1_000m, [new PriceLevel(9_300m, 100m)], (1, Isolated(btc, PositionSide.Long, 30m, 10_000m, 10m, 30_000m)));

        EngineResult r = engine.OnPriceTick("BTCUSDT", 9_300m, s_t0.AddSeconds(1));

        r.LiquidatedAccounts.Should().Equal(new AccountId(1));
        r.Events.OfType<LiquidationOrderPlaced>().Should().ContainSingle().Which.Size.Should().Be(2.28m);
        PositionClosed fill = r.Events.OfType<PositionClosed>().Should().ContainSingle().Subject;
        (fill.Size, fill.Price, fill.RealizedPnl).Should().Be((2.28m, 9_300m, -1_596m));
        r.Events.OfType<CollateralTransfer>().Should().ContainSingle().Which.Amount.Should().Be(106.02m);
        Position rest = engine.GetAccount(new AccountId(1)).Positions.Should().ContainSingle().Subject;
        (rest.Size, rest.IsolatedMargin).Should().Be((27.72m, 28_297.98m));
        engine.InsuranceFund.Should().Be(1_106.02m);
    }

    /// <summary>
    /// Bybit tier step-down. Tiers (Bybit risk limits, percent): 100k at 1% / 2%, 200k at 2% / 3%, then 3% / 4%
    /// (deductions 1,000 and 3,000). Long 25 @ 10,000 (250k) with 25,000 isolated: MM at entry 7,500 − 3,000 = 4,500,
    /// LP = 10,000 − 20,500 ÷ 25 = 9,180. At mark 9,150 it steps down to the 200k tier. A risk limit includes its
    /// upper bound, so the order is for "the difference between the current position's order value and the lower risk
    /// limit value" (Bybit "Liquidation Process", reference cefi.md §2.3 c): 250k − 200k = 50k, 5.00 at entry; the
    /// fill-or-kill fills at 9,150 (realised −4,250, margin 20,750). Now 20 @ 10,000 is worth exactly 200k, in the 200k
    /// tier: MM = 200,000 × 2% − 1,000 = 3,000 and LP = 10,000 − 17,750 ÷ 20 = 9,112.5: compliant, the step-down stops.
    /// (Before issue 16 the table read the limit as the next tier's floor and ordered 5.01, leaving 19.99.)
    /// </summary>
    [Fact]
    public void Bybit_steps_down_one_risk_tier_and_stops()
    {
        RiskTierTable tiers = RiskTierTable.Bybit("steps", [new(100_000m, 1m, 2m), new(200_000m, 2m, 3m), new(10_000_000m, 3m, 4m)], RateUnit.Percent, s_src);
        Instrument btc = Instrument.Linear("BTCUSDT", "BTC", "USDT", tiers, 0.5m, 0.01m);
        LiquidationEngine engine = Engine(VenueProfile.Bybit, btc, 10_000m, 1_000m, [new PriceLevel(9_150m, 100m)], (1, Isolated(btc, PositionSide.Long, 25m, 10_000m, 10m, 25_000m)));

        EngineResult r = engine.OnPriceTick("BTCUSDT", 9_150m, s_t0.AddSeconds(1));

        LiquidationOrderPlaced order = r.Events.OfType<LiquidationOrderPlaced>().Should().ContainSingle().Subject;
        (order.Size, order.TimeInForce, order.LimitPrice).Should().Be((5m, TimeInForce.FillOrKill, 9_000m));
        Position rest = engine.GetAccount(new AccountId(1)).Positions.Should().ContainSingle().Subject;
        (rest.Size, rest.IsolatedMargin).Should().Be((20m, 20_750m));
        engine.InsuranceFund.Should().Be(1_000m, "the user kept the step-down fill; nothing was taken over");
    }

    /// <summary>
    /// Hyperliquid slices with the cooldown. BTC at 40x (MMR 1.25%). Long 20 @ 10,000 with 5,000 isolated: LP =
    /// (200,000 − 5,000) ÷ 0.9875 ÷ 20 = 9,873.42. At 9,870 (equity 2,400 ≥ ⅔ × MM 2,467.5) 200k &gt; 100k, so 20%
    /// (4) goes to the book: realised −520, margin 4,480, new LP (160,000 − 4,480) ÷ 0.9875 ÷ 16 = 9,843.04.
    /// Ten seconds later at 9,840 it is liquidatable again; within the 30 s cooldown the order is for all 16.
    /// </summary>
    [Fact]
    public void Hyperliquid_slices_then_liquidates_whole_position_during_cooldown()
    {
        Instrument btc = Instrument.Linear("BTC", "BTC", "USDC", HyperliquidTiers.Btc, 1m, 0.001m);
        LiquidationEngine engine = Engine(VenueProfile.Hyperliquid, btc, 10_000m, 0m, [new PriceLevel(9_870m, 4m), new PriceLevel(9_840m, 100m)], (1, Isolated(btc, PositionSide.Long, 20m, 10_000m, 40m, 5_000m)));

        EngineResult first = engine.OnPriceTick("BTC", 9_870m, s_t0.AddSeconds(1));
        first.Events.OfType<LiquidationOrderPlaced>().Should().ContainSingle().Which.Size.Should().Be(4m);
        Position left = engine.GetAccount(new AccountId(1)).Positions.Should().ContainSingle().Subject;
        (left.Size, left.IsolatedMargin).Should().Be((16m, 4_480m));

        EngineResult second = engine.OnPriceTick("BTC", 9_840m, s_t0.AddSeconds(11));
        second.Events.OfType<LiquidationOrderPlaced>().Should().ContainSingle().Which.Size.Should().Be(16m, "the cooldown sends the whole position");
        engine.GetAccount(new AccountId(1)).Positions.Should().BeEmpty();

        // 16 × (9,840 − 10,000) = −2,560 from 4,480 leaves 1,920, released to the wallet.
        engine.GetAccount(new AccountId(1)).WalletBalance.Should().Be(1_920m);
    }

    /// <summary>A full-takeover venue, a fund of 10, a thin book and three profitable shorts (see the test below).</summary>
    private static (LiquidationEngine Engine, Instrument Instrument) FundRunsDry()
    {
        Instrument inst = TestInstruments.LinearFlat(0.01m, maxLeverage: 50m, tick: 0.1m, lot: 1m);
        VenueProfile full = VenueProfile.BitMex with { Policy = LiquidationPolicy.Full, MarginModel = LiquidationSim.Margin.MarginModel.Binance };
        LiquidationEngine engine = Engine(
            full,
            inst,
            100m,
            10m,
            [new PriceLevel(89m, 3m), new PriceLevel(85m, 10m)],
            (1, Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)),
            (2, Isolated(inst, PositionSide.Short, 3m, 100m, 10m, 30m)),
            (3, Isolated(inst, PositionSide.Short, 5m, 95m, 5m, 95m)),
            (4, Isolated(inst, PositionSide.Short, 2m, 120m, 10m, 24m)));
        return (engine, inst);
    }

    /// <summary>
    /// The insurance fund runs dry mid-liquidation and hands the rest to ADL. Flat 1% MMR, lot 1. Long 10 @ 100 with
    /// 100 isolated: BP 90, LP 900 ÷ 0.99 ÷ 10 = 90.91. At 90.5 the position is taken over at 90 (realised −100,
    /// margin 0). The fund (10) buys the book's bids: 3 at 89 costs 3 (fund 7), then at 85 it can afford
    /// ⌊7 ÷ 5⌋ = 1 (fund 2). The remaining 6 are deleveraged against the shorts at 90, best-ranked first.
    /// </summary>
    [Fact]
    public void Insurance_fund_runs_dry_and_the_rest_goes_to_adl()
    {
        (LiquidationEngine engine, Instrument inst) = FundRunsDry();
        decimal before = engine.TotalValue;

        EngineResult r = engine.OnPriceTick(inst.Symbol, 90.5m, s_t0.AddSeconds(1));

        r.LiquidatedAccounts.Should().Equal(new AccountId(1));
        var fund = r.Events.OfType<InsuranceFundTrade>().ToList();
        fund.Where(t => t.Kind == FillKind.Book).Select(t => (t.Size, t.Price, t.Pnl)).Should().Equal((3m, 89m, -3m), (1m, 85m, -5m));
        fund.Where(t => t.Kind == FillKind.AdlLiquidated).Sum(t => t.Size).Should().Be(6m);
        r.Events.OfType<PositionClosed>().Where(c => c.Kind == FillKind.AdlCounterparty).Sum(c => c.Size).Should().Be(6m);
        r.Events.OfType<PositionClosed>().Where(c => c.Kind == FillKind.AdlCounterparty).Should().OnlyContain(c => c.Price == 90m);
        engine.InsuranceFund.Should().Be(2m);
        engine.BadDebt.Should().Be(0m);

        // Conservation: the value inside moved by exactly the PnL realised by accounts and by the fund.
        decimal realized = r.Events.OfType<PositionClosed>().Sum(c => c.RealizedPnl) + fund.Sum(t => t.Pnl);
        engine.TotalValue.Should().Be(before + realized);
    }

    [Fact]
    public void Replaying_the_log_reproduces_the_final_state()
    {
        (LiquidationEngine engine, Instrument inst) = FundRunsDry();
        engine.OnPriceTick(inst.Symbol, 95m, s_t0.AddSeconds(1));
        engine.OnPriceTick(inst.Symbol, 90.5m, s_t0.AddSeconds(2));

        LiquidationEngine replayed = LiquidationEngine.Replay(engine, engine.Events);

        replayed.InsuranceFund.Should().Be(engine.InsuranceFund);
        replayed.BadDebt.Should().Be(engine.BadDebt);
        replayed.AccountIds.Select(replayed.GetAccount).Should().Equal(engine.AccountIds.Select(engine.GetAccount));
        replayed.Book(inst.Symbol).Bids.Should().Equal(engine.Book(inst.Symbol).Bids);
    }

    [Fact]
    public void A_tick_that_crosses_nothing_changes_nothing_but_the_price()
    {
        Instrument inst = TestInstruments.LinearFlat(0.01m, maxLeverage: 50m, tick: 0.1m, lot: 1m);
        LiquidationEngine engine = Engine(VenueProfile.Binance, inst, 100m, 10m, [new PriceLevel(99m, 10m)], (1, Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)));
        Account before = engine.GetAccount(new AccountId(1));

        EngineResult r = engine.OnPriceTick(inst.Symbol, 95m, s_t0.AddSeconds(1));

        r.Events.Should().ContainSingle().Which.Should().BeOfType<PriceTicked>();
        engine.GetAccount(new AccountId(1)).Should().Be(before);
    }

    [Fact]
    public void Bad_input_is_refused_and_changes_nothing()
    {
        Instrument inst = TestInstruments.LinearFlat(0.01m, maxLeverage: 50m, tick: 0.1m, lot: 1m);
        LiquidationEngine engine = Engine(VenueProfile.Binance, inst, 100m, 10m, [new PriceLevel(99m, 10m)], (1, Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)));
        engine.OnPriceTick(inst.Symbol, 99m, s_t0.AddSeconds(5));

        engine.Invoking(e => e.OnPriceTick(inst.Symbol, 98m, s_t0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("time");
        engine.Invoking(e => e.OnPriceTick("NOPE", 98m, s_t0.AddSeconds(6))).Should().Throw<ArgumentException>().WithParameterName("symbol");
        engine.Invoking(e => e.OnPriceTick(inst.Symbol, 0m, s_t0.AddSeconds(6))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("markPrice");
        engine.Events.Should().HaveCount(1);

        FluentActions.Invoking(() => Engine(VenueProfile.Binance, inst, 100m, -1m, [new PriceLevel(99m, 10m)])).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("insuranceFund");
        FluentActions.Invoking(() => Engine(VenueProfile.Binance with { ClearanceFeeRate = 0m }, inst, 100m, 1m, [new PriceLevel(99m, 10m)]))
            .Should().Throw<ArgumentException>().WithParameterName("profile.ClearanceFeeRate");
        FluentActions.Invoking(() => Engine(VenueProfile.Hyperliquid with { Policy = null! }, inst, 100m, 1m, [new PriceLevel(99m, 10m)]))
            .Should().Throw<ArgumentException>().WithParameterName("profile.Policy");
        FluentActions.Invoking(() => Engine(
                VenueProfile.Hyperliquid with { Policy = new HyperliquidSlicesPolicy(SliceRules.Hyperliquid with { SliceFraction = 1m }) }, inst, 100m, 1m, [new PriceLevel(99m, 10m)]))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("profile.Policy.Rules.SliceFraction");

        // The capped-fee surplus rule reads its cap from the dYdX policy, so it cannot stand with another policy.
        FluentActions.Invoking(() => Engine(VenueProfile.DydxV4 with { Policy = LiquidationPolicy.Full }, inst, 100m, 1m, [new PriceLevel(99m, 10m)]))
            .Should().Throw<ArgumentException>().WithParameterName("profile.Surplus");
    }
}
