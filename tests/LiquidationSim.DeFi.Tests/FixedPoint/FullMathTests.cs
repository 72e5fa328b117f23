using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedPoint;

/// <summary>512-bit mulDiv against Aave's 256-bit mulDivCeil: where they agree and where only one reverts.</summary>
public sealed class FullMathTests
{
    [Fact]
    public void MulDiv_keeps_the_full_product()
    {
        // max · max / max = max: the product needs 512 bits, the result does not.
        FullMath.MulDiv(UInt256.MaxValue, UInt256.MaxValue, UInt256.MaxValue).Should().Be(UInt256.MaxValue);
        FullMath.MulDivRoundingUp(UInt256.MaxValue, UInt256.MaxValue, UInt256.MaxValue).Should().Be(UInt256.MaxValue);
        FullMath.MulDiv(UInt256.MaxValue, U("2"), U("3")).Should().Be(U("77194726158210796949047323339125271902179989777093709359638389338608753093290"));
        FullMath.MulDivRoundingUp(UInt256.MaxValue, U("2"), U("3")).Should().Be(U("77194726158210796949047323339125271902179989777093709359638389338608753093290"), "2·(2^256−1) is divisible by 3");
        FullMath.MulDiv(U("5"), U("1e27"), U("3")).Should().Be(U("1666666666666666666666666666"));
        FullMath.MulDivRoundingUp(U("5"), U("1e27"), U("3")).Should().Be(U("1666666666666666666666666667"));
    }

    [Fact]
    public void MulDiv_reverts_only_when_the_result_does_not_fit_or_the_divisor_is_zero()
    {
        FluentActions.Invoking(() => FullMath.MulDiv(UInt256.MaxValue, U("2"), UInt256.One)).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => FullMath.MulDiv(U("1"), U("1"), UInt256.Zero)).Should().Throw<DivideByZeroException>();
        FluentActions.Invoking(() => FullMath.MulDivRoundingUp(U("1"), U("1"), UInt256.Zero)).Should().Throw<DivideByZeroException>();

        // The floor fits (max − 1, remainder 1 of divisor max… rounded up is 2^256): FullMath.mulDivRoundingUp's require(result < max).
        UInt256 x = UInt256.MaxValue;
        UInt256 y = UInt256.MaxValue - UInt256.One;
        UInt256 d = UInt256.MaxValue - UInt256.One;
        FullMath.MulDiv(x, y, d).Should().Be(UInt256.MaxValue);
        FluentActions.Invoking(() => FullMath.MulDivRoundingUp(x, U("3"), U("2"))).Should().Throw<OverflowException>();
    }

    [Fact]
    public void Aave_mulDivCeil_reverts_on_the_product_even_where_FullMath_does_not()
    {
        AaveMathUtils.MulDivCeil(U("5"), U("1e27"), U("3")).Should().Be(U("1666666666666666666666666667"));
        AaveMathUtils.MulDivCeil(U("0"), U("1e27"), U("3")).Should().Be(UInt256.Zero);
        FluentActions.Invoking(() => AaveMathUtils.MulDivCeil(UInt256.MaxValue, U("2"), U("4"))).Should().Throw<OverflowException>();
        FullMath.MulDivRoundingUp(UInt256.MaxValue, U("2"), U("4")).Should().Be(U("57896044618658097711785492504343953926634992332820282019728792003956564819968"));
        FluentActions.Invoking(() => AaveMathUtils.MulDivCeil(U("1"), U("1"), UInt256.Zero)).Should().Throw<DivideByZeroException>();
    }
}
