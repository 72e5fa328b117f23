using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Serialization;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// Market makers as the book's counterparties (<see cref="LiquidationEngineBuilder.AddMarketMaker"/>, issue 15's
/// balanced open interest): every contract the book fills moves to a maker, level k to maker k modulo the makers able
/// to quote, so open interest long = short stays true. Bybit's model on a flat 1 % tier (tick 0.1, lot 0.1), so a
/// maker's margin is wallet + PnL against 1 % of its notional at the mark.
/// </summary>
public sealed class LiquidationEngineMarketMakerTests
{
    private static readonly Instrument s_btc = EngineScenarios.Linear("BTCUSDT", 0.01m, lot: 0.1m);
    private static readonly AccountId s_trader = EngineScenarios.Id(1);
    private static readonly AccountId s_makerA = EngineScenarios.Id(10);
    private static readonly AccountId s_makerB = EngineScenarios.Id(11);
    private static readonly DateTimeOffset s_t1 = EngineScenarios.T0.AddSeconds(1);

    /// <summary>Bids 49,990 × 0.4, 49,980 × 1 and 49,970 × 5; one ask 50,010 × 5.</summary>
    private static OrderBook Book() => EngineScenarios.Book(s_btc, [new(49_990m, 0.4m), new(49_980m, 1m), new(49_970m, 5m)], [new(50_010m, 5m)]);

    /// <summary>
    /// The trader is long 2 BTC @ 50,000 with 10,000 USDT (cross); maker A opened the other side, short 2 @ 50,000 with
    /// <paramref name="makerAWallet"/>; maker B is flat with 10,000 USDT. Open interest starts balanced at 2 / 2.
    /// </summary>
    private static LiquidationEngine Market(decimal mark = 50_000m, decimal makerAWallet = 10_000m, bool withB = true)
    {
        LiquidationEngineBuilder builder = LiquidationEngine.CreateBuilder(VenueProfile.Bybit, EngineScenarios.T0)
            .AddInstrument(s_btc, mark, Book())
            .WithInsuranceFund(1_000_000m)
            .AddAccount(s_trader, EngineScenarios.Cross(10_000m, (s_btc, PositionSide.Long, 2m, 50_000m, 10m)))
            .AddMarketMaker(s_btc.Symbol, s_makerA, EngineScenarios.Cross(makerAWallet, (s_btc, PositionSide.Short, 2m, 50_000m, 1m)));
        if (withB)
        {
            builder.AddMarketMaker(s_btc.Symbol, s_makerB, Account.Create("USDT", 10_000m));
        }

        return builder.Build();
    }

    private static MarketOrder Sell(decimal size) =>
        new() { Account = s_trader, Symbol = s_btc.Symbol, Side = OrderSide.Sell, Size = size };

    private static Position? Held(LiquidationEngine engine, AccountId id) => engine.GetAccount(id).Positions.SingleOrDefault();

    private static void ReplayEqualsLive(LiquidationEngine engine)
    {
        LiquidationEngine replayed = LiquidationEngine.Replay(engine, engine.Events);
        EngineSnapshotState.Of(replayed, [s_btc.Symbol]).Should().Be(EngineSnapshotState.Of(engine, [s_btc.Symbol]));
        replayed.OpenInterest(s_btc.Symbol).Should().Be(engine.OpenInterest(s_btc.Symbol));
    }

    [Fact]
    public void A_sell_order_moves_its_contracts_to_the_maker_of_each_level_it_takes()
    {
        LiquidationEngine engine = Market();

        EngineResult result = engine.PlaceMarketOrder(Sell(1.4m), s_t1);

        // Level 0 (49,990 × 0.4) is maker A's: its short 2 @ 50,000 buys back 0.4, realising (50,000 − 49,990) × 0.4 = 4.
        // Level 1 (49,980 × 1) is maker B's: it opens long 1 @ 49,980.
        OrderFilled[] makers = [.. result.Events.OfType<OrderFilled>().Where(f => f.IsMaker)];
        makers.Should().HaveCount(2);
        makers[0].Should().Match<OrderFilled>(f => f.Account == s_makerA && f.Side == OrderSide.Buy && f.Size == 0.4m && f.Price == 49_990m && f.RealizedPnl == 4m);
        makers[1].Should().Match<OrderFilled>(f => f.Account == s_makerB && f.Side == OrderSide.Buy && f.Size == 1m && f.Price == 49_980m && f.RealizedPnl == 0m);
        Held(engine, s_makerA).Should().Match<Position>(p => p.Side == PositionSide.Short && p.Size == 1.6m);
        Held(engine, s_makerB).Should().Match<Position>(p => p.Side == PositionSide.Long && p.Size == 1m && p.EntryPrice == 49_980m);
        engine.GetAccount(s_makerA).WalletBalance.Should().Be(10_004m);

        // Long: trader 0.6 + maker B 1 = 1.6; short: maker A 1.6.
        engine.OpenInterest(s_btc.Symbol).Should().Be((1.6m, 1.6m));

        // The book lost the 1.4 once: the makers' side does not consume it again (a second take would eat into 49,970).
        engine.Book(s_btc.Symbol).Bids.Should().Equal(new PriceLevel(49_970m, 5m));
        ReplayEqualsLive(engine);
    }

    [Fact]
    public void A_liquidation_fills_the_makers_with_exactly_what_it_takes_from_the_book()
    {
        // Trader long 2 @ 50,000 on 10,000: Bybit's LP is 50,000 − (10,000 − 1,000) ÷ 2 = 45,500, crossed at 45,000.
        LiquidationEngine engine = Market(makerAWallet: 100_000m);
        EngineResult result = engine.OnPriceTick(s_btc.Symbol, 45_000m, s_t1);

        result.Events.OfType<LiquidationTriggered>().Should().ContainSingle(t => t.Account == s_trader);
        PositionClosed[] taken = [.. result.Events.OfType<PositionClosed>().Where(c => c.ConsumesBook)];
        InsuranceFundTrade[] fund = [.. result.Events.OfType<InsuranceFundTrade>().Where(f => f.Kind == FillKind.Book)];
        OrderFilled[] made = [.. result.Events.OfType<OrderFilled>().Where(f => f.IsMaker)];

        // One maker fill per book fill, same size and price, the buying side; nothing filled from the book but through them.
        (taken.Length + fund.Length).Should().BeGreaterThan(0);
        made.Select(f => (f.Size, f.Price)).Should().Equal(taken.Select(c => (c.Size, c.Price)).Concat(fund.Select(f => (f.Size, f.Price))));
        made.Should().OnlyContain(f => f.Side == OrderSide.Buy && (f.Account == s_makerA || f.Account == s_makerB));

        (decimal longs, decimal shorts) = engine.OpenInterest(s_btc.Symbol);
        longs.Should().Be(shorts);
        ReplayEqualsLive(engine);
    }

    [Fact]
    public void A_liquidated_maker_is_never_its_own_counterparty()
    {
        // Maker A alone, short 2 @ 50,000 on 100 USDT: at 60,000 it has lost 20,000 and is liquidated. The book's only
        // maker is itself, so its order fills nothing there; the takeover and ADL against the trader's long close it.
        LiquidationEngine engine = Market(makerAWallet: 100m, withB: false);
        EngineResult result = engine.OnPriceTick(s_btc.Symbol, 60_000m, s_t1);

        result.Events.OfType<LiquidationTriggered>().Should().ContainSingle(t => t.Account == s_makerA);
        result.Events.OfType<OrderFilled>().Should().BeEmpty();
        result.Events.OfType<PositionClosed>().Should().NotContain(c => c.ConsumesBook);
        result.Events.OfType<PositionClosed>().Should().Contain(c => c.Account == s_trader && c.Kind == FillKind.AdlCounterparty);
        Held(engine, s_makerA).Should().BeNull();
        engine.OpenInterest(s_btc.Symbol).Should().Be((0m, 0m));
        ReplayEqualsLive(engine);
    }

    [Fact]
    public void A_maker_that_is_liquidatable_stops_quoting_and_the_next_one_takes_its_level()
    {
        // At a mark of 60,000 maker A (short 2 @ 50,000 on 100) is past maintenance: level 0 goes to maker B.
        LiquidationEngine engine = Market(mark: 60_000m, makerAWallet: 100m);

        EngineResult result = engine.PlaceMarketOrder(Sell(0.4m), s_t1);

        result.Events.OfType<OrderFilled>().Where(f => f.IsMaker).Should().ContainSingle()
            .Which.Should().Match<OrderFilled>(f => f.Account == s_makerB && f.Size == 0.4m && f.Price == 49_990m);
        engine.OpenInterest(s_btc.Symbol).Should().Be((2m, 2m));
    }

    [Fact]
    public void With_no_maker_able_to_quote_a_market_order_fills_nothing_and_changes_nothing()
    {
        LiquidationEngine engine = Market(mark: 60_000m, makerAWallet: 100m, withB: false);
        EngineSnapshotState before = EngineSnapshotState.Of(engine, [s_btc.Symbol]);

        EngineResult result = engine.PlaceMarketOrder(Sell(0.4m), s_t1);

        result.Events.Should().BeEmpty();
        EngineSnapshotState.Of(engine, [s_btc.Symbol]).Should().Be(before);
    }

    [Fact]
    public void An_engine_without_makers_keeps_an_anonymous_book()
    {
        LiquidationEngine engine = LiquidationEngine.CreateBuilder(VenueProfile.Bybit, EngineScenarios.T0)
            .AddInstrument(s_btc, 50_000m, Book())
            .AddAccount(s_trader, EngineScenarios.Cross(10_000m, (s_btc, PositionSide.Long, 2m, 50_000m, 10m)))
            .Build();

        EngineResult result = engine.PlaceMarketOrder(Sell(1.4m), s_t1);

        engine.MarketMakers(s_btc.Symbol).Should().BeEmpty();
        result.Events.OfType<OrderFilled>().Should().OnlyContain(f => !f.IsMaker).And.HaveCount(2);
        engine.OpenInterest(s_btc.Symbol).Should().Be((0.6m, 0m));
    }

    [Fact]
    public void The_engine_lists_a_symbols_makers_in_the_order_they_share_its_levels() =>
        Market().MarketMakers(s_btc.Symbol).Should().Equal(s_makerA, s_makerB);

    [Fact]
    public void A_hedge_mode_maker_is_refused_naming_the_account()
    {
        LiquidationEngineBuilder builder = LiquidationEngine.CreateBuilder(VenueProfile.Bybit, EngineScenarios.T0).AddInstrument(s_btc, 50_000m, Book());

        Action bad = () => builder.AddMarketMaker(s_btc.Symbol, s_makerA, Account.Create("USDT", 1m, PositionMode.Hedge));

        bad.Should().Throw<ArgumentException>().Where(e => e.ParamName == "account" && e.Message.Contains("Hedge", StringComparison.Ordinal));
        builder.Build().AccountIds.Should().NotContain(s_makerA);
    }

    [Fact]
    public void A_maker_for_a_symbol_the_engine_does_not_trade_is_refused_at_build()
    {
        LiquidationEngineBuilder builder = LiquidationEngine.CreateBuilder(VenueProfile.Bybit, EngineScenarios.T0)
            .AddInstrument(s_btc, 50_000m, Book())
            .AddMarketMaker("ETHUSDT", s_makerA, Account.Create("USDT", 1m));

        builder.Invoking(b => b.Build()).Should().Throw<ArgumentException>().Where(e => e.ParamName == "makers" && e.Message.Contains("ETHUSDT", StringComparison.Ordinal));
    }

    [Fact]
    public void A_maker_settling_in_another_asset_is_refused_at_build()
    {
        LiquidationEngineBuilder builder = LiquidationEngine.CreateBuilder(VenueProfile.Bybit, EngineScenarios.T0)
            .AddInstrument(s_btc, 50_000m, Book())
            .AddMarketMaker(s_btc.Symbol, s_makerA, Account.Create("USDC", 1m));

        builder.Invoking(b => b.Build()).Should().Throw<ArgumentException>().Where(e => e.ParamName == "makers" && e.Message.Contains("USDT", StringComparison.Ordinal));
    }

    [Fact]
    public void A_makers_fill_is_logged_with_its_flag_and_a_line_without_the_flag_reads_as_a_taker()
    {
        LiquidationEngine engine = Market();
        _ = engine.PlaceMarketOrder(Sell(0.4m), s_t1);
        OrderFilled made = engine.Events.OfType<OrderFilled>().Single(f => f.IsMaker);

        string line = EventLogJson.Serialize(made);

        line.Should().Contain("\"isMaker\":true");
        EventLogJson.Deserialize(line).Should().Be(made);
        OrderFilled taker = engine.Events.OfType<OrderFilled>().Single(f => !f.IsMaker);
        EventLogJson.Serialize(taker).Should().NotContain("isMaker");
        ((OrderFilled)EventLogJson.Deserialize(EventLogJson.Serialize(taker))).IsMaker.Should().BeFalse();
    }
}
