using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>
/// Properties of <see cref="PositionSizing"/>: its answers, fed back into <see cref="LiquidationPriceSolver"/> and the
/// bracket table, give what was asked; the leverage search agrees with a brute-force scan; the largest position is
/// allowed and one more lot is not.
/// </summary>
public class PositionSizingPropertyTests
{
    private const int Cases = 300;

    private static readonly MarginModel[] Models =
    [
        MarginModel.Binance,
        MarginModel.Bybit,
        MarginModel.Gate(0.0005m),
        MarginModel.Bybit.WithClosingFeeRate(0.00075m),
        MarginModel.Binance.WithClosingFeeRate(0.0004m),
    ];

    private static readonly Instrument Eth = Instrument.Linear("ETHUSDT", "ETH", "USDT", BinanceUsdmTiers.EthUsdt, 0.01m, 0.001m);

    private static Property Run<T>(Gen<T> gen, Action<T> property) =>
        Prop.ForAll(gen.ToArbitrary(), property);

    /// <summary>A liquidation price wanted: 5% to 99.9% of the reference for a long, 100.1% to 300% for a short.</summary>
    private static Gen<decimal> TargetFactor(PositionSide side) =>
        side == PositionSide.Long ? MarginCases.Fraction(0.05m, 0.999m) : MarginCases.Fraction(1.001m, 3m);

    private static bool AtOrBeyond(PositionSide side, decimal price, decimal target) =>
        side == PositionSide.Long ? price <= target * (1m + 1e-20m) : price >= target * (1m - 1e-20m);

    /// <summary>
    /// With the answer <c>m</c> (rounded up to the settlement unit) the liquidation price is at the target or beyond it;
    /// with one settlement unit less it is at the target or short of it (closer to the entry), or there is none at
    /// all: the exact margin lies within that last unit. The solver's price is the exact root to decimal precision.
    /// </summary>
    private static void ShouldBracketTheTarget(PositionSide side, decimal target, LiquidationEstimate withAnswer, LiquidationEstimate withOneUnitLess)
    {
        withAnswer.Status.Should().Be(LiquidationPriceStatus.Exists);
        AtOrBeyond(side, withAnswer.LiquidationPrice!.Value, target).Should().BeTrue($"{withAnswer.LiquidationPrice} must be at or beyond {target}");
        if (withOneUnitLess.Status == LiquidationPriceStatus.Exists)
        {
            AtOrBeyond(Opposite(side), withOneUnitLess.LiquidationPrice!.Value, target).Should().BeTrue($"one unit less ({withOneUnitLess.LiquidationPrice}) must not reach beyond {target}");
        }
        else
        {
            withOneUnitLess.Status.Should().Be(LiquidationPriceStatus.AtAnyPrice);
        }
    }

    private static PositionSide Opposite(PositionSide side) => side == PositionSide.Long ? PositionSide.Short : PositionSide.Long;

    private static decimal Unit(Instrument instrument) => 1m / MarginCases.Pow10(instrument.SettlementDecimals);

    // ---------------------------------------------------------------------------------------------------------
    // Target liquidation prices
    // ---------------------------------------------------------------------------------------------------------

    [CiProperty(MaxTest = Cases)]
    public Property The_isolated_margin_for_a_target_gives_that_liquidation_price_back() =>
        Run(
            from p in MarginCases.AnyPosition
            from model in Gen.Elements(Models)
            from f in TargetFactor(p.Side)
            select (p, model, target: p.Entry * f),
            c =>
            {
                (PositionCase p, MarginModel model, decimal target) = c;
                decimal m = PositionSizing.IsolatedMarginForLiquidationPrice(p.Instrument, p.Side, p.Size, p.Entry, target, model);

                m.Should().BePositive();
                (m % Unit(p.Instrument)).Should().Be(0m, "the margin is in whole settlement units");
                LiquidationEstimate with = LiquidationPriceSolver.Isolated(p.Instrument, p.Side, p.Size, p.Entry, m, model);
                LiquidationEstimate less = LiquidationPriceSolver.Isolated(p.Instrument, p.Side, p.Size, p.Entry, m - Unit(p.Instrument), model);
                ShouldBracketTheTarget(p.Side, target, with, less);
            });

    /// <summary>
    /// More margin never brings the liquidation price closer: a target further from the entry needs at least as much
    /// margin, and adding margin to the answer keeps the price at or beyond the target.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property More_margin_never_brings_the_liquidation_price_closer() =>
        Run(
            from p in MarginCases.AnyPosition
            from model in Gen.Elements(Models)
            from f1 in TargetFactor(p.Side)
            from f2 in TargetFactor(p.Side)
            from extra in MarginCases.Fraction(0m, 2m)
            select (p, model, near: p.Entry * (p.Side == PositionSide.Long ? Math.Max(f1, f2) : Math.Min(f1, f2)), far: p.Entry * (p.Side == PositionSide.Long ? Math.Min(f1, f2) : Math.Max(f1, f2)), extra),
            c =>
            {
                (PositionCase p, MarginModel model, decimal near, decimal far, decimal extra) = c;
                decimal forNear = PositionSizing.IsolatedMarginForLiquidationPrice(p.Instrument, p.Side, p.Size, p.Entry, near, model);
                decimal forFar = PositionSizing.IsolatedMarginForLiquidationPrice(p.Instrument, p.Side, p.Size, p.Entry, far, model);

                forFar.Should().BeGreaterThanOrEqualTo(forNear);
                decimal more = forNear + MarginCases.Round8(forNear * extra);
                LiquidationEstimate e = LiquidationPriceSolver.Isolated(p.Instrument, p.Side, p.Size, p.Entry, more, model);
                if (e.Status == LiquidationPriceStatus.Exists)
                {
                    AtOrBeyond(p.Side, e.LiquidationPrice!.Value, near).Should().BeTrue();
                }
                else
                {
                    e.Status.Should().Be(LiquidationPriceStatus.None, "more margin can remove the liquidation price, never make it immediate");
                }
            });

    /// <summary>
    /// A cross BTCUSDT position beside an ETHUSDT one, both marked away from entry: the wallet the answer asks for,
    /// given to the same positions, puts the BTC position's liquidation price (as <see cref="LiquidationPriceSolver.ForPosition"/>
    /// solves it) at the target, within one settlement unit.
    /// </summary>
    [Fact]
    public void The_cross_wallet_for_a_target_gives_that_liquidation_price_back()
    {
        int funded = 0;
        Check.One(PropertyConfig.For(Cases), Run(
            from side in Gen.Elements(PositionSide.Long, PositionSide.Short)
            from btcNotional in MarginCases.LogUniform(2, 7)
            from btcEntry in MarginCases.LogUniform(3, 4)
            from btcMove in MarginCases.Fraction(0.8m, 1.2m)
            from ethSide in Gen.Elements(PositionSide.Long, PositionSide.Short)
            from ethNotional in MarginCases.LogUniform(2, 6)
            from ethMove in MarginCases.Fraction(0.8m, 1.2m)
            from model in Gen.Elements(Models)
            from f in TargetFactor(side)
            select (side, btcNotional, btcEntry, btcMove, ethSide, ethNotional, ethMove, model, f),
            c =>
            {
                Instrument btc = TestInstruments.BtcUsdt;
                decimal btcSize = MarginCases.SizeFor(btc, c.btcNotional, c.btcEntry);
                decimal ethSize = MarginCases.SizeFor(Eth, c.ethNotional, 2_000m);
                decimal btcMark = Math.Round(c.btcEntry * c.btcMove, 1);
                var marks = new Dictionary<string, decimal> { [btc.Symbol] = btcMark, [Eth.Symbol] = Math.Round(2_000m * c.ethMove, 2) };
                decimal target = c.btcEntry * c.btcMove * c.f;
                Account Holding(decimal wallet) => EngineScenarios.Cross(wallet, (btc, c.side, btcSize, c.btcEntry, 1m), (Eth, c.ethSide, ethSize, 2_000m, 1m));
                Account account = Holding(0m);
                if (!(c.side == PositionSide.Long ? target < btcMark : target > btcMark))
                {
                    return;
                }

                RequiredMargin r = PositionSizing.MarginForLiquidationPrice(account, account.Positions[0], marks, c.model, target);

                (r.Mode, r.Current, r.ToAdd).Should().Be((MarginMode.Cross, 0m, r.Required));
                if (r.Required - Unit(btc) < 0m)
                {
                    return; // the ETH position's profit alone holds the price beyond the target; the example below covers it
                }

                funded++;
                Account with = Holding(r.Required), less = Holding(r.Required - Unit(btc));
                ShouldBracketTheTarget(
                    c.side,
                    target,
                    LiquidationPriceSolver.ForPosition(with, with.Positions[0], marks, c.model),
                    LiquidationPriceSolver.ForPosition(less, less.Positions[0], marks, c.model));
            }));
        funded.Should().BeGreaterThan(Cases / 2, "most cases must need a wallet and so exercise the round trip");
    }

    /// <summary>
    /// A hedge-mode cross pair on BTCUSDT (legs of different sizes and entries): the wallet the answer asks for puts the
    /// pair's shared liquidation price at the target, within one settlement unit; a target the answer refuses (a
    /// nearly flat pair) is one the solver, given any wallet, does not report on the exposure's side.
    /// </summary>
    [Fact]
    public void The_wallet_for_a_hedged_pairs_target_gives_that_liquidation_price_back()
    {
        int funded = 0;
        Check.One(PropertyConfig.For(Cases), Run(
            from longNotional in MarginCases.LogUniform(2, 6)
            from shortShare in Gen.Elements(0.1m, 0.3m, 0.5m, 0.8m, 1.25m, 2m, 5m)
            from longEntry in MarginCases.LogUniform(3, 4)
            from shortEntry in MarginCases.Fraction(0.9m, 1.1m)
            from move in MarginCases.Fraction(0.9m, 1.1m)
            from model in Gen.Elements(Models)
            from f in MarginCases.Fraction(0.05m, 3m)
            select (longNotional, shortShare, longEntry, shortEntry, move, model, f),
            c =>
            {
                Instrument btc = TestInstruments.BtcUsdt;
                decimal longSize = MarginCases.SizeFor(btc, c.longNotional, c.longEntry);
                decimal shortSize = MarginCases.SizeFor(btc, c.longNotional * c.shortShare, c.longEntry);
                decimal shortEntry = Math.Round(c.longEntry * c.shortEntry, 1);
                decimal mark = Math.Round(c.longEntry * c.move, 1);
                PositionSide exposure = longSize > shortSize ? PositionSide.Long : PositionSide.Short;
                decimal target = mark * c.f;
                if (longSize == shortSize || (exposure == PositionSide.Long ? target >= mark : target <= mark))
                {
                    return;
                }

                Account Holding(decimal wallet) => EngineScenarios.Cross(
                    wallet, PositionMode.Hedge, (btc, PositionSide.Long, longSize, c.longEntry, 1m), (btc, PositionSide.Short, shortSize, shortEntry, 1m));
                var marks = new Dictionary<string, decimal> { [btc.Symbol] = mark };
                Account account = Holding(0m);
                RequiredMargin r;
                try
                {
                    r = PositionSizing.MarginForLiquidationPrice(account, account.Positions[0], marks, c.model, target);
                }
                catch (ArgumentOutOfRangeException refused) when (refused.Message.Contains("hedged pair", StringComparison.Ordinal))
                {
                    return;
                }

                if (r.Required - Unit(btc) < 0m)
                {
                    return;
                }

                funded++;
                Account with = Holding(r.Required), less = Holding(r.Required - Unit(btc));
                ShouldBracketTheTarget(
                    exposure,
                    target,
                    LiquidationPriceSolver.ForPosition(with, with.Positions[1], marks, c.model),
                    LiquidationPriceSolver.ForPosition(less, less.Positions[1], marks, c.model));
            }));
        funded.Should().BeGreaterThan(Cases / 4, "enough cases must need a wallet and so exercise the round trip");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Leverage and position size
    // ---------------------------------------------------------------------------------------------------------

    private static bool Allowed(RiskTierTable tiers, decimal margin, decimal leverage)
    {
        decimal notional = margin * leverage;
        RiskTier last = tiers.Tiers[^1];
        bool withinLastCap = last.NotionalCap == decimal.MaxValue
            || (tiers.Boundary == TierBoundary.CapInclusive ? notional <= last.NotionalCap : notional < last.NotionalCap);
        return withinLastCap && leverage <= tiers.MaxLeverage(notional);
    }

    /// <summary>Stakes whose notional at some whole leverage lands exactly on a bracket cap, where the boundary rule decides.</summary>
    private static Gen<decimal> StakeOnACap(RiskTierTable table) =>
        from tier in Gen.Elements(table.Tiers.Where(t => t.NotionalCap != decimal.MaxValue).ToArray())
        from leverage in Gen.Choose(1, 125)
        select tier.NotionalCap / leverage;

    /// <summary>
    /// The search equals a scan of every leverage step from 1 to the table's highest (125x): the largest one whose
    /// notional's bracket allows it, on Binance's BTCUSDT and ETHUSDT brackets, the BitMEX steps (cap-inclusive) and a
    /// coin-margined table, in whole and 0.5x steps, with stakes that put a notional exactly on a cap drawn half the time.
    /// </summary>
    [CiProperty(MaxTest = 200)]
    public Property The_highest_leverage_equals_a_brute_force_scan() =>
        Run(
            from table in Gen.Elements(BinanceUsdmTiers.BtcUsdt, BinanceUsdmTiers.EthUsdt, BitMexTiers.XbtUsd, MarginCases.CoinTiers)
            from stake in Gen.OneOf(MarginCases.LogUniform(-3, 9), StakeOnACap(table))
            from step in Gen.Elements(1m, 0.5m)
            select (table, stake, step),
            c =>
            {
                decimal? scan = null;
                for (decimal l = 1m; l <= c.table.Tiers[0].MaxLeverage; l += c.step)
                {
                    if (Allowed(c.table, c.stake, l))
                    {
                        scan = l;
                    }
                }

                LeverageLimit? found = PositionSizing.MaxLeverageForMargin(c.table, c.stake, c.step);

                found?.Leverage.Should().Be(scan);
                if (found is LeverageLimit f)
                {
                    f.Notional.Should().Be(c.stake * f.Leverage);
                    f.TierIndex.Should().Be(c.table.IndexOf(f.Notional));
                    f.Tier.MaxLeverage.Should().BeGreaterThanOrEqualTo(f.Leverage);
                }
                else
                {
                    scan.Should().BeNull();
                }
            });

    /// <summary>
    /// The largest position at a leverage is allowed (its initial margin fits the stake, its bracket allows the
    /// leverage, it is within the last cap) and one more lot is not: linear Binance brackets, coin-margined brackets and
    /// BitMEX's cap-inclusive XBTUSD steps.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property The_largest_position_is_allowed_and_one_more_lot_is_not() =>
        Run(
            from instrument in Gen.Elements(
                TestInstruments.BtcUsdt,
                Eth,
                TestInstruments.InverseFlat(0.005m, 100m),
                Instrument.Inverse("BTCUSD", "BTC", "USD", MarginCases.CoinTiers, 0.5m, 1m, 1m),
                Instrument.Inverse("XBTUSD", "XBT", "USD", BitMexTiers.XbtUsd, 0.5m, 100m, 1m))
            from stake in instrument.Kind == ContractKind.Linear ? MarginCases.LogUniform(0, 8) : MarginCases.LogUniform(-3, 3)
            from leverage in Gen.Choose(100, (int)(instrument.RiskTiers.Tiers[0].MaxLeverage * 100m)).Select(i => i / 100m)
            from price in MarginCases.LogUniform(2, 4)
            select (instrument, stake, leverage, price),
            c =>
            {
                (Instrument instrument, decimal stake, decimal leverage, decimal price) = c;
                RiskTierTable tiers = instrument.RiskTiers;
                PositionLimit p = PositionSizing.MaxPositionForMargin(instrument, stake, leverage, price);

                (p.Size % instrument.LotSize).Should().Be(0m);
                p.Leverage.Should().Be(leverage);
                if (p.Size > 0m)
                {
                    p.Notional.Should().Be(instrument.Notional(p.Size, price));
                    PositionAllowed(p.Size).Should().BeTrue();
                    p.InitialMargin.Should().Be(MarginMath.InitialMargin(instrument, p.Size, price, leverage)).And.BeLessThanOrEqualTo(stake);
                    p.TierIndex.Should().Be(tiers.IndexOf(p.Notional));
                }

                PositionAllowed(p.Size + instrument.LotSize).Should().BeFalse("one more lot must break the stake or the brackets");

                bool PositionAllowed(decimal size)
                {
                    decimal notional = instrument.Notional(size, price);
                    RiskTier last = tiers.Tiers[^1];
                    bool withinLastCap = last.NotionalCap == decimal.MaxValue
                        || (tiers.Boundary == TierBoundary.CapInclusive ? notional <= last.NotionalCap : notional < last.NotionalCap);
                    return notional <= stake * leverage && withinLastCap && leverage <= tiers.MaxLeverage(notional);
                }
            });
}
