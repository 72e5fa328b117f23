using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedPoint;

/// <summary>Compound v2's truncating Exp math, on the reference's §2.2 vectors (outputs derived there by exact emulation).</summary>
public sealed class ExponentialNoErrorTests
{
    [Theory]
    [InlineData("1e18", "1e18", "1e18", "1e18", "1e18", "1000000000000000000")]
    [InlineData("2e18", "1e18", "1e18", "1e18", "1e18", "500000000000000000")]
    [InlineData("2e18", "2e18", "1.42e18", "1.3e18", "2.45e18", "2242957746478873238")]
    [InlineData("2.789e18", "5.230480842e18", "771.32e18", "1.3e18", "10002.45e18", "31616096631969328535")]
    [InlineData("7.009232529961056e+24", "2.5278726317240445e+24", "2.6177112093242585e+23", "1179713989619784000", "7.790468414639561e+24", "12662028539968210379")]
    public void Seize_tokens_of_liquidateCalculateAmountSeizeTest(string exchangeRate, string borrowedPrice, string collateralPrice, string incentive, string repay, string expected)
    {
        // liquidateCalculateAmountSeizeTest.js (reference §2.2.1): prices go through etherMantissa, another 1e18.
        UInt256 pB = U(borrowedPrice) * ExponentialNoError.ExpScale;
        UInt256 pC = U(collateralPrice) * ExponentialNoError.ExpScale;

        // Comptroller.liquidateCalculateSeizeTokens (reference §2.1).
        UInt256 numerator = ExponentialNoError.Mul(U(incentive), pB);
        UInt256 denominator = ExponentialNoError.Mul(pC, U(exchangeRate));
        UInt256 ratio = ExponentialNoError.Div(numerator, denominator);
        ExponentialNoError.MulScalarTruncate(ratio, U(repay)).Should().Be(U(expected));
    }

    [Fact]
    public void Seize_split_of_liquidateTest()
    {
        // liquidateTest.js (reference §2.2.2): seizeTokens 40e18, exchangeRate 0.2e18, protocolSeizeShareMantissa 2.8e16.
        UInt256 seizeTokens = U("40e18");
        UInt256 protocolShare = ExponentialNoError.MulScalarTruncate(U("2.8e16"), seizeTokens);
        protocolShare.Should().Be(U("1120000000000000000"));
        (seizeTokens - protocolShare).Should().Be(U("38880000000000000000"));
        ExponentialNoError.MulScalarTruncate(U("0.2e18"), protocolShare).Should().Be(U("224000000000000000"));
    }

    [Fact]
    public void Every_operation_truncates_and_reverts_like_solidity_0_8()
    {
        ExponentialNoError.ExpScale.Should().Be(U("1e18"));
        ExponentialNoError.Truncate(U("1.999999999999999999e18")).Should().Be(UInt256.One);
        ExponentialNoError.MulScalarTruncate(U("1.5e18"), U("3")).Should().Be(U("4"), "4.5 truncates");
        ExponentialNoError.MulScalarTruncate(U("2.8e16"), U("999")).Should().Be(U("27"), "27.972 truncates");
        ExponentialNoError.MulScalarTruncateAddUInt(U("1.5e18"), U("3"), U("10")).Should().Be(U("14"));
        ExponentialNoError.Mul(U("0.5e18"), U("0.5e18")).Should().Be(U("0.25e18"));
        ExponentialNoError.Mul(U("1"), U("0.999999999999999999e18")).Should().Be(UInt256.Zero);
        ExponentialNoError.Div(U("1e18"), U("3e18")).Should().Be(U("333333333333333333"));
        ExponentialNoError.Div(U("2e18"), U("3e18")).Should().Be(U("666666666666666666"), "truncated, not rounded");
        FluentActions.Invoking(() => ExponentialNoError.Div(U("1e18"), UInt256.Zero)).Should().Throw<DivideByZeroException>();
        FluentActions.Invoking(() => ExponentialNoError.Div(UInt256.MaxValue, UInt256.One)).Should().Throw<OverflowException>("a * expScale overflows");
        FluentActions.Invoking(() => ExponentialNoError.Mul(UInt256.MaxValue, U("2"))).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => ExponentialNoError.MulScalarTruncate(UInt256.MaxValue, U("2"))).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => ExponentialNoError.MulScalarTruncateAddUInt(U("1e18"), UInt256.MaxValue, UInt256.One)).Should().Throw<OverflowException>();
    }

    // Issue 20: Div's docs claimed it also computes Compound's fraction(a, b). fraction is Double(a * doubleScale / b)
    // with doubleScale = 1e36 (compound-protocol contracts/ExponentialNoError.sol), so it differs in both value and revert.
    [Fact]
    public void Regression_div_scales_by_1e18_where_fraction_scales_by_1e36()
    {
        // Div(1, 1) = 1 * 1e18 / 1 = 1e18; fraction(1, 1) = 1 * 1e36 / 1 = 1e36 on chain.
        ExponentialNoError.Div(U("1"), U("1")).Should().Be(U("1e18")).And.NotBe(U("1e36"));

        // a = 1.2e41: a * 1e36 = 1.2e77 > 2^256 ≈ 1.158e77, so fraction(a, 1) reverts; a * 1e18 = 1.2e59 fits, so Div returns it.
        ExponentialNoError.Div(U("1.2e41"), U("1")).Should().Be(U("1.2e59"));
    }
}
