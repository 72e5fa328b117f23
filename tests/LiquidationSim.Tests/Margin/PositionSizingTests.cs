using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>
/// <see cref="PositionSizing"/> on hand-derived cases. The leverage and position answers use Binance's BTCUSDT brackets
/// (<see cref="BinanceUsdmTiers.BtcUsdt"/>: 0–50k 125x, 50k–600k 100x, 600k–3M 75x, 3M–12M 50x, …, 1.2B–1.8B 1x,
/// floor-inclusive); each derivation is in the test's comment.
/// </summary>
public class PositionSizingTests
{
    private static readonly RiskTierTable Btc = BinanceUsdmTiers.BtcUsdt;

    // ---------------------------------------------------------------------------------------------------------
    // The highest leverage for a stake
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// 1,000 USDT: in the first bracket 1,000 × L must stay below 50,000, so L ≤ 49 there; in the second
    /// (50k–600k, 100x) L may be 50 to 599 by notional and at most 100 by the bracket: 100x, notional 100,000.
    /// 10,000 USDT: second bracket L &lt; 60 (59x); third (600k–3M, 75x) L in [60, 300) capped at 75: 75x, 750,000.
    /// 50,000 USDT: third bracket L &lt; 60 (3,000,000 is the fourth's floor): 59x, 2,950,000; the fourth (50x) needs
    /// L ≥ 60 for its floor, above its 50x. 1,000,000,000 USDT: 1x is 1B, in 800M–1.2B (2x); 2x would be 2B, past
    /// the last cap (1.8B).
    /// </summary>
    [Theory]
    [InlineData(1_000, 100, 100_000, 1)]
    [InlineData(10_000, 75, 750_000, 2)]
    [InlineData(50_000, 59, 2_950_000, 2)]
    [InlineData(1_000_000_000, 1, 1_000_000_000, 10)]
    public void The_highest_leverage_for_a_stake_is_searched_over_the_brackets(decimal stake, decimal leverage, decimal notional, int tier)
    {
        LeverageLimit limit = PositionSizing.MaxLeverageForMargin(Btc, stake, 1m)!.Value;

        (limit.Leverage, limit.Notional, limit.TierIndex).Should().Be((leverage, notional, tier));
        limit.Tier.Should().Be(Btc.Tiers[tier]);
        Btc.MaxLeverage(limit.Notional).Should().BeGreaterThanOrEqualTo(limit.Leverage, "the bracket of the notional allows the leverage");
    }

    /// <summary>
    /// With Bybit's 0.01 leverage step the 50,000 USDT stake gets 59.99x (2,999,500 USDT, still below the 3,000,000
    /// floor); 60x would be that floor, in the 50x bracket.
    /// </summary>
    [Fact]
    public void A_finer_leverage_step_gets_closer_to_the_bracket_cap()
    {
        LeverageLimit limit = PositionSizing.MaxLeverageForMargin(Btc, 50_000m, 0.01m)!.Value;

        (limit.Leverage, limit.Notional, limit.TierIndex).Should().Be((59.99m, 2_999_500m, 2));
        Btc.MaxLeverage(50_000m * 60m).Should().Be(50m, "60x would put the notional on the 50x bracket's floor");
    }

    /// <summary>2,000,000,000 USDT at 1x is 2B, beyond the table's last cap (1.8B): no leverage is allowed.</summary>
    [Fact]
    public void A_stake_beyond_the_last_cap_has_no_leverage()
    {
        PositionSizing.MaxLeverageForMargin(Btc, 2_000_000_000m, 1m).Should().BeNull();
    }

    /// <summary>
    /// The boundary rule decides a notional exactly on a cap. A two-bracket table (0–100 at 10x, then 5x) with a stake
    /// of 10: 10x is a notional of exactly 100. Cap-inclusive (BitMEX, Bybit) it is in the 10x bracket: 10x.
    /// Floor-inclusive (Binance) it is in the 5x bracket, so the answer is 9x (90).
    /// </summary>
    [Theory]
    [InlineData(TierBoundary.CapInclusive, 10)]
    [InlineData(TierBoundary.FloorInclusive, 9)]
    public void A_notional_on_a_cap_follows_the_tables_boundary_rule(TierBoundary boundary, decimal expected)
    {
        RiskTierTable table = RiskTierTable.Create(
            "two brackets",
            [new RiskTier(0m, 100m, 10m, 0.01m, 0m), new RiskTier(100m, decimal.MaxValue, 5m, 0.02m, 1m)],
            MaintenanceAmountRule.Cumulative,
            SourceReference.UserSupplied(TestInstruments.AsOf),
            boundary);

        PositionSizing.MaxLeverageForMargin(table, 10m, 1m)!.Value.Leverage.Should().Be(expected);
    }

    /// <summary>
    /// BitMEX XBTUSD's second step is (200, 350] XBT at 1.5% initial margin (66.67x), cap-inclusive. A stake of 350 ÷ 63
    /// (5.5555…56 XBT in decimal) at 63x is 350 XBT, on that cap and so inside the step: 63x. The quotient 350 ÷ stake
    /// rounds to 62.999…, so a search that only floored it would answer 62x; the answer is checked against the product.
    /// </summary>
    [Fact]
    public void A_quotient_that_rounds_below_a_cap_still_reaches_it()
    {
        decimal stake = 350m / 63m;

        LeverageLimit limit = PositionSizing.MaxLeverageForMargin(BitMexTiers.XbtUsd, stake, 1m)!.Value;

        (limit.Leverage, limit.TierIndex).Should().Be((63m, 1));
        (350m / stake).Should().BeLessThan(63m, "the quotient alone would floor to 62");
        BitMexTiers.XbtUsd.IndexOf(stake * 63m).Should().Be(1);
    }

    [Fact]
    public void The_leverage_search_refuses_bad_arguments()
    {
        new Action(() => PositionSizing.MaxLeverageForMargin(null!, 1m, 1m)).Should().Throw<ArgumentNullException>().WithParameterName("tiers");
        new Func<LeverageLimit?>(() => PositionSizing.MaxLeverageForMargin(Btc, 0m, 1m)).ShouldRefuse("margin", "0");
        new Func<LeverageLimit?>(() => PositionSizing.MaxLeverageForMargin(Btc, -5m, 1m)).ShouldRefuse("margin", "-5");
        new Func<LeverageLimit?>(() => PositionSizing.MaxLeverageForMargin(Btc, 1_000m, 0m)).ShouldRefuse("leverageStep", "0");
        new Func<LeverageLimit?>(() => PositionSizing.MaxLeverageForMargin(Btc, 1_000m, 2m)).ShouldRefuse("leverageStep", "2");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The largest position for a stake at a leverage
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// 1,000 USDT at 20x, BTC at 60,000: the budget is 20,000 USDT (20x is allowed up to 100M), 20,000 ÷ 60,000 =
    /// 0.3333 BTC, 0.333 in lots of 0.001: notional 19,980, margin 999, first bracket.
    /// 10,000 USDT at 100x, BTC at 50,000: the budget is 1,000,000 but 100x stops at the 600,000 cap (the second
    /// bracket; 600,000 itself is the 75x bracket's floor): 12 BTC would be exactly 600,000, so 11.999 BTC,
    /// notional 599,950, margin 5,999.5.
    /// 1,000 USDT at 125x, BTC at 50,000: 125x stops at 50,000; 1 BTC is exactly that, so 0.999 BTC, margin 399.6.
    /// </summary>
    [Theory]
    [InlineData(1_000, 20, 60_000, 0.333, 19_980, 999, 0)]
    [InlineData(10_000, 100, 50_000, 11.999, 599_950, 5_999.5, 1)]
    [InlineData(1_000, 125, 50_000, 0.999, 49_950, 399.6, 0)]
    public void The_largest_position_fits_the_stake_and_the_brackets(
        decimal stake, decimal leverage, decimal price, decimal size, decimal notional, decimal margin, int tier)
    {
        PositionLimit p = PositionSizing.MaxPositionForMargin(TestInstruments.BtcUsdt, stake, leverage, price);

        (p.Size, p.Notional, p.InitialMargin, p.Leverage, p.TierIndex).Should().Be((size, notional, margin, leverage, tier));
    }

    /// <summary>0.01 USDT at 10x buys 0.1 USDT of BTC at 60,000: less than one 0.001 lot (60 USDT), so nothing.</summary>
    [Fact]
    public void A_stake_too_small_for_one_lot_gives_no_position()
    {
        PositionSizing.MaxPositionForMargin(TestInstruments.BtcUsdt, 0.01m, 10m, 60_000m)
            .Should().Be(new PositionLimit(0m, 0m, 0m, 10m, 0));
    }

    /// <summary>
    /// Coin-margined: 0.01 BTC at 10x on a 100 USD contract at 50,000 buys 0.1 BTC of notional, 0.1 × 50,000 ÷ 100 =
    /// 50 contracts (each worth 100 ÷ 50,000 = 0.002 BTC).
    /// </summary>
    [Fact]
    public void An_inverse_contract_is_sized_in_contracts_of_its_quote_value()
    {
        PositionLimit p = PositionSizing.MaxPositionForMargin(TestInstruments.InverseFlat(0.005m, 100m), 0.01m, 10m, 50_000m);

        (p.Size, p.Notional, p.InitialMargin).Should().Be((50m, 0.1m, 0.01m));
    }

    [Fact]
    public void The_position_search_refuses_bad_arguments()
    {
        Instrument btc = TestInstruments.BtcUsdt;
        new Func<PositionLimit>(() => PositionSizing.MaxPositionForMargin(btc, 1_000m, 126m, 50_000m)).ShouldRefuse("leverage", "126")
            .Which.Message.Should().Contain("125");
        new Func<PositionLimit>(() => PositionSizing.MaxPositionForMargin(btc, 1_000m, 0.5m, 50_000m)).ShouldRefuse("leverage", "0.5");
        new Func<PositionLimit>(() => PositionSizing.MaxPositionForMargin(btc, 0m, 10m, 50_000m)).ShouldRefuse("margin", "0");
        new Func<PositionLimit>(() => PositionSizing.MaxPositionForMargin(btc, 1_000m, 10m, -1m)).ShouldRefuse("price", "-1");
        new Action(() => PositionSizing.MaxPositionForMargin(null!, 1m, 1m, 1m)).Should().Throw<ArgumentNullException>().WithParameterName("instrument");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Margin for a target liquidation price
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Binance's isolated BTCUSDT example B2 (reference cefi.md §1.4.1): 109.488 BTC long at 32,481.98 with
    /// 1,535,443.01 USDT has its liquidation price at 18,778.7259, shown as 18,778.73. Asking for 18,778.73: the notional
    /// there is 109.488 × 18,778.73 = 2,056,045.59024, in the legacy 1M–7.5M bracket (2.5%, cum 16,300), so
    /// margin = 2,056,045.59024 × 0.025 − 16,300 − (2,056,045.59024 − 109.488 × 32,481.98) = 1,535,442.575756: 0.434244
    /// less than the example's, which is the 0.0040678 of price the display rounded away × 109.488 × (1 − 0.025).
    /// </summary>
    [Fact]
    public void The_isolated_margin_for_Binances_example_price_reproduces_its_wallet()
    {
        Instrument btc = TestInstruments.BtcUsdtLegacy;

        decimal margin = PositionSizing.IsolatedMarginForLiquidationPrice(btc, PositionSide.Long, 109.488m, 32_481.98m, 18_778.73m, MarginModel.Binance);

        margin.Should().Be(1_535_442.575756m);
        LiquidationPriceSolver.Isolated(btc, PositionSide.Long, 109.488m, 32_481.98m, margin, MarginModel.Binance).LiquidationPrice.Should().Be(18_778.73m);
    }

    /// <summary>
    /// One contract of a flat 0.5% instrument, long at 100, liquidation wanted at 91 (short: 2 at 100, wanted at 110):
    /// Binance (maintenance at the target): 0.005 × 91 + (100 − 91) = 9.455; short 0.005 × 220 + 2 × 10 = 21.1.
    /// Bybit (maintenance at entry): 0.5 + 9 = 9.5. Gate (taker 0.05% valued at the liquidation price): 9.455 + 0.0005 × 91
    /// = 9.5005. Bybit with a 0.075% fee to close set aside at the bankruptcy price: 9.5 must remain after the fee, and the
    /// fee is 0.00075 × the bankruptcy notional (100 − m) ÷ (1 − 0.00075), so m = 9.5 × 0.99925 + 0.00075 × 100 = 9.567875
    /// (bankruptcy at 90.5, fee 0.067875).
    /// </summary>
    [Theory]
    [InlineData("Binance", PositionSide.Long, 1, 91, 9.455)]
    [InlineData("Binance", PositionSide.Short, 2, 110, 21.1)]
    [InlineData("Bybit", PositionSide.Long, 1, 91, 9.5)]
    [InlineData("Gate", PositionSide.Long, 1, 91, 9.5005)]
    [InlineData("BybitWithFee", PositionSide.Long, 1, 91, 9.567875)]
    public void The_isolated_margin_for_a_target_follows_the_models_equation(string model, PositionSide side, decimal size, decimal target, decimal expected)
    {
        Instrument flat = TestInstruments.LinearFlat(0.005m);
        MarginModel m = ModelNamed(model);

        decimal margin = PositionSizing.IsolatedMarginForLiquidationPrice(flat, side, size, 100m, target, m);

        margin.Should().Be(expected);
        LiquidationEstimate e = LiquidationPriceSolver.Isolated(flat, side, size, 100m, margin, m);
        e.LiquidationPrice.Should().Be(target);
    }

    /// <summary>A long's liquidation price lies below its entry and a short's above: no margin of zero or more puts it elsewhere.</summary>
    [Fact]
    public void A_target_on_the_wrong_side_of_the_entry_is_refused_with_its_value()
    {
        Instrument flat = TestInstruments.LinearFlat(0.005m);
        new Func<decimal>(() => PositionSizing.IsolatedMarginForLiquidationPrice(flat, PositionSide.Long, 1m, 100m, 100m, MarginModel.Binance))
            .ShouldRefuse("targetLiquidationPrice", "100").Which.Should().BeOfType<ArgumentOutOfRangeException>().Which.Message.Should().Contain("below the entry price 100");
        new Func<decimal>(() => PositionSizing.IsolatedMarginForLiquidationPrice(flat, PositionSide.Short, 1m, 100m, 99.5m, MarginModel.Binance))
            .ShouldRefuse("targetLiquidationPrice", "99.5").Which.Message.Should().Contain("above the entry price 100");
        new Func<decimal>(() => PositionSizing.IsolatedMarginForLiquidationPrice(flat, PositionSide.Long, 1m, 100m, 0m, MarginModel.Binance))
            .ShouldRefuse("targetLiquidationPrice", "0");
        new Func<decimal>(() => PositionSizing.IsolatedMarginForLiquidationPrice(flat, PositionSide.Long, 0m, 100m, 90m, MarginModel.Binance))
            .ShouldRefuse("size", "0");
        new Func<decimal>(() => PositionSizing.IsolatedMarginForLiquidationPrice(flat, (PositionSide)7, 1m, 100m, 90m, MarginModel.Binance))
            .Should().Throw<ArgumentException>().WithParameterName("side");
        new Action(() => PositionSizing.IsolatedMarginForLiquidationPrice(flat, PositionSide.Long, 1m, 100m, 90m, null!))
            .Should().Throw<ArgumentNullException>().WithParameterName("model");
    }

    /// <summary>
    /// Isolated long 10 AAA (flat 1%) at 100 with 100 of margin, Bybit: LP = 100 − (100 − 10) ÷ 10 = 91. For 86 it needs
    /// MM 10 + 10 × (100 − 86) = 150 of margin: add 50. For 95 it needs 10 + 50 = 60: 40 could come out.
    /// </summary>
    [Theory]
    [InlineData(86, 150, 50)]
    [InlineData(95, 60, -40)]
    public void An_isolated_position_needs_the_difference_to_move_its_liquidation_price(decimal target, decimal required, decimal toAdd)
    {
        Instrument aaa = EngineScenarios.Linear("AAAUSDT", 0.01m);
        Account account = EngineScenarios.Isolated(aaa, PositionSide.Long, 10m, 100m, 10m, 100m, wallet: 200m);

        RequiredMargin r = PositionSizing.MarginForLiquidationPrice(account, account.Positions[0], Marks(aaa, 100m), MarginModel.Bybit, target);

        r.Should().Be(new RequiredMargin(MarginMode.Isolated, required, 100m, toAdd));
        LiquidationPriceSolver.Isolated(aaa, PositionSide.Long, 10m, 100m, r.Required, MarginModel.Bybit).LiquidationPrice.Should().Be(target);
    }

    /// <summary>
    /// Cross 100 USDT, long 10 AAA (flat 1%) at 100, Bybit: LP 91 (as in the engine's deposit test). For 86 the wallet must
    /// be MM 10 + 10 × 14 = 150: deposit 50, the same 50 that test deposits to reach 86.
    /// </summary>
    [Fact]
    public void A_cross_position_needs_a_deposit_to_move_its_liquidation_price()
    {
        Instrument aaa = EngineScenarios.Linear("AAAUSDT", 0.01m);
        Account account = EngineScenarios.Cross(100m, (aaa, PositionSide.Long, 10m, 100m, 10m));

        RequiredMargin r = PositionSizing.MarginForLiquidationPrice(account, account.Positions[0], Marks(aaa, 100m), MarginModel.Bybit, 86m);

        r.Should().Be(new RequiredMargin(MarginMode.Cross, 150m, 100m, 50m));
        Account deposited = account.Deposit(r.ToAdd);
        LiquidationPriceSolver.ForPosition(deposited, deposited.Positions[0], Marks(aaa, 100m), MarginModel.Bybit).LiquidationPrice.Should().Be(86m);
    }

    /// <summary>
    /// Cross, with another position: long 1 BBB (flat 1%) at 100 and short 10 CCC (flat 2%) at 50 marked at 45 (UPnL +50,
    /// MM 0.02 × 450 = 9), Binance. For BBB's liquidation price at 80: wallet − 9 + 50 + (80 − 100) = 0.01 × 80, so the
    /// wallet is 0.8 + 20 + 9 − 50 = −20.2: CCC's profit alone holds BBB's price below 80, and 20.2 more than the
    /// 10 held could come out.
    /// </summary>
    [Fact]
    public void Other_cross_positions_count_at_their_own_marks()
    {
        Instrument bbb = EngineScenarios.Linear("BBBUSDT", 0.01m);
        Instrument ccc = EngineScenarios.Linear("CCCUSDT", 0.02m, maxLeverage: 25m);
        Account account = EngineScenarios.Cross(10m, (bbb, PositionSide.Long, 1m, 100m, 10m), (ccc, PositionSide.Short, 10m, 50m, 10m));
        var marks = new Dictionary<string, decimal> { [bbb.Symbol] = 95m, [ccc.Symbol] = 45m };

        RequiredMargin r = PositionSizing.MarginForLiquidationPrice(account, account.Positions[0], marks, MarginModel.Binance, 80m);

        r.Should().Be(new RequiredMargin(MarginMode.Cross, -20.2m, 10m, -30.2m));
    }

    /// <summary>
    /// Hedge mode, the reference's derived vector (cefi.md §1.4.3): long 1 at 30,000 and short 0.5 at 31,000, flat 0.4%,
    /// one liquidation price for both. At 9,000: wallet = MM 0.004 × 9,000 + 0.004 × 4,500 − [(9,000 − 30,000) +
    /// 0.5 × (31,000 − 9,000)] = 36 + 18 + 10,000 = 10,054; the solver, fed 10,054, answers 9,000 for either leg.
    /// </summary>
    [Fact]
    public void A_hedged_pair_is_solved_with_both_legs()
    {
        Instrument test = TestInstruments.LinearFlat(0.004m);
        Account account = EngineScenarios.Cross(10_000m, PositionMode.Hedge, (test, PositionSide.Long, 1m, 30_000m, 10m), (test, PositionSide.Short, 0.5m, 31_000m, 10m));
        IReadOnlyDictionary<string, decimal> marks = Marks(test, 30_000m);

        RequiredMargin r = PositionSizing.MarginForLiquidationPrice(account, account.Positions[1], marks, MarginModel.Binance, 9_000m);

        r.Should().Be(new RequiredMargin(MarginMode.Cross, 10_054m, 10_000m, 54m));
        Account funded = account.Deposit(54m);
        LiquidationPriceSolver.ForPosition(funded, funded.Positions[0], marks, MarginModel.Binance).LiquidationPrice.Should().Be(9_000m);
    }

    /// <summary>
    /// Long 10 and short 9.99 at 100, flat 0.4%: the net PnL moves 0.01 per unit of price while the maintenance on both gross
    /// legs moves 0.004 × 19.99 = 0.07996, so the account's margin falls as the price rises and no wallet makes 50 the
    /// long exposure's liquidation price (the solver finds none on that side). Refused, naming the target.
    /// </summary>
    [Fact]
    public void A_nearly_flat_hedged_pair_refuses_a_target_no_wallet_reaches()
    {
        Instrument test = TestInstruments.LinearFlat(0.004m);
        Account account = EngineScenarios.Cross(1_000m, PositionMode.Hedge, (test, PositionSide.Long, 10m, 100m, 10m), (test, PositionSide.Short, 9.99m, 100m, 10m));

        new Func<RequiredMargin>(() => PositionSizing.MarginForLiquidationPrice(account, account.Positions[0], Marks(test, 100m), MarginModel.Binance, 50m))
            .ShouldRefuse("targetLiquidationPrice", "50").Which.Message.Should().Contain("hedged pair");
        LiquidationPriceSolver.ForPosition(account, account.Positions[0], Marks(test, 100m), MarginModel.Binance).Status.Should().Be(LiquidationPriceStatus.None);
    }

    [Fact]
    public void A_held_position_refuses_a_target_past_its_mark_or_entry_and_an_unknown_position()
    {
        Instrument aaa = EngineScenarios.Linear("AAAUSDT", 0.01m);
        Account isolated = EngineScenarios.Isolated(aaa, PositionSide.Long, 10m, 100m, 10m, 100m);
        Account cross = EngineScenarios.Cross(100m, (aaa, PositionSide.Short, 10m, 100m, 10m));

        // Isolated long at 100 marked at 90: 95 is below the entry but above the mark, where it would already be liquidated.
        new Func<RequiredMargin>(() => PositionSizing.MarginForLiquidationPrice(isolated, isolated.Positions[0], Marks(aaa, 90m), MarginModel.Bybit, 95m))
            .ShouldRefuse("targetLiquidationPrice", "95").Which.Message.Should().Contain("below the mark price 90");
        new Func<RequiredMargin>(() => PositionSizing.MarginForLiquidationPrice(isolated, isolated.Positions[0], Marks(aaa, 110m), MarginModel.Bybit, 105m))
            .ShouldRefuse("targetLiquidationPrice", "105").Which.Message.Should().Contain("below the entry price 100");
        new Func<RequiredMargin>(() => PositionSizing.MarginForLiquidationPrice(cross, cross.Positions[0], Marks(aaa, 100m), MarginModel.Bybit, 99m))
            .ShouldRefuse("targetLiquidationPrice", "99").Which.Message.Should().Contain("above the mark price 100");
        Position stranger = Position.Open(aaa, PositionSide.Long, 1m, 100m, MarginMode.Cross, 10m);
        new Func<RequiredMargin>(() => PositionSizing.MarginForLiquidationPrice(cross, stranger, Marks(aaa, 100m), MarginModel.Bybit, 90m))
            .Should().Throw<ArgumentException>().WithParameterName("position");
        new Func<RequiredMargin>(() => PositionSizing.MarginForLiquidationPrice(cross, cross.Positions[0], new Dictionary<string, decimal>(), MarginModel.Bybit, 110m))
            .Should().Throw<ArgumentException>().WithParameterName("markPrices");
    }

    [Fact]
    public void A_flat_hedged_pair_has_no_target_to_fund()
    {
        Instrument test = TestInstruments.LinearFlat(0.004m);
        Account account = EngineScenarios.Cross(1_000m, PositionMode.Hedge, (test, PositionSide.Long, 1m, 100m, 10m), (test, PositionSide.Short, 1m, 101m, 10m));

        new Func<RequiredMargin>(() => PositionSizing.MarginForLiquidationPrice(account, account.Positions[0], Marks(test, 100m), MarginModel.Binance, 50m))
            .Should().Throw<ArgumentException>().WithParameterName("position").Which.Message.Should().Contain("flat");
        PositionSizing.DistanceToLiquidation(account, account.Positions[0], Marks(test, 100m), MarginModel.Binance).Should().BeNull();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Distance to liquidation
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Cross 150 USDT, long 10 AAA (flat 1%) at 100 marked at 100, Bybit: LP = 100 − (150 − 10) ÷ 10 = 86, so the mark is
    /// 14 (14 %) above it. A short 10 at 100 with the same wallet: LP = 100 + 14 = 114, 14 above the mark.
    /// </summary>
    [Theory]
    [InlineData(PositionSide.Long, 86)]
    [InlineData(PositionSide.Short, 114)]
    public void The_distance_is_the_move_from_the_mark_to_the_liquidation_price(PositionSide side, decimal lp)
    {
        Instrument aaa = EngineScenarios.Linear("AAAUSDT", 0.01m);
        Account account = EngineScenarios.Cross(150m, (aaa, side, 10m, 100m, 10m));

        LiquidationDistanceAtMark? d = PositionSizing.DistanceToLiquidation(account, account.Positions[0], Marks(aaa, 100m), MarginModel.Bybit);

        d.Should().Be(new LiquidationDistanceAtMark(aaa.Symbol, side, true, 100m, lp, 14m, 0.14m));
    }

    /// <summary>
    /// A long backed by more than its notional (isolated 1 AAA at 100 with 200 of margin) has no liquidation price: no distance.
    /// One whose margin is short of maintenance at every price is reported at the mark, distance 0.
    /// </summary>
    [Fact]
    public void No_liquidation_price_has_no_distance_and_any_price_is_distance_zero()
    {
        Instrument aaa = EngineScenarios.Linear("AAAUSDT", 0.01m);
        Account safe = EngineScenarios.Isolated(aaa, PositionSide.Long, 1m, 100m, 1m, 200m);
        PositionSizing.DistanceToLiquidation(safe, safe.Positions[0], Marks(aaa, 100m), MarginModel.Bybit).Should().BeNull();

        // Cross short 10 AAA at 100 with an empty wallet and 30 BBB long from 100 marked at 50 (UPnL −1,500, MM 15): even
        // at an AAA price of 0 the short's gain of 1,000 leaves the account 515 short, so it is liquidatable at any price.
        Instrument bbb = EngineScenarios.Linear("BBBUSDT", 0.01m);
        Account broke = EngineScenarios.Cross(0m, (aaa, PositionSide.Short, 10m, 100m, 10m), (bbb, PositionSide.Long, 30m, 100m, 10m));
        var marks = new Dictionary<string, decimal> { [aaa.Symbol] = 100m, [bbb.Symbol] = 50m };
        LiquidationDistanceAtMark d = PositionSizing.DistanceToLiquidation(broke, broke.Positions[0], marks, MarginModel.Binance)!.Value;
        (d.LiquidationPrice, d.PriceDistance, d.PercentDistance).Should().Be((100m, 0m, 0m));
    }

    /// <summary>
    /// The engine's <see cref="LiquidationEngine.DistanceToLiquidation"/> and the stand-alone form agree on the engine's own
    /// accounts: isolated, cross with another symbol, a hedged cross pair, under Binance and Bybit.
    /// </summary>
    [Theory]
    [InlineData("Binance")]
    [InlineData("Bybit")]
    public void The_stand_alone_distance_agrees_with_the_engines(string venue)
    {
        VenueProfile profile = venue == "Binance" ? VenueProfile.Binance : VenueProfile.Bybit;
        Instrument aaa = EngineScenarios.Linear("AAAUSDT", 0.01m);
        Instrument bbb = EngineScenarios.Linear("BBBUSDT", 0.02m, maxLeverage: 25m);
        LiquidationEngine engine = EngineScenarios.Engine(
            profile,
            [(aaa, 97m, EngineScenarios.Book(aaa, [new(96m, 100m)], [new(98m, 100m)])), (bbb, 52m, EngineScenarios.Book(bbb, [new(51m, 100m)], [new(53m, 100m)]))],
            0m,
            (1, EngineScenarios.Isolated(aaa, PositionSide.Long, 10m, 100m, 10m, 100m)),
            (2, EngineScenarios.Cross(500m, (aaa, PositionSide.Short, 10m, 100m, 10m), (bbb, PositionSide.Long, 20m, 50m, 10m))),
            (3, EngineScenarios.Cross(300m, PositionMode.Hedge, (aaa, PositionSide.Long, 10m, 100m, 10m), (aaa, PositionSide.Short, 4m, 99m, 10m))));
        var marks = new Dictionary<string, decimal> { [aaa.Symbol] = engine.MarkPrice(aaa.Symbol), [bbb.Symbol] = engine.MarkPrice(bbb.Symbol) };

        int compared = 0;
        foreach (long id in new long[] { 1, 2, 3 })
        {
            Account account = engine.GetAccount(new AccountId(id));
            foreach (Position p in account.Positions)
            {
                LiquidationDistance? fromEngine = engine.DistanceToLiquidation(new AccountId(id), p.Symbol, p.Side);
                LiquidationDistanceAtMark? standAlone = PositionSizing.DistanceToLiquidation(account, p, marks, profile.MarginModel);

                fromEngine.Should().NotBeNull();
                standAlone.Should().NotBeNull();
                LiquidationDistance e = fromEngine!.Value;
                standAlone.Should().Be(new LiquidationDistanceAtMark(e.Symbol, e.Side, e.Cross, e.MarkPrice, e.LiquidationPrice, e.PriceDistance, e.PercentDistance));
                compared++;
            }
        }

        compared.Should().Be(5);
    }

    private static IReadOnlyDictionary<string, decimal> Marks(Instrument instrument, decimal mark) =>
        new Dictionary<string, decimal> { [instrument.Symbol] = mark };

    private static MarginModel ModelNamed(string name) => name switch
    {
        "Binance" => MarginModel.Binance,
        "Bybit" => MarginModel.Bybit,
        "Gate" => MarginModel.Gate(0.0005m),
        "BybitWithFee" => MarginModel.Bybit.WithClosingFeeRate(0.00075m),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown model"),
    };
}
