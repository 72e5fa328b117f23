using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Morpho Blue against expectations Morpho publishes: its own Foundry tests (morpho-org/morpho-blue tag v1.0.0,
/// commit 55d2d99304fb3fb930c688462ae2ccabb1d533ad, <c>test/forge/...</c>) and the unit tests of its TypeScript SDK
/// (morpho-org/sdks, <c>packages/blue-sdk/src/...</c>, commits named per test). Where a Foundry test builds its state
/// through <c>supply</c> and <c>borrow</c>, the state those calls leave is derived in a comment.
/// </summary>
public sealed class MorphoReferenceTests
{
    /// <summary>
    /// morpho-org/sdks <c>packages/blue-sdk/src/market/MarketUtils.test.ts</c> (commit 412442f5dfdbd48037780d1621069157a0c58afc),
    /// "should calculate the correct liquidation incentive factor": LLTV 86% gives 1043841336116910229.
    /// </summary>
    [Theory]
    [InlineData("0.86e18", "1043841336116910229")]
    public void Liquidation_incentive_factor_matches_the_blue_sdk(string lltv, string expected) =>
        MorphoLiquidation.LiquidationIncentiveFactor(U(lltv)).Should().Be(U(expected));

    /// <summary>
    /// morpho-org/sdks <c>packages/blue-sdk/src/math/MathLib.test.ts</c> (commit 5ed9f5f4167d5a709a3fc3b593380360d75bfe08),
    /// "mulDivDown floors the division", "mulDivUp ceils the division", "mulDivUp does not over-round when exact".
    /// </summary>
    [Theory]
    [InlineData(7, 3, 2, 10, 11)]
    [InlineData(10, 1, 3, 3, 4)]
    [InlineData(6, 1, 3, 2, 2)]
    public void MulDiv_rounds_as_the_blue_sdk_tests_say(ulong x, ulong y, ulong d, ulong down, ulong up)
    {
        MorphoMath.MulDivDown(x, y, d).Should().Be((UInt256)down);
        MorphoMath.MulDivUp(x, y, d).Should().Be((UInt256)up);
    }

    /// <summary>
    /// morpho-org/sdks <c>packages/blue-sdk/src/math/MathLib.test.ts</c> (commit 5ed9f5f4167d5a709a3fc3b593380360d75bfe08):
    /// wMulDown(WAD, 42) = 42; wMulDown(WAD/2, WAD/2) = WAD/4; wMulDown(1, 1) = 0; wDivDown(42, WAD) = 42;
    /// wDivDown(7, 7) = WAD; wDivDown(1, 3·WAD) = 0 and wDivUp(1, 3·WAD) = 1; wTaylorCompounded(WAD, 0) = 0;
    /// wTaylorCompounded(1, 1) = 1.
    /// </summary>
    [Fact]
    public void Wad_helpers_match_the_blue_sdk_tests()
    {
        UInt256 wad = MorphoMath.Wad;
        MorphoMath.WMulDown(wad, 42UL).Should().Be((UInt256)42UL);
        MorphoMath.WMulDown(U("0.5e18"), U("0.5e18")).Should().Be(U("0.25e18"));
        MorphoMath.WMulDown(1UL, 1UL).Should().Be(UInt256.Zero);
        MorphoMath.WDivDown(42UL, wad).Should().Be((UInt256)42UL);
        MorphoMath.WDivDown(7UL, 7UL).Should().Be(wad);
        MorphoMath.WDivDown(1UL, U("3e18")).Should().Be(UInt256.Zero);
        MorphoMath.WDivUp(1UL, U("3e18")).Should().Be(UInt256.One);
        MorphoMath.WTaylorCompounded(wad, 0UL).Should().Be(UInt256.Zero);
        MorphoMath.WTaylorCompounded(1UL, 1UL).Should().Be(UInt256.One);
    }

    /// <summary>
    /// morpho-org/sdks <c>packages/blue-sdk/src/math/SharesMath.test.ts</c> (commit 86059673fcb1fcd3595ab441a061727597f5b2d6):
    /// the constants (1e6 and 1); an empty market mints 1e6 shares per asset and redeems 1e6 shares for one asset;
    /// 10 shares of (100 assets, 1000 shares) are worth 1010 / 1,001,000 → 0 assets rounded down.
    /// </summary>
    [Fact]
    public void Share_conversions_match_the_blue_sdk_tests()
    {
        MorphoMath.VirtualShares.Should().Be((UInt256)1_000_000UL);
        MorphoMath.VirtualAssets.Should().Be(UInt256.One);
        MorphoMath.ToSharesDown(1UL, 0UL, 0UL).Should().Be((UInt256)1_000_000UL);
        MorphoMath.ToAssetsDown(1_000_000UL, 0UL, 0UL).Should().Be(UInt256.One);
        MorphoMath.ToAssetsDown(0UL, 0UL, 0UL).Should().Be(UInt256.Zero);
        MorphoMath.ToAssetsDown(10UL, 100UL, 1000UL).Should().Be(UInt256.Zero);
        MorphoMath.ToSharesDown(0UL, 100UL, 1000UL).Should().Be(UInt256.Zero);
    }

    /// <summary>
    /// morpho-org/morpho-blue <c>src/libraries/ConstantsLib.sol</c> and <c>SharesMathLib.sol</c> at v1.0.0: the
    /// constants as the contract declares them.
    /// </summary>
    [Theory]
    [InlineData("MAX_LIQUIDATION_INCENTIVE_FACTOR", "1.15e18")]
    [InlineData("LIQUIDATION_CURSOR", "0.3e18")]
    [InlineData("ORACLE_PRICE_SCALE", "1e36")]
    [InlineData("MAX_FEE", "0.25e18")]
    [InlineData("WAD", "1e18")]
    [InlineData("VIRTUAL_SHARES", "1e6")]
    public void Constants_are_the_contract_s(string name, string value)
    {
        UInt256 actual = name switch
        {
            "MAX_LIQUIDATION_INCENTIVE_FACTOR" => MorphoMath.MaxLiquidationIncentiveFactor,
            "LIQUIDATION_CURSOR" => MorphoMath.LiquidationCursor,
            "ORACLE_PRICE_SCALE" => MorphoMath.OraclePriceScale,
            "MAX_FEE" => MorphoMath.MaxFee,
            "WAD" => MorphoMath.Wad,
            "VIRTUAL_SHARES" => MorphoMath.VirtualShares,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown constant"),
        };
        actual.Should().Be(U(value), name);
    }

    /// <summary>
    /// morpho-org/morpho-blue <c>test/forge/integration/LiquidateIntegrationTest.sol</c> (v1.0.0),
    /// <c>testSeizedAssetsRoundUp</c>: LLTV 0.75, 100e18 supplied, 400 collateral, 300 borrowed, price
    /// 1e36 − 0.01e18; liquidating one borrow share seizes 0 and repays 1.
    /// </summary>
    /// <remarks>
    /// State the test's calls leave (all in one block, so no interest): <c>supply(100e18)</c> mints
    /// toSharesDown(100e18, 0, 0) = 100e18·1e6 = 1e26 shares; <c>borrow(300)</c> takes toSharesUp(300, 0, 0) = 3e8
    /// shares. Unhealthy: maxBorrow = ⌊⌊400·(1e36 − 1e16)/1e36⌋·0.75⌋ = ⌊399·0.75⌋ = 299 &lt; borrowed =
    /// ⌈3e8·301/(3e8 + 1e6)⌉ = 300.
    /// </remarks>
    [Theory]
    [InlineData("0.75e18", "100e18", "400", "300", "1e36", "0.01e18", "1", "0", "1")]
    public void LiquidateIntegrationTest_testSeizedAssetsRoundUp(string lltv, string supplied, string collateral, string borrowed, string priceScale, string priceDrop, string repaidShares, string expectedSeized, string expectedRepaid)
    {
        MorphoMarket market = Market(lltv, U(supplied), U(borrowed));
        var borrower = new MorphoPosition(UInt256.Zero, market.TotalBorrowShares, U(collateral));
        UInt256 price = U(priceScale) - U(priceDrop);

        MorphoLiquidation.IsHealthy(market, borrower, price).Should().BeFalse();
        MorphoLiquidationResult result = MorphoLiquidation.Liquidate(market, borrower, price, UInt256.Zero, U(repaidShares));

        result.Succeeded.Should().BeTrue();
        result.SeizedAssets.Should().Be(U(expectedSeized), "seizedAssets");
        result.RepaidAssets.Should().Be(U(expectedRepaid), "repaidAssets");
    }

    /// <summary>
    /// morpho-org/morpho-blue <c>test/forge/integration/LiquidateIntegrationTest.sol</c> (v1.0.0),
    /// <c>testBadDebtOverTotalBorrowAssets</c>: the bad debt computed by <c>toAssetsUp</c> exceeds what is left of
    /// total borrow, and the liquidation must not revert (the contract takes the minimum). The test asserts only that;
    /// the amounts below are derived by hand.
    /// </summary>
    /// <remarks>
    /// State (LLTV 0.8, one block): supply 1e18 → 1e24 supply shares; borrow 1e18 → toSharesUp(1e18, 0, 0) = 1e24
    /// shares; borrow one share → toAssetsDown(1, 1e18, 1e24) = ⌊(1e18 + 1)/(1e24 + 1e6)⌋ = 0 assets, so total borrow
    /// is 1e18 assets for 1e24 + 1 shares, all the borrower's, against 10e18 collateral. Price 1e36/100 = 1e34.
    /// LIF(0.8) = ⌊1e36/(1e18 − 0.3e18·0.2)⌋ = ⌊1e36/0.94e18⌋ = 1063829787234042553. Seizing all 10e18:
    /// quoted = ⌈10e18·1e34/1e36⌉ = 1e17; wDivUp(1e17, LIF) = ⌈1e35/1063829787234042553⌉ = 94000000000000001
    /// (1e17·0.94 = 94e15 exactly, and LIF is below 1/0.94, so just above); repaidShares =
    /// ⌈94000000000000001·(1e24 + 1 + 1e6)/(1e18 + 1)⌉ = 94000000000000001000001; repaidAssets =
    /// ⌈94000000000000001000001·(1e18 + 1)/(1e24 + 1 + 1e6)⌉ = 94000000000000002. Left: 905999999999999998 assets for
    /// 905999999999999999000000 shares, whose toAssetsUp is 905999999999999999, one more than the assets: bad debt is
    /// the minimum, 905999999999999998, and total supply falls to 1e18 − 905999999999999998 = 94000000000000002.
    /// </remarks>
    [Fact]
    public void LiquidateIntegrationTest_testBadDebtOverTotalBorrowAssets()
    {
        var parameters = new MorphoMarketParams("loan", "collateral", U("0.8e18"), UInt256.Zero);
        var market = new MorphoMarket(parameters, U("1e18"), U("1e24"), U("1e18"), U("1e24") + UInt256.One, 1, UInt256.Zero);
        var borrower = new MorphoPosition(UInt256.Zero, market.TotalBorrowShares, U("10e18"));

        MorphoLiquidationResult result = MorphoLiquidation.Liquidate(market, borrower, U("1e34"), U("10e18"), UInt256.Zero);

        result.Succeeded.Should().BeTrue();
        result.LiquidationIncentiveFactor.Should().Be(U("1063829787234042553"));
        result.RepaidShares.Should().Be(U("94000000000000001000001"));
        result.RepaidAssets.Should().Be(U("94000000000000002"));
        result.BadDebtShares.Should().Be(U("905999999999999999000000"));
        result.BadDebtAssets.Should().Be(U("905999999999999998"));
        MorphoMath.ToAssetsUp(result.BadDebtShares, U("905999999999999998"), U("905999999999999999000000"))
            .Should().Be(U("905999999999999999"), "the uncapped bad debt is one unit more than total borrow");
        result.Market.TotalBorrowAssets.Should().Be(UInt256.Zero);
        result.Market.TotalBorrowShares.Should().Be(UInt256.Zero);
        result.Market.TotalSupplyAssets.Should().Be(U("94000000000000002"));
        result.Position.Should().Be(new MorphoPosition(UInt256.Zero, UInt256.Zero, UInt256.Zero));
    }

    /// <summary>
    /// Morpho's documentation, "Liquidation", Example "Liquidation Calculus" (https://docs.morpho.org/morpho/concepts/liquidation):
    /// $100 of collateral in a market with LLTV 80%, LIF "approximately 1.06"; a debt of $80 is at the threshold, a
    /// debt just above it ($80.00001) is liquidatable, and repaying the debt of about $80 earns the liquidator about
    /// 1.06 times that in collateral. Modelled with 18-decimal tokens at price 1 (oracle price 1e36).
    /// </summary>
    /// <remarks>
    /// Exact figures, by hand: LIF(0.8) = 1063829787234042553 (rounds to 1.06). maxBorrow = 100e18·0.8 = 80e18, so a
    /// debt of 80e18 is healthy (equality) and 80.00001e18 is not. The debt 80.00001e18 holds 80.00001e24 shares (1e6
    /// per asset); repaying all of them: toAssetsDown = 80.00001e18 exactly, wMulDown by the LIF =
    /// ⌊80.00001·1063829787234042553⌋ = 85106393617021276580 (the dropped part is 0.42553), seized at price 1 the same;
    /// 100e18 − that = 14893606382978723420 of collateral stays with the borrower; no bad debt.
    /// </remarks>
    [Theory]
    [InlineData("0.8e18", "100e18", "80.00001e18", "1063829787234042553", "85106393617021276580")]
    public void Morpho_docs_liquidation_calculus(string lltv, string collateral, string debt, string expectedLif, string expectedSeized)
    {
        MorphoMarket market = Market(lltv, U("1000e18"), U(debt));
        var borrower = new MorphoPosition(UInt256.Zero, market.TotalBorrowShares, U(collateral));
        UInt256 price = MorphoMath.OraclePriceScale;

        MorphoLiquidation.LiquidationIncentiveFactor(U(lltv)).ToDecimal(18, MidpointRounding.AwayFromZero).Should().BeApproximately(1.06m, 0.005m, "the docs' 'approximately 1.06'");
        MorphoLiquidation.IsHealthy(market, borrower, price).Should().BeFalse("a debt just above $80 is liquidatable");
        MorphoMarket atThreshold = Market(lltv, U("1000e18"), U("80e18"));
        MorphoLiquidation.IsHealthy(atThreshold, new MorphoPosition(UInt256.Zero, atThreshold.TotalBorrowShares, U(collateral)), price).Should().BeTrue("LTV equal to LLTV is not yet liquidatable");

        MorphoLiquidationResult r = MorphoLiquidation.Liquidate(market, borrower, price, UInt256.Zero, borrower.BorrowShares);

        r.Succeeded.Should().BeTrue();
        r.LiquidationIncentiveFactor.Should().Be(U(expectedLif));
        r.RepaidAssets.Should().Be(U(debt));
        r.SeizedAssets.Should().Be(U(expectedSeized));
        r.Position.Collateral.Should().Be(U(collateral) - U(expectedSeized));
        r.BadDebtAssets.Should().Be(UInt256.Zero);
    }

    /// <summary>
    /// morpho-org/morpho-blue <c>test/forge/integration/LiquidateIntegrationTest.sol</c> (v1.0.0),
    /// <c>testLiquidateZeroAmount</c> and <c>testLiquidateInconsistentInput</c>: both amounts zero, or both
    /// non-zero, revert with "inconsistent input".
    /// </summary>
    [Theory]
    [InlineData("0", "0")]
    [InlineData("1", "1")]
    [InlineData("1e28", "1e34")]
    public void LiquidateIntegrationTest_inconsistent_input_reverts(string seized, string repaidShares)
    {
        MorphoMarket market = Market("0.8e18", U("1e18"), U("1e17"));
        var borrower = new MorphoPosition(UInt256.Zero, market.TotalBorrowShares, UInt256.One);

        MorphoLiquidationResult result = MorphoLiquidation.Liquidate(market, borrower, U("1e36"), U(seized), U(repaidShares));

        result.Error.Should().Be(MorphoLiquidationError.InconsistentInput);
        result.Market.Should().BeSameAs(market);
        result.Position.Should().Be(borrower);
    }

    /// <summary>
    /// morpho-org/morpho-blue <c>test/forge/libraries/MathLibTest.sol</c> (v1.0.0), <c>testMulDivDownOverflow</c>,
    /// <c>testMulDivUpOverflow</c>, <c>testMulDivDownZeroDenominator</c>, <c>testMulDivUpUnderverflow</c>: the
    /// product must fit in 256 bits, and a zero divisor reverts in both.
    /// </summary>
    [Theory]
    [InlineData("max", "2", "1")]
    [InlineData("1e39", "1e39", "1e40")]
    public void MathLibTest_products_beyond_uint256_revert(string x, string y, string d)
    {
        FluentActions.Invoking(() => MorphoMath.MulDivDown(U(x), U(y), U(d))).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => MorphoMath.MulDivUp(U(x), U(y), U(d))).Should().Throw<OverflowException>();
    }

    /// <summary>See <see cref="MathLibTest_products_beyond_uint256_revert"/>: a zero divisor.</summary>
    [Fact]
    public void MathLibTest_zero_denominator_reverts()
    {
        FluentActions.Invoking(() => MorphoMath.MulDivDown(1UL, 1UL, UInt256.Zero)).Should().Throw<DivideByZeroException>();
        FluentActions.Invoking(() => MorphoMath.MulDivUp(1UL, 1UL, UInt256.Zero)).Should().Throw<OverflowException>("d - 1 underflows first");
    }

    /// <summary>A market in the state <c>supply(supplied)</c> then <c>borrow(borrowed)</c> leave in an empty market in one block.</summary>
    private static MorphoMarket Market(string lltv, UInt256 supplied, UInt256 borrowed)
    {
        var parameters = new MorphoMarketParams("loan", "collateral", U(lltv), UInt256.Zero);
        return new MorphoMarket(
            parameters,
            supplied,
            MorphoMath.ToSharesDown(supplied, UInt256.Zero, UInt256.Zero),
            borrowed,
            MorphoMath.ToSharesUp(borrowed, UInt256.Zero, UInt256.Zero),
            1,
            UInt256.Zero);
    }
}
