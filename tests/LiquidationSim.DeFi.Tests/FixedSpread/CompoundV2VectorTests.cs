using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Compound v2's own test vectors (reference defi.md §2.2): every row of
/// compound-protocol <c>tests/Comptroller/liquidateCalculateAmountSeizeTest.js</c> (§2.2.1) and the seize split of
/// <c>tests/Tokens/liquidateTest.js</c> (§2.2.2), through the raw function, through listed markets and through a
/// whole <see cref="CompoundV2Liquidation.LiquidateBorrow(CompoundV2Comptroller, CompoundV2Account, string, string, UInt256)"/>.
/// </summary>
public sealed class CompoundV2VectorTests
{
    public static TheoryData<string, string, string, string, string, string> SeizeRows => new()
    {
        // [exchangeRate, borrowedPrice, collateralPrice, liquidationIncentive, repayAmount] -> seizeTokens (derived in §2.2.1).
        { "1e18", "1e18", "1e18", "1e18", "1e18", "1000000000000000000" },
        { "2e18", "1e18", "1e18", "1e18", "1e18", "500000000000000000" },
        { "2e18", "2e18", "1.42e18", "1.3e18", "2.45e18", "2242957746478873238" },
        { "2.789e18", "5.230480842e18", "771.32e18", "1.3e18", "10002.45e18", "31616096631969328535" },
        { "7.009232529961056e+24", "2.5278726317240445e+24", "2.6177112093242585e+23", "1179713989619784000", "7.790468414639561e+24", "12662028539968210379" },
    };

    [Theory]
    [MemberData(nameof(SeizeRows))]
    public void LiquidateCalculateAmountSeizeTest_js_rows(string exchangeRate, string borrowedPrice, string collateralPrice, string incentive, string repay, string expected)
    {
        // The test passes prices through etherMantissa (one more 1e18) before setOraclePrice.
        UInt256 pB = U(borrowedPrice) * ExponentialNoError.ExpScale;
        UInt256 pC = U(collateralPrice) * ExponentialNoError.ExpScale;
        CompoundV2Liquidation.LiquidateCalculateSeizeTokens(pB, pC, U(exchangeRate), U(incentive), U(repay)).Should().Be(U(expected));
    }

    [Theory]
    [MemberData(nameof(SeizeRows))]
    public void LiquidateCalculateAmountSeizeTest_js_rows_through_listed_markets(string exchangeRate, string borrowedPrice, string collateralPrice, string incentive, string repay, string expected)
    {
        var borrowed = new CompoundV2Market("cBorrowed", 18, 8, U("1e18"), U("0.5e18"), U(borrowedPrice) * ExponentialNoError.ExpScale, U("1e18"));
        var collateral = new CompoundV2Market("cCollateral", 18, 8, U(exchangeRate), U("0.5e18"), U(collateralPrice) * ExponentialNoError.ExpScale, U("1e18"));
        var comptroller = new CompoundV2Comptroller(U("0.5e18"), U(incentive), CompoundV2Comptroller.DefaultProtocolSeizeShareMantissa, [borrowed, collateral]);
        CompoundV2Liquidation.LiquidateCalculateSeizeTokens(comptroller, "cBorrowed", "cCollateral", U(repay)).Should().Be(U(expected));
    }

    [Fact]
    public void LiquidateCalculateAmountSeizeTest_js_reverts()
    {
        // "price 0 -> PRICE_ERROR" and "UInt256Max repay -> revert" (§2.2.1).
        FluentActions.Invoking(() => CompoundV2Liquidation.LiquidateCalculateSeizeTokens(UInt256.Zero, U("1e36"), U("1e18"), U("1e18"), U("1e18")))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("priceBorrowedMantissa");
        FluentActions.Invoking(() => CompoundV2Liquidation.LiquidateCalculateSeizeTokens(U("1e36"), UInt256.Zero, U("1e18"), U("1e18"), U("1e18")))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("priceCollateralMantissa");
        FluentActions.Invoking(() => CompoundV2Liquidation.LiquidateCalculateSeizeTokens(U("1e36"), U("1e36"), U("1e18"), U("1e18"), UInt256.MaxValue))
            .Should().Throw<OverflowException>();
    }

    [Fact]
    public void LiquidateTest_js_seize_split()
    {
        // liquidateTest.js (§2.2.2): seizeTokens 40e18, exchangeRate 0.2e18, protocolSeizeShareMantissa 2.8e16.
        CompoundV2SeizeSplit split = CompoundV2Liquidation.SplitSeizeTokens(U("40e18"), U("0.2e18"), CompoundV2Comptroller.DefaultProtocolSeizeShareMantissa);
        split.Should().Be(new CompoundV2SeizeSplit(U("40e18"), U("1120000000000000000"), U("38880000000000000000"), U("224000000000000000")));
    }

    [Fact]
    public void LiquidateTest_js_balance_deltas_through_liquidateBorrow()
    {
        // liquidateTest.js (§2.2.2) asserts: borrower tokens -40e18, liquidator +38.88e18, collateral totalSupply
        // -1.12e18, reserves +0.224e18, borrows -10e18, for repayAmount 10e18 and seizeTokens 40e18 at exchange rate
        // 0.2e18. Prices chosen so that liquidateCalculateSeizeTokens gives exactly 40e18:
        // numerator = mul_(1e18, 0.8e18) = 0.8e18; denominator = mul_(1e18, 0.2e18) = 0.2e18; ratio = 4e18;
        // seizeTokens = 4 * 10e18 = 40e18.
        var borrowed = new CompoundV2Market("cZRX", 18, 8, U("1e18"), U("0.5e18"), U("0.8e18"), U("1e18")) { TotalBorrows = U("100e18") };
        // Cash 205e18 makes the stored rate (205e18 + 0 - 5e18) * 1e18 / 1000e18 = 0.2e18, the test's harnessSetExchangeRate.
        var collateral = new CompoundV2Market("cBAT", 18, 8, U("0.2e18"), U("0.5e18"), U("1e18"), U("1e18")) { TotalSupply = U("1000e18"), TotalReserves = U("5e18"), Cash = U("205e18") };
        var comptroller = new CompoundV2Comptroller(U("0.5e18"), U("1e18"), CompoundV2Comptroller.DefaultProtocolSeizeShareMantissa, [borrowed, collateral]);

        // Borrow 25e18 (worth 20e18) against 50e18 cBAT (0.5 * 0.2 * 1 * 50e18 = 5e18): shortfall 15e18.
        var borrower = new CompoundV2Account("borrower", [
            new CompoundV2AccountMarket("cBAT", U("50e18"), UInt256.Zero, UInt256.Zero),
            new CompoundV2AccountMarket("cZRX", UInt256.Zero, U("25e18"), U("1e18")),
        ]);

        CompoundV2LiquidationResult result = CompoundV2Liquidation.LiquidateBorrow(comptroller, borrower, "cZRX", "cBAT", U("10e18"));

        result.Succeeded.Should().BeTrue();
        result.LiquidityBefore.Shortfall.Should().Be(U("15e18"));
        result.MaxClose.Should().Be(U("12.5e18"));
        result.Seize.Should().Be(new CompoundV2SeizeSplit(U("40e18"), U("1.12e18"), U("38.88e18"), U("0.224e18")));
        result.Borrower.GetPosition("cBAT").CTokenBalance.Should().Be(U("10e18"), "50e18 - 40e18");
        CompoundV2Liquidation.BorrowBalanceStored(result.Comptroller.GetMarket("cZRX"), result.Borrower.GetPosition("cZRX")).Should().Be(U("15e18"));
        result.Comptroller.GetMarket("cZRX").TotalBorrows.Should().Be(U("90e18"), "borrows -10e18");
        result.Comptroller.GetMarket("cBAT").TotalSupply.Should().Be(U("998.88e18"), "totalSupply -1.12e18");
        result.Comptroller.GetMarket("cBAT").TotalReserves.Should().Be(U("5.224e18"), "reserves +0.224e18");
        result.Comptroller.GetMarket("cZRX").Cash.Should().Be(U("10e18"), "the repay is paid in to the borrowed market");
        result.Comptroller.GetMarket("cBAT").Cash.Should().Be(U("205e18"), "a seize moves cTokens, not cash");
    }
}
