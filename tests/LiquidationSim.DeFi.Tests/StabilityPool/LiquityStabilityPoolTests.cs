using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.StabilityPool;
using static LiquidationSim.DeFi.Tests.StabilityPool.LiquityTestData;

namespace LiquidationSim.DeFi.Tests.StabilityPool;

/// <summary>The stability pool driven directly, against liquity/dev's README "Stability Pool example" (commit bf638ecb).</summary>
public sealed class LiquityStabilityPoolTests
{
    [Fact]
    public void README_example_first_liquidation_to_the_wei()
    {
        // README.md "Stability Pool example" (ETH:USD 100, gas compensation ignored): A, B, C deposit 100, 200, 300; trove
        // T1 (1.6 ETH, 150 LUSD) is offset. Derived in reference/defi.md §5.3 from StabilityPool.sol with zero carried
        // errors: loss per unit ⌊150e36/600e18⌋ + 1 = 250000000000000001, gain per unit ⌊1.6e36/600e18⌋ = 2666666666666666,
        // P = 1e18 − loss = 749999999999999999, S = gain · 1e18; A compounds to 100e18 · P / 1e18 = 74999999999999999900
        // and gains 100e18 · S / 1e18 / 1e18 = 266666666666666600.
        LiquityStabilityPool pool = LiquityStabilityPool.Empty;
        pool = pool.Provide("A", Ether(100)).Pool.Provide("B", Ether(200)).Pool.Provide("C", Ether(300)).Pool;

        (LiquityStabilityPool after, StabilityPoolOffset? offset) = pool.Offset(Ether(150), Wei("1600000000000000000"));

        offset!.Value.LusdLossPerUnitStaked.Should().Be(Wei("250000000000000001"));
        offset.Value.EthGainPerUnitStaked.Should().Be(Wei("2666666666666666"));
        after.P.Should().Be(Wei("749999999999999999"));
        after.Sum(0, 0).Should().Be(Wei("2666666666666666000000000000000000"));
        after.CompoundedDeposit("A").Should().Be(Wei("74999999999999999900"));
        after.EthGain("A").Should().Be(Wei("266666666666666600"));

        // Error feedback: the +1 overshoots the loss by 250000000000000001 · 600e18 − 150e36 = 600e18, carried into the next
        // loss numerator; the ETH remainder 1.6e36 − 2666666666666666 · 600e18 = 4e20 is carried into the next gain.
        after.LastLusdLossErrorOffset.Should().Be(Wei("600000000000000000000"));
        after.LastEthErrorOffset.Should().Be(Wei("400000000000000000000"));
        after.TotalLusdDeposits.Should().Be(Ether(450));
        after.Eth.Should().Be(Wei("1600000000000000000"));
    }

    [Fact]
    public void README_example_both_liquidations_match_the_documented_figures()
    {
        // README.md: after T2 (2.45 ETH, 225 LUSD) A holds 37.5 LUSD and 0.675 ETH, B 75 and 1.35, C 112.5 and 2.025; the
        // pool 225 LUSD and 4.05 ETH. The carried loss error brings the deposits back to the README's figures exactly;
        // the gains stay a few dozen wei under (Python derivation: 674999999999999974, 1349999999999999948,
        // 2024999999999999923), the rest staying in the pool.
        LiquityStabilityPool pool = LiquityStabilityPool.Empty;
        pool = pool.Provide("A", Ether(100)).Pool.Provide("B", Ether(200)).Pool.Provide("C", Ether(300)).Pool;
        pool = pool.Offset(Ether(150), Wei("1600000000000000000")).Pool.Offset(Ether(225), Wei("2450000000000000000")).Pool;

        (string Depositor, string Lusd, string Eth, string Exact)[] readme = [("A", "37500000000000000000", "675000000000000000", "674999999999999974"), ("B", "75000000000000000000", "1350000000000000000", "1349999999999999948"), ("C", "112500000000000000000", "2025000000000000000", "2024999999999999923")];
        foreach ((string d, string lusd, string eth, string exact) in readme)
        {
            UInt256 deposit = pool.CompoundedDeposit(d);
            UInt256 gain = pool.EthGain(d);
            deposit.Should().BeLessThanOrEqualTo(Wei(lusd));
            (Wei(lusd) - deposit).Should().BeLessThan((UInt256)1_000UL, d);
            gain.Should().BeLessThanOrEqualTo(Wei(eth));
            (Wei(eth) - gain).Should().BeLessThan((UInt256)1_000UL, d);
            deposit.Should().Be(Wei(lusd), d);
            gain.Should().Be(Wei(exact), d);
        }

        pool.TotalLusdDeposits.Should().Be(Ether(225));
        pool.Eth.Should().Be(Wei("4050000000000000000"));
    }

    [Fact]
    public void A_zero_withdrawal_pays_the_gain_and_renews_the_snapshots()
    {
        LiquityStabilityPool pool = LiquityStabilityPool.Empty.Provide("A", Ether(100)).Pool.Offset(Ether(50), Ether(1)).Pool;

        (LiquityStabilityPool after, StabilityPoolOperation op) = pool.Withdraw("A", UInt256.Zero);

        // Hand derivation: loss per unit 5e17 + 1, P = 5e17 − 1, A = 100e18 · (5e17 − 1) / 1e18 = 49999999999999999900;
        // gain per unit 1e36 / 100e18 = 1e16, A's gain 100e18 · 1e16·1e18 / 1e18 / 1e18 = 1e18.
        op.CompoundedDepositBefore.Should().Be(Wei("49999999999999999900"));
        op.EthGainPaid.Should().Be(Ether(1));
        after.EthGain("A").Should().Be(UInt256.Zero);
        after.CompoundedDeposit("A").Should().Be(Wei("49999999999999999900"));
        after.Eth.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Bad_pool_operations_are_refused()
    {
        Action zero = () => LiquityStabilityPool.Empty.Provide("A", UInt256.Zero);
        zero.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("amount");
        Action noDeposit = () => LiquityStabilityPool.Empty.Withdraw("A", Ether(1));
        noDeposit.Should().Throw<ArgumentException>().WithParameterName("depositor");
        Action tooMuch = () => LiquityStabilityPool.Empty.Provide("A", Ether(1)).Pool.Offset(Ether(2), Ether(1));
        tooMuch.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("debtToOffset");
        LiquityStabilityPool.Empty.Offset(Ether(1), Ether(1)).Offset.Should().BeNull("an empty pool offsets nothing");
    }
}
