using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Tests.Support;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Properties of Morpho Blue (morpho-org/morpho-blue v1.0.0) over random markets, positions, prices and requests:
/// a healthy position is never liquidated; the incentive factor stays in [1, 1.15] and falls as the LLTV rises;
/// the liquidator never seizes more than the collateral nor more value than its payment times the incentive factor,
/// and pays at least the exact value of the shares it repays; market totals move by exactly the position's changes;
/// bad debt appears only when the collateral reaches zero; a revert changes nothing. The arithmetic is checked against
/// <see cref="BigInteger"/> with the formulas of Morpho's own <c>test/forge/libraries/MathLibTest.sol</c>.
/// </summary>
public sealed class MorphoPropertyTests
{
    private const int Cases = 400;

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 12).ToArbitrary();
    private static readonly BigInteger s_wad = BigInteger.Pow(10, 18);
    private static readonly BigInteger s_scale = BigInteger.Pow(10, 36);
    private static readonly BigInteger s_virtualShares = 1_000_000;

    private static Property Run(Action<int[]> property) => Prop.ForAll(s_cases, property);

    private sealed record Scenario(MorphoMarket Market, MorphoPosition Borrower, UInt256 Price, UInt256 Seized, UInt256 RepaidShares);

    private static Scenario Draw(int[] v)
    {
        BigInteger lltv = ((v[0] % 9_801) + 100) * BigInteger.Pow(10, 14);                      // 0.01 .. 0.99
        BigInteger supplied = ((v[1] % 1_000_000) + 1) * BigInteger.Pow(10, (v[2] % 13) + 6); // up to 1e24
        BigInteger borrowed0 = supplied * (v[3] % 100) / 100;
        BigInteger interest = borrowed0 * (v[4] % 50) / 100;                                 // shares worth more than 1e-6 asset
        BigInteger totalBorrowShares = borrowed0 * s_virtualShares;
        BigInteger borrowShares = totalBorrowShares * ((v[5] % 100) + 1) / 100;
        BigInteger collateral = v[6] % 10 == 0 ? BigInteger.Zero : ((v[6] % 1_000_000) + 1) * BigInteger.Pow(10, (v[7] % 13) + 4);

        var parameters = new MorphoMarketParams("loan", "collateral", (UInt256)lltv, UInt256.Zero);
        var market = new MorphoMarket(parameters, (UInt256)(supplied + interest), (UInt256)(supplied * s_virtualShares), (UInt256)(borrowed0 + interest), (UInt256)totalBorrowShares, 7, UInt256.Zero);
        var borrower = new MorphoPosition(UInt256.Zero, (UInt256)borrowShares, (UInt256)collateral);

        // A price from 5 % to 150 % of the one at which max borrow equals the debt: far enough under water that seizing
        // everything can leave bad debt. Without collateral, a price so high that repaying shares seizes nothing.
        BigInteger debt = (BigInteger)MorphoLiquidation.BorrowedAssets(market, borrower);
        BigInteger breakEven = collateral.IsZero ? BigInteger.Pow(10, 60) : debt * s_scale * s_wad / (collateral * lltv);
        BigInteger price = BigInteger.Max(BigInteger.One, breakEven * ((v[8] % 146) + 5) / 100);

        // Ask for 0 % to 120 % of the collateral or of the borrow shares (the top fifth must revert), at least one unit.
        BigInteger fraction = v[9] % 121;
        bool bySeized = v[10] % 2 == 0;
        BigInteger seized = bySeized ? BigInteger.Max(BigInteger.One, collateral * fraction / 100) : BigInteger.Zero;
        BigInteger repaidShares = bySeized ? BigInteger.Zero : BigInteger.Max(BigInteger.One, borrowShares * fraction / 100);
        return new Scenario(market, borrower, (UInt256)price, (UInt256)seized, (UInt256)repaidShares);
    }

    [CiProperty(MaxTest = Cases)]
    public Property A_healthy_position_is_never_liquidated_and_a_revert_changes_nothing() => Run(v =>
    {
        Scenario s = Draw(v);
        bool healthy = MorphoLiquidation.IsHealthy(s.Market, s.Borrower, s.Price);
        MorphoLiquidationResult r = MorphoLiquidation.Liquidate(s.Market, s.Borrower, s.Price, s.Seized, s.RepaidShares);

        if (healthy)
        {
            r.Error.Should().Be(MorphoLiquidationError.HealthyPosition);
        }

        if (!r.Succeeded)
        {
            r.Market.Should().BeSameAs(s.Market);
            r.Position.Should().Be(s.Borrower);
            (r.SeizedAssets.IsZero && r.RepaidShares.IsZero && r.RepaidAssets.IsZero && r.BadDebtAssets.IsZero && r.BadDebtShares.IsZero).Should().BeTrue();
        }
        else
        {
            healthy.Should().BeFalse();
        }
    });

    [Fact]
    public void Totals_move_by_exactly_the_position_s_changes_and_bad_debt_needs_zero_collateral()
    {
        int liquidations = 0, badDebts = 0;
        Check.One(PropertyConfig.For(Cases), Run(v =>
        {
            MorphoLiquidationResult? r = CheckConservation(v);
            liquidations += r is null ? 0 : 1;
            badDebts += r is { BadDebtShares.IsZero: false } ? 1 : 0;
        }));

        // The generator must reach both kinds of success, or the property says little.
        liquidations.Should().BePositive();
        badDebts.Should().BePositive();
    }

    private static MorphoLiquidationResult? CheckConservation(int[] v)
    {
        Scenario s = Draw(v);
        MorphoLiquidationResult r = MorphoLiquidation.Liquidate(s.Market, s.Borrower, s.Price, s.Seized, s.RepaidShares);
        if (!r.Succeeded)
        {
            return null;
        }

        MorphoMarket before = s.Market;
        MorphoMarket after = r.Market;
        BigInteger sharesOut = (BigInteger)r.RepaidShares + (BigInteger)r.BadDebtShares;

        // Collateral: down by exactly the seized assets, never below zero.
        r.SeizedAssets.Should().BeLessThanOrEqualTo(s.Borrower.Collateral);
        ((BigInteger)s.Borrower.Collateral - (BigInteger)r.Position.Collateral).Should().Be((BigInteger)r.SeizedAssets);

        // Borrow shares: the position and the market lose the same number.
        ((BigInteger)s.Borrower.BorrowShares - (BigInteger)r.Position.BorrowShares).Should().Be(sharesOut);
        ((BigInteger)before.TotalBorrowShares - (BigInteger)after.TotalBorrowShares).Should().Be(sharesOut);

        // Borrow assets: down by the repayment (floored at zero) plus the bad debt; supply assets down by the bad debt only.
        BigInteger repaidWithinTotal = BigInteger.Min((BigInteger)before.TotalBorrowAssets, (BigInteger)r.RepaidAssets);
        ((BigInteger)before.TotalBorrowAssets - (BigInteger)after.TotalBorrowAssets).Should().Be(repaidWithinTotal + (BigInteger)r.BadDebtAssets);
        ((BigInteger)before.TotalSupplyAssets - (BigInteger)after.TotalSupplyAssets).Should().Be((BigInteger)r.BadDebtAssets);
        after.TotalSupplyShares.Should().Be(before.TotalSupplyShares);
        r.Position.SupplyShares.Should().Be(s.Borrower.SupplyShares);

        // Bad debt only when the collateral is gone, and then no borrow shares remain.
        if (!r.BadDebtAssets.IsZero || !r.BadDebtShares.IsZero)
        {
            r.Position.Collateral.Should().Be(UInt256.Zero);
        }

        if (r.Position.Collateral.IsZero)
        {
            r.Position.BorrowShares.Should().Be(UInt256.Zero);
        }
        else
        {
            r.BadDebtShares.Should().Be(UInt256.Zero);
        }

        return r;
    }

    [CiProperty(MaxTest = Cases)]
    public Property Rounding_always_goes_against_the_liquidator() => Run(v =>
    {
        Scenario s = Draw(v);
        MorphoLiquidationResult r = MorphoLiquidation.Liquidate(s.Market, s.Borrower, s.Price, s.Seized, s.RepaidShares);
        if (!r.Succeeded)
        {
            return;
        }

        BigInteger totalAssets = (BigInteger)s.Market.TotalBorrowAssets + 1;
        BigInteger totalShares = (BigInteger)s.Market.TotalBorrowShares + s_virtualShares;

        // Repaid assets are at least the exact value of the repaid shares: assets/shares >= (A + 1)/(S + 1e6).
        ((BigInteger)r.RepaidAssets * totalShares).Should().BeGreaterThanOrEqualTo((BigInteger)r.RepaidShares * totalAssets);

        // The collateral's value never exceeds what was paid times the incentive factor:
        // seized·price/1e36 <= repaidAssets·LIF/1e18, in exact rationals.
        ((BigInteger)r.SeizedAssets * (BigInteger)s.Price * s_wad)
            .Should().BeLessThanOrEqualTo((BigInteger)r.RepaidAssets * (BigInteger)r.LiquidationIncentiveFactor * s_scale);

        // Named seized assets are paid in full; named shares are repaid in full.
        if (!s.Seized.IsZero)
        {
            r.SeizedAssets.Should().Be(s.Seized);
        }
        else
        {
            r.RepaidShares.Should().Be(s.RepaidShares);
        }
    });

    [CiProperty(MaxTest = Cases)]
    public Property Incentive_factor_is_within_one_and_the_cap_and_falls_as_lltv_rises() => Run(v =>
    {
        BigInteger a = (((BigInteger)v[0] << 31) | v[1]) % s_wad;
        BigInteger b = (((BigInteger)v[2] << 31) | v[3]) % s_wad;
        (BigInteger low, BigInteger high) = a <= b ? (a, b) : (b, a);
        UInt256 lifLow = MorphoLiquidation.LiquidationIncentiveFactor((UInt256)low);
        UInt256 lifHigh = MorphoLiquidation.LiquidationIncentiveFactor((UInt256)high);

        foreach ((BigInteger lltv, UInt256 lif) in new[] { (low, lifLow), (high, lifHigh) })
        {
            lif.Should().BeGreaterThanOrEqualTo(MorphoMath.Wad);
            lif.Should().BeLessThanOrEqualTo(MorphoMath.MaxLiquidationIncentiveFactor);

            // Exact value in wad: 1e36/(0.3·lltv + 0.7e18) = 10e36/(3·lltv + 7e18). The contract floors 0.3·(1e18 − lltv),
            // which can only raise its denominator (by less than one), then floors the quotient: so its figure is at
            // most the exact one and, below the cap (exact ≤ 1.15e18, denominator ≥ 0.87e18), less than 1 + 1.15/0.87
            // units under it.
            BigInteger denominator = (3 * lltv) + (7 * s_wad);
            BigInteger exactTimesDenominator = 10 * s_wad * s_wad;
            BigInteger value = (BigInteger)lif;
            (value * denominator).Should().BeLessThanOrEqualTo(exactTimesDenominator);
            if (lif < MorphoMath.MaxLiquidationIncentiveFactor)
            {
                ((value + 3) * denominator).Should().BeGreaterThan(exactTimesDenominator);
            }
        }

        lifLow.Should().BeGreaterThanOrEqualTo(lifHigh);
    });

    [CiProperty(MaxTest = Cases)]
    public Property MathLibTest_mulDiv_is_the_rounded_quotient_or_reverts() => Prop.ForAll(UInt256Gen.Triple, t =>
    {
        BigInteger x = t[0], y = t[1], d = t[2];
        BigInteger product = x * y;
        if (d.IsZero)
        {
            return;
        }

        // test/forge/libraries/MathLibTest.sol testMulDivDown / testMulDivUp: (x·y)/d and x·y == 0 ? 0 : (x·y − 1)/d + 1,
        // defined while x·y (resp. x·y + d − 1) fits in 256 bits; otherwise the call reverts.
        if (product < UInt256Gen.TwoTo256)
        {
            ((BigInteger)MorphoMath.MulDivDown(t[0], t[1], t[2])).Should().Be(product / d);
        }
        else
        {
            FluentActions.Invoking(() => MorphoMath.MulDivDown(t[0], t[1], t[2])).Should().Throw<OverflowException>();
        }

        if (product + d - 1 < UInt256Gen.TwoTo256)
        {
            ((BigInteger)MorphoMath.MulDivUp(t[0], t[1], t[2])).Should().Be(product.IsZero ? BigInteger.Zero : ((product - 1) / d) + 1);
        }
        else
        {
            FluentActions.Invoking(() => MorphoMath.MulDivUp(t[0], t[1], t[2])).Should().Throw<OverflowException>();
        }
    });

    [CiProperty(MaxTest = Cases)]
    public Property Dividing_by_the_oracle_scale_is_exact_floor_and_ceiling() => Prop.ForAll(UInt256Gen.Triple, t =>
    {
        // MorphoMath splits a division by 1e36 into two by 1e18; the results must be the plain quotient's.
        BigInteger product = (BigInteger)t[0] * (BigInteger)t[1];
        if (product + s_scale - 1 >= UInt256Gen.TwoTo256)
        {
            return;
        }

        ((BigInteger)MorphoMath.MulDivDown(t[0], t[1], MorphoMath.OraclePriceScale)).Should().Be(product / s_scale);
        ((BigInteger)MorphoMath.MulDivUp(t[0], t[1], MorphoMath.OraclePriceScale)).Should().Be((product + s_scale - 1) / s_scale);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Share_conversions_round_down_and_up_around_the_exact_value() => Run(v =>
    {
        BigInteger amount = ((BigInteger)v[0] << 40) | v[1];
        BigInteger totalAssets = ((BigInteger)v[2] << 31) | v[3];
        BigInteger totalShares = (totalAssets * s_virtualShares) + v[4];

        // assets -> shares: exact = amount·(S + 1e6)/(A + 1); down is its floor, up its ceiling.
        BigInteger sharesNum = amount * (totalShares + s_virtualShares);
        BigInteger sharesDen = totalAssets + 1;
        ((BigInteger)MorphoMath.ToSharesDown((UInt256)amount, (UInt256)totalAssets, (UInt256)totalShares)).Should().Be(BigInteger.Divide(sharesNum, sharesDen));
        ((BigInteger)MorphoMath.ToSharesUp((UInt256)amount, (UInt256)totalAssets, (UInt256)totalShares)).Should().Be(BigInteger.Divide(sharesNum + sharesDen - 1, sharesDen));

        // shares -> assets: exact = amount·(A + 1)/(S + 1e6).
        BigInteger assetsNum = amount * (totalAssets + 1);
        BigInteger assetsDen = totalShares + s_virtualShares;
        ((BigInteger)MorphoMath.ToAssetsDown((UInt256)amount, (UInt256)totalAssets, (UInt256)totalShares)).Should().Be(BigInteger.Divide(assetsNum, assetsDen));
        ((BigInteger)MorphoMath.ToAssetsUp((UInt256)amount, (UInt256)totalAssets, (UInt256)totalShares)).Should().Be(BigInteger.Divide(assetsNum + assetsDen - 1, assetsDen));
    });

    [CiProperty(MaxTest = Cases)]
    public Property Accrual_adds_the_same_interest_to_both_sides_and_never_loses_it() => Run(v =>
    {
        // test/forge/libraries/MathLibTest.sol testWTaylorCompounded: the compounded factor is at least simple interest.
        BigInteger rate = v[0] % 3_170_979_198;                  // wad per second, up to about 10 % a year
        ulong elapsed = (ulong)(v[1] % (365 * 86_400));
        BigInteger growth = (BigInteger)MorphoMath.WTaylorCompounded((UInt256)rate, elapsed);
        growth.Should().BeGreaterThanOrEqualTo(rate * elapsed);
        BigInteger xn = rate * elapsed;
        (growth * 6 * s_wad * s_wad).Should().BeLessThanOrEqualTo((xn * 6 * s_wad * s_wad) + (3 * xn * xn * s_wad) + (xn * xn * xn), "the floors only take away");

        Scenario s = Draw(v);
        var parameters = new MorphoMarketParams("loan", "collateral", s.Market.Parameters.Lltv, (UInt256)rate);
        var market = new MorphoMarket(parameters, s.Market.TotalSupplyAssets, s.Market.TotalSupplyShares, s.Market.TotalBorrowAssets, s.Market.TotalBorrowShares, 7, (UInt256)(ulong)(v[2] % 250_000_001) * 1_000_000_000UL);
        MorphoAccrual accrual = MorphoLiquidation.AccrueInterest(market, 7 + elapsed);

        ((BigInteger)accrual.Market.TotalBorrowAssets - (BigInteger)market.TotalBorrowAssets).Should().Be((BigInteger)accrual.Interest);
        ((BigInteger)accrual.Market.TotalSupplyAssets - (BigInteger)market.TotalSupplyAssets).Should().Be((BigInteger)accrual.Interest);
        ((BigInteger)accrual.Market.TotalSupplyShares - (BigInteger)market.TotalSupplyShares).Should().Be((BigInteger)accrual.FeeShares);
        ((BigInteger)accrual.Interest).Should().Be((BigInteger)market.TotalBorrowAssets * growth / s_wad);
        accrual.Market.LastUpdate.Should().Be(7 + elapsed);
    });
}
