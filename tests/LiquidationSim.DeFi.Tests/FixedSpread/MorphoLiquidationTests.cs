using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Hand-derived Morpho Blue cases (morpho-org/morpho-blue v1.0.0, <c>src/Morpho.sol</c>) on a WETH/USDC market with
/// LLTV 86%: 10,000 USDC supplied (1e16 supply shares: toSharesDown(1e10, 0, 0) = 1e10·1e6), 2,600 USDC borrowed
/// against 1 WETH (2.6e15 borrow shares). With shares exactly 1e6 per asset, every conversion against
/// (totalAssets + 1, totalShares + 1e6) = (A + 1, 1e6·(A + 1)) is exact, so the derivations stay short.
/// LIF(0.86) = ⌊1e36/(1e18 − 0.3·0.14e18)⌋ = ⌊1e36/0.958e18⌋ = 1043841336116910229.
/// </summary>
public sealed class MorphoLiquidationTests
{
    private static readonly UInt256 s_lif86 = U("1043841336116910229");
    private static readonly MorphoMarketParams s_params = new("USDC", "WETH", U("0.86e18"), UInt256.Zero);
    private static readonly MorphoMarket s_market = new(s_params, U("10000e6"), U("1e16"), U("2600e6"), U("2.6e15"), 1_000, UInt256.Zero);
    private static readonly MorphoPosition s_borrower = new(UInt256.Zero, U("2.6e15"), U("1e18"));

    // The oracle price of 1 WETH (18 decimals) in USDC (6 decimals) carries 36 + 6 - 18 = 24 decimals.
    private static UInt256 Price(decimal usdcPerWeth) => MorphoMath.OraclePrice(usdcPerWeth, 18, 6);

    [Fact]
    public void Oracle_price_has_36_plus_loan_minus_collateral_decimals()
    {
        Price(2900m).Should().Be(U("2900e24"));
        MorphoMath.OraclePrice(1m, 6, 18).Should().Be(U("1e48"), "1 USDC collateral quoted in an 18-decimal loan token");
        FluentActions.Invoking(() => MorphoMath.OraclePrice(1m, 37, 6)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("collateralDecimals");
    }

    [Theory]
    // LLTV -> 1/(1 - 0.3·(1 - LLTV)) floored at 18 decimals, capped at 1.15.
    [InlineData("0", "1.15e18")]                     // 1/0.7 = 1.428… -> cap
    [InlineData("0.385e18", "1.15e18")]              // 1/0.8155 = 1.2262… -> cap
    [InlineData("0.625e18", "1126760563380281690")]  // 1/0.8875 = 1.12676056338028169014…
    [InlineData("0.75e18", "1081081081081081081")]   // 1/0.925 = 1.081081…
    [InlineData("0.8e18", "1063829787234042553")]    // 1/0.94 = 1.06382978723404255319…
    [InlineData("0.945e18", "1016776817488561260")]  // 1/0.9835 = 1.01677681748856126080…
    [InlineData("0.98e18", "1006036217303822937")]   // 1/0.994 = 1.00603621730382293762…
    [InlineData("999999999999999999", "1e18")]       // 1/(1 - floor(0.3·1e-18)) = 1/(1 - 0) = 1
    public void Liquidation_incentive_factor_is_one_over_beta_lltv_plus_one_minus_beta_capped(string lltv, string expected) =>
        MorphoLiquidation.LiquidationIncentiveFactor(U(lltv)).Should().Be(U(expected));

    [Fact]
    public void Health_is_max_borrow_at_least_debt_and_equality_is_healthy()
    {
        // At 2900: maxBorrow = floor(1e18·2900e24/1e36)·0.86 = 2900e6·0.86 = 2494e6 < 2600e6 owed.
        MorphoLiquidation.MaxBorrow(s_market, s_borrower, Price(2900m)).Should().Be(U("2494e6"));
        MorphoLiquidation.BorrowedAssets(s_market, s_borrower).Should().Be(U("2600e6"));
        MorphoLiquidation.IsHealthy(s_market, s_borrower, Price(2900m)).Should().BeFalse();

        // Collateral value v (USDC units) is healthy iff floor(0.86·v) >= 2600e6 iff v >= 3023255813.95…, so
        // v = 3023255814 (maxBorrow = floor(2600000000.04) = 2600e6, exactly the debt) is healthy, one unit less is not.
        UInt256 boundary = U("3023255814e18");
        MorphoLiquidation.MaxBorrow(s_market, s_borrower, boundary).Should().Be(U("2600e6"));
        MorphoLiquidation.IsHealthy(s_market, s_borrower, boundary).Should().BeTrue();
        MorphoLiquidation.IsHealthy(s_market, s_borrower, U("3023255813e18")).Should().BeFalse();
        MorphoLiquidation.IsHealthy(s_market, s_borrower, boundary - UInt256.One).Should().BeFalse("floor(price/1e18) drops to 3023255813");

        // No debt: healthy at any price, even zero.
        MorphoLiquidation.IsHealthy(s_market, new MorphoPosition(UInt256.Zero, UInt256.Zero, UInt256.Zero), UInt256.Zero).Should().BeTrue();
    }

    [Fact]
    public void Seizing_collateral_rounds_the_repaid_shares_up()
    {
        // Seize 0.5 WETH at 2900: quoted = ceil(0.5e18·2900e24/1e36) = 1450e6 exactly; wDivUp(1450e6, LIF) =
        // ceil(1450e6·1e18/LIF): 1450e6·0.958 = 1389.1e6 exactly and LIF < 1/0.958, so 1389100001; toSharesUp of that
        // at 1e6 shares per asset = 1389100001e6; repaid = toAssetsUp(1389100001e6) = 1389100001.
        MorphoLiquidationResult r = MorphoLiquidation.Liquidate(s_market, s_borrower, Price(2900m), U("0.5e18"), UInt256.Zero);

        r.Succeeded.Should().BeTrue();
        r.LiquidationIncentiveFactor.Should().Be(s_lif86);
        r.SeizedAssets.Should().Be(U("0.5e18"));
        r.RepaidShares.Should().Be(U("1389100001e6"));
        r.RepaidAssets.Should().Be(U("1389100001"));
        r.BadDebtAssets.Should().Be(UInt256.Zero);
        r.BadDebtShares.Should().Be(UInt256.Zero);
        r.Position.Should().Be(new MorphoPosition(UInt256.Zero, U("1210899999e6"), U("0.5e18")));
        r.Market.TotalBorrowAssets.Should().Be(U("1210899999"));   // 2600e6 - 1389100001
        r.Market.TotalBorrowShares.Should().Be(U("1210899999e6"));
        r.Market.TotalSupplyAssets.Should().Be(U("10000e6"));
        r.Market.TotalSupplyShares.Should().Be(U("1e16"));

        // The inputs are untouched.
        s_market.TotalBorrowAssets.Should().Be(U("2600e6"));
        s_borrower.Collateral.Should().Be(U("1e18"));
    }

    [Fact]
    public void Repaying_shares_rounds_the_seized_collateral_down()
    {
        // Repay 1e15 shares at 2900: toAssetsDown(1e15) = 1e9 exactly; wMulDown(1e9, LIF) = floor(1043841336.1169…) =
        // 1043841336; seized = floor(1043841336·1e36/2900e24) = floor(359945288275862068.96…) = 359945288275862068;
        // repaid = toAssetsUp(1e15) = 1e9.
        MorphoLiquidationResult r = MorphoLiquidation.Liquidate(s_market, s_borrower, Price(2900m), UInt256.Zero, U("1e15"));

        r.Succeeded.Should().BeTrue();
        r.SeizedAssets.Should().Be(U("359945288275862068"));
        r.RepaidShares.Should().Be(U("1e15"));
        r.RepaidAssets.Should().Be(U("1e9"));
        r.Position.Should().Be(new MorphoPosition(UInt256.Zero, U("1.6e15"), U("640054711724137932")));
        r.Market.TotalBorrowAssets.Should().Be(U("1600e6"));
        r.Market.TotalBorrowShares.Should().Be(U("1.6e15"));
    }

    [Fact]
    public void Seizing_all_collateral_realises_the_rest_of_the_debt_as_bad_debt()
    {
        // At 2000: maxBorrow = 1720e6 < 2600e6. Seize 1 WETH: quoted 2000e6; wDivUp = ceil(2000e6/LIF) = 1916000001
        // (2000e6·0.958 = 1916e6); repaid shares 1916000001e6, assets 1916000001. Left: 683999999 assets for
        // 683999999e6 shares, all the borrower's; collateral 0, so bad debt shares = 683999999e6 and assets =
        // min(683999999, toAssetsUp(683999999e6, 683999999, 683999999e6) = 683999999). Supply: 10000e6 - 683999999.
        MorphoLiquidationResult r = MorphoLiquidation.Liquidate(s_market, s_borrower, Price(2000m), U("1e18"), UInt256.Zero);

        r.Succeeded.Should().BeTrue();
        r.RepaidShares.Should().Be(U("1916000001e6"));
        r.RepaidAssets.Should().Be(U("1916000001"));
        r.BadDebtShares.Should().Be(U("683999999e6"));
        r.BadDebtAssets.Should().Be(U("683999999"));
        r.Position.Should().Be(new MorphoPosition(UInt256.Zero, UInt256.Zero, UInt256.Zero));
        r.Market.TotalBorrowAssets.Should().Be(UInt256.Zero);
        r.Market.TotalBorrowShares.Should().Be(UInt256.Zero);
        r.Market.TotalSupplyAssets.Should().Be(U("9316000001"));
        r.Market.TotalSupplyShares.Should().Be(U("1e16"), "suppliers keep their shares; each is worth less");
    }

    [Fact]
    public void Liquidating_a_position_without_collateral_writes_off_its_debt()
    {
        // A borrower with no collateral left is unhealthy (maxBorrow 0). Repaying one share seizes
        // floor(floor(toAssetsDown(1)·LIF)·1e36/price) = 0 (toAssetsDown(1) = floor(2600000001/2600000001e6) = 0), repays
        // toAssetsUp(1) = 1, and the collateral is zero, so the remaining 2.6e15 - 1 shares are written off:
        // toAssetsUp(2.6e15 - 1, 2600e6 - 1, 2.6e15 - 1) = ceil((2.6e15 - 1)·2600e6/(2.6e15 - 1 + 1e6)) = 2600000000,
        // one more than the 2599999999 left, so bad debt is the minimum, 2599999999, and supply falls to
        // 10000e6 - 2599999999 = 7400000001.
        var broke = new MorphoPosition(UInt256.Zero, U("2.6e15"), UInt256.Zero);
        MorphoLiquidationResult r = MorphoLiquidation.Liquidate(s_market, broke, Price(2900m), UInt256.Zero, UInt256.One);

        r.Succeeded.Should().BeTrue();
        r.SeizedAssets.Should().Be(UInt256.Zero);
        r.RepaidAssets.Should().Be(UInt256.One);
        r.BadDebtShares.Should().Be(U("2.6e15") - UInt256.One);
        r.BadDebtAssets.Should().Be(U("2599999999"));
        r.Market.TotalSupplyAssets.Should().Be(U("7400000001"));
        r.Market.TotalBorrowAssets.Should().Be(UInt256.Zero);
        r.Market.TotalBorrowShares.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Reverts_come_back_typed_in_the_contract_s_order_with_nothing_changed()
    {
        UInt256 crashed = Price(2900m);
        MorphoLiquidationResult healthy = MorphoLiquidation.Liquidate(s_market, s_borrower, Price(3100m), U("0.1e18"), UInt256.Zero);
        healthy.Error.Should().Be(MorphoLiquidationError.HealthyPosition);
        healthy.Market.Should().BeSameAs(s_market);
        healthy.Position.Should().Be(s_borrower);
        healthy.SeizedAssets.Should().Be(UInt256.Zero);

        // Repaying more shares than owed underflows borrowShares (checked before the collateral).
        MorphoLiquidation.Liquidate(s_market, s_borrower, crashed, UInt256.Zero, U("2.6e15") + UInt256.One)
            .Error.Should().Be(MorphoLiquidationError.RepaidSharesExceedBorrowShares);

        // Seizing more than the collateral: 1.5 WETH repays ceil(4350e6/LIF) = 4167300001 > debt, so the share
        // subtraction reverts first; at 1000 USDC/WETH, 1.1 WETH needs 1053.8e6-ish, within the debt, and the
        // collateral subtraction is the one that reverts.
        MorphoLiquidation.Liquidate(s_market, s_borrower, crashed, U("1.5e18"), UInt256.Zero)
            .Error.Should().Be(MorphoLiquidationError.RepaidSharesExceedBorrowShares);
        MorphoLiquidationResult tooMuch = MorphoLiquidation.Liquidate(s_market, s_borrower, Price(1000m), U("1.1e18"), UInt256.Zero);
        tooMuch.Error.Should().Be(MorphoLiquidationError.SeizedAssetsExceedCollateral);
        tooMuch.Market.Should().BeSameAs(s_market);

        // Shares beyond uint128 are refused by toUint128 before the subtraction.
        MorphoLiquidation.Liquidate(s_market, s_borrower, crashed, UInt256.Zero, MorphoMath.MaxUInt128 + UInt256.One)
            .Error.Should().Be(MorphoLiquidationError.MaxUInt128Exceeded);
    }

    [Fact]
    public void Interest_accrues_by_the_three_term_taylor_series_and_mints_fee_shares()
    {
        // rate 1e9 (wad/s) over 1000 s: x·n = 1e12; (1e12)²/2e18 = 500000; 500000·1e12/3e18 = 0 (floor of 0.17):
        // growth 1000000500000. interest = floor(2600e6·1000000500000/1e18) = floor(2600.0013) = 2600.
        // fee 10%: feeAmount = 260; feeShares = toSharesDown(260, 10000002600 - 260, 1e16)
        // = floor(260·(1e16 + 1e6)/(10000002340 + 1)) = floor(259999939.16) = 259999939.
        var parameters = new MorphoMarketParams("USDC", "WETH", U("0.86e18"), U("1e9"));
        var market = new MorphoMarket(parameters, U("10000e6"), U("1e16"), U("2600e6"), U("2.6e15"), 1_000, U("0.1e18"));

        MorphoMath.WTaylorCompounded(U("1e9"), 1000UL).Should().Be(U("1000000500000"));
        MorphoAccrual accrual = MorphoLiquidation.AccrueInterest(market, 2_000);

        accrual.Interest.Should().Be(U("2600"));
        accrual.FeeShares.Should().Be(U("259999939"));
        accrual.Market.TotalBorrowAssets.Should().Be(U("2600002600"));
        accrual.Market.TotalSupplyAssets.Should().Be(U("10000002600"));
        accrual.Market.TotalSupplyShares.Should().Be(U("1e16") + U("259999939"));
        accrual.Market.TotalBorrowShares.Should().Be(U("2.6e15"));
        accrual.Market.LastUpdate.Should().Be(2_000UL);
        MorphoLiquidation.AccrueInterest(market, 1_000).Market.Should().BeSameAs(market, "no time has passed");
    }

    [Fact]
    public void Taylor_series_for_one_percent_per_second_over_one_second()
    {
        // x·n = 1e16; (1e16)²/2e18 = 5e13; 5e13·1e16/3e18 = floor(166666666666.67) = 166666666666.
        MorphoMath.WTaylorCompounded(U("1e16"), 1UL).Should().Be(U("1e16") + U("5e13") + U("166666666666"));
    }

    [Fact]
    public void Accrued_interest_can_make_a_healthy_position_liquidatable()
    {
        // At the boundary price the position is healthy with exactly 2600e6 owed; 1000 s later it owes
        // toAssetsUp(2.6e15, 2600002600, 2.6e15) = ceil(2.6e15·2600002601/2600000001e6) = ceil(2600002599.999999…)
        // = 2600002600 > 2600e6 = maxBorrow.
        // Repaying 1e15 shares: toAssetsDown = floor(1e15·2600002601/2600000001e6) = 1000000999; toAssetsUp = 1000001000.
        var parameters = new MorphoMarketParams("USDC", "WETH", U("0.86e18"), U("1e9"));
        var market = new MorphoMarket(parameters, U("10000e6"), U("1e16"), U("2600e6"), U("2.6e15"), 1_000, U("0.1e18"));
        UInt256 boundary = U("3023255814e18");

        MorphoLiquidation.Liquidate(market, s_borrower, boundary, UInt256.Zero, U("1e15"))
            .Error.Should().Be(MorphoLiquidationError.HealthyPosition, "in the block of the last update");
        MorphoLiquidationResult r = MorphoLiquidation.Liquidate(market, s_borrower, boundary, UInt256.Zero, U("1e15"), 2_000);

        r.Succeeded.Should().BeTrue();
        r.AccruedInterest.Should().Be(U("2600"));
        r.FeeShares.Should().Be(U("259999939"));
        r.RepaidAssets.Should().Be(U("1000001000"));
        r.Market.TotalBorrowAssets.Should().Be(U("2600002600") - U("1000001000"));
        r.Market.LastUpdate.Should().Be(2_000UL);
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_parameter_and_value()
    {
        FluentActions.Invoking(() => new MorphoMarketParams("USDC", "WETH", U("1e18"), UInt256.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "lltv" && e.Message.Contains("1000000000000000000", StringComparison.Ordinal));
        FluentActions.Invoking(() => new MorphoMarketParams("", "WETH", U("0.8e18"), UInt256.Zero))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "loanToken");
        FluentActions.Invoking(() => MorphoLiquidation.LiquidationIncentiveFactor(U("1.2e18")))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "lltv");
        FluentActions.Invoking(() => new MorphoMarket(s_params, U("1e6"), U("1e12"), U("1e6"), U("1e12"), 0, U("0.26e18")))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "fee" && e.Message.Contains("260000000000000000", StringComparison.Ordinal));
        FluentActions.Invoking(() => new MorphoMarket(s_params, U("1e6"), U("1e12"), U("2e6"), U("2e12"), 0, UInt256.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "totalBorrowAssets" && e.Message.Contains("2000000", StringComparison.Ordinal));
        FluentActions.Invoking(() => new MorphoMarket(s_params, MorphoMath.MaxUInt128 + UInt256.One, UInt256.Zero, UInt256.Zero, UInt256.Zero, 0, UInt256.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "totalSupplyAssets");
        FluentActions.Invoking(() => new MorphoPosition(UInt256.Zero, UInt256.Zero, MorphoMath.MaxUInt128 + UInt256.One))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "collateral");
        FluentActions.Invoking(() => MorphoLiquidation.Liquidate(s_market, new MorphoPosition(UInt256.Zero, U("3e15"), U("1e18")), Price(2900m), U("1e17"), UInt256.Zero))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "borrower" && e.Message.Contains("3000000000000000", StringComparison.Ordinal));
        FluentActions.Invoking(() => MorphoLiquidation.Liquidate(s_market, s_borrower, Price(2900m), U("1e17"), UInt256.Zero, 999))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "timestamp" && e.Message.Contains("999", StringComparison.Ordinal));
        FluentActions.Invoking(() => MorphoLiquidation.AccrueInterest(s_market, 10))
            .Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "timestamp");
    }
}
