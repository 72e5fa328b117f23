using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.StabilityPool;
using static LiquidationSim.DeFi.Tests.StabilityPool.LiquityTestData;

namespace LiquidationSim.DeFi.Tests.StabilityPool;

/// <summary>
/// Trove liquidation against liquity/dev's own tests (commit bf638ecb): <c>TroveManager_LiquidationRewardsTest.js</c>
/// for redistribution and <c>TroveManager_RecoveryModeTest.js</c> for the Recovery Mode rules. Where the Liquity test
/// asserts with <c>assert.equal</c> the value is asserted here exactly; where it allows a tolerance, the value is checked
/// within it and also to the wei against a Python big-integer derivation of the same contract lines.
/// </summary>
public sealed class LiquityLiquidationTests
{
    private static readonly UInt256 S_995 = 995UL * UInt256.Pow10(15);

    /// <summary><c>th.applyLiquidationFee</c>: ⌊x · 0.995⌋, the tests' own estimate of collateral net of gas compensation.</summary>
    private static UInt256 ApplyLiquidationFee(UInt256 x) => x * S_995 / E18;

    [Fact]
    public void ICR_TCR_and_NICR_floor_like_LiquityMath()
    {
        // Hand derivations: 100 ETH against 9,999.999999999999999999 LUSD at 100 is 1e22·1e20/(1e22 − 1) = 1.0000…0001e18,
        // floored to exactly 1e18; the NICR is 100e18·1e20/… = 1e18 likewise (1e20 scale, 1 ETH per 100 LUSD); no debt
        // gives 2^256 − 1.
        UInt256 debt = Wei("9999999999999999999999");
        LiquityMath.ComputeCR(Ether(100), debt, Price100).Should().Be(E18);
        LiquityMath.ComputeNominalCR(Ether(100), debt).Should().Be(E18);
        LiquityMath.ComputeCR(Ether(1), UInt256.Zero, Price100).Should().Be(UInt256.MaxValue);

        // decMul rounds half up at the 19th digit: 0.5e-18 · 1 → (5e17·1 + 5e17)/1e18 = 1.
        LiquityMath.DecMul(5UL * UInt256.Pow10(17), UInt256.One).Should().Be(UInt256.One);
        LiquityMath.DecMul(5UL * UInt256.Pow10(17) - UInt256.One, UInt256.One).Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Redistribution_A_B_open_B_liquidated_C_D_open_D_liquidated()
    {
        // TroveManager_LiquidationRewardsTest.js, "redistribution: A, B Open. B Liquidated. C, D Open. D Liquidated.
        // Distributes correct rewards". Empty pool, so both liquidations are pure redistributions.
        LiquitySystem s = LiquitySystem.Create(LiquityParameters.V1);
        (s, UInt256 aColl, _) = s.OpenAtIcr("alice", 400, UInt256.Zero);
        (s, UInt256 bColl, _) = s.OpenAtIcr("bob", 210, UInt256.Zero);
        s.IsRecoveryMode(Price100).Should().BeFalse();
        LiquityLiquidationResult l1 = s.Liquidate("bob", Price100);

        // Hand derivation of L1: 21 ETH less 0.105 gas compensation over alice's stake of 40 ETH: L_ETH = 20.895e36/40e18 =
        // 522375000000000000; 2,000 LUSD debt: L_LUSDDebt = 2000e36/40e18 = 50e18; no remainders.
        l1.Redistribution.Should().NotBeNull();
        l1.System.LEth.Should().Be(Wei("522375000000000000"));
        l1.System.LLusdDebt.Should().Be(Wei("50000000000000000000"));
        l1.System.LastEthErrorRedistribution.Should().Be(UInt256.Zero);

        s = l1.System;
        (s, UInt256 cColl, _) = s.OpenAtIcr("carol", 400, UInt256.Zero);
        (s, UInt256 dColl, _) = s.OpenAtIcr("dennis", 210, UInt256.Zero);
        LiquityLiquidationResult l2 = s.Liquidate("dennis", Price100);
        s = l2.System;

        UInt256 aliceColl = s.GetEntireDebtAndColl("alice").Collateral;
        UInt256 carolColl = s.GetEntireDebtAndColl("carol").Collateral;

        // The test's expectations (within 1,000 wei) ...
        UInt256 aAfterL1 = aColl + ApplyLiquidationFee(bColl);
        Near(aliceColl, aAfterL1 + (aAfterL1 * ApplyLiquidationFee(dColl) / (aAfterL1 + cColl)), 1_000);
        Near(carolColl, cColl + (cColl * ApplyLiquidationFee(dColl) / (aAfterL1 + cColl)), 1_000);

        // ... its exact ones: system collateral and the 2 × 200 LUSD paid to the liquidator ...
        s.EntireSystemCollateral.Should().Be(aColl + cColl + ApplyLiquidationFee(bColl + dColl));
        (l1.Totals.LusdGasCompensation + l2.Totals.LusdGasCompensation).Should().Be(Ether(400));

        // ... and the wei from the Python derivation (carol's corrected stake 26274735199934313162 = 40e18 · 40e18 /
        // 60.895e18, floored).
        aliceColl.Should().Be(Wei("73506140542147777360"));
        carolColl.Should().Be(Wei("48283859457852222586"));
        s.GetTrove("carol")!.Value.Stake.Should().Be(Wei("26274735199934313162"));
        s.LEth.Should().Be(Wei("837653513553694434"));
        s.LLusdDebt.Should().Be(Wei("80177412161157639129"));
        s.LastEthErrorRedistribution.Should().Be(Wei("53580805530587659692"));
        s.LastLusdDebtErrorRedistribution.Should().Be(Wei("52255550933929084102"));
    }

    [Fact]
    public void Recovery_mode_100_to_110_percent_offsets_what_the_pool_holds_and_redistributes_the_rest()
    {
        // TroveManager_RecoveryModeTest.js, "liquidate(), with 100% < ICR < 110%: offsets as much debt as possible with
        // the Stability Pool, then redistributes the remainder coll and debt". Exact in the test: bob's ICR 1.05e18, the
        // pool's 390 LUSD and P 1e18 before, alice's deposit 0 and ETH gain spDeposit · applyLiquidationFee(B_coll) /
        // B_totalDebt after. L terms within 100 wei of the test's formulas, and to the wei from the Python derivation.
        UInt256 spDeposit = Ether(390);
        LiquitySystem s = LiquitySystem.Create(LiquityParameters.V1);
        (s, UInt256 aColl, _) = s.OpenAtIcr("alice", 150, spDeposit);
        (s, UInt256 bColl, UInt256 bDebt) = s.OpenAtIcr("bob", 210, Ether(2_000));
        (s, UInt256 dColl, _) = s.OpenAtIcr("dennis", 150, UInt256.Zero);
        s = s.Provide("alice", spDeposit);

        s.IsRecoveryMode(Price100).Should().BeTrue();
        s.GetCurrentIcr("bob", Price100).Should().Be(Wei("1050000000000000000"));
        s.StabilityPool.TotalLusdDeposits.Should().Be(Wei("390000000000000000000"));

        LiquityLiquidationResult r = s.Liquidate("bob", Price100);
        r.RecoveryModeAtStart.Should().BeTrue();
        r.Troves.Should().ContainSingle().Which.Mode.Should().Be(TroveLiquidationMode.RecoveryOffset);
        LiquityStabilityPool pool = r.System.StabilityPool;
        pool.CompoundedDeposit("alice").Should().Be(UInt256.Zero);
        pool.EthGain("alice").Should().Be(spDeposit * ApplyLiquidationFee(bColl) / bDebt);

        Near(r.System.LLusdDebt, (bDebt - spDeposit) * E18 / (aColl + dColl), 100);
        Near(r.System.LEth, ApplyLiquidationFee((bColl - (bColl * spDeposit / bDebt)) * E18 / (aColl + dColl)), 100);
        r.System.LLusdDebt.Should().Be(Wei("109898033143971736168"));
        r.System.LEth.Should().Be(Wei("1148159701271644713"));
        r.System.LastEthErrorRedistribution.Should().Be(Wei("20547375000000000000"));
        r.System.LastLusdDebtErrorRedistribution.Should().Be(Wei("27143000000000000000"));
    }

    [Fact]
    public void Recovery_mode_at_or_below_100_percent_redistributes_everything_and_leaves_the_pool_alone()
    {
        // _liquidateRecoveryMode's first branch. Derived case (Python derivation of the contract lines): bob opens at 190 %
        // with 2,000 LUSD extra, alice and dennis at 300 %; at 50 bob's ICR is 0.475e18 and the system is in Recovery
        // Mode. Bob's 4,010 LUSD and 38.095 − 0.190475 ETH go to alice and dennis by stake; alice's 390 LUSD deposit
        // keeps its value and earns nothing.
        UInt256 price50 = Ether(50);
        LiquitySystem s = LiquitySystem.Create(LiquityParameters.V1);
        (s, _, _) = s.OpenAtIcr("alice", 300, Ether(390));
        (s, _, _) = s.OpenAtIcr("bob", 190, Ether(2_000));
        (s, _, _) = s.OpenAtIcr("dennis", 300, UInt256.Zero);
        s = s.Provide("alice", Ether(390));

        LiquityLiquidationResult r = s.Liquidate("bob", price50);
        TroveLiquidation bob = r.Troves.Should().ContainSingle().Subject;
        bob.Mode.Should().Be(TroveLiquidationMode.RecoveryRedistribute);
        bob.Icr.Should().Be(Wei("475000000000000000"));
        (bob.DebtToOffset, bob.DebtToRedistribute, bob.CollToRedistribute, bob.CollGasCompensation).Should().Be(
            (UInt256.Zero, Wei("4010000000000000000000"), Wei("37904525000000000000"), Wei("190475000000000000")));
        r.Offset.Should().BeNull();
        r.System.StabilityPool.CompoundedDeposit("alice").Should().Be(Ether(390));
        r.System.StabilityPool.EthGain("alice").Should().Be(UInt256.Zero);
        r.System.LEth.Should().Be(Wei("575363638778522827"));
        r.System.LLusdDebt.Should().Be(Wei("60868938246868323485"));
        r.System.GetEntireDebtAndColl("alice").Should().Be((Wei("4575881852593950295399"), Wei("56522865836644315140"), Wei("2183931852593950295399"), Wei("20643615836644315140")));
        r.System.GetEntireDebtAndColl("dennis").Collateral.Should().Be(Wei("47260909163355684810"));
    }

    [Fact]
    public void Recovery_mode_between_MCR_and_TCR_offsets_at_a_capped_ratio_and_leaves_a_surplus()
    {
        // TroveManager_RecoveryModeTest.js, "liquidate(), with 110% < ICR < TCR, and StabilityPool LUSD > debt to
        // liquidate: offsets the trove entirely with the pool". Alice's compounded deposit within 2,000 wei of
        // spDeposit − B_totalDebt (1 wei; a billionth rule makes it 0), her gain within 3,000 wei of
        // applyLiquidationFee(B_totalDebt · 1.1e18 / price), bob's surplus B_coll − B_totalDebt · 1.1e18 / price
        // (assertIsApproximatelyEqual, 1,000 wei; the contract's own formula, so exact here).
        LiquitySystem s = LiquitySystem.Create(LiquityParameters.V1);
        (s, UInt256 bColl, UInt256 bDebt) = s.OpenAtIcr("bob", 240, Ether(250));
        (s, _, _) = s.OpenAtIcr("alice", 266, bDebt);
        (s, _, _) = s.OpenAtIcr("dennis", 266, Ether(2_000));
        UInt256 spDeposit = bDebt + UInt256.One;
        s = s.Provide("alice", spDeposit);

        s.IsRecoveryMode(Price100).Should().BeTrue();
        UInt256 bobIcr = s.GetCurrentIcr("bob", Price100);
        (bobIcr > LiquityParameters.V1.Mcr && bobIcr < s.GetTcr(Price100)).Should().BeTrue();

        LiquityLiquidationResult r = s.Liquidate("bob", Price100);
        r.Troves.Should().ContainSingle().Which.Mode.Should().Be(TroveLiquidationMode.RecoveryCapped);
        UInt256 capped = bDebt * Wei("1100000000000000000") / Price100;
        Near(r.System.StabilityPool.CompoundedDeposit("alice"), spDeposit - bDebt, 2_000);
        Near(r.System.StabilityPool.EthGain("alice"), ApplyLiquidationFee(capped), 3_000);
        r.System.GetCollSurplus("bob").Should().Be(bColl - capped);
        r.System.CollSurplusPoolEth.Should().Be(bColl - capped);

        // Python derivation: gain 24639931249999997748, capped gas compensation 0.12381875 ETH, no redistribution.
        r.System.StabilityPool.EthGain("alice").Should().Be(Wei("24639931249999997748"));
        r.Totals.CollGasCompensation.Should().Be(Wei("123818750000000000"));
        r.Redistribution.Should().BeNull();
        r.LiquidatedCollateral.Should().Be(Wei("24639931250000000000"));
    }

    [Fact]
    public void LiquidateTroves_in_recovery_mode_takes_the_troves_the_pool_covers_and_stops()
    {
        // TroveManager_RecoveryModeTest.js, "liquidateTroves(): emits liquidation event with correct values when all
        // troves have ICR > 110% and Stability Pool covers a subset of troves": F and G (222 % at 200) go, A–D and the
        // whale stay; liquidated debt F + G debt and collateral applyLiquidationFee((F + G debt) · 1.1e18 / price),
        // surpluses F_coll − F_debt · 1.1e18 / price (approximately-equal asserts; exact here, matching the Python
        // derivation: 4,000 LUSD, 43.78 ETH, 0.2 ETH surplus each).
        LiquitySystem s = LiquitySystem.Create(LiquityParameters.V1);
        (s, UInt256 fColl, UInt256 fDebt) = s.OpenAtIcr("freddy", 222, UInt256.Zero);
        (s, _, UInt256 gDebt) = s.OpenAtIcr("greta", 222, UInt256.Zero);
        (s, _, _) = s.OpenAtIcr("alice", 250, UInt256.Zero);
        (s, _, _) = s.OpenAtIcr("bob", 266, UInt256.Zero);
        (s, _, _) = s.OpenAtIcr("carol", 285, UInt256.Zero);
        (s, _, _) = s.OpenAtIcr("dennis", 308, UInt256.Zero);
        (s, _, _) = s.OpenAtIcr("whale", 285, fDebt + gDebt);
        s = s.Provide("whale", fDebt + gDebt);
        s.IsRecoveryMode(Price100).Should().BeTrue();

        LiquityLiquidationResult r = s.LiquidateTroves(10, Price100);

        r.Troves.Select(t => t.Owner).Should().Equal("freddy", "greta");
        r.System.Troves.Select(t => t.Owner).Should().Equal("alice", "bob", "carol", "dennis", "whale");
        r.Totals.DebtInSequence.Should().Be(fDebt + gDebt).And.Be(Ether(4_000));
        r.LiquidatedCollateral.Should().Be(ApplyLiquidationFee((fDebt + gDebt) * Wei("1100000000000000000") / Price100)).And.Be(Wei("43780000000000000000"));
        r.System.GetCollSurplus("freddy").Should().Be(fColl - (fDebt * Wei("1100000000000000000") / Price100)).And.Be(Wei("200000000000000000"));
        r.System.GetCollSurplus("greta").Should().Be(Wei("200000000000000000"));
    }

    [Fact]
    public void Liquidations_refuse_what_the_contract_reverts_and_change_nothing()
    {
        LiquitySystem s = WithWhale(100_000).OpenTrove("defaulter_1", Ether(100), OpenTroveDebt(Ether(10_000)), Price200);

        // "TroveManager: Trove does not exist or is closed"
        Action missing = () => s.Liquidate("nobody", Price100);
        missing.Should().Throw<ArgumentException>().WithParameterName("owner").WithMessage("*nobody*");

        // "TroveManager: nothing to liquidate": at 200 the defaulter is at 200 %.
        Action healthy = () => s.Liquidate("defaulter_1", Price200);
        healthy.Should().Throw<InvalidOperationException>().WithMessage("*nothing to liquidate*");

        Action zeroPrice = () => s.LiquidateTroves(5, UInt256.Zero);
        zeroPrice.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("price");
        Action noTroves = () => s.LiquidateTroves(0, Price100);
        noTroves.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maxTroves");
        Action empty = () => s.BatchLiquidate([], Price100);
        empty.Should().Throw<ArgumentException>().WithParameterName("owners");

        // The last trove is never liquidated: alone, its ICR is the TCR, so the system is in Recovery Mode, where
        // _liquidateRecoveryMode returns zero values while TroveOwners.length <= 1 — "nothing to liquidate".
        LiquitySystem lone = s.Liquidate("defaulter_1", Price100).System;
        Action last = () => lone.Liquidate("whale", UInt256.One);
        last.Should().Throw<InvalidOperationException>().WithMessage("*nothing to liquidate*");

        // Withdrawing from the pool while a trove is below MCR is refused; a zero withdrawal is allowed.
        LiquitySystem withDeposit = s.Provide("alice", Ether(1_000));
        Action withdraw = () => withDeposit.WithdrawFromStabilityPool("alice", Ether(1), Price100);
        withdraw.Should().Throw<InvalidOperationException>().WithMessage("*ICR < MCR*");
        withDeposit.WithdrawFromStabilityPool("alice", UInt256.Zero, Price100).Operation.LusdWithdrawn.Should().Be(UInt256.Zero);

        // Nothing above touched the originals.
        s.TroveCount.Should().Be(2);
        s.StabilityPool.TotalLusdDeposits.Should().Be(UInt256.Zero);
        lone.TroveCount.Should().Be(1);
    }

    [Fact]
    public void Opening_a_trove_applies_BorrowerOperations_checks()
    {
        LiquitySystem s = LiquitySystem.Create(LiquityParameters.V1);

        // Net debt 1,799.99… is under MIN_NET_DEBT; ICR 109 % is under MCR; a first trove at 140 % brings the TCR under CCR.
        Action small = () => s.OpenTrove("a", Ether(100), Ether(2_000) - UInt256.One, Price200);
        small.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("debt");
        Action underMcr = () => s.OpenTrove("a", Ether(109), Ether(20_000), Price200);
        underMcr.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("coll").WithMessage("*MCR*");
        Action underCcr = () => s.OpenTrove("a", Ether(140), Ether(20_000), Price200);
        underCcr.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("coll").WithMessage("*TCR*");

        LiquitySystem one = s.OpenTrove("a", Ether(150), Ether(20_000), Price200);
        Action twice = () => one.OpenTrove("a", Ether(150), Ether(20_000), Price200);
        twice.Should().Throw<ArgumentException>().WithParameterName("owner");
        one.GasPoolLusd.Should().Be(Ether(200));
        one.GetTrove("a")!.Value.Stake.Should().Be(Ether(150), "the first stake is the collateral (no snapshot yet)");
    }

    private static void Near(UInt256 actual, UInt256 expected, ulong tolerance)
    {
        UInt256 difference = actual > expected ? actual - expected : expected - actual;
        difference.Should().BeLessThanOrEqualTo((UInt256)tolerance, $"Liquity's test allows {tolerance} wei around {expected}");
    }
}
