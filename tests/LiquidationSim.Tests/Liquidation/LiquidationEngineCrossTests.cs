using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// Cross-margin scenarios of <see cref="LiquidationEngine"/>, with every expected figure derived by hand: two-symbol
/// accounts, re-indexing when the other symbol moves, Bybit hedge netting, resting orders, Hyperliquid's backstop
/// and dYdX's capped fee. Linear contracts, tick 0.1, lot 1.
/// </summary>
public sealed class LiquidationEngineCrossTests
{
    private static readonly AccountId _one = new(1);

    private static DateTimeOffset At(int seconds) => EngineScenarios.T0.AddSeconds(seconds);

    // ---------------------------------------------------------------------------------------------------------
    // Two symbols in one cross account (Binance, clearance fee 1.25%, flat 2.5% maintenance on both)
    // ---------------------------------------------------------------------------------------------------------

    private static readonly Instrument _aaa = EngineScenarios.Linear("AAAUSDT", 0.025m, maxLeverage: 20m);
    private static readonly Instrument _bbb = EngineScenarios.Linear("BBBUSDT", 0.025m, maxLeverage: 20m);

    /// <summary>Wallet 150; long 10 AAA @ 100 and long 1 BBB @ 200, both cross; fund 1,000; deep bids just below each mark.</summary>
    private static LiquidationEngine TwoSymbolEngine(decimal bbbMark) =>
        EngineScenarios.Engine(
            VenueProfile.Binance,
            [
                (_aaa, 100m, EngineScenarios.Book(_aaa, [new(89m, 100m), new(80m, 100m)], [new(101m, 100m)])),
                (_bbb, bbbMark, EngineScenarios.Book(_bbb, [new(179m, 100m)], [new(201m, 100m)])),
            ],
            1_000m,
            (1, EngineScenarios.Cross(150m, (_aaa, PositionSide.Long, 10m, 100m, 10m), (_bbb, PositionSide.Long, 1m, 200m, 10m))));

    /// <summary>
    /// BBB's mark is 180 (UPnL −20, MM 4.5). AAA's cross liquidation price is where 150 − 20 − 4.5 + 10(P − 100) =
    /// 0.25P: P = 874.5 ÷ 9.75 = 89.69; its bankruptcy price (other PnL counted, not other maintenance) is
    /// (1,000 + 20 − 150) ÷ 10 = 87. Valuing BBB at its entry instead would put AAA's LP at 855 ÷ 9.75 = 87.69, and 89
    /// would liquidate nothing. At 89: equity 20 &lt; MM 22.25 + 4.5. AAA has the larger MM, so it goes first. Closing q
    /// at 89 with the 1.25% fee leaves equity 20 − 1.1125q against MM 26.75 − 2.225q, compliant from q &gt; 6.07: the
    /// IOC is 7, limited to 87. It fills at 89 (realised −77), the fee is 0.0125 × 623 = 7.7875, and the account keeps
    /// 3 AAA and the untouched BBB with wallet 150 − 77 − 7.7875 = 65.2125.
    /// </summary>
    [Fact]
    public void A_tick_in_one_symbol_liquidates_it_with_the_other_valued_at_its_own_mark()
    {
        LiquidationEngine engine = TwoSymbolEngine(bbbMark: 180m);

        EngineResult r = engine.OnPriceTick(_aaa.Symbol, 89m, At(1));

        LiquidationTriggered trigger = r.Events.OfType<LiquidationTriggered>().Should().ContainSingle().Subject;
        (trigger.Account, trigger.Symbol, trigger.Side, trigger.TriggerPrice).Should().Be((_one, _aaa.Symbol, PositionSide.Long, 89m));
        trigger.LiquidationPrice.Should().BeApproximately(874.5m / 9.75m, 1e-20m);
        LiquidationOrderPlaced order = r.Events.OfType<LiquidationOrderPlaced>().Should().ContainSingle().Subject;
        (order.Symbol, order.Side, order.Size, order.LimitPrice, order.TimeInForce).Should().Be((_aaa.Symbol, OrderSide.Sell, 7m, 87m, TimeInForce.ImmediateOrCancel));
        PositionClosed fill = r.Events.OfType<PositionClosed>().Should().ContainSingle().Subject;
        (fill.Symbol, fill.Size, fill.Price, fill.RealizedPnl, fill.Kind).Should().Be((_aaa.Symbol, 7m, 89m, -77m, FillKind.Book));
        r.Events.OfType<CollateralTransfer>().Should().ContainSingle().Which.Should().Match<CollateralTransfer>(t => t.Kind == TransferKind.ClearanceFee && t.Amount == 7.7875m);

        Account after = engine.GetAccount(_one);
        after.WalletBalance.Should().Be(65.2125m);
        after.Positions.Select(p => (p.Symbol, p.Side, p.Size, p.EntryPrice)).Should().Equal((_aaa.Symbol, PositionSide.Long, 3m, 100m), (_bbb.Symbol, PositionSide.Long, 1m, 200m));
        engine.MarkPrice(_bbb.Symbol).Should().Be(180m);
        engine.InsuranceFund.Should().Be(1_007.7875m);
        engine.Book(_bbb.Symbol).Bids.Should().Equal(new PriceLevel(179m, 100m));
    }

    /// <summary>
    /// The same account opens with BBB at 200 (UPnL 0, MM 5): AAA's LP is 855 ÷ 9.75 = 87.69, so AAA at 89 alone
    /// liquidates nothing. When BBB ticks to 180 (BBB's own LP, 75 ÷ 0.975 = 76.9, is far away) nothing is
    /// liquidated, but AAA's entry must be re-indexed to 89.69: the next AAA tick at 89 then liquidates exactly as
    /// in the scenario above.
    /// </summary>
    [Fact]
    public void A_multi_symbol_cross_account_is_reindexed_when_its_other_symbol_moves()
    {
        LiquidationEngine control = TwoSymbolEngine(bbbMark: 200m);
        control.OnPriceTick(_aaa.Symbol, 89m, At(1)).LiquidatedAccounts.Should().BeEmpty("AAA's LP is 87.69 while BBB is at 200");

        LiquidationEngine engine = TwoSymbolEngine(bbbMark: 200m);
        EngineResult other = engine.OnPriceTick(_bbb.Symbol, 180m, At(1));
        other.Events.Should().ContainSingle().Which.Should().BeOfType<PriceTicked>();

        EngineResult r = engine.OnPriceTick(_aaa.Symbol, 89m, At(2));

        r.LiquidatedAccounts.Should().Equal(_one);
        r.Events.OfType<LiquidationTriggered>().Single().LiquidationPrice.Should().BeApproximately(874.5m / 9.75m, 1e-20m);
        r.Events.OfType<LiquidationOrderPlaced>().Single().Size.Should().Be(7m);
        engine.GetAccount(_one).WalletBalance.Should().Be(65.2125m);
    }

    /// <summary>
    /// Binance, hedge mode: a cross account with 30, a flat AAA pair (long 10 and short 10, both @ 100) and long 1 BBB
    /// @ 100, flat 1% on both. The pair's PnL cancels, but Binance charges maintenance on both gross legs at the mark:
    /// 0.2 × P(AAA). With AAA at 100 the account holds equity 30 against MM 21. AAA ticks to 150: MM 15 + 15 + 1 = 31
    /// &gt; 30, so the account is liquidatable (AccountMargin says so). The flat pair has no liquidation price, so AAA's
    /// index holds no entry for it; the account is re-indexed on the AAA tick and its BBB entry moves to
    /// (100 − 0) ÷ 0.99 = 101.01, above BBB's mark of 100 — crossed, but only AAA's index is read. The tick must
    /// liquidate the account, not wait for BBB to tick.
    /// </summary>
    [Fact]
    public void A_tick_that_makes_a_multi_symbol_account_liquidatable_liquidates_it_even_without_an_entry_in_that_symbol()
    {
        Instrument aaa = EngineScenarios.Linear("AAAUSDT", 0.01m);
        Instrument bbb = EngineScenarios.Linear("BBBUSDT", 0.01m);
        Account account = EngineScenarios.Cross(
            30m, PositionMode.Hedge, (aaa, PositionSide.Long, 10m, 100m, 10m), (aaa, PositionSide.Short, 10m, 100m, 10m), (bbb, PositionSide.Long, 1m, 100m, 10m));
        LiquidationEngine Build() => EngineScenarios.Engine(
            VenueProfile.Binance,
            [
                (aaa, 100m, EngineScenarios.Book(aaa, [new(149m, 100m)], [new(151m, 100m)])),
                (bbb, 100m, EngineScenarios.Book(bbb, [new(99m, 100m)], [new(101m, 100m)])),
            ],
            1_000m,
            (1, account));

        LiquidationEngine engine = Build();
        EngineResult r = engine.OnPriceTick(aaa.Symbol, 150m, At(1));

        LiquidationSim.Margin.AccountMargin.Calculate(account, new Dictionary<string, decimal> { [aaa.Symbol] = 150m, [bbb.Symbol] = 100m })
            .IsCrossLiquidatable.Should().BeTrue("equity 30 is below the gross maintenance 31");
        r.LiquidatedAccounts.Should().Equal([_one], "the account is liquidatable after this tick and its BBB entry is crossed");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bybit hedge netting (NetsHedgedPositions, entry-valued maintenance), flat 1%
    // ---------------------------------------------------------------------------------------------------------

    private static readonly Instrument _inst = EngineScenarios.Linear("AAAUSDT", 0.01m);

    /// <summary>
    /// Long 10 @ 100 and short 10 @ 100 in hedge mode under cross margin, wallet 25. The legs' PnL cancels at every
    /// price, so equity stays 25 against an entry-valued MM of 0.01 × (1,000 + 1,000) = 20: no price liquidates it.
    /// The pair is flat and has no liquidation price; ticks from 1 to 10,000 change nothing but the mark.
    /// </summary>
    [Fact]
    public void Bybit_never_liquidates_a_fully_hedged_cross_account()
    {
        Account hedged = EngineScenarios.Cross(25m, PositionMode.Hedge, (_inst, PositionSide.Long, 10m, 100m, 10m), (_inst, PositionSide.Short, 10m, 100m, 10m));
        LiquidationEngine engine = EngineScenarios.Engine(VenueProfile.Bybit, _inst, 100m, 0m, [new(99m, 100m)], [new(101m, 100m)], (1, hedged));

        int second = 0;
        foreach (decimal price in new[] { 50m, 1m, 200m, 10_000m, 0.1m, 100m })
        {
            EngineResult r = engine.OnPriceTick(_inst.Symbol, price, At(++second));
            r.Events.Should().ContainSingle("a flat hedge is never liquidated (tick to {0})", price).Which.Should().BeOfType<PriceTicked>();
        }

        engine.GetAccount(_one).Should().Be(hedged);
    }

    /// <summary>
    /// Long 15 @ 100 and short 5 @ 100 in hedge mode under cross margin, wallet 120; fund 1,000. Equity is
    /// 120 + 10(P − 100) against the gross legs' entry-valued MM 15 + 5 = 20: LP 90, BP 88. At 88.5 Bybit first
    /// offsets the hedged 5 against each other at the mark (long −57.5, short +57.5, wallet unchanged), leaving the net
    /// long 10 @ 100 with MM 10: LP 89, still crossed. Its risk tier is the lowest, so it is taken over at its
    /// bankruptcy price 100 − 120 ÷ 10 = 88 (realised −120, wallet 0) and the fund sells the 10 on the 88.4 bid (+4).
    /// Only the net 10 reach the venue and the book.
    /// </summary>
    [Fact]
    public void Bybit_liquidates_only_the_net_exposure_of_an_unequal_hedge()
    {
        Account pair = EngineScenarios.Cross(120m, PositionMode.Hedge, (_inst, PositionSide.Long, 15m, 100m, 10m), (_inst, PositionSide.Short, 5m, 100m, 10m));
        LiquidationEngine engine = EngineScenarios.Engine(VenueProfile.Bybit, _inst, 100m, 1_000m, [new(88.4m, 100m)], [new(101m, 100m)], (1, pair));

        EngineResult r = engine.OnPriceTick(_inst.Symbol, 88.5m, At(1));

        LiquidationTriggered trigger = r.Events.OfType<LiquidationTriggered>().Should().ContainSingle().Subject;
        (trigger.Side, trigger.LiquidationPrice).Should().Be((PositionSide.Long, 90m));
        r.Events.OfType<PositionClosed>().Select(c => (c.Side, c.Size, c.Price, c.RealizedPnl, c.Kind)).Should().Equal(
            (PositionSide.Long, 5m, 88.5m, -57.5m, FillKind.HedgeOffset),
            (PositionSide.Short, 5m, 88.5m, 57.5m, FillKind.HedgeOffset),
            (PositionSide.Long, 10m, 88m, -120m, FillKind.Venue));
        InsuranceFundTrade fund = r.Events.OfType<InsuranceFundTrade>().Should().ContainSingle().Subject;
        (fund.PositionSide, fund.Size, fund.Price, fund.BankruptcyPrice, fund.Pnl, fund.Kind).Should().Be((PositionSide.Long, 10m, 88.4m, 88m, 4m, FillKind.Book));
        engine.GetAccount(_one).Positions.Should().BeEmpty();
        engine.GetAccount(_one).WalletBalance.Should().Be(0m);
        engine.InsuranceFund.Should().Be(1_004m);
        engine.Book(_inst.Symbol).Bids.Should().Equal(new PriceLevel(88.4m, 90m));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Resting orders
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A cross account deposits 150, holds long 10 @ 100 and rests a buy of 2 @ 95 at 10x, which reserves 19: the
    /// wallet that backs the position is 131, so LP = (1,000 − 131) ÷ 9.9 = 87.78. At 87 liquidation starts by
    /// cancelling the order; the 19 returns to the wallet, LP moves to 850 ÷ 9.9 = 85.86, and the account is no longer
    /// liquidatable (equity 20 &gt; MM 8.7): nothing else happens. Total value is unchanged.
    /// </summary>
    [Fact]
    public void Resting_orders_are_cancelled_first_and_their_reserved_margin_returned()
    {
        Account account = EngineScenarios.Cross(150m, (_inst, PositionSide.Long, 10m, 100m, 10m)).PlaceOrder(_inst, OrderSide.Buy, 2m, 95m, 10m, 7);
        account.WalletBalance.Should().Be(131m);
        LiquidationEngine engine = EngineScenarios.Engine(VenueProfile.Binance, _inst, 100m, 0m, [new(86m, 100m)], [new(101m, 100m)], (1, account));
        decimal before = engine.TotalValue;

        EngineResult r = engine.OnPriceTick(_inst.Symbol, 87m, At(1));

        r.Events.Select(e => e.GetType()).Should().Equal(typeof(PriceTicked), typeof(LiquidationTriggered), typeof(OrderCancelled));
        r.Events.OfType<LiquidationTriggered>().Single().LiquidationPrice.Should().BeApproximately(869m / 9.9m, 1e-20m);
        OrderCancelled cancel = r.Events.OfType<OrderCancelled>().Single();
        (cancel.Account, cancel.Order.Id, cancel.Order.ReservedMargin).Should().Be((_one, 7L, 19m));
        Account after = engine.GetAccount(_one);
        (after.WalletBalance, after.ReservedOrderMargin, after.Orders.Length).Should().Be((150m, 0m, 0));
        after.Positions.Should().ContainSingle().Which.Size.Should().Be(10m);
        engine.TotalValue.Should().Be(before);
    }

    /// <summary>
    /// Isolated: long 10 @ 100 with 100 of margin, 30 free and a sell of 5 @ 120 at 30x resting (reserve 20). BitMEX:
    /// LP 100 − (100 − 10) ÷ 10 = 91, BP 90. At 90.5 the order is cancelled before anything is sent (its 20 goes back
    /// to the wallet, not into the position), then the position is taken over at 90 (realised −100) and the fund
    /// (1,000) sells on the 89 bid (−10). The wallet ends at 30 + 20 = 50.
    /// </summary>
    [Fact]
    public void An_isolated_liquidation_cancels_the_accounts_orders_before_sending_any()
    {
        Account account = EngineScenarios.Isolated(_inst, PositionSide.Long, 10m, 100m, 10m, 100m, wallet: 50m).PlaceOrder(_inst, OrderSide.Sell, 5m, 120m, 30m, 7);
        account.WalletBalance.Should().Be(30m);
        LiquidationEngine engine = EngineScenarios.Engine(VenueProfile.BitMex, _inst, 100m, 1_000m, [new(89m, 100m)], [new(121m, 100m)], (1, account));

        EngineResult r = engine.OnPriceTick(_inst.Symbol, 90.5m, At(1));

        r.Events.Select(e => e.GetType()).Should().StartWith([typeof(PriceTicked), typeof(LiquidationTriggered), typeof(OrderCancelled)]);
        r.Events.OfType<OrderCancelled>().Single().Order.ReservedMargin.Should().Be(20m);
        r.Events.OfType<PositionClosed>().Single().Should().Match<PositionClosed>(c => c.Price == 90m && c.RealizedPnl == -100m && c.Kind == FillKind.Venue);
        r.Events.OfType<InsuranceFundTrade>().Single().Pnl.Should().Be(-10m);
        Account after = engine.GetAccount(_one);
        (after.WalletBalance, after.Orders.Length, after.Positions.Length).Should().Be((50m, 0, 0));
        engine.InsuranceFund.Should().Be(990m);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hyperliquid backstop (two thirds of maintenance)
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Long 10 @ 100 with 100 (cross wallet, or isolated margin), flat 1%: LP 90.91. At 90.5 equity is 5 and MM 9.05,
    /// below ⅔ × 9.05 = 6.03: the position and its margin (the whole cross wallet, or the isolated 100) move to the
    /// liquidator vault, which holds it under cross margin. Nothing touches the book or the fund, and total value is
    /// unchanged. At 90.7 instead equity 7 ≥ ⅔ × 9.07 = 6.05: a market order goes to the book and the vault gets
    /// nothing.
    /// </summary>
    [Theory]
    [InlineData(MarginMode.Cross)]
    [InlineData(MarginMode.Isolated)]
    public void Hyperliquid_backstops_below_two_thirds_of_maintenance(MarginMode mode)
    {
        Account account = mode == MarginMode.Cross
            ? EngineScenarios.Cross(100m, (_inst, PositionSide.Long, 10m, 100m, 10m))
            : EngineScenarios.Isolated(_inst, PositionSide.Long, 10m, 100m, 10m, 100m);
        LiquidationEngine engine = EngineScenarios.Engine(VenueProfile.Hyperliquid, _inst, 100m, 500m, [new(90m, 100m)], [new(101m, 100m)], (1, account));
        decimal before = engine.TotalValue;

        EngineResult r = engine.OnPriceTick(_inst.Symbol, 90.5m, At(1));

        BackstopTransfer t = r.Events.OfType<BackstopTransfer>().Should().ContainSingle().Subject;
        (t.Account, t.Vault, t.Symbol, t.Side, t.Size, t.EntryPrice, t.Margin).Should().Be((_one, engine.Vault, _inst.Symbol, PositionSide.Long, 10m, 100m, 100m));
        r.Events.OfType<LiquidationOrderPlaced>().Should().BeEmpty();
        r.Events.OfType<PositionClosed>().Should().BeEmpty();
        Account user = engine.GetAccount(_one);
        (user.Positions.Length, user.TotalWalletBalance).Should().Be((0, 0m));
        Account vault = engine.GetAccount(engine.Vault);
        vault.WalletBalance.Should().Be(100m);
        vault.Positions.Select(p => (p.Symbol, p.Side, p.Size, p.EntryPrice, p.MarginMode)).Should().Equal((_inst.Symbol, PositionSide.Long, 10m, 100m, MarginMode.Cross));
        (engine.InsuranceFund, engine.TotalValue).Should().Be((500m, before));
        engine.Book(_inst.Symbol).Bids.Should().Equal(new PriceLevel(90m, 100m));

        LiquidationEngine above = EngineScenarios.Engine(VenueProfile.Hyperliquid, _inst, 100m, 500m, [new(90m, 100m)], [new(101m, 100m)], (1, account));
        EngineResult market = above.OnPriceTick(_inst.Symbol, 90.7m, At(1));
        market.Events.OfType<BackstopTransfer>().Should().BeEmpty();
        market.Events.OfType<LiquidationOrderPlaced>().Should().ContainSingle().Which.Should().Match<LiquidationOrderPlaced>(o => o.Size == 10m && o.LimitPrice == null);
        above.GetAccount(above.Vault).Positions.Should().BeEmpty();
    }

    /// <summary>
    /// Hyperliquid slicing, cross as isolated. Long 200 @ 1,000 (200k notional, above the 100k slice threshold) with
    /// 20,000 (cross wallet or isolated margin), flat 1%: LP 180,000 ÷ 198 = 909.09. At 908 equity is 1,600 against MM
    /// 1,816 (⅔ is 1,210.7, no backstop), so a 20% slice of 40 goes to the book and fills at the 900 bid (realised
    /// −4,000). Equity at 908 is then 1,280 against MM 1,452.8: still liquidatable, but a slice was just sent; the
    /// rest waits for the next check, when the cooldown makes it one order for the whole position. The isolated
    /// position does exactly that; the cross account sends the whole remaining 160 within the same tick.
    /// </summary>
    [Theory]
    [InlineData(MarginMode.Isolated)]
    [InlineData(MarginMode.Cross)]
    public void Hyperliquid_sends_one_slice_per_tick_under_cross_margin_as_under_isolated(MarginMode mode)
    {
        Account account = mode == MarginMode.Cross
            ? EngineScenarios.Cross(20_000m, (_inst, PositionSide.Long, 200m, 1_000m, 10m))
            : EngineScenarios.Isolated(_inst, PositionSide.Long, 200m, 1_000m, 10m, 20_000m);
        LiquidationEngine engine = EngineScenarios.Engine(VenueProfile.Hyperliquid, _inst, 1_000m, 0m, [new(900m, 1_000m)], [new(1_001m, 1_000m)], (1, account));

        EngineResult r = engine.OnPriceTick(_inst.Symbol, 908m, At(1));

        r.Events.OfType<LiquidationOrderPlaced>().Select(o => (o.Size, o.IsSlice, o.Reason)).Should().Equal((40m, true, "slice"));
        r.Events.OfType<PositionClosed>().Select(c => (c.Size, c.Price, c.RealizedPnl)).Should().Equal((40m, 900m, -4_000m));
        engine.GetAccount(_one).Positions.Should().ContainSingle().Which.Size.Should().Be(160m);
    }

    // ---------------------------------------------------------------------------------------------------------
    // dYdX capped fee (default config: 5,000 ppm fee cap, SMMR 100,000 ppm, BA 1,000,000 ppm)
    // ---------------------------------------------------------------------------------------------------------

    public static TheoryData<MarginMode, decimal, decimal, decimal, decimal, decimal, decimal> DydxFeeCases { get; } = new()
    {
        { MarginMode.Isolated, 90.8m, 90.79m, 90.7892m, -92.1m, 4.5395m, 3.3605m },
        { MarginMode.Cross, 90.8m, 90.79m, 90.7892m, -92.1m, 4.5395m, 3.3605m },
        { MarginMode.Isolated, 90.3m, 90.24m, 90.2397m, -97.6m, 2.4m, 0m },
        { MarginMode.Cross, 90.3m, 90.24m, 90.2397m, -97.6m, 2.4m, 0m },
    };

    /// <summary>
    /// Long 10 @ 100 with 100 (cross wallet or isolated margin), flat 1%. Bankruptcy for the whole position is 90.
    /// Oracle 90.8: TNC 8, TMMR = PMMR 9.08, ABR × PMMR = 9.08 − 8 = 1.08, so the fillable price is (908 − 0.1 × 1.08)
    /// ÷ 10 = 90.7892. The bid 90.79 fills all 10: realised −92.1, surplus 10 × 0.79 = 7.9, quote 907.9, fee
    /// min(0.005 × 907.9, 7.9) = 4.5395 (the cap binds); the user keeps 7.9 − 4.5395 = 3.3605. Oracle 90.3: TNC 3,
    /// PMMR 9.03, fillable (903 − 0.1 × 6.03) ÷ 10 = 90.2397; the bid 90.24 fills all 10: surplus 2.4 &lt; cap
    /// 0.005 × 902.4 = 4.512, so the fee is the whole 2.4 and the user keeps 0.
    /// </summary>
    [Theory]
    [MemberData(nameof(DydxFeeCases))]
    public void Dydx_pays_the_capped_fee_to_the_fund_when_the_fill_beats_bankruptcy(
        MarginMode mode, decimal oracle, decimal bid, decimal fillable, decimal realized, decimal fee, decimal kept)
    {
        Account account = mode == MarginMode.Cross
            ? EngineScenarios.Cross(100m, (_inst, PositionSide.Long, 10m, 100m, 10m))
            : EngineScenarios.Isolated(_inst, PositionSide.Long, 10m, 100m, 10m, 100m);
        LiquidationEngine engine = EngineScenarios.Engine(VenueProfile.DydxV4, _inst, 100m, 1_000m, [new(bid, 100m)], [new(101m, 100m)], (1, account));

        EngineResult r = engine.OnPriceTick(_inst.Symbol, oracle, At(1));

        LiquidationOrderPlaced order = r.Events.OfType<LiquidationOrderPlaced>().Should().ContainSingle().Subject;
        (order.Size, order.LimitPrice, order.TimeInForce).Should().Be((10m, fillable, TimeInForce.ImmediateOrCancel));
        PositionClosed fill = r.Events.OfType<PositionClosed>().Should().ContainSingle().Subject;
        (fill.Size, fill.Price, fill.RealizedPnl, fill.Kind).Should().Be((10m, bid, realized, FillKind.Book));
        CollateralTransfer paid = r.Events.OfType<CollateralTransfer>().Should().ContainSingle().Subject;
        (paid.Kind, paid.Amount).Should().Be((TransferKind.CappedFee, fee));
        r.Events.OfType<InsuranceFundTrade>().Should().BeEmpty();
        r.Events.OfType<BadDebtRecorded>().Should().BeEmpty();
        engine.InsuranceFund.Should().Be(1_000m + fee);
        Account after = engine.GetAccount(_one);
        (after.Positions.Length, after.WalletBalance).Should().Be((0, kept));
    }
}
