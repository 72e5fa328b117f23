using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Simulation;
using static LiquidationSim.DeFi.Tests.Support.AaveTestMarkets;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

public class ProfitableLiquidationTests
{
    // 10 WETH collateral, 17,000 USDC debt; WETH at 2,000 with LT 82.5 %: HF = 20,000 × 0.825 ÷ 17,000 = 0.97.
    private static AaveMarket Market => EthUsdc(AaveVersion.V3_3);

    private static AaveUserAccount Underwater => Account(Market, Supply("WETH", 10m), Borrow("USDC", 17_000m));

    private static ConstantProductPool Pool(decimal eth) =>
        new(UInt256.FromDecimal(eth, 18), UInt256.FromDecimal(eth * 2_000m, 6), 30);

    [Fact]
    public void With_deep_liquidity_and_no_gas_the_largest_repayment_pays_most()
    {
        // Every unit repaid brings 5 % of bonus (less the protocol's share), and a 100,000 WETH pool barely moves.
        ConstantProductPool pool = Pool(100_000m);

        LiquidationOpportunity best = ProfitableLiquidation.Best(Market, Underwater, "WETH", "USDC", pool.AmountOut, UInt256.Zero);

        // Profit grows with the repayment up to the close factor (8,500 USDC of 17,000); rounding of the seizure and
        // the pool can make a repayment a few units smaller pay the same or a unit more, so the answer sits at the top.
        AaveLiquidationResult largest = AaveLiquidation.Call(Market, Underwater, "WETH", "USDC", UInt256.MaxValue);
        BigInteger atLargest = (BigInteger)pool.AmountOut(largest.LiquidatorCollateral) - (BigInteger)largest.DebtRepaid;
        best.IsProfitable.Should().BeTrue();
        best.Profit.Should().BeGreaterThanOrEqualTo(atLargest);
        ((BigInteger)largest.DebtRepaid - (BigInteger)best.DebtToCover).Should().BeLessThan(new BigInteger(1_000), "within 0.001 USDC of 8,500");
    }

    [Fact]
    public void A_shallow_pool_makes_a_smaller_repayment_pay_more_and_no_other_repayment_beats_the_answer()
    {
        // A 40 WETH pool: selling ~4.5 WETH moves its price by ~20 %, more than the bonus, so the optimum is interior.
        ConstantProductPool pool = Pool(40m);
        UInt256 gas = UInt256.FromDecimal(5m, 6);

        LiquidationOpportunity best = ProfitableLiquidation.Best(Market, Underwater, "WETH", "USDC", pool.AmountOut, gas);

        AaveLiquidationResult largest = AaveLiquidation.Call(Market, Underwater, "WETH", "USDC", UInt256.MaxValue);
        best.IsProfitable.Should().BeTrue();
        best.DebtToCover.Should().BeLessThan(largest.DebtRepaid);
        for (ulong i = 1; i <= 60; i++)
        {
            UInt256 repay = largest.DebtRepaid * i / (UInt256)60UL;
            AaveLiquidationResult r = AaveLiquidation.Call(Market, Underwater, "WETH", "USDC", repay);
            if (!r.IsExecuted)
            {
                continue;
            }

            BigInteger profit = (BigInteger)pool.AmountOut(r.LiquidatorCollateral) - (BigInteger)r.DebtRepaid - (BigInteger)gas;
            profit.Should().BeLessThanOrEqualTo(best.Profit, "repaying {0} must not beat the search's answer", repay);
        }
    }

    [Fact]
    public void Gas_above_any_gain_leaves_nothing_profitable()
    {
        LiquidationOpportunity best = ProfitableLiquidation.Best(Market, Underwater, "WETH", "USDC", Pool(100_000m).AmountOut, UInt256.FromDecimal(1_000_000m, 6));

        best.IsProfitable.Should().BeFalse();
        best.Profit.Should().BeLessThan(BigInteger.Zero);
    }

    [Fact]
    public void A_healthy_account_is_not_an_opportunity()
    {
        AaveUserAccount healthy = Account(Market, Supply("WETH", 10m), Borrow("USDC", 10_000m));

        LiquidationOpportunity best = ProfitableLiquidation.Best(Market, healthy, "WETH", "USDC", Pool(1_000m).AmountOut, UInt256.Zero);

        best.IsProfitable.Should().BeFalse();
        best.Liquidation.Status.Should().Be(AaveLiquidationStatus.NotLiquidatable);
        best.DebtToCover.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Action act = () => ProfitableLiquidation.Best(Market, Underwater, "WETH", "USDC", null!, UInt256.Zero);
        act.Should().Throw<ArgumentNullException>().WithParameterName("sell");
    }
}
