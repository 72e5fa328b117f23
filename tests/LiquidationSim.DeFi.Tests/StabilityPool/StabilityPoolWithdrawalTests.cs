using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.StabilityPool;
using static LiquidationSim.DeFi.Tests.StabilityPool.LiquityTestData;

namespace LiquidationSim.DeFi.Tests.StabilityPool;

/// <summary>
/// The "depositor's gains" cases of liquity/dev <c>packages/contracts/test/StabilityPool_SPWithdrawalTest.js</c> (commit
/// bf638ecb), replayed through <see cref="LiquitySystem"/>: the same whale, deposits and defaulters, the price dropped
/// from 200 to 100, one <c>liquidate</c> per defaulter, then each depositor's compounded deposit and ETH gain.
/// </summary>
/// <remarks>
/// Each case asserts twice. (1) Within the tolerance Liquity's own test allows around its round figure (its
/// <c>assert.isAtMost(th.getDifference(...), tol)</c>). (2) To the wei, against values derived independently with
/// Python big integers that follow <c>StabilityPool.offset</c>, <c>_computeRewardsPerUnitStaked</c>,
/// <c>_updateRewardSumAndProduct</c>, <c>_getCompoundedStakeFromSnapshots</c> and <c>_getETHGainFromSnapshots</c> line
/// by line (troves' debts as <see cref="LiquityTestData.OpenTroveDebt"/> gives them, 0.5 % collateral gas compensation).
/// Worked by hand for the first case: the defaulter's debt is 9,999.999999999999999999 LUSD, so the loss per unit is
/// ⌊9999999999999999999999e18 / 30000e18⌋ + 1 = 333333333333333334, P = 1e18 − that = 666666666666666666 and a 10,000
/// deposit compounds to 10000e18 · P / 1e18 = 6666666666666666660000; the pool gets 99.5 ETH, a gain per unit of
/// ⌊99.5e36 / 30000e18⌋ = 3316666666666666, so each depositor gains 10000e18 · 3316666666666666e18 / 1e18 / 1e18 =
/// 33166666666666660000 wei.
/// </remarks>
public sealed class StabilityPoolWithdrawalTests
{
    public static TheoryData<string, WithdrawalCase> Cases => new()
    {
        {
            "Depositors with equal initial deposit withdraw correct compounded deposit and ETH Gain after one liquidation",
            new WithdrawalCase(
            ["alice", "bob", "carol"], [10_000, 10_000, 10_000], 100_000, [100], [10_000],
            ["6666666666666666666666", "6666666666666666666666", "6666666666666666666666"],
            ["33166666666666666667", "33166666666666666667", "33166666666666666667"],
            ["6666666666666666660000", "6666666666666666660000", "6666666666666666660000"],
            ["33166666666666660000", "33166666666666660000", "33166666666666660000"],
            10_000)
        },
        {
            "Depositors with equal initial deposit withdraw correct compounded deposit and ETH Gain after two identical liquidations",
            new WithdrawalCase(
            ["alice", "bob", "carol"], [10_000, 10_000, 10_000], 100_000, [100, 100], [10_000, 10_000],
            ["3333333333333333333333", "3333333333333333333333", "3333333333333333333333"],
            ["66333333333333333333", "66333333333333333333", "66333333333333333333"],
            ["3333333333333333330000", "3333333333333333330000", "3333333333333333330000"],
            ["66333333333333326633", "66333333333333326633", "66333333333333326633"],
            10_000)
        },
        {
            "Depositors with equal initial deposit withdraw correct compounded deposit and ETH Gain after three identical liquidations",
            new WithdrawalCase(
            ["alice", "bob", "carol"], [10_000, 10_000, 10_000], 100_000, [100, 100, 100], [10_000, 10_000, 10_000],
            ["0", "0", "0"],
            ["99500000000000000000", "99500000000000000000", "99500000000000000000"],
            ["0", "0", "0"],
            ["99499999999999996600", "99499999999999996600", "99499999999999996600"],
            10_000)
        },
        {
            "Depositors with equal initial deposit withdraw correct compounded deposit and ETH Gain after two liquidations of increasing LUSD",
            new WithdrawalCase(
            ["alice", "bob", "carol"], [10_000, 10_000, 10_000], 100_000, [50, 70], [5_000, 7_000],
            ["6000000000000000000000", "6000000000000000000000", "6000000000000000000000"],
            ["39800000000000000000", "39800000000000000000", "39800000000000000000"],
            ["5999999999999999990000", "5999999999999999990000", "5999999999999999990000"],
            ["39799999999999996657", "39799999999999996657", "39799999999999996657"],
            10_000)
        },
        {
            "Depositors with varying deposits withdraw correct compounded deposit and ETH Gain after three varying liquidations",
            new WithdrawalCase(
            ["alice", "bob", "carol"], [2_000, 456_000, 13_100], 1_000_000, [2_160, 50, 500], [207_000, 5_000, 46_700],
            ["901719380174061000000", "205592018679686000000000", "5906261940140100000000"],
            ["11447463383570366500", "2610021651454043834000", "74980885162385912900"],
            ["901719380174060708000", "205592018679685841424000", "5906261940140097637400"],
            ["11447463383570367184", "2610021651454043718070", "74980885162385905058"],
            10_000_000_000)
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Depositors_gains_match_Liquitys_withdrawal_tests(string liquityTestName, WithdrawalCase c)
    {
        _ = liquityTestName;
        (string[] depositors, ulong[] deposits, ulong whaleEth, ulong[] defaulterEth, ulong[] defaulterDebt, string[] liquityDeposits, string[] liquityGains, string[] exactDeposits, string[] exactGains, ulong tolerance) = c;
        LiquitySystem system = WithWhale(whaleEth);
        for (int i = 0; i < depositors.Length; i++)
        {
            system = system.Provide(depositors[i], Ether(deposits[i]));
        }

        for (int i = 0; i < defaulterEth.Length; i++)
        {
            system = system.OpenTrove($"defaulter_{i + 1}", Ether(defaulterEth[i]), OpenTroveDebt(Ether(defaulterDebt[i])), Price200);
        }

        for (int i = 0; i < defaulterEth.Length; i++)
        {
            system = system.Liquidate($"defaulter_{i + 1}", Price100).System;
        }

        for (int i = 0; i < depositors.Length; i++)
        {
            (system, StabilityPoolOperation op) = system.WithdrawFromStabilityPool(depositors[i], Ether(deposits[i]), Price100);
            WithinTolerance(op.LusdWithdrawn, Wei(liquityDeposits[i]), tolerance);
            WithinTolerance(op.EthGainPaid, Wei(liquityGains[i]), tolerance);
            op.LusdWithdrawn.Should().Be(Wei(exactDeposits[i]), depositors[i]);
            op.EthGainPaid.Should().Be(Wei(exactGains[i]), depositors[i]);
        }
    }

    [Fact]
    public void A_deposit_made_between_liquidations_only_shares_the_later_ones()
    {
        // StabilityPool_SPWithdrawalTest.js, "A, B, C Deposit -> 2 liquidations -> D deposits -> 1 liquidation. All
        // deposits and liquidations = 100 LUSD": A, B, C 1666.67 LUSD and 82.9167 ETH, D 5000 LUSD and 49.75 ETH
        // (tolerance 100,000 wei); exact values from the Python derivation.
        LiquitySystem system = WithWhale(100_000).Provide("alice", Ether(10_000)).Provide("bob", Ether(10_000)).Provide("carol", Ether(10_000));
        for (int i = 1; i <= 3; i++)
        {
            system = system.OpenTrove($"defaulter_{i}", Ether(100), OpenTroveDebt(Ether(10_000)), Price200);
        }

        system = system.Liquidate("defaulter_1", Price100).System.Liquidate("defaulter_2", Price100).System;
        system = system.Provide("dennis", Ether(10_000)).Liquidate("defaulter_3", Price100).System;

        foreach (string abc in new[] { "alice", "bob", "carol" })
        {
            (system, StabilityPoolOperation op) = system.WithdrawFromStabilityPool(abc, Ether(10_000), Price100);
            WithinTolerance(op.LusdWithdrawn, Wei("1666666666666666666666"), 100_000);
            WithinTolerance(op.EthGainPaid, Wei("82916666666666666667"), 100_000);
            op.LusdWithdrawn.Should().Be(Wei("1666666666666666660000"));
            op.EthGainPaid.Should().Be(Wei("82916666666666659950"));
        }

        (_, StabilityPoolOperation d) = system.WithdrawFromStabilityPool("dennis", Ether(10_000), Price100);
        WithinTolerance(d.LusdWithdrawn, Wei("5000000000000000000000"), 100_000);
        d.LusdWithdrawn.Should().Be(Wei("4999999999999999984999"));
        d.EthGainPaid.Should().Be(Wei("49750000000000000000"));
    }

    [Fact]
    public void A_deposit_spanning_one_scale_change_keeps_a_billionth_weighting()
    {
        // StabilityPool_SPWithdrawalTest.js, "deposit spans one scale factor change: Single depositor withdraws correct
        // compounded deposit and ETH Gain after one liquidation": after defaulter 1 the test asserts P == 9e9 exactly;
        // Bob then deposits 10,000, defaulter 2 (9,900 LUSD, 60 ETH) moves the scale to 1 (asserted), and Bob withdraws
        // 100 LUSD and 59.7 ETH (tolerance 100,000 wei).
        LiquitySystem system = WithWhale(100_000).Provide("alice", Ether(10_000))
            .OpenTrove("defaulter_1", Ether(100), OpenTroveDebt(Wei("9999999910000000000000")), Price200)
            .OpenTrove("defaulter_2", Ether(60), OpenTroveDebt(Ether(9_900)), Price200);
        system.StabilityPool.CurrentScale.Should().Be(0UL);

        system = system.Liquidate("defaulter_1", Price100).System;
        system.StabilityPool.P.Should().Be(Wei("9000000000"));

        (system, StabilityPoolOperation alice) = system.WithdrawFromStabilityPool("alice", Ether(10_000), Price200);
        alice.LusdWithdrawn.Should().Be(Wei("90000000000000"));
        alice.EthGainPaid.Should().Be(Wei("99500000000000000000"));

        system = system.Provide("bob", Ether(10_000)).Liquidate("defaulter_2", Price100).System;
        system.StabilityPool.CurrentScale.Should().Be(1UL);
        system.StabilityPool.P.Should().Be(Wei("90000000000000000"));

        (_, StabilityPoolOperation bob) = system.WithdrawFromStabilityPool("bob", Ether(10_000), Price100);
        WithinTolerance(bob.LusdWithdrawn, Wei("100000000000000000000"), 100_000);
        WithinTolerance(bob.EthGainPaid, Wei("59700000000000000000"), 100_000);
        bob.LusdWithdrawn.Should().Be(Wei("100000000000000000000"));
        bob.EthGainPaid.Should().Be(Wei("59699999999999990000"));
    }

    [Fact]
    public void A_deposits_ETH_gain_stops_growing_after_two_scale_changes()
    {
        // StabilityPool_SPWithdrawalTest.js, "Depositor's ETH gain stops increasing after two scale changes": five
        // defaulters of 9,999.9 LUSD and 100 ETH; alice deposits 10,000 at price 100, then a new 9,999.9 deposit before
        // each of liquidations 2–5. The test asserts P exactly after each (1e13, 1e17 at scale 1, 1e12, 1e16 at scale 2,
        // 1e11) and that alice's gain after L5 equals her gain after L4. Her gains (Python derivation) show the second
        // scale counted at a billionth: 99.5 ETH after L1, then 99500994999999999999 after L2 (the sum of scale 1 / 1e9).
        LiquitySystem system = WithWhale(100_000);
        for (int i = 1; i <= 5; i++)
        {
            system = system.OpenTrove($"defaulter_{i}", Ether(100), OpenTroveDebt(Wei("9999900000000000000000")), Price200);
        }

        system = system.Provide("alice", Ether(10_000));
        string[] next = ["bob", "carol", "dennis", "erin"];
        (string P, ulong Scale, string AliceGain)[] expected =
        [
            ("10000000000000", 0, "99500000000000000000"),
            ("100000000000000000", 1, "99500994999999999999"),
            ("1000000000000", 1, "99500995009949999999"),
            ("10000000000000000", 2, "99500995009950099499"),
            ("100000000000", 2, "99500995009950099499"),
        ];
        for (int i = 0; i < 5; i++)
        {
            system = system.Liquidate($"defaulter_{i + 1}", Price100).System;
            LiquityStabilityPool pool = system.StabilityPool;
            (pool.P, pool.CurrentScale, pool.EthGain("alice")).Should().Be((Wei(expected[i].P), expected[i].Scale, Wei(expected[i].AliceGain)), $"after liquidation {i + 1}");
            if (i < next.Length)
            {
                system = system.Provide(next[i], Wei("9999900000000000000000"));
            }
        }

        system.StabilityPool.Deposits.Single(d => d.Depositor == "alice").Scale.Should().Be(0UL);
        system.StabilityPool.CompoundedDeposit("alice").Should().Be(UInt256.Zero);
    }

    [Fact]
    public void A_pool_emptying_liquidation_starts_a_new_epoch_with_P_reset()
    {
        // StabilityPool_SPWithdrawalTest.js, "Pool-emptying liquidation increases epoch by one, resets scaleFactor to 0,
        // and resets P to 1e18": the test asserts epoch/scale/P after each of four liquidations (P ≈ 5e17 within 1,000
        // wei after the half-emptying ones; the exact 5e17 is the hand derivation: loss per unit ⌊(1e22 − 1)·1e18 /
        // 2e22⌋ + 1 = 5e17).
        LiquitySystem system = WithWhale(100_000).Provide("alice", Ether(10_000)).Provide("bob", Ether(10_000));
        for (int i = 1; i <= 4; i++)
        {
            system = system.OpenTrove($"defaulter_{i}", Ether(100), OpenTroveDebt(Ether(10_000)), Price200);
        }

        (ulong Epoch, ulong Scale, string P)[] expected = [(0, 0, "500000000000000000"), (1, 0, "1000000000000000000"), (1, 0, "500000000000000000"), (2, 0, "1000000000000000000")];
        for (int i = 0; i < 4; i++)
        {
            if (i == 2)
            {
                system = system.Provide("alice", Ether(10_000)).Provide("bob", Ether(10_000));
            }

            system = system.Liquidate($"defaulter_{i + 1}", Price100).System;
            LiquityStabilityPool pool = system.StabilityPool;
            (pool.CurrentEpoch, pool.CurrentScale, pool.P).Should().Be((expected[i].Epoch, expected[i].Scale, Wei(expected[i].P)), $"after liquidation {i + 1}");
        }
    }

    private static void WithinTolerance(UInt256 actual, UInt256 liquityExpected, ulong tolerance)
    {
        UInt256 difference = actual > liquityExpected ? actual - liquityExpected : liquityExpected - actual;
        difference.Should().BeLessThanOrEqualTo((UInt256)tolerance, $"Liquity's test allows {tolerance} wei around {liquityExpected}");
    }

    /// <summary>One case: deposits, defaulters (ETH, total debt in whole units), Liquity's expected values and tolerance, and the exact derivation.</summary>
    public sealed record WithdrawalCase(
        string[] Depositors,
        ulong[] Deposits,
        ulong WhaleEth,
        ulong[] DefaulterEth,
        ulong[] DefaulterDebt,
        string[] LiquityDeposits,
        string[] LiquityGains,
        string[] ExactDeposits,
        string[] ExactGains,
        ulong Tolerance);
}
