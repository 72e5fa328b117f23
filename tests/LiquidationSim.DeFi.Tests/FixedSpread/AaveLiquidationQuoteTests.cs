using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Tests.Support;
using static LiquidationSim.DeFi.Tests.Support.AaveTestMarkets;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// <see cref="AaveLiquidation.Quote"/>: the intermediates of <c>LiquidationLogic</c> (base collateral, the uncapped
/// maximum collateral, the close-factor cap) and the largest repay that leaves no dust, as aave-v3-origin's
/// <c>LiquidationDataProvider</c> reports them (tag v3.3.0; tests/protocol/pool/Pool.Liquidations.CloseFactor.t.sol
/// <c>test_liquidationdataprovider_edge_range</c> and <c>_reverse</c>), with hand derivations and properties.
/// </summary>
public sealed class AaveLiquidationQuoteTests
{
    private const string CloseFactorTests = "Pool.Liquidations.CloseFactor.t.sol ";

    private static AaveMarket EdgeMarket(AaveVersion version = AaveVersion.V3_3) => new(AaveRules.For(version), Usd,
    [
        new AaveReserve("WETH", 18, Dollars(2000m), 8000, 8250, 10500, 1000),
        new AaveReserve("USDX", 6, Dollars(1m), 8000, 8600, 10500, 1000),
    ]);

    private static UInt256 Usdx(AaveMarket market, decimal amount) => AaveDecimal.Amount(amount, market.Reserve("USDX"));

    [Fact]
    public void Edge_range_quote_reads_the_cap_the_collateral_and_the_largest_clean_repay()
    {
        // test_liquidationdataprovider_edge_range: 8000 USDX supplied (LT 8600), 4200 USDX + 1.410204 WETH borrowed, HF 0.98.
        // Cap: the reserve's 4200e8 > half of the 7020.408e8 total, so 3510.204e8 -> 3510.204 USDX (close factor 5000).
        // In kind at $1: baseCollateral = 1e8 * 3510204000 * 1e6 / (1e8 * 1e6) = 3510204000;
        // maxCollateral = percentMul(3510204000, 10500) = (3510204000 * 10500 + 5000) / 10000 = 3685714200 (3685.7142 USDX).
        // Repaying the cap leaves 689.796 USDX of debt < 1000e8: dust. The data provider lowers the debt by
        // 1000e8 - 689.796e8 = 310.204e8 -> 310.204 USDX, i.e. 3200 USDX, which leaves exactly 1000e8 of debt.
        const string Source = CloseFactorTests + "test_liquidationdataprovider_edge_range";
        AaveMarket market = EdgeMarket();
        AaveUserAccount account = Account(market, Both("USDX", 8000m, 4200m), Borrow("WETH", 1.410204m));

        AaveLiquidationQuote quote = AaveLiquidation.Quote(market, account, "USDX", "USDX");

        quote.Status.Should().Be(AaveLiquidationStatus.Executed, Source);
        quote.CloseFactor.Should().Be(5_000, Source);
        quote.LiquidationBonus.Should().Be(10_500);
        quote.MaxLiquidatableDebt.Should().Be(Usdx(market, 3510.204m), Source);
        quote.BaseCollateral.Should().Be(Usdx(market, 3510.204m));
        quote.MaxCollateral.Should().Be(Usdx(market, 3685.7142m));
        quote.CollateralBalance.Should().Be(Usdx(market, 8000m));
        quote.ReserveDebt.Should().Be(Usdx(market, 4200m));
        quote.LargestRepayWithoutDust.Should().Be(Usdx(market, 3200m), Source);

        AaveLiquidationResult max = AaveLiquidation.Call(market, account, "USDX", "USDX", UInt256.MaxValue);
        max.Status.Should().Be(AaveLiquidationStatus.MustNotLeaveDust, Source);
        max.BaseCollateral.Should().Be(quote.BaseCollateral, "the call at the cap reads the same intermediates");
        max.MaxCollateral.Should().Be(quote.MaxCollateral);
        AaveLiquidation.Call(market, account, "USDX", "USDX", quote.LargestRepayWithoutDust).Status.Should().Be(AaveLiquidationStatus.Executed, Source);
    }

    [Fact]
    public void Edge_range_reverse_quote_stops_at_the_collateral_leftover()
    {
        // test_liquidationdataprovider_edge_range_reverse: 4200 USDX + 4000e8 of WETH (2 WETH) supplied, USDX borrowed to
        // HF 0.98: 7053.1 USDX gives (3300 + 3612) / 7053.1 = 0.97999… (the test's helper borrows to just below 0.98).
        // Cap: half of 7053.1e8 = 3526.55 USDX; it would seize percentMul(3526550000, 10500) = 3702877500, leaving
        // 497.1225 USDX of collateral < 1000e8: dust. A clean repay d must leave 4200e6 - percentMul(d, 10500) ≥ 1000e6:
        // (d * 10500 + 5000) / 10000 ≤ 3200e6 ⇔ d * 10500 < 32000000005000 ⇔ d ≤ 3047619048 (3047.619048 USDX);
        // its debt leftover 4005.480952 USDX is above 1000.
        const string Source = CloseFactorTests + "test_liquidationdataprovider_edge_range_reverse";
        AaveMarket market = EdgeMarket();
        AaveUserAccount account = Account(market, Both("USDX", 4200m, 7053.1m), Supply("WETH", 2m));

        AaveLiquidationQuote quote = AaveLiquidation.Quote(market, account, "USDX", "USDX");

        quote.HealthFactor.Should().BeGreaterThan(Wad(0.95m)).And.BeLessThan(Wad(0.98m), Source);
        quote.MaxLiquidatableDebt.Should().Be(Usdx(market, 3526.55m), Source);
        quote.MaxCollateral.Should().Be(Usdx(market, 3702.8775m));
        quote.LargestRepayWithoutDust.Should().Be(Usdx(market, 3047.619048m), Source);
        AaveLiquidation.Call(market, account, "USDX", "USDX", UInt256.MaxValue).Status.Should().Be(AaveLiquidationStatus.MustNotLeaveDust, Source);
        AaveLiquidation.Call(market, account, "USDX", "USDX", quote.LargestRepayWithoutDust).Status.Should().Be(AaveLiquidationStatus.Executed, Source);
        AaveLiquidation.Call(market, account, "USDX", "USDX", quote.LargestRepayWithoutDust + UInt256.One).Status.Should().Be(AaveLiquidationStatus.MustNotLeaveDust, Source);
    }

    [Fact]
    public void Before_v3_3_there_is_no_dust_rule_and_the_largest_repay_is_the_cap()
    {
        // v3.0: HF 0.98 > 0.95, so the close factor is 50% of the reserve's 4200 USDX = 2100 (percentMul half-up).
        AaveMarket market = EdgeMarket(AaveVersion.V3_0);
        AaveUserAccount account = Account(market, Both("USDX", 8000m, 4200m), Borrow("WETH", 1.410204m));
        AaveLiquidationQuote quote = AaveLiquidation.Quote(market, account, "USDX", "USDX");
        quote.MaxLiquidatableDebt.Should().Be(Usdx(market, 2100m));
        quote.LargestRepayWithoutDust.Should().Be(quote.MaxLiquidatableDebt);
    }

    [Fact]
    public void A_quote_that_cannot_liquidate_says_why_with_zero_amounts()
    {
        AaveMarket market = EdgeMarket();
        AaveUserAccount healthy = Account(market, Both("USDX", 8000m, 1000m));
        AaveLiquidationQuote quote = AaveLiquidation.Quote(market, healthy, "USDX", "USDX");
        quote.Status.Should().Be(AaveLiquidationStatus.NotLiquidatable);
        (quote.MaxLiquidatableDebt + quote.BaseCollateral + quote.MaxCollateral + quote.LargestRepayWithoutDust).Should().Be(UInt256.Zero);
        quote.CollateralBalance.Should().Be(Usdx(market, 8000m));
        FluentActions.Invoking(() => AaveLiquidation.Quote(market, healthy, "DAI", "USDX")).Should().Throw<ArgumentException>().WithParameterName("collateralAsset");
    }

    [CiProperty(MaxTest = 2_000)]
    public Property The_largest_clean_repay_goes_through_and_one_unit_more_exceeds_the_cap_or_leaves_dust() =>
        Prop.ForAll(AaveGen.Cases(oneSided: false), c => CheckQuote(c.Market, c.Account, $"R{c.Collateral}", $"R{c.Debt}"));

    [CiProperty(MaxTest = 1_000)]
    public Property The_same_near_the_dust_boundary() =>
        Prop.ForAll(NearBoundary().ToArbitrary(), c => CheckQuote(c.Market, c.Account, "USDX", c.Debt));

    [Fact]
    public void The_boundary_cases_reach_both_answers()
    {
        // Guards the property above against vacuity: some quotes stop below the cap, some at it.
        int below = 0, atCap = 0;
        foreach ((AaveMarket market, AaveUserAccount account, string debt) in Gen.Sample(NearBoundary(), 300))
        {
            AaveLiquidationQuote quote = AaveLiquidation.Quote(market, account, "USDX", debt);
            if (quote.Status != AaveLiquidationStatus.Executed)
            {
                continue;
            }

            if (quote.LargestRepayWithoutDust < quote.MaxLiquidatableDebt)
            {
                below++;
            }
            else
            {
                atCap++;
            }
        }

        below.Should().BePositive();
        atCap.Should().BePositive();
    }

    private static void CheckQuote(AaveMarket market, AaveUserAccount account, string collateral, string debt)
    {
        AaveLiquidationQuote quote = AaveLiquidation.Quote(market, account, collateral, debt);
        AaveLiquidationResult atMax = AaveLiquidation.Call(market, account, collateral, debt, UInt256.MaxValue);
        if (quote.Status != AaveLiquidationStatus.Executed)
        {
            atMax.Status.Should().Be(quote.Status);
            return;
        }

        atMax.MaxLiquidatableDebt.Should().Be(quote.MaxLiquidatableDebt);
        atMax.BaseCollateral.Should().Be(quote.BaseCollateral);
        atMax.MaxCollateral.Should().Be(quote.MaxCollateral);
        atMax.CloseFactor.Should().Be(quote.CloseFactor);
        quote.LargestRepayWithoutDust.Should().BeLessThanOrEqualTo(quote.MaxLiquidatableDebt);
        if (!quote.LargestRepayWithoutDust.IsZero)
        {
            AaveLiquidationResult clean = AaveLiquidation.Call(market, account, collateral, debt, quote.LargestRepayWithoutDust);
            clean.Status.Should().Be(AaveLiquidationStatus.Executed, "the largest clean repay never triggers the dust revert");
        }

        UInt256 oneMore = quote.LargestRepayWithoutDust + UInt256.One;
        if (oneMore <= quote.MaxLiquidatableDebt)
        {
            AaveLiquidation.Call(market, account, collateral, debt, oneMore).Status
                .Should().Be(AaveLiquidationStatus.MustNotLeaveDust, "one unit more either exceeds the cap or leaves dust");
        }
    }

    /// <summary>The edge-range market with USDX collateral and USDX or WETH debt of a few thousand dollars, where the dust rule bites.</summary>
    private static Gen<(AaveMarket Market, AaveUserAccount Account, string Debt)> NearBoundary() =>
        from version in Gen.Elements(AaveVersion.V3_3, AaveVersion.V3_5, AaveVersion.V3_7)
        from supplied in Gen.Choose(1_500, 12_000)
        from ratio in Gen.Choose(1_020, 1_400)
        from wethShare in Gen.Choose(0, 60)
        from cents in Gen.Choose(0, 99)
        let market = EdgeMarket(version)
        let weighted = supplied * 0.86m
        let totalDebt = (weighted * ratio / 1000m) + (cents / 100m)
        let wethDebt = decimal.Round(totalDebt * wethShare / 100m / 2000m, 6)
        let usdxDebt = decimal.Round(totalDebt - (wethDebt * 2000m), 6)
        let debt = wethShare % 2 == 0 ? "USDX" : "WETH"
        select (market, Account(market, Both("USDX", supplied, usdxDebt), Borrow("WETH", wethDebt)), debt);
}
