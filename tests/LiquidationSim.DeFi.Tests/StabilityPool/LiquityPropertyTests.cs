using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.StabilityPool;
using static LiquidationSim.DeFi.Tests.StabilityPool.LiquityTestData;

namespace LiquidationSim.DeFi.Tests.StabilityPool;

/// <summary>
/// Properties of Liquity liquidation over random systems: 3–12 troves opened at 200 with ICRs of 150–400 % and debts of
/// 2,000–50,000 LUSD, random pool deposits, then two price drops each followed by <c>liquidateTroves</c> (and a
/// deposit and a withdrawal between them). Checked: every wei of collateral and debt is accounted for across troves,
/// default pool, stability pool, surplus pool and gas compensation; the pool owes at most rounding slack beyond what it
/// holds; troves go in
/// ICR order; runs repeat bit for bit; a batch in ICR order equals the sequence.
/// </summary>
public sealed class LiquityPropertyTests
{
    private const int Cases = 200;

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(0, 1_000_000), 40).ToArbitrary();

    private static Property Run(Action<int[]> property) => Prop.ForAll(s_cases, property);

    private sealed record Built(LiquitySystem System, UInt256 CollIn, UInt256 DebtIn, UInt256 Deposited, string[] Depositors);

    private static Built Build(int[] v)
    {
        int troves = 3 + (v[0] % 10);
        LiquitySystem s = LiquitySystem.Create(LiquityParameters.V1);
        UInt256 collIn = UInt256.Zero, debtIn = UInt256.Zero;
        for (int i = 0; i < troves; i++)
        {
            UInt256 debt = (2_000UL * E18) + ((ulong)v[1 + i] * 48_000UL * UInt256.Pow10(12));
            ulong icrBps = 15_000UL + ((ulong)v[13 + i] % 25_001UL);
            UInt256 coll = debt * icrBps / 10_000UL / 200UL;
            s = s.OpenTrove($"t{i:D2}", coll, debt, Price200);
            collIn += coll;
            debtIn += debt;
        }

        string[] depositors = ["d0", "d1", "d2"];
        UInt256 deposited = UInt256.Zero;
        for (int i = 0; i < depositors.Length; i++)
        {
            UInt256 amount = ((ulong)v[25 + i] + 1UL) * 20_000UL * UInt256.Pow10(12);
            s = s.Provide(depositors[i], amount);
            deposited += amount;
        }

        return new Built(s, collIn, debtIn, deposited, depositors);
    }

    private static UInt256 PriceOf(int x) => (60UL * E18) + ((ulong)x * 140UL * UInt256.Pow10(12));

    private static LiquityLiquidationResult? TryLiquidate(LiquitySystem s, int n, UInt256 price)
    {
        try
        {
            return s.LiquidateTroves(n, price);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("nothing to liquidate", StringComparison.Ordinal))
        {
            return null;
        }
    }

    [CiProperty(MaxTest = Cases)]
    public Property Collateral_and_debt_are_accounted_for_to_the_wei() => Run(v =>
    {
        Built b = Build(v);
        LiquitySystem s = b.System;
        UInt256 collGas = UInt256.Zero, lusdGas = UInt256.Zero, offset = UInt256.Zero, deposited = b.Deposited, ethPaid = UInt256.Zero, withdrawn = UInt256.Zero;
        int liquidated = 0;
        foreach (int round in new[] { 0, 1 })
        {
            LiquityLiquidationResult? r = TryLiquidate(s, 1 + (v[30 + round] % 12), PriceOf(v[32 + round] % 1_000_000));
            if (r is not null)
            {
                foreach (TroveLiquidation t in r.Troves)
                {
                    // Each trove's debt and collateral are split without a wei lost.
                    (t.DebtToOffset + t.DebtToRedistribute).Should().Be(t.EntireDebt);
                    (t.CollGasCompensation + t.CollToSendToStabilityPool + t.CollToRedistribute + t.CollSurplus).Should().Be(t.EntireCollateral);
                }

                collGas += r.Totals.CollGasCompensation;
                lusdGas += r.Totals.LusdGasCompensation;
                offset += r.Offset?.DebtToOffset ?? UInt256.Zero;
                liquidated += r.Troves.Length;
                s = r.System;
            }

            // Between the drops: a top-up, and a withdrawal at a price where no trove is below MCR.
            if (round == 0)
            {
                UInt256 topUp = ((ulong)v[34] + 1UL) * UInt256.Pow10(15);
                (s, StabilityPoolOperation p) = s.ProvideToStabilityPool("d1", topUp);
                deposited += topUp;
                ethPaid += p.EthGainPaid;
                if (s.StabilityPool.CompoundedDeposit("d2") > UInt256.Zero)
                {
                    (s, StabilityPoolOperation w) = s.WithdrawFromStabilityPool("d2", ((ulong)v[35] + 1UL) * UInt256.Pow10(15), 1_000_000UL * E18);
                    ethPaid += w.EthGainPaid;
                    withdrawn += w.LusdWithdrawn;
                }
            }
        }

        // Pools: all collateral ever deposited is in the active, default, stability or surplus pool, paid to liquidators,
        // or paid to depositors; all debt ever drawn is in the active or default pool or was cancelled by an offset.
        (s.ActivePoolEth + s.DefaultPoolEth + s.StabilityPool.Eth + s.CollSurplusPoolEth + collGas + ethPaid).Should().Be(b.CollIn);
        (s.ActivePoolDebt + s.DefaultPoolDebt + offset).Should().Be(b.DebtIn);
        s.StabilityPool.TotalLusdDeposits.Should().Be(deposited - offset - withdrawn);
        s.GasPoolLusd.Should().Be((ulong)s.TroveCount * 200UL * E18);
        lusdGas.Should().Be((ulong)liquidated * 200UL * E18);

        // Troves: the active pool holds exactly the recorded amounts; the default pool holds the pending rewards plus dust:
        // Σ stakes · ΔL / 1e18 over the redistributions is the amount redistributed less the carried error / 1e18, and each
        // trove's pending reward (active or taken at its liquidation) floors away less than one wei.
        UInt256 recordedColl = UInt256.Zero, recordedDebt = UInt256.Zero, pendingColl = UInt256.Zero, pendingDebt = UInt256.Zero;
        foreach (Trove t in s.Troves)
        {
            (UInt256 debt, UInt256 coll, UInt256 pd, UInt256 pc) = s.GetEntireDebtAndColl(t.Owner);
            recordedColl += coll - pc;
            recordedDebt += debt - pd;
            pendingColl += pc;
            pendingDebt += pd;
        }

        recordedColl.Should().Be(s.ActivePoolEth);
        recordedDebt.Should().Be(s.ActivePoolDebt);
        s.DefaultPoolEth.Should().BeGreaterThanOrEqualTo(pendingColl);
        s.DefaultPoolDebt.Should().BeGreaterThanOrEqualTo(pendingDebt);
        UInt256 dustBound = (ulong)(s.TroveCount + liquidated + 1);
        (s.DefaultPoolEth - pendingColl).Should().BeLessThanOrEqualTo(dustBound + (s.LastEthErrorRedistribution / E18));
        (s.DefaultPoolDebt - pendingDebt).Should().BeLessThanOrEqualTo(dustBound + (s.LastLusdDebtErrorRedistribution / E18));

        // The pool: the +1 on the loss and the floors favour the pool while the deposits stay put, but the carried loss
        // error was measured against the previous offset's deposits, so after a top-up the next loss per unit can
        // under-charge by up to that error / 1e18 (< the pool's size / 1e18 wei). The Python re-derivation of
        // StabilityPool.sol shows the same overshoot (in 289 of 3,000 random cases, never beyond this bound), so it is the
        // contract's behaviour, reproduced; the bound is the property.
        UInt256 owedLusd = UInt256.Zero, owedEth = UInt256.Zero;
        foreach (StabilityDeposit d in s.StabilityPool.Deposits)
        {
            owedLusd += s.StabilityPool.CompoundedDeposit(d.Depositor);
            owedEth += s.StabilityPool.EthGain(d.Depositor);
        }

        UInt256 slack = (ulong)b.Depositors.Length + (deposited / E18);
        owedLusd.Should().BeLessThanOrEqualTo(s.StabilityPool.TotalLusdDeposits + slack);
        owedEth.Should().BeLessThanOrEqualTo(s.StabilityPool.Eth + slack);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Troves_are_liquidated_lowest_ICR_first_and_only_below_MCR_in_normal_mode() => Run(v =>
    {
        Built b = Build(v);
        UInt256 price = PriceOf(v[32] % 1_000_000);

        // The one-pass tail lookup the keeper and withdrawals use agrees with the full sort.
        b.System.Ledger.LowestNicrOwner().Should().Be(b.System.Ledger.SortedByNicr()[0]);
        LiquityLiquidationResult? r = TryLiquidate(b.System, 12, price);
        if (r is null)
        {
            return;
        }

        for (int i = 1; i < r.Troves.Length; i++)
        {
            r.Troves[i].Icr.Should().BeGreaterThanOrEqualTo(r.Troves[i - 1].Icr);
        }

        if (!r.RecoveryModeAtStart)
        {
            r.Troves.Should().OnlyContain(t => t.Mode == TroveLiquidationMode.Normal && t.Icr < LiquityParameters.V1.Mcr);

            // The sequence stops at the first healthy trove; pending rewards arrive only after it, so the survivors'
            // ICRs before this liquidation were all at or above MCR.
            foreach (Trove t in r.System.Troves)
            {
                b.System.GetCurrentIcr(t.Owner, price).Should().BeGreaterThanOrEqualTo(LiquityParameters.V1.Mcr);
            }

            // A batch of the same troves in the same order gives the same system.
            LiquityLiquidationResult batch = b.System.BatchLiquidate([.. r.Troves.Select(t => t.Owner)], price);
            batch.Totals.Should().Be(r.Totals);
            batch.System.Troves.Should().Equal(r.System.Troves);
            batch.System.StabilityPool.P.Should().Be(r.System.StabilityPool.P);
        }
    });

    [CiProperty(MaxTest = Cases)]
    public Property Runs_repeat_bit_for_bit_and_leave_their_inputs_unchanged() => Run(v =>
    {
        Built b = Build(v);
        UInt256 price = PriceOf(v[32] % 1_000_000);
        Trove[] before = [.. b.System.Troves];
        LiquityLiquidationResult? first = TryLiquidate(b.System, 12, price);
        LiquityLiquidationResult? second = TryLiquidate(Build(v).System, 12, price);

        b.System.Troves.Should().Equal(before);
        if (first is null)
        {
            second.Should().BeNull();
            return;
        }

        second!.Troves.Should().Equal(first.Troves);
        second.Totals.Should().Be(first.Totals);
        second.Offset.Should().Be(first.Offset);
        second.Redistribution.Should().Be(first.Redistribution);
        second.System.Troves.Should().Equal(first.System.Troves);
        second.System.StabilityPool.Deposits.Should().Equal(first.System.StabilityPool.Deposits);
    });
}
