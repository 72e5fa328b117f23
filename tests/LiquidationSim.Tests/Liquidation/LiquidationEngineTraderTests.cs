using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// What traders do by themselves inside the engine: market orders against the book, deposits, isolated margin
/// top-ups and book re-quotes, and the queries that watch them (open interest, distance to liquidation). Bybit's
/// margin model unless stated, because its liquidation price is a line: <c>LP = entry ∓ (margin − MM) ÷ size</c>
/// with MM = 1% of the notional at entry (flat 1% tier, no fee set aside), so every figure is derived by hand.
/// </summary>
public sealed class LiquidationEngineTraderTests
{
    private static readonly DateTimeOffset s_t1 = EngineScenarios.T0.AddSeconds(1);
    private static readonly AccountId s_one = EngineScenarios.Id(1);
    private static readonly AccountId s_two = EngineScenarios.Id(2);

    /// <summary>BTC-like: flat 1%, tick 0.1, lot 0.1.</summary>
    private static readonly Instrument s_btc = EngineScenarios.Linear("BTCUSDT", 0.01m, lot: 0.1m);

    /// <summary>Flat 1%, tick 0.1, lot 1.</summary>
    private static readonly Instrument s_aaa = EngineScenarios.Linear("AAAUSDT", 0.01m);

    /// <summary>
    /// Account 1: cross, 10,000 USDT, long <paramref name="size"/> BTC @ 50,000 (10x); account 2: 1,000 USDT, no
    /// position. Bids 49,990 × 0.4 and 49,980 × 1; one ask 50,010 × 5. Mark 50,000.
    /// </summary>
    private static LiquidationEngine Btc(decimal size) =>
        EngineScenarios.Engine(
            VenueProfile.Bybit, s_btc, 50_000m, 1_000m, [new(49_990m, 0.4m), new(49_980m, 1m)], [new(50_010m, 5m)],
            (1, EngineScenarios.Cross(10_000m, (s_btc, PositionSide.Long, size, 50_000m, 10m))),
            (2, Account.Create("USDT", 1_000m)));

    private static MarketOrder Sell(AccountId account, decimal size, bool reduceOnly = true) =>
        new() { Account = account, Symbol = s_btc.Symbol, Side = OrderSide.Sell, Size = size, ReduceOnly = reduceOnly };

    private static EngineSnapshotState State(LiquidationEngine engine) => EngineSnapshotState.Of(engine, Symbols(engine));

    /// <summary>The symbols of the engine among this class's two instruments.</summary>
    private static string[] Symbols(LiquidationEngine engine) => [.. new[] { s_btc.Symbol, s_aaa.Symbol }.Where(s => TryMark(engine, s))];

    private static bool TryMark(LiquidationEngine engine, string symbol)
    {
        try
        {
            _ = engine.MarkPrice(symbol);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Open interest counted the slow way: every position of every account, the vault included.</summary>
    private static (decimal Long, decimal Short) Recount(LiquidationEngine engine, string symbol)
    {
        decimal longs = 0m, shorts = 0m;
        foreach (AccountId id in engine.AccountIds)
        {
            foreach (Position p in engine.GetAccount(id).Positions.Where(p => p.Symbol == symbol))
            {
                _ = p.Side == PositionSide.Long ? longs += p.Size : shorts += p.Size;
            }
        }

        return (longs, shorts);
    }

    private static void ReplayEqualsLive(LiquidationEngine engine)
    {
        LiquidationEngine replayed = LiquidationEngine.Replay(engine, engine.Events);
        State(replayed).Should().Be(State(engine));
        replayed.TotalValue.Should().Be(engine.TotalValue);
        foreach (string s in Symbols(engine))
        {
            replayed.OpenInterest(s).Should().Be(engine.OpenInterest(s));
            replayed.NearestToLiquidation(s).Should().Equal(engine.NearestToLiquidation(s));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Market orders against the book
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// The worked example: long 1 BTC at 50,000 selling 1 into bids 49,990 × 0.4 and 49,980 × 1 fills 0.4 @ 49,990
    /// and 0.6 @ 49,980; realised PnL 0.4 × (−10) + 0.6 × (−20) = −4 − 12 = −16. The position is closed, the wallet
    /// is 10,000 − 16 = 9,984, the book keeps 49,980 × 0.4, and the total value moves by the realised −16.
    /// </summary>
    [Fact]
    public void A_market_sell_walks_the_bids_and_realises_pnl_per_fill()
    {
        LiquidationEngine engine = Btc(1m);
        decimal before = engine.TotalValue;

        EngineResult r = engine.PlaceMarketOrder(Sell(s_one, 1m) with { Reason = "stop-loss" }, s_t1);

        r.Events.Cast<OrderFilled>().Select(f => (f.Size, f.Price, f.RealizedPnl, f.Reason))
            .Should().Equal((0.4m, 49_990m, -4m, "stop-loss"), (0.6m, 49_980m, -12m, "stop-loss"));
        r.Events.Select(e => e.Sequence).Should().Equal(1L, 2L);
        r.LiquidatedAccounts.Should().BeEmpty();
        engine.GetAccount(s_one).Positions.Should().BeEmpty();
        engine.GetAccount(s_one).WalletBalance.Should().Be(9_984m);
        engine.Book(s_btc.Symbol).Bids.Should().Equal(new PriceLevel(49_980m, 0.4m));
        engine.Book(s_btc.Symbol).Asks.Should().Equal(new PriceLevel(50_010m, 5m));
        engine.TotalValue.Should().Be(before - 16m);
        engine.Time.Should().Be(s_t1);
        engine.MarkPrice(s_btc.Symbol).Should().Be(50_000m, "a trader's order does not move the mark");
    }

    /// <summary>
    /// A thin book: long 3 BTC selling 2 reduce-only finds only 1.4 of bids: 0.4 @ 49,990 (−4) and 1 @ 49,980
    /// (−20); the other 0.6 is cancelled. Long 1.6 @ 50,000 is left, the wallet is 10,000 − 24 = 9,976 and the
    /// bid side is empty.
    /// </summary>
    [Fact]
    public void What_a_thin_book_cannot_fill_is_cancelled()
    {
        LiquidationEngine engine = Btc(3m);

        EngineResult r = engine.PlaceMarketOrder(Sell(s_one, 2m), s_t1);

        r.Events.Cast<OrderFilled>().Select(f => (f.Size, f.Price, f.RealizedPnl)).Should().Equal((0.4m, 49_990m, -4m), (1m, 49_980m, -20m));
        Position left = engine.GetAccount(s_one).Positions.Should().ContainSingle().Subject;
        (left.Side, left.Size, left.EntryPrice).Should().Be((PositionSide.Long, 1.6m, 50_000m));
        engine.GetAccount(s_one).WalletBalance.Should().Be(9_976m);
        engine.Book(s_btc.Symbol).Bids.Should().BeEmpty();
        engine.OpenInterest(s_btc.Symbol).Should().Be((1.6m, 0m));
    }

    /// <summary>
    /// A limit of 49,985 on a sell accepts 49,990 and refuses 49,980: of 1, only 0.4 @ 49,990 fills (−4) and 0.6 is
    /// cancelled. Long 0.6 is left, the 49,980 × 1 level untouched.
    /// </summary>
    [Fact]
    public void A_limit_price_stops_the_walk()
    {
        LiquidationEngine engine = Btc(1m);

        EngineResult r = engine.PlaceMarketOrder(Sell(s_one, 1m) with { LimitPrice = 49_985m }, s_t1);

        r.Events.Cast<OrderFilled>().Select(f => (f.Size, f.Price, f.RealizedPnl)).Should().Equal((0.4m, 49_990m, -4m));
        engine.GetAccount(s_one).Positions.Single().Size.Should().Be(0.6m);
        engine.Book(s_btc.Symbol).Bids.Should().Equal(new PriceLevel(49_980m, 1m));
    }

    /// <summary>
    /// A trader's close beyond bankruptcy. Isolated long 10 AAA @ 100 with 100 of margin and nothing else (LP 91 at a
    /// mark of 100, so no liquidation), but the only bid is 85 × 10: selling 10 realises 10 × (85 − 100) = −150, the
    /// closed position releases its 100, and the wallet is 100 − 150 = −50 with no cross position behind it. The fund
    /// (1,000) covers the 50 (insurance draw), leaving 950 and a wallet of 0. The total value, 100 + 1,000 = 1,100,
    /// falls by the realised 150 to 950. With an empty fund the 50 is bad debt instead.
    /// </summary>
    [Theory]
    [InlineData(1_000, 950, 0)]
    [InlineData(0, 0, 50)]
    public void A_close_beyond_bankruptcy_is_covered_by_the_fund_or_recorded_as_bad_debt(int fund, int fundAfter, int badDebt)
    {
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Bybit, s_aaa, 100m, fund, [new(85m, 10m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 10m, 100m)));
        decimal before = engine.TotalValue;

        EngineResult r = engine.PlaceMarketOrder(new MarketOrder { Account = s_one, Symbol = s_aaa.Symbol, Side = OrderSide.Sell, Size = 10m }, s_t1);

        r.Events.OfType<OrderFilled>().Single().RealizedPnl.Should().Be(-150m);
        engine.GetAccount(s_one).Positions.Should().BeEmpty();
        engine.GetAccount(s_one).WalletBalance.Should().Be(0m);
        engine.InsuranceFund.Should().Be(fundAfter);
        engine.BadDebt.Should().Be(badDebt);
        r.Events.OfType<BadDebtRecorded>().Sum(b => b.Amount).Should().Be(badDebt);
        engine.TotalValue.Should().Be(before - 150m);
        ReplayEqualsLive(engine);
    }

    /// <summary>A limit above the best bid (50,000 &gt; 49,990) fills nothing: no event, no change, not even the clock.</summary>
    [Fact]
    public void An_order_nothing_fills_changes_nothing()
    {
        LiquidationEngine engine = Btc(1m);
        EngineSnapshotState before = State(engine);

        EngineResult r = engine.PlaceMarketOrder(Sell(s_one, 1m) with { LimitPrice = 50_000m }, s_t1);

        r.Events.Should().BeEmpty();
        State(engine).Should().Be(before);
    }

    /// <summary>
    /// Reduce-only orders must shrink the held position. Account 1 is long 1 BTC (one-way): a buy would add to it
    /// (order.Side), 1.1 exceeds it (order.Size), and a hedge side means nothing in one-way mode (order.HedgeSide).
    /// Account 2 holds nothing, so any reduce-only size exceeds its position of 0. Sizes off the 0.1 lot grid or
    /// not positive are refused too. Nothing changes.
    /// </summary>
    [Fact]
    public void Reduce_only_orders_that_do_not_reduce_are_refused()
    {
        LiquidationEngine engine = Btc(1m);
        EngineSnapshotState before = State(engine);

        new Action(() => engine.PlaceMarketOrder(Sell(s_one, 0.5m) with { Side = OrderSide.Buy }, s_t1)).ShouldRefuse("order.Side", "Buy");
        new Action(() => engine.PlaceMarketOrder(Sell(s_one, 1.1m), s_t1)).ShouldRefuse("order.Size", "1.1");
        new Action(() => engine.PlaceMarketOrder(Sell(s_one, 0.5m) with { HedgeSide = PositionSide.Long }, s_t1)).ShouldRefuse("order.HedgeSide", "Long");
        new Action(() => engine.PlaceMarketOrder(Sell(s_two, 0.1m), s_t1)).ShouldRefuse("order.Size", "0.1");
        new Action(() => engine.PlaceMarketOrder(Sell(s_one, 0.05m), s_t1)).ShouldRefuse("order.Size", "0.05");
        new Action(() => engine.PlaceMarketOrder(Sell(s_one, 0m), s_t1)).ShouldRefuse("order.Size", "0");
        new Action(() => engine.PlaceMarketOrder(Sell(s_one, 0.5m) with { Leverage = 0.5m, ReduceOnly = false }, s_t1)).ShouldRefuse("order.Leverage", "0.5");

        engine.Events.Should().BeEmpty();
        State(engine).Should().Be(before);
    }

    /// <summary>
    /// Hedge mode: a reduce-only order must close the position its hedge side names. Long 10 AAA @ 100: a buy on
    /// the long adds (order.Side), a buy on the short closes a short of 0 (order.Size 1), and without a hedge side
    /// the order names no position (order.HedgeSide).
    /// </summary>
    [Fact]
    public void Hedge_mode_reduce_only_orders_must_close_the_named_position()
    {
        LiquidationEngine engine = HedgeEngine();
        EngineSnapshotState before = State(engine);
        var buy = new MarketOrder { Account = s_one, Symbol = s_aaa.Symbol, Side = OrderSide.Buy, Size = 1m, HedgeSide = PositionSide.Long };

        new Action(() => engine.PlaceMarketOrder(buy, s_t1)).ShouldRefuse("order.Side", "Buy");
        new Action(() => engine.PlaceMarketOrder(buy with { HedgeSide = PositionSide.Short }, s_t1)).ShouldRefuse("order.Size", "1");
        new Action(() => engine.PlaceMarketOrder(buy with { HedgeSide = null }, s_t1)).ShouldRefuse("order.HedgeSide", "null");

        State(engine).Should().Be(before);
    }

    /// <summary>Hedge account 1: cross, 1,000 USDT, long 10 AAA @ 100 (10x). Bids 99 × 100, asks 101 × 100, mark 100.</summary>
    private static LiquidationEngine HedgeEngine() =>
        EngineScenarios.Engine(
            VenueProfile.Bybit, s_aaa, 100m, 0m, [new(99m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Cross(1_000m, PositionMode.Hedge, (s_aaa, PositionSide.Long, 10m, 100m, 10m))));

    /// <summary>
    /// A hedge: the hedge-mode account sells 5 on its short side (not reduce-only), filling 5 @ 99 and opening short
    /// 5 @ 99 beside the untouched long 10 @ 100. Opening realises nothing, so the wallet stays 1,000 and the total
    /// value does not move; open interest becomes 10 long, 5 short.
    /// </summary>
    [Fact]
    public void A_hedge_mode_account_opens_a_hedge_beside_its_position()
    {
        LiquidationEngine engine = HedgeEngine();
        decimal before = engine.TotalValue;
        var hedge = new MarketOrder
        {
            Account = s_one, Symbol = s_aaa.Symbol, Side = OrderSide.Sell, Size = 5m, ReduceOnly = false, HedgeSide = PositionSide.Short, Leverage = 10m, Reason = "hedge",
        };

        EngineResult r = engine.PlaceMarketOrder(hedge, s_t1);

        OrderFilled fill = r.Events.Cast<OrderFilled>().Should().ContainSingle().Subject;
        (fill.Size, fill.Price, fill.RealizedPnl, fill.HedgeSide).Should().Be((5m, 99m, 0m, PositionSide.Short));
        Account a = engine.GetAccount(s_one);
        a.Positions.Select(p => (p.Side, p.Size, p.EntryPrice, p.MarginMode)).Should().Equal(
            (PositionSide.Long, 10m, 100m, MarginMode.Cross), (PositionSide.Short, 5m, 99m, MarginMode.Cross));
        a.WalletBalance.Should().Be(1_000m);
        engine.TotalValue.Should().Be(before);
        engine.OpenInterest(s_aaa.Symbol).Should().Be((10m, 5m));
        ReplayEqualsLive(engine);
    }

    /// <summary>
    /// An isolated opening is funded from the wallet. Account 2 (1,000 USDT) buys 10 AAA isolated at 10x: 10 @ 101,
    /// initial margin 1,010 ÷ 10 = 101 moves into the position, the wallet keeps 899, and the total value is
    /// unchanged (nothing realised). Its Bybit liquidation price is 101 − (101 − 10.1) ÷ 10 = 91.91.
    /// </summary>
    [Fact]
    public void An_isolated_opening_is_funded_from_the_wallet()
    {
        LiquidationEngine engine = AaaEngine(wallet: 1_000m);
        decimal before = engine.TotalValue;

        EngineResult r = engine.PlaceMarketOrder(IsolatedBuy(10m), s_t1);

        OrderFilled fill = r.Events.Cast<OrderFilled>().Should().ContainSingle().Subject;
        (fill.Size, fill.Price, fill.RealizedPnl, fill.MarginMode, fill.Leverage).Should().Be((10m, 101m, 0m, MarginMode.Isolated, 10m));
        Position p = engine.GetAccount(s_two).Positions.Should().ContainSingle().Subject;
        (p.Side, p.Size, p.EntryPrice, p.MarginMode, p.IsolatedMargin).Should().Be((PositionSide.Long, 10m, 101m, MarginMode.Isolated, 101m));
        engine.GetAccount(s_two).WalletBalance.Should().Be(899m);
        engine.TotalValue.Should().Be(before);
        engine.DistanceToLiquidation(s_two, s_aaa.Symbol, PositionSide.Long)!.Value.LiquidationPrice.Should().Be(91.91m);
        ReplayEqualsLive(engine);
    }

    /// <summary>The same opening with 100 in the wallet needs 101 of margin: refused, naming order.Size, and nothing changes.</summary>
    [Fact]
    public void An_isolated_opening_the_wallet_cannot_fund_is_refused_and_changes_nothing()
    {
        LiquidationEngine engine = AaaEngine(wallet: 100m);
        EngineSnapshotState before = State(engine);
        decimal total = engine.TotalValue;

        new Action(() => engine.PlaceMarketOrder(IsolatedBuy(10m), s_t1)).ShouldRefuse("order.Size", "10")
            .WithMessage("*isolated margin*");

        engine.Events.Should().BeEmpty();
        State(engine).Should().Be(before);
        engine.TotalValue.Should().Be(total);
        engine.OpenInterest(s_aaa.Symbol).Should().Be((10m, 0m));
    }

    private static MarketOrder IsolatedBuy(decimal size) => new()
    {
        Account = s_two, Symbol = s_aaa.Symbol, Side = OrderSide.Buy, Size = size, ReduceOnly = false, MarginMode = MarginMode.Isolated, Leverage = 10m,
    };

    /// <summary>
    /// Account 1: isolated long 10 AAA @ 100 with 100 of margin and 200 free (Bybit LP 100 − (100 − 10) ÷ 10 = 91);
    /// account 2: an empty wallet of <paramref name="wallet"/>. Bids 99 × 100, asks 101 × 100, mark 100.
    /// </summary>
    private static LiquidationEngine AaaEngine(decimal wallet) =>
        EngineScenarios.Engine(
            VenueProfile.Bybit, s_aaa, 100m, 0m, [new(99m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 10m, 100m, wallet: 200m)),
            (2, Account.Create("USDT", wallet)));

    // ---------------------------------------------------------------------------------------------------------
    // Deposits and isolated margin
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A deposit backs a cross position. Cross 100 USDT, long 10 AAA @ 100: LP = 100 − (100 − 10) ÷ 10 = 91.
    /// Depositing 50 makes the wallet 150 and LP = 100 − (150 − 10) ÷ 10 = 86: further from the mark, as the
    /// solver says. The total value rises by the 50.
    /// </summary>
    [Fact]
    public void A_deposit_moves_a_cross_liquidation_price_away()
    {
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Bybit, s_aaa, 100m, 0m, [new(99m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Cross(100m, (s_aaa, PositionSide.Long, 10m, 100m, 10m))));
        decimal before = engine.TotalValue;
        engine.DistanceToLiquidation(s_one, s_aaa.Symbol, PositionSide.Long)!.Value.LiquidationPrice.Should().Be(91m);

        EngineResult r = engine.Deposit(s_one, 50m, s_t1);

        r.Events.Should().Equal(new Deposited(1, s_t1, s_one, 50m));
        Account a = engine.GetAccount(s_one);
        a.WalletBalance.Should().Be(150m);
        LiquidationDistance d = engine.DistanceToLiquidation(s_one, s_aaa.Symbol, PositionSide.Long)!.Value;
        d.LiquidationPrice.Should().Be(86m).And.BeLessThan(91m, "a long's liquidation price moves down, away from the mark");
        d.LiquidationPrice.Should().Be(LiquidationPriceSolver.ForPosition(a, a.Positions[0], new Dictionary<string, decimal> { [s_aaa.Symbol] = 100m }, MarginModel.Bybit).LiquidationPrice);
        (d.PriceDistance, d.PercentDistance).Should().Be((14m, 0.14m));
        engine.TotalValue.Should().Be(before + 50m);
        engine.Time.Should().Be(s_t1);
        ReplayEqualsLive(engine);
    }

    /// <summary>
    /// Isolated long 10 AAA @ 100 with 100 of margin and 200 free: LP = 100 − (100 − 10) ÷ 10 = 91. Adding 50 makes
    /// the margin 150 and LP = 100 − (150 − 10) ÷ 10 = 86, the solver's value; the wallet keeps 150 and the total
    /// value does not move (wallet → margin).
    /// </summary>
    [Fact]
    public void Adding_isolated_margin_moves_the_liquidation_price_away()
    {
        LiquidationEngine engine = AaaEngine(wallet: 0m);
        decimal before = engine.TotalValue;

        EngineResult r = engine.AddIsolatedMargin(s_one, s_aaa.Symbol, PositionSide.Long, 50m, s_t1);

        r.Events.Should().Equal(new IsolatedMarginAdded(1, s_t1, s_one, s_aaa.Symbol, PositionSide.Long, 50m));
        Account a = engine.GetAccount(s_one);
        (a.WalletBalance, a.Positions[0].IsolatedMargin).Should().Be((150m, 150m));
        decimal lp = engine.DistanceToLiquidation(s_one, s_aaa.Symbol, PositionSide.Long)!.Value.LiquidationPrice;
        lp.Should().Be(86m).And.BeLessThan(91m);
        lp.Should().Be(LiquidationPriceSolver.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 150m, MarginModel.Bybit).LiquidationPrice);
        engine.NearestToLiquidation(s_aaa.Symbol).Single().LiquidationPrice.Should().Be(86m, "the index moved with it");
        engine.TotalValue.Should().Be(before);
        ReplayEqualsLive(engine);
    }

    /// <summary>
    /// 200 is free: 201 is more than the available balance (amount); the vault, a missing short and a cross
    /// position have no isolated margin to add to (symbol). Nothing changes.
    /// </summary>
    [Fact]
    public void Isolated_margin_beyond_the_available_balance_or_without_an_isolated_position_is_refused()
    {
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Bybit, s_aaa, 100m, 0m, [new(99m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 10m, 100m, wallet: 200m)),
            (2, EngineScenarios.Cross(1_000m, (s_aaa, PositionSide.Short, 1m, 100m, 10m))));
        EngineSnapshotState before = State(engine);

        new Action(() => engine.AddIsolatedMargin(s_one, s_aaa.Symbol, PositionSide.Long, 201m, s_t1)).ShouldRefuse("amount", "201");
        new Action(() => engine.AddIsolatedMargin(s_one, s_aaa.Symbol, PositionSide.Short, 1m, s_t1)).ShouldRefuse("symbol", "\"AAAUSDT\"");
        new Action(() => engine.AddIsolatedMargin(s_two, s_aaa.Symbol, PositionSide.Short, 1m, s_t1)).ShouldRefuse("symbol", "\"AAAUSDT\"");

        engine.Events.Should().BeEmpty();
        State(engine).Should().Be(before);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Open interest
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Open interest through fills and a liquidation (fund 1,000; bids 99 × 3 and 80 × 100; asks 101 × 100):
    /// account 1 isolated long 10 @ 100 with 100 (LP 91, BP 90), account 2 cross short 5 @ 100, account 3 an empty
    /// 1,000: OI 10 long, 5 short. Account 3 buys 4 (4 @ 101): 14 long. Account 2 buys back 2 reduce-only (2 @ 101,
    /// realised 2 × (100 − 101) = −2): 3 short. The mark drops to 90.5, past account 1's 91: one flat tier, so no
    /// step down; the long is taken over at 90 and closed (10 fewer longs: 4); the fund's own trades on the book are
    /// not an account's. Each figure also equals a full recount.
    /// </summary>
    [Fact]
    public void Open_interest_follows_fills_and_liquidations()
    {
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Bybit, s_aaa, 100m, 1_000m, [new(99m, 3m), new(80m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 10m, 100m)),
            (2, EngineScenarios.Cross(1_000m, (s_aaa, PositionSide.Short, 5m, 100m, 10m))),
            (3, Account.Create("USDT", 1_000m)));
        string aaa = s_aaa.Symbol;
        engine.OpenInterest(aaa).Should().Be((10m, 5m));

        engine.PlaceMarketOrder(new MarketOrder { Account = EngineScenarios.Id(3), Symbol = aaa, Side = OrderSide.Buy, Size = 4m, ReduceOnly = false, Leverage = 5m }, s_t1);
        engine.OpenInterest(aaa).Should().Be((14m, 5m)).And.Be(Recount(engine, aaa));

        EngineResult buyBack = engine.PlaceMarketOrder(new MarketOrder { Account = s_two, Symbol = aaa, Side = OrderSide.Buy, Size = 2m }, s_t1.AddSeconds(1));
        buyBack.Events.Cast<OrderFilled>().Single().RealizedPnl.Should().Be(-2m);
        engine.OpenInterest(aaa).Should().Be((14m, 3m)).And.Be(Recount(engine, aaa));

        EngineResult tick = engine.OnPriceTick(aaa, 90.5m, s_t1.AddSeconds(2));
        tick.LiquidatedAccounts.Should().Equal(s_one);
        engine.GetAccount(s_one).Positions.Should().BeEmpty();
        engine.OpenInterest(aaa).Should().Be((4m, 3m)).And.Be(Recount(engine, aaa));
        ReplayEqualsLive(engine);
    }

    /// <summary>
    /// A Hyperliquid backstop moves the position to the vault, which counts: long 10 @ 100 with 10 isolated (BP 99,
    /// LP 100 − 10 ÷ 10 ÷ 0.99 = 98.99). At 98 equity is 10 − 20 = −10, below ⅔ of maintenance, so the whole position
    /// is transferred, and open interest stays 10 long.
    /// </summary>
    [Fact]
    public void A_backstop_transfer_keeps_the_open_interest_in_the_vault()
    {
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Hyperliquid, s_aaa, 100m, 0m, [new(99m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 10m, 10m)));

        EngineResult r = engine.OnPriceTick(s_aaa.Symbol, 98m, s_t1);

        r.Events.OfType<BackstopTransfer>().Should().ContainSingle();
        engine.GetAccount(engine.Vault).Positions.Single().Size.Should().Be(10m);
        engine.OpenInterest(s_aaa.Symbol).Should().Be((10m, 0m)).And.Be(Recount(engine, s_aaa.Symbol));
        ReplayEqualsLive(engine);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Distance to liquidation
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Four isolated positions of 10 AAA @ 100 at a mark of 100, each LP = 100 ∓ (margin − 10) ÷ 10:
    /// 1 long with 100: LP 91, 9 %; 2 long with 50: LP 96, 4 %; 3 short with 100: LP 109, 9 %; 4 short with 60:
    /// LP 105, 5 %. Nearest first: 2 (4 %), 4 (5 %), then the 9 % tie by account: 1, 3.
    /// </summary>
    [Fact]
    public void Nearest_to_liquidation_merges_longs_and_shorts_by_percent_distance()
    {
        LiquidationEngine engine = FourPositions();

        engine.NearestToLiquidation(s_aaa.Symbol).Select(d => (d.Account.Value, d.Side, d.LiquidationPrice, d.PriceDistance, d.PercentDistance))
            .Should().Equal(
                (2L, PositionSide.Long, 96m, 4m, 0.04m),
                (4L, PositionSide.Short, 105m, 5m, 0.05m),
                (1L, PositionSide.Long, 91m, 9m, 0.09m),
                (3L, PositionSide.Short, 109m, 9m, 0.09m));
        engine.NearestToLiquidation(s_aaa.Symbol).Take(1).Single().Account.Should().Be(s_two);
        engine.NearestToLiquidation(s_aaa.Symbol).Should().OnlyContain(d => d.MarkPrice == 100m && !d.Cross && d.Symbol == s_aaa.Symbol);
        engine.DistanceToLiquidation(EngineScenarios.Id(4), s_aaa.Symbol, PositionSide.Short)
            .Should().Be(engine.NearestToLiquidation(s_aaa.Symbol).ElementAt(1));
    }

    /// <summary>
    /// After a tick to 103 the distances are read at the new mark: longs (103 − LP) ÷ 103, shorts (LP − 103) ÷ 103:
    /// account 4's 105 is 2 ÷ 103 away, account 3's 109 is 6 ÷ 103, account 2's 96 is 7 ÷ 103 and account 1's 91
    /// is 12 ÷ 103, in that order.
    /// </summary>
    [Fact]
    public void Nearest_to_liquidation_reads_distances_at_the_current_mark()
    {
        LiquidationEngine engine = FourPositions();
        engine.OnPriceTick(s_aaa.Symbol, 103m, s_t1);

        engine.NearestToLiquidation(s_aaa.Symbol).Select(d => (d.Account.Value, d.PriceDistance, d.PercentDistance)).Should().Equal(
            (4L, 2m, 2m / 103m), (3L, 6m, 6m / 103m), (2L, 7m, 7m / 103m), (1L, 12m, 12m / 103m));
    }

    /// <summary>
    /// A trade can take a position past its liquidation price; the order liquidates nobody and the next tick does.
    /// Account 5 (cross, 100 USDT, long 10 @ 100) buys 90 more at the 101 ask: long 100 @ (1,000 + 9,090) ÷ 100 =
    /// 100.9, MM 1% × 10,090 = 100.9, LP = 100.9 − (100 − 100.9) ÷ 100 = 100.909, above the mark of 100: distance
    /// −0.909, −0.909 % of the mark, the nearest of all five. A tick at the same mark liquidates it.
    /// </summary>
    [Fact]
    public void A_position_a_trade_takes_past_its_liquidation_price_comes_first_and_the_next_tick_liquidates_it()
    {
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Bybit, s_aaa, 100m, 0m, [new(99m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 10m, 100m)),
            (2, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 20m, 50m)),
            (3, EngineScenarios.Isolated(s_aaa, PositionSide.Short, 10m, 100m, 10m, 100m)),
            (4, EngineScenarios.Isolated(s_aaa, PositionSide.Short, 10m, 100m, 20m, 60m)),
            (5, EngineScenarios.Cross(100m, (s_aaa, PositionSide.Long, 10m, 100m, 10m))));
        var five = EngineScenarios.Id(5);

        EngineResult r = engine.PlaceMarketOrder(new MarketOrder { Account = five, Symbol = s_aaa.Symbol, Side = OrderSide.Buy, Size = 90m, ReduceOnly = false }, s_t1);

        r.LiquidatedAccounts.Should().BeEmpty();
        LiquidationDistance first = engine.NearestToLiquidation(s_aaa.Symbol).First();
        (first.Account, first.Cross, first.LiquidationPrice, first.PriceDistance, first.PercentDistance).Should().Be((five, true, 100.909m, -0.909m, -0.00909m));
        engine.NearestToLiquidation(s_aaa.Symbol).Skip(1).Select(d => d.Account.Value).Should().Equal(2L, 4L, 1L, 3L);

        engine.OnPriceTick(s_aaa.Symbol, 100m, s_t1.AddSeconds(1)).LiquidatedAccounts.Should().Equal(five);
    }

    private static LiquidationEngine FourPositions() =>
        EngineScenarios.Engine(
            VenueProfile.Bybit, s_aaa, 100m, 0m, [new(99m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 10m, 100m)),
            (2, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 20m, 50m)),
            (3, EngineScenarios.Isolated(s_aaa, PositionSide.Short, 10m, 100m, 10m, 100m)),
            (4, EngineScenarios.Isolated(s_aaa, PositionSide.Short, 10m, 100m, 20m, 60m)));

    /// <summary>
    /// No position, or a position with no liquidation price, gives null: a long 10 @ 100 backed by 1,100 of margin
    /// would be liquidated at 100 − (1,100 − 10) ÷ 10 = −9, which no price reaches.
    /// </summary>
    [Fact]
    public void Distance_to_liquidation_is_null_without_a_position_or_a_price()
    {
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Bybit, s_aaa, 100m, 0m, [new(99m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 1m, 1_100m)),
            (2, Account.Create("USDT", 10m)));

        engine.DistanceToLiquidation(s_one, s_aaa.Symbol, PositionSide.Long).Should().BeNull("LP = 100 − 1,090 ÷ 10 < 0");
        engine.DistanceToLiquidation(s_one, s_aaa.Symbol, PositionSide.Short).Should().BeNull();
        engine.DistanceToLiquidation(s_two, s_aaa.Symbol, PositionSide.Long).Should().BeNull();
        engine.NearestToLiquidation(s_aaa.Symbol).Should().BeEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Book updates and replay
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>A re-quote installs the new book, emits one event, moves the clock and liquidates nobody.</summary>
    [Fact]
    public void A_book_update_installs_the_new_book()
    {
        LiquidationEngine engine = FourPositions();
        OrderBook requote = OrderBook.Create(s_aaa.Symbol, [new(95m, 7m)], [new(96m, 7m)]);

        EngineResult r = engine.OnBookUpdate(requote, s_t1);

        r.Events.Should().Equal(new BookUpdated(1, s_t1, requote));
        r.LiquidatedAccounts.Should().BeEmpty();
        engine.Book(s_aaa.Symbol).Should().Be(requote);
        engine.Time.Should().Be(s_t1);
        engine.MarkPrice(s_aaa.Symbol).Should().Be(100m);
    }

    /// <summary>
    /// Every kind of call in one log: a deposit, a margin top-up, a re-quote, a partial and a hedge-side fill, a
    /// tick that liquidates. Replaying the log rebuilds the live state, total value, open interest and the
    /// liquidation index; so does every prefix.
    /// </summary>
    [Fact]
    public void Replay_rebuilds_the_state_after_trader_operations()
    {
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Bybit, s_aaa, 100m, 1_000m, [new(99m, 3m), new(80m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(s_aaa, PositionSide.Long, 10m, 100m, 10m, 100m, wallet: 50m)),
            (2, EngineScenarios.Cross(1_000m, (s_aaa, PositionSide.Short, 5m, 100m, 10m))),
            (3, EngineScenarios.Cross(1_000m, PositionMode.Hedge, (s_aaa, PositionSide.Long, 2m, 100m, 10m))));
        string aaa = s_aaa.Symbol;
        var id3 = EngineScenarios.Id(3);

        engine.Deposit(s_two, 25m, s_t1);
        engine.AddIsolatedMargin(s_one, aaa, PositionSide.Long, 5m, s_t1.AddSeconds(1));
        engine.PlaceMarketOrder(new MarketOrder { Account = s_two, Symbol = aaa, Side = OrderSide.Buy, Size = 1m }, s_t1.AddSeconds(2));
        engine.PlaceMarketOrder(new MarketOrder { Account = id3, Symbol = aaa, Side = OrderSide.Sell, Size = 5m, ReduceOnly = false, HedgeSide = PositionSide.Short }, s_t1.AddSeconds(3));
        engine.OnBookUpdate(OrderBook.Create(aaa, [new(89m, 2m), new(80m, 100m)], [new(91m, 100m)]), s_t1.AddSeconds(4));
        engine.OnPriceTick(aaa, 90m, s_t1.AddSeconds(5)).LiquidatedAccounts.Should().Contain(s_one);

        engine.Events.Select(e => e.GetType()).Should().Contain([typeof(Deposited), typeof(IsolatedMarginAdded), typeof(OrderFilled), typeof(BookUpdated), typeof(PositionClosed)]);
        ReplayEqualsLive(engine);
        for (int n = 0; n <= engine.Events.Count; n++)
        {
            LiquidationEngine prefix = LiquidationEngine.Replay(engine, engine.Events.Take(n));
            prefix.OpenInterest(aaa).Should().Be(Recount(prefix, aaa));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bad input
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>Unknown accounts and symbols, non-positive amounts, the vault and time going backwards are refused, naming the parameter; nothing changes.</summary>
    [Fact]
    public void Bad_input_is_refused_and_changes_nothing()
    {
        LiquidationEngine engine = AaaEngine(wallet: 1_000m);
        engine.Deposit(s_two, 1m, s_t1);
        EngineSnapshotState before = State(engine);
        int events = engine.Events.Count;
        var nobody = EngineScenarios.Id(99);
        string aaa = s_aaa.Symbol;
        DateTimeOffset past = EngineScenarios.T0;
        DateTimeOffset now = s_t1;
        OrderBook book = OrderBook.Create(aaa, [new(98m, 1m)], [new(102m, 1m)]);
        MarketOrder order = IsolatedBuy(1m);

        new Action(() => engine.Deposit(nobody, 1m, now)).ShouldRefuse("account", "99");
        new Action(() => engine.Deposit(engine.Vault, 1m, now)).ShouldRefuse("account", engine.Vault.ToString());
        new Action(() => engine.Deposit(s_one, -1m, now)).ShouldRefuse("amount", "-1");
        new Action(() => engine.Deposit(s_one, 0m, now)).ShouldRefuse("amount", "0");
        engine.Invoking(e => e.Deposit(s_one, 1m, past)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("time");

        new Action(() => engine.AddIsolatedMargin(nobody, aaa, PositionSide.Long, 1m, now)).ShouldRefuse("account", "99");
        new Action(() => engine.AddIsolatedMargin(engine.Vault, aaa, PositionSide.Long, 1m, now)).ShouldRefuse("account", engine.Vault.ToString());
        new Action(() => engine.AddIsolatedMargin(s_one, "NOPE", PositionSide.Long, 1m, now)).ShouldRefuse("symbol", "\"NOPE\"");
        new Action(() => engine.AddIsolatedMargin(s_one, aaa, PositionSide.Long, -1m, now)).ShouldRefuse("amount", "-1");
        new Action(() => engine.AddIsolatedMargin(s_one, aaa, (PositionSide)0, 1m, now)).ShouldRefuse("side", "0");
        engine.Invoking(e => e.AddIsolatedMargin(s_one, aaa, PositionSide.Long, 1m, past)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("time");

        new Action(() => engine.PlaceMarketOrder(order with { Account = nobody }, now)).ShouldRefuse("order.Account", "99");
        new Action(() => engine.PlaceMarketOrder(order with { Account = engine.Vault }, now)).ShouldRefuse("order.Account", engine.Vault.ToString());
        new Action(() => engine.PlaceMarketOrder(order with { Symbol = "NOPE" }, now)).ShouldRefuse("order.Symbol", "\"NOPE\"");
        new Action(() => engine.PlaceMarketOrder(order with { Size = -1m }, now)).ShouldRefuse("order.Size", "-1");
        new Action(() => engine.PlaceMarketOrder(order with { LimitPrice = 0m }, now)).ShouldRefuse("order.LimitPrice", "0");
        engine.Invoking(e => e.PlaceMarketOrder(order, past)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("time");
        engine.Invoking(e => e.PlaceMarketOrder(null!, now)).Should().Throw<ArgumentNullException>().WithParameterName("order");

        new Action(() => engine.OnBookUpdate(OrderBook.Create("NOPE", [], []), now)).ShouldRefuse("book", "\"NOPE\"");
        engine.Invoking(e => e.OnBookUpdate(book, past)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("time");

        new Func<object>(() => engine.OpenInterest("NOPE")).ShouldRefuse("symbol", "\"NOPE\"");
        new Func<object>(() => engine.NearestToLiquidation("NOPE")).ShouldRefuse("symbol", "\"NOPE\"");
        new Func<object?>(() => engine.DistanceToLiquidation(nobody, aaa, PositionSide.Long)).ShouldRefuse("account", "99");
        new Func<object?>(() => engine.DistanceToLiquidation(s_one, "NOPE", PositionSide.Long)).ShouldRefuse("symbol", "\"NOPE\"");

        engine.Events.Should().HaveCount(events);
        State(engine).Should().Be(before);
    }
}
