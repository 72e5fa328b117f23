using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Simulation;

namespace LiquidationSim.DeFi.Tests.Simulation;

public class ConstantProductPoolTests
{
    private static readonly UInt256 OneEth = UInt256.Parse("1000000000000000000");

    [Fact]
    public void Selling_into_a_pool_follows_Uniswap_v2_getAmountOut()
    {
        // 1,000 WETH / 2,000,000 USDC at 0.30 %: out = 1e18·9970·2e12 ÷ (1000e18·10000 + 1e18·9970)
        // = 1,992,013,962.07… → 1,992,013,962 (USDC units, floor): 1,992.01 USDC for 1 WETH against a spot of 2,000.
        var pool = new ConstantProductPool(UInt256.Parse("1000000000000000000000"), UInt256.Parse("2000000000000"), 30);

        (UInt256 amountOut, ConstantProductPool after) = pool.Sell(OneEth);

        amountOut.Should().Be((UInt256)1_992_013_962UL);
        after.BaseReserve.Should().Be(UInt256.Parse("1001000000000000000000"));
        after.QuoteReserve.Should().Be(UInt256.Parse("2000000000000") - (UInt256)1_992_013_962UL);
    }

    [Fact]
    public void The_product_never_falls_and_a_larger_sale_never_brings_less()
    {
        var pool = new ConstantProductPool(UInt256.Parse("1000000000000000000000"), UInt256.Parse("2000000000000"), 30);
        UInt256 previous = UInt256.Zero;
        for (ulong eth = 1; eth <= 200; eth *= 3)
        {
            UInt256 amountIn = OneEth * eth;
            (UInt256 amountOut, ConstantProductPool after) = pool.Sell(amountIn);
            amountOut.Should().BeGreaterThanOrEqualTo(previous);
            (after.BaseReserve * after.QuoteReserve).Should().BeGreaterThanOrEqualTo(pool.BaseReserve * pool.QuoteReserve);
            previous = amountOut;
        }
    }

    [Theory]
    [InlineData(0, 1, 30, "baseReserve")]
    [InlineData(1, 0, 30, "quoteReserve")]
    [InlineData(1, 1, 10000, "feeBps")]
    [InlineData(1, 1, -1, "feeBps")]
    public void Bad_pools_are_refused(ulong baseReserve, ulong quoteReserve, int fee, string parameter)
    {
        Action act = () => _ = new ConstantProductPool(baseReserve, quoteReserve, fee);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(parameter);
    }
}
