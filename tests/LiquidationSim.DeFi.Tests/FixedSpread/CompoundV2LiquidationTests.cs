using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Hand-derived Compound v2 cases (Comptroller.sol / CToken.sol, commit a3214f6; reference defi.md §2.1): a USDC and
/// ETH account built through the decimal façade, its liquidity at and past the boundary, a liquidation with the
/// truncations worked by hand, the typed failures and refused input.
/// </summary>
public sealed class CompoundV2LiquidationTests
{
    // USDC: 6 decimals, $1 -> price mantissa 1e18 * 10^(18-6) = 1e30; cUSDC 8 decimals at 0.02 USDC -> 0.02e16 = 2e14.
    // ETH: 18 decimals, $2000 -> price mantissa 2000e18; cETH 8 decimals at 0.02 ETH -> 0.02e28 = 2e26.
    private static readonly CompoundV2Market s_usdc = CompoundV2Decimal.Market("cUSDC", 6, 8, 0.02m, 0.8m, 1m, 1_000_000m, 0m, 0m);
    private static readonly CompoundV2Market s_eth = CompoundV2Decimal.Market("cETH", 18, 8, 0.02m, 0.75m, 2000m, 1_000_000m, 1000m, 0m);

    private static CompoundV2Comptroller Comptroller(decimal ethPrice) => new(
        CompoundV2Decimal.Mantissa(0.5m),
        CompoundV2Decimal.Mantissa(1.08m),
        CompoundV2Comptroller.DefaultProtocolSeizeShareMantissa,
        [s_usdc, s_eth with { UnderlyingPriceMantissa = CompoundV2Decimal.PriceMantissa(ethPrice, 18) }]);

    // 5000 cUSDC = 100 USDC of collateral, 0.04 ETH borrowed.
    private static readonly CompoundV2Account s_borrower = new("alice", [
        CompoundV2Decimal.Position(s_usdc, 5000m, 0m),
        CompoundV2Decimal.Position(s_eth, 0m, 0.04m),
    ]);

    [Fact]
    public void Facade_units_are_the_protocol_mantissas()
    {
        s_usdc.UnderlyingPriceMantissa.Should().Be(U("1e30"));
        s_usdc.ExchangeRateMantissa.Should().Be(U("2e14"));
        s_eth.UnderlyingPriceMantissa.Should().Be(U("2000e18"));
        s_eth.ExchangeRateMantissa.Should().Be(U("2e26"));
        s_usdc.TotalSupply.Should().Be(U("1e14"), "1,000,000 cUSDC with 8 decimals");
        CompoundV2Decimal.Tokens(U("123456789"), 6).Should().Be(123.456789m);
        CompoundV2Decimal.Usd(U("80.5e18")).Should().Be(80.5m);
    }

    [Fact]
    public void Liquidity_exactly_zero_is_not_a_shortfall()
    {
        // tokensToDenom(USDC) = mul_(mul_(0.8e18, 2e14), 1e30) = mul_(1.6e14, 1e30) = 1.6e26;
        // sumCollateral = 1.6e26 * 5000e8 / 1e18 = 8e19 ($80). Borrow: 2000e18 * 0.04e18 / 1e18 = 8e19 ($80).
        CompoundV2AccountLiquidity liquidity = CompoundV2Liquidation.GetAccountLiquidity(Comptroller(2000m), s_borrower);
        liquidity.Should().Be(new CompoundV2AccountLiquidity(UInt256.Zero, UInt256.Zero, U("80e18"), U("80e18")));

        CompoundV2LiquidationResult result = CompoundV2Liquidation.LiquidateBorrow(Comptroller(2000m), s_borrower, "cETH", "cUSDC", U("0.01e18"));
        result.Error.Should().Be(CompoundV2LiquidationError.InsufficientShortfall);
        result.Succeeded.Should().BeFalse();
        result.Borrower.Should().BeSameAs(s_borrower);
        result.Seize.SeizeTokens.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Facade_cash_makes_the_stored_exchange_rate_the_given_one()
    {
        // cUSDC: 1,000,000 cUSDC at 0.02 hold 20,000 USDC = 2e10 units, nothing borrowed: cash 2e10.
        // cETH: 1,000,000 cETH at 0.02 hold 20,000 ETH, 1,000 borrowed: cash 19,000e18; (19000e18 + 1000e18) * 1e18 / 1e14 = 2e26.
        s_usdc.Cash.Should().Be(U("2e10"));
        s_eth.Cash.Should().Be(U("19000e18"));
        s_eth.InitialExchangeRateMantissa.Should().Be(U("2e26"));
    }

    [Fact]
    public void Hypothetical_effects_in_a_market_not_entered_or_not_listed_have_no_effect()
    {
        // Comptroller.sol applies the effects inside the loop over the account's assets: cDAI is not listed and the
        // account has no position in it, so the answer is the plain liquidity (HypotheticalAccountLiquidity.scen, cREP).
        CompoundV2Comptroller comptroller = Comptroller(1000m);
        CompoundV2AccountLiquidity plain = CompoundV2Liquidation.GetAccountLiquidity(comptroller, s_borrower);
        CompoundV2Liquidation.GetHypotheticalAccountLiquidity(comptroller, s_borrower, "cDAI", U("1e30"), U("1e30")).Should().Be(plain);
        plain.Liquidity.Should().Be(U("40e18"), "$80 of collateral less 0.04 ETH at $1000");
    }

    [Fact]
    public void A_zero_oracle_price_is_PRICE_ERROR_when_read()
    {
        // The market accepts a zero price (an oracle can answer zero); the Comptroller answers (PRICE_ERROR, 0, 0)
        // for an account that entered it, and a liquidation is rejected with PRICE_ERROR (InKindLiquidation.scen,
        // "When price oracle for collateral token is zero": LiquidateComptrollerRejection 13).
        CompoundV2Comptroller comptroller = Comptroller(2000.01m).WithMarket(s_usdc with { UnderlyingPriceMantissa = UInt256.Zero });
        CompoundV2AccountLiquidity liquidity = CompoundV2Liquidation.GetAccountLiquidity(comptroller, s_borrower);
        liquidity.Error.Should().Be(CompoundV2LiquidationError.PriceError);
        liquidity.Should().Be(new CompoundV2AccountLiquidity(UInt256.Zero, UInt256.Zero, UInt256.Zero, UInt256.Zero) { Error = CompoundV2LiquidationError.PriceError });
        liquidity.HasShortfall.Should().BeFalse();

        CompoundV2LiquidationResult result = CompoundV2Liquidation.LiquidateBorrow(comptroller, s_borrower, "cETH", "cUSDC", U("0.01e18"));
        result.Error.Should().Be(CompoundV2LiquidationError.PriceError);
        result.Comptroller.Should().BeSameAs(comptroller);
        result.Borrower.Should().BeSameAs(s_borrower);
        FluentActions.Invoking(() => CompoundV2Liquidation.LiquidateCalculateSeizeTokens(comptroller, "cETH", "cUSDC", U("1e18")))
            .Should().Throw<InvalidOperationException>().WithMessage("PRICE_ERROR*cUSDC*");

        // A collateral market the borrower has not entered is not in the liquidity loop, so its zero price is met in
        // liquidateCalculateSeizeTokens instead; the liquidation still fails with PRICE_ERROR and changes nothing.
        var dai = new CompoundV2Market("cDAI", 18, 8, U("2e26"), U("0.5e18"), UInt256.Zero, U("1e18"));
        CompoundV2Comptroller withDai = Comptroller(2000.01m) with { Markets = Comptroller(2000.01m).Markets.Add(dai) };
        CompoundV2Liquidation.LiquidateBorrow(withDai, s_borrower, "cETH", "cDAI", U("0.01e18")).Error.Should().Be(CompoundV2LiquidationError.PriceError);
    }

    [Fact]
    public void Hypothetical_borrow_and_redeem_add_to_the_borrow_side()
    {
        // Borrowing 0.001 ETH more adds 2000e18 * 1e15 / 1e18 = 2e18; redeeming 100 cUSDC adds 1.6e26 * 1e10 / 1e18 = 1.6e18.
        CompoundV2AccountLiquidity borrow = CompoundV2Liquidation.GetHypotheticalAccountLiquidity(Comptroller(2000m), s_borrower, "cETH", UInt256.Zero, U("0.001e18"));
        borrow.Shortfall.Should().Be(U("2e18"));
        CompoundV2AccountLiquidity redeem = CompoundV2Liquidation.GetHypotheticalAccountLiquidity(Comptroller(2000m), s_borrower, "cUSDC", U("100e8"), UInt256.Zero);
        redeem.Shortfall.Should().Be(U("1.6e18"));
        CompoundV2Decimal.Liquidity(Comptroller(1000m), s_borrower).Should().Be((40m, 0m));
    }

    [Fact]
    public void Liquidation_past_the_boundary_seizes_with_truncation()
    {
        // ETH at $2000.01: borrow side 2000.01e18 * 0.04e18 / 1e18 = 80.0004e18, shortfall $0.0004.
        CompoundV2Comptroller comptroller = Comptroller(2000.01m);
        CompoundV2Decimal.Liquidity(comptroller, s_borrower).Should().Be((0m, 0.0004m));

        // maxClose = 0.5 * 0.04 ETH = 0.02 ETH; one wei more is TOO_MUCH_REPAY.
        CompoundV2Liquidation.LiquidateBorrow(comptroller, s_borrower, "cETH", "cUSDC", U("0.02e18") + UInt256.One).Error
            .Should().Be(CompoundV2LiquidationError.TooMuchRepay);

        // numerator = mul_(1.08e18, 2000.01e18) = 2160.0108e18; denominator = mul_(1e30, 2e14) = 2e26;
        // ratio = 2160.0108e36 / 2e26 = 1.0800054e13; seizeTokens = 1.0800054e13 * 0.02e18 / 1e18 = 216001080000
        // (2160.0108 cUSDC = 43.200216 USDC = 0.02 ETH * $2000.01 * 1.08).
        // protocol = 216001080000 * 2.8e16 / 1e18 = 6048030240; liquidator = 209953049760;
        // reserves += 2e14 * 6048030240 / 1e18 = 1209606.048 -> 1209606 (truncated).
        CompoundV2LiquidationResult result = CompoundV2Decimal.LiquidateBorrow(comptroller, s_borrower, "cETH", "cUSDC", 0.02m);
        result.Succeeded.Should().BeTrue();
        result.Seize.Should().Be(new CompoundV2SeizeSplit(U("216001080000"), U("6048030240"), U("209953049760"), U("1209606")));
        CompoundV2Decimal.Tokens(result.Borrower.GetPosition("cUSDC").CTokenBalance, 8).Should().Be(2839.9892m, "5000 - 2160.0108");
        result.Borrower.GetPosition("cETH").BorrowPrincipal.Should().Be(U("0.02e18"));
        result.Comptroller.GetMarket("cUSDC").TotalReserves.Should().Be(U("1209606"));
        result.Comptroller.GetMarket("cUSDC").TotalSupply.Should().Be(U("1e14") - U("6048030240"));
        result.Comptroller.GetMarket("cETH").TotalBorrows.Should().Be(U("999.98e18"));

        // After: the seize moved 1209606 to reserves and burned 6048030240 cUSDC, so the stored exchange rate is
        // (2e10 cash - 1209606) * 1e18 / (1e14 - 6048030240) = 19998790394e18 / 99993951969760 = 200000000000480
        // (truncated; it was 2e14). tokensToDenom = mul_(mul_(0.8e18, 200000000000480), 1e30) = 1.60000000000384e26;
        // collateral = 1.60000000000384e26 * 283998920000 / 1e18 = 45439827200109055585 (truncated);
        // borrow 2000.01e18 * 0.02e18 / 1e18 = 40.0002e18; liquidity 5.439627200109055585e18.
        result.Comptroller.GetMarket("cUSDC").ExchangeRateMantissa.Should().Be(U("200000000000480"));
        CompoundV2Decimal.Liquidity(result.Comptroller, result.Borrower).Should().Be((5.439627200109055585m, 0m));
    }

    [Fact]
    public void Liquidation_within_one_market_repays_and_seizes_the_same_position()
    {
        // 100 cETH (2 ETH, collateral 2 * 0.75 * 2000 = $3000) against 1.6 ETH ($3200): shortfall $200.
        var borrower = new CompoundV2Account("bob", [CompoundV2Decimal.Position(s_eth, 100m, 1.6m)]);
        CompoundV2Decimal.Liquidity(Comptroller(2000m), borrower).Should().Be((0m, 200m));

        // maxClose = 0.8 ETH. numerator = mul_(1.08e18, 2000e18) = 2160e18; denominator = mul_(2000e18, 2e26) = 4e29;
        // ratio = 2160e36 / 4e29 = 5.4e9; seizeTokens = 5.4e9 * 0.8e18 / 1e18 = 4.32e9 (43.2 cETH).
        // protocol = 4.32e9 * 0.028 = 120960000; liquidator = 4199040000; reserves += 2e26 * 120960000 / 1e18 = 0.024192e18.
        CompoundV2LiquidationResult result = CompoundV2Decimal.LiquidateBorrow(Comptroller(2000m), borrower, "cETH", "cETH", 0.8m);
        result.Seize.Should().Be(new CompoundV2SeizeSplit(U("4.32e9"), U("120960000"), U("4199040000"), U("0.024192e18")));
        CompoundV2AccountMarket position = result.Borrower.Markets.Single();
        position.CTokenBalance.Should().Be(U("56.8e8"));
        position.BorrowPrincipal.Should().Be(U("0.8e18"));
        CompoundV2Market market = result.Comptroller.GetMarket("cETH");
        market.TotalBorrows.Should().Be(U("999.2e18"));
        market.TotalSupply.Should().Be(U("1e14") - U("120960000"));
        market.TotalReserves.Should().Be(U("0.024192e18"));
        market.Cash.Should().Be(U("19000.8e18"), "19,000 ETH of cash (20,000 supplied less 1,000 borrowed) plus the 0.8 repaid");
    }

    [Fact]
    public void Borrow_balance_follows_the_borrow_index_with_truncation()
    {
        // principal 1000 wei taken at index 1e18; index now 1.0015e18 -> 1000 * 1.0015e18 / 1e18 = 1001.5 -> 1001.
        CompoundV2Market market = s_eth with { BorrowIndex = U("1.0015e18") };
        CompoundV2Liquidation.BorrowBalanceStored(market, new CompoundV2AccountMarket("cETH", UInt256.Zero, U("1000"), U("1e18"))).Should().Be(U("1001"));
        CompoundV2Liquidation.BorrowBalanceStored(market, new CompoundV2AccountMarket("cETH", UInt256.Zero, UInt256.Zero, UInt256.Zero)).Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Seizing_more_than_the_balance_is_LIQUIDATE_SEIZE_TOO_MUCH_and_changes_nothing()
    {
        // ETH at $4000: borrow $160 against $80 of collateral. Repaying 0.02 ETH would seize
        // 0.02 * 4000 * 1.08 = $86.4 = 4320 cUSDC; the borrower holds only 4000 cUSDC.
        CompoundV2Account poorer = s_borrower.WithPosition(CompoundV2Decimal.Position(s_usdc, 4000m, 0m));
        CompoundV2Comptroller comptroller = Comptroller(4000m);
        CompoundV2LiquidationResult result = CompoundV2Liquidation.LiquidateBorrow(comptroller, poorer, "cETH", "cUSDC", U("0.02e18"));
        result.Error.Should().Be(CompoundV2LiquidationError.LiquidateSeizeTooMuch);
        result.Seize.SeizeTokens.Should().Be(U("4320e8"));
        result.Borrower.Should().BeSameAs(poorer);
        result.Comptroller.Should().BeSameAs(comptroller);
        result.ActualRepayAmount.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Bad_market_input_is_refused_naming_the_parameter()
    {
        FluentActions.Invoking(() => s_eth with { ReserveFactorMantissa = U("1e18") + UInt256.One })
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ReserveFactorMantissa");
        FluentActions.Invoking(() => new CompoundV2Market("cX", 37, 8, U("1e18"), U("0.5e18"), U("1e18"), U("1e18")))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("UnderlyingDecimals");
        FluentActions.Invoking(() => s_eth with { CollateralFactorMantissa = U("1e18") })
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("CollateralFactorMantissa");
        FluentActions.Invoking(() => s_eth with { InitialExchangeRateMantissa = UInt256.Zero })
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("InitialExchangeRateMantissa");
        FluentActions.Invoking(() => CompoundV2Decimal.Market("cX", 18, 8, 0.02m, 0.5m, 1m, 100m, 3m, 0m))
            .Should().Throw<ArgumentException>().WithParameterName("totalBorrowsTokens", "100 cX at 0.02 hold 2 underlying, less than the 3 borrowed");
        FluentActions.Invoking(() => CompoundV2Decimal.PriceMantissa(0m, 18)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("usdPerToken");
        FluentActions.Invoking(() => CompoundV2Decimal.PriceMantissa(1m, 37)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("underlyingDecimals");
        FluentActions.Invoking(() => CompoundV2Decimal.Amount(1.0000001m, 6)).Should().Throw<ArgumentException>().WithParameterName("amount");
        FluentActions.Invoking(() => CompoundV2Decimal.Mantissa(-0.1m)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("value");
        FluentActions.Invoking(() => new CompoundV2Comptroller(U("0.5e18"), U("1.08e18"), U("2.8e16"), [s_eth, s_eth]))
            .Should().Throw<ArgumentException>().WithParameterName("Markets");
        FluentActions.Invoking(() => new CompoundV2Comptroller(U("1.1e18"), U("1.08e18"), U("2.8e16"), [s_eth]))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("CloseFactorMantissa");
        FluentActions.Invoking(() => new CompoundV2Account("bob", [new CompoundV2AccountMarket("cETH", UInt256.Zero, U("1"), UInt256.Zero)]))
            .Should().Throw<ArgumentException>().WithParameterName("Markets");
        CompoundV2Market.CollateralFactorMaxMantissa.Should().Be(U("0.9e18"));
        s_eth.UnderlyingPriceMantissa.Should().Be(U("2000e18"), "a refused with leaves the original as it was");
    }

    [Fact]
    public void Bad_liquidation_input_is_refused_before_anything_changes()
    {
        CompoundV2Comptroller comptroller = Comptroller(2000.01m);
        FluentActions.Invoking(() => CompoundV2Liquidation.LiquidateBorrow(comptroller, s_borrower, "cDAI", "cUSDC", U("1")))
            .Should().Throw<ArgumentException>().WithParameterName("borrowMarket");
        FluentActions.Invoking(() => CompoundV2Liquidation.LiquidateBorrow(comptroller, s_borrower, "cETH", "cDAI", U("1")))
            .Should().Throw<ArgumentException>().WithParameterName("collateralMarket");
        FluentActions.Invoking(() => CompoundV2Liquidation.LiquidateBorrow(comptroller, s_borrower, "cETH", "cUSDC", UInt256.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("repayAmount");
        FluentActions.Invoking(() => CompoundV2Liquidation.LiquidateBorrow(comptroller, s_borrower, "cETH", "cUSDC", UInt256.MaxValue))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("repayAmount");
        var stranger = new CompoundV2Account("carol", [new CompoundV2AccountMarket("cDAI", U("1"), UInt256.Zero, UInt256.Zero)]);
        FluentActions.Invoking(() => CompoundV2Liquidation.GetAccountLiquidity(comptroller, stranger))
            .Should().Throw<ArgumentException>().WithParameterName("account");
        FluentActions.Invoking(() => comptroller.GetMarket("cDAI")).Should().Throw<ArgumentException>().WithParameterName("name");
        FluentActions.Invoking(() => comptroller.WithMarket(s_eth with { Name = "cDAI" })).Should().Throw<ArgumentException>().WithParameterName("market");
        comptroller.GetMarket("cETH").UnderlyingPriceMantissa.Should().Be(U("2000.01e18"), "nothing changed");
    }
}
