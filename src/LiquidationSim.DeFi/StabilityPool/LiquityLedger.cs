using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>
/// The mutable storage of a Liquity v1 system: <c>TroveManager</c>'s troves, stakes, L terms and error trackers, the
/// active, default, gas and surplus pools' balances, and the stability pool. Every method mirrors a contract function
/// of liquity/dev bf638ecba62dce275ee7f9d7e74c0f3ecacbfd14 (<c>packages/contracts/contracts/TroveManager.sol</c> unless
/// named otherwise). <see cref="LiquitySystem"/> wraps a frozen copy and works on clones, so a failing call changes
/// nothing; the stress run mutates one directly.
/// </summary>
internal sealed partial class LiquityLedger
{
    private readonly Dictionary<string, TroveRecord> _troves;
    private readonly Dictionary<string, UInt256> _collSurplus;

    internal LiquityLedger(LiquityParameters parameters)
    {
        Parameters = parameters;
        _troves = new Dictionary<string, TroveRecord>(StringComparer.Ordinal);
        _collSurplus = new Dictionary<string, UInt256>(StringComparer.Ordinal);
        Pool = new StabilityPoolLedger();
    }

    private LiquityLedger(LiquityLedger o)
    {
        Parameters = o.Parameters;
        _troves = new Dictionary<string, TroveRecord>(o._troves, StringComparer.Ordinal);
        _collSurplus = new Dictionary<string, UInt256>(o._collSurplus, StringComparer.Ordinal);
        Pool = o.Pool.Clone();
        ActiveEth = o.ActiveEth;
        ActiveDebt = o.ActiveDebt;
        DefaultEth = o.DefaultEth;
        DefaultDebt = o.DefaultDebt;
        GasPoolLusd = o.GasPoolLusd;
        CollSurplusEth = o.CollSurplusEth;
        TotalStakes = o.TotalStakes;
        TotalStakesSnapshot = o.TotalStakesSnapshot;
        TotalCollateralSnapshot = o.TotalCollateralSnapshot;
        LEth = o.LEth;
        LLusdDebt = o.LLusdDebt;
        LastEthErrorRedistribution = o.LastEthErrorRedistribution;
        LastLusdDebtErrorRedistribution = o.LastLusdDebtErrorRedistribution;
        NextTroveIndex = o.NextTroveIndex;
    }

    internal LiquityParameters Parameters { get; }

    internal StabilityPoolLedger Pool { get; }

    internal UInt256 ActiveEth { get; private set; }

    internal UInt256 ActiveDebt { get; private set; }

    internal UInt256 DefaultEth { get; private set; }

    internal UInt256 DefaultDebt { get; private set; }

    internal UInt256 GasPoolLusd { get; private set; }

    internal UInt256 CollSurplusEth { get; private set; }

    internal UInt256 TotalStakes { get; private set; }

    internal UInt256 TotalStakesSnapshot { get; private set; }

    internal UInt256 TotalCollateralSnapshot { get; private set; }

    internal UInt256 LEth { get; private set; }

    internal UInt256 LLusdDebt { get; private set; }

    internal UInt256 LastEthErrorRedistribution { get; private set; }

    internal UInt256 LastLusdDebtErrorRedistribution { get; private set; }

    internal long NextTroveIndex { get; private set; }

    internal int TroveCount => _troves.Count;

    internal IReadOnlyDictionary<string, TroveRecord> Troves => _troves;

    internal IReadOnlyDictionary<string, UInt256> CollSurplus => _collSurplus;

    internal UInt256 EntireSystemColl => ActiveEth + DefaultEth;

    internal UInt256 EntireSystemDebt => ActiveDebt + DefaultDebt;

    internal LiquityLedger Clone() => new(this);

    internal UInt256 Tcr(UInt256 price) => LiquityMath.ComputeCR(EntireSystemColl, EntireSystemDebt, price);

    internal bool IsRecoveryMode(UInt256 price) => Tcr(price) < Parameters.Ccr;

    internal UInt256 PendingEth(in TroveRecord t)
    {
        UInt256 perUnit = LEth - t.SnapshotLEth;
        return perUnit.IsZero ? UInt256.Zero : t.Stake * perUnit / LiquityMath.DecimalPrecision;
    }

    internal UInt256 PendingDebt(in TroveRecord t)
    {
        UInt256 perUnit = LLusdDebt - t.SnapshotLLusdDebt;
        return perUnit.IsZero ? UInt256.Zero : t.Stake * perUnit / LiquityMath.DecimalPrecision;
    }

    /// <summary><c>getEntireDebtAndColl</c>.</summary>
    internal (UInt256 Debt, UInt256 Coll, UInt256 PendingDebt, UInt256 PendingColl) EntireDebtAndColl(in TroveRecord t)
    {
        UInt256 pendingDebt = PendingDebt(t);
        UInt256 pendingColl = PendingEth(t);
        return (t.Debt + pendingDebt, t.Coll + pendingColl, pendingDebt, pendingColl);
    }

    /// <summary><c>getCurrentICR</c>.</summary>
    internal UInt256 CurrentIcr(in TroveRecord t, UInt256 price)
    {
        (UInt256 debt, UInt256 coll, _, _) = EntireDebtAndColl(t);
        return LiquityMath.ComputeCR(coll, debt, price);
    }

    /// <summary><c>getNominalICR</c>.</summary>
    internal UInt256 NominalIcr(in TroveRecord t)
    {
        (UInt256 debt, UInt256 coll, _, _) = EntireDebtAndColl(t);
        return LiquityMath.ComputeNominalCR(coll, debt);
    }

    /// <summary>
    /// <c>BorrowerOperations.openTrove</c> with the debt given whole (requested LUSD + borrowing fee + reserve): the
    /// minimum net debt, ICR ≥ MCR and new TCR ≥ CCR in Normal Mode, ICR ≥ CCR in Recovery Mode; then the trove's reward
    /// snapshots, its stake (<c>_computeNewStake</c>), and the pools.
    /// </summary>
    internal void OpenTrove(string owner, UInt256 coll, UInt256 debt, UInt256 price)
    {
        if (_troves.ContainsKey(owner))
        {
            ThrowHelper.Argument(nameof(owner), owner, "already has an active trove (BorrowerOperations: Trove is active)");
        }

        LiquityParameters p = Parameters;
        if (debt < p.LusdGasCompensation || debt - p.LusdGasCompensation < p.MinNetDebt)
        {
            ThrowHelper.OutOfRange(nameof(debt), debt, "net of the liquidation reserve must be at least MinNetDebt (BorrowerOperations: Trove's net debt must be greater than minimum)");
        }

        UInt256 icr = LiquityMath.ComputeCR(coll, debt, price);
        if (IsRecoveryMode(price))
        {
            if (icr < p.Ccr)
            {
                ThrowHelper.OutOfRange(nameof(coll), coll, "gives an ICR below CCR, refused in Recovery Mode (BorrowerOperations: Operation must leave trove with ICR >= CCR)");
            }
        }
        else
        {
            if (icr < p.Mcr)
            {
                ThrowHelper.OutOfRange(nameof(coll), coll, "gives an ICR below MCR (BorrowerOperations: An operation that would result in ICR < MCR is not permitted)");
            }

            if (LiquityMath.ComputeCR(EntireSystemColl + coll, EntireSystemDebt + debt, price) < p.Ccr)
            {
                ThrowHelper.OutOfRange(nameof(coll), coll, "would bring the TCR below CCR (BorrowerOperations: An operation that would result in TCR < CCR is not permitted)");
            }
        }

        UInt256 stake = ComputeNewStake(coll);
        UInt256 newTotalStakes = TotalStakes + stake;
        UInt256 newActiveEth = ActiveEth + coll;
        UInt256 newActiveDebt = ActiveDebt + debt;
        UInt256 newGas = GasPoolLusd + p.LusdGasCompensation;
        TotalStakes = newTotalStakes;
        ActiveEth = newActiveEth;
        ActiveDebt = newActiveDebt;
        GasPoolLusd = newGas;
        _troves[owner] = new TroveRecord(coll, debt, stake, LEth, LLusdDebt, NextTroveIndex);
        NextTroveIndex++;
    }

    /// <summary><c>_computeNewStake</c>: the collateral scaled by the stakes-to-collateral ratio at the last liquidation.</summary>
    private UInt256 ComputeNewStake(UInt256 coll) =>
        TotalCollateralSnapshot.IsZero ? coll : coll * TotalStakesSnapshot / TotalCollateralSnapshot;

    /// <summary>Deposit with the system's checks (<c>provideToSP</c>).</summary>
    internal StabilityPoolOperation Provide(string depositor, UInt256 amount) => Pool.Provide(depositor, amount);

    /// <summary>
    /// <c>withdrawFromSP</c>: a non-zero withdrawal is refused while the lowest-ICR trove is below MCR
    /// (<c>_requireNoUnderCollateralizedTroves</c>).
    /// </summary>
    internal StabilityPoolOperation Withdraw(string depositor, UInt256 amount, UInt256 price)
    {
        if (!amount.IsZero && _troves.Count > 0)
        {
            if (CurrentIcr(_troves[LowestNicrOwner()], price) < Parameters.Mcr)
            {
                throw new InvalidOperationException("StabilityPool: Cannot withdraw while there are troves with ICR < MCR.");
            }
        }

        return Pool.Withdraw(depositor, amount);
    }

    /// <summary>The trove at the tail of the sorted list (lowest nominal ICR, earliest opened on a tie), in one pass.</summary>
    internal string LowestNicrOwner()
    {
        string? owner = null;
        UInt256 best = UInt256.MaxValue;
        long bestIndex = long.MaxValue;
        foreach (KeyValuePair<string, TroveRecord> kv in _troves)
        {
            UInt256 nicr = NominalIcr(kv.Value);
            if (owner is null || nicr < best || (nicr == best && kv.Value.Index < bestIndex))
            {
                owner = kv.Key;
                best = nicr;
                bestIndex = kv.Value.Index;
            }
        }

        return owner ?? throw new InvalidOperationException("No active trove.");
    }

    /// <summary>
    /// Active troves from the lowest nominal ICR up, as <c>SortedTroves</c> keeps them from its tail; ties (which the
    /// contract orders by insertion hints) in opening order.
    /// </summary>
    internal string[] SortedByNicr()
    {
        var keys = new (UInt256 Nicr, long Index, string Owner)[_troves.Count];
        int i = 0;
        foreach (KeyValuePair<string, TroveRecord> kv in _troves)
        {
            keys[i++] = (NominalIcr(kv.Value), kv.Value.Index, kv.Key);
        }

        Array.Sort(keys, static (a, b) => a.Nicr != b.Nicr ? a.Nicr.CompareTo(b.Nicr) : a.Index.CompareTo(b.Index));
        var owners = new string[keys.Length];
        for (int k = 0; k < keys.Length; k++)
        {
            owners[k] = keys[k].Owner;
        }

        return owners;
    }

    /// <summary>
    /// <c>liquidateTroves(n)</c>: up to <paramref name="n"/> troves from the lowest ICR up. Returns null (the contract's
    /// "nothing to liquidate" revert) with no state changed.
    /// </summary>
    internal LiquidationOutcome? LiquidateTroves(int n, UInt256 price)
    {
        string[] sorted = SortedByNicr();
        UInt256 lusdInPool = Pool.TotalLusdDeposits;
        bool recovery = IsRecoveryMode(price);
        var troves = ImmutableArray.CreateBuilder<TroveLiquidation>();
        LiquidationTotals totals = default;
        UInt256 remaining = lusdInPool;
        if (recovery)
        {
            // _getTotalsFromLiquidateTrovesSequence_RecoveryMode: never reaches the highest trove (getFirst).
            bool backToNormal = false;
            UInt256 systemDebt = EntireSystemDebt;
            UInt256 systemColl = EntireSystemColl;
            for (int i = 0; i < n && i < sorted.Length - 1; i++)
            {
                string user = sorted[i];
                UInt256 icr = CurrentIcr(_troves[user], price);
                if (!backToNormal)
                {
                    if (icr >= Parameters.Mcr && remaining.IsZero)
                    {
                        break;
                    }

                    UInt256 tcr = LiquityMath.ComputeCR(systemColl, systemDebt, price);
                    TroveLiquidation? single = LiquidateRecoveryMode(user, icr, remaining, tcr, price);
                    if (single is TroveLiquidation s)
                    {
                        remaining -= s.DebtToOffset;
                        systemDebt -= s.DebtToOffset;

                        // This sequence also takes the surplus out of the system collateral; batchLiquidateTroves does not.
                        systemColl = systemColl - s.CollToSendToStabilityPool - s.CollSurplus;
                        totals = totals.Add(s);
                        troves.Add(s);
                    }

                    backToNormal = LiquityMath.ComputeCR(systemColl, systemDebt, price) >= Parameters.Ccr;
                }
                else if (icr < Parameters.Mcr)
                {
                    TroveLiquidation s = LiquidateNormalMode(user, icr, remaining);
                    remaining -= s.DebtToOffset;
                    totals = totals.Add(s);
                    troves.Add(s);
                }
                else
                {
                    break;
                }
            }
        }
        else
        {
            for (int i = 0; i < n && i < sorted.Length; i++)
            {
                string user = sorted[i];
                UInt256 icr = CurrentIcr(_troves[user], price);
                if (icr >= Parameters.Mcr)
                {
                    break;
                }

                TroveLiquidation s = LiquidateNormalMode(user, icr, remaining);
                remaining -= s.DebtToOffset;
                totals = totals.Add(s);
                troves.Add(s);
            }
        }

        return Finish(price, recovery, troves.ToImmutable(), totals);
    }

    /// <summary>
    /// <c>batchLiquidateTroves</c>: the given troves in the given order; troves not active are skipped (a closed trove's
    /// ICR is "infinite" in Normal Mode, its status is checked in Recovery Mode).
    /// </summary>
    internal LiquidationOutcome? BatchLiquidate(IReadOnlyList<string> owners, UInt256 price)
    {
        UInt256 lusdInPool = Pool.TotalLusdDeposits;
        bool recovery = IsRecoveryMode(price);
        var troves = ImmutableArray.CreateBuilder<TroveLiquidation>();
        LiquidationTotals totals = default;
        UInt256 remaining = lusdInPool;
        if (recovery)
        {
            bool backToNormal = false;
            UInt256 systemDebt = EntireSystemDebt;
            UInt256 systemColl = EntireSystemColl;
            foreach (string user in owners)
            {
                if (!_troves.TryGetValue(user, out TroveRecord t))
                {
                    continue;
                }

                UInt256 icr = CurrentIcr(t, price);
                if (!backToNormal)
                {
                    if (icr >= Parameters.Mcr && remaining.IsZero)
                    {
                        continue;
                    }

                    UInt256 tcr = LiquityMath.ComputeCR(systemColl, systemDebt, price);
                    TroveLiquidation? single = LiquidateRecoveryMode(user, icr, remaining, tcr, price);
                    if (single is TroveLiquidation s)
                    {
                        remaining -= s.DebtToOffset;
                        systemDebt -= s.DebtToOffset;
                        systemColl -= s.CollToSendToStabilityPool;
                        totals = totals.Add(s);
                        troves.Add(s);
                    }

                    backToNormal = LiquityMath.ComputeCR(systemColl, systemDebt, price) >= Parameters.Ccr;
                }
                else if (icr < Parameters.Mcr)
                {
                    TroveLiquidation s = LiquidateNormalMode(user, icr, remaining);
                    remaining -= s.DebtToOffset;
                    totals = totals.Add(s);
                    troves.Add(s);
                }
            }
        }
        else
        {
            foreach (string user in owners)
            {
                if (!_troves.TryGetValue(user, out TroveRecord t))
                {
                    continue;
                }

                UInt256 icr = CurrentIcr(t, price);
                if (icr < Parameters.Mcr)
                {
                    TroveLiquidation s = LiquidateNormalMode(user, icr, remaining);
                    remaining -= s.DebtToOffset;
                    totals = totals.Add(s);
                    troves.Add(s);
                }
            }
        }

        return Finish(price, recovery, troves.ToImmutable(), totals);
    }

    /// <summary>The common tail of both liquidation entry points: offset, redistribution, surplus, snapshots, gas compensation.</summary>
    private LiquidationOutcome? Finish(UInt256 price, bool recovery, ImmutableArray<TroveLiquidation> troves, LiquidationTotals totals)
    {
        if (totals.DebtInSequence.IsZero)
        {
            return null;
        }

        StabilityPoolOffset? offset = Pool.Offset(totals.DebtToOffset, totals.CollToSendToStabilityPool);
        if (offset is not null)
        {
            // _moveOffsetCollAndDebt: the cancelled debt leaves the active pool, the collateral goes to the pool.
            ActiveDebt -= totals.DebtToOffset;
            ActiveEth -= totals.CollToSendToStabilityPool;
        }

        Redistribution? redistribution = Redistribute(totals.DebtToRedistribute, totals.CollToRedistribute);
        if (!totals.CollSurplus.IsZero)
        {
            ActiveEth -= totals.CollSurplus;
            CollSurplusEth += totals.CollSurplus;
        }

        // _updateSystemSnapshots_excludeCollRemainder: the gas compensation is still in the active pool here.
        TotalStakesSnapshot = TotalStakes;
        TotalCollateralSnapshot = ActiveEth - totals.CollGasCompensation + DefaultEth;

        // _sendGasCompensation
        GasPoolLusd -= totals.LusdGasCompensation;
        ActiveEth -= totals.CollGasCompensation;
        return new LiquidationOutcome(price, recovery, troves, totals, offset, redistribution);
    }

    /// <summary><c>_liquidateNormalMode</c>.</summary>
    private TroveLiquidation LiquidateNormalMode(string owner, UInt256 icr, UInt256 lusdInPool)
    {
        TroveRecord t = _troves[owner];
        (UInt256 debt, UInt256 coll, UInt256 pendingDebt, UInt256 pendingColl) = EntireDebtAndColl(t);
        CheckNotLastTrove();
        MovePendingRewardsToActivePool(pendingDebt, pendingColl);
        RemoveStake(t);
        UInt256 collGas = Parameters.CollGasCompensation(coll);
        UInt256 collToLiquidate = coll - collGas;
        (UInt256 debtToOffset, UInt256 collToSp, UInt256 debtToRedistribute, UInt256 collToRedistribute) = OffsetAndRedistributionVals(debt, collToLiquidate, lusdInPool);
        RemovedTroves?.Add((owner, t));
        _ = _troves.Remove(owner);
        return new TroveLiquidation(owner, TroveLiquidationMode.Normal, icr, debt, coll, collGas, Parameters.LusdGasCompensation, debtToOffset, collToSp, debtToRedistribute, collToRedistribute, UInt256.Zero);
    }

    /// <summary><c>_liquidateRecoveryMode</c>; null where the contract returns zero values (the trove stays).</summary>
    private TroveLiquidation? LiquidateRecoveryMode(string owner, UInt256 icr, UInt256 lusdInPool, UInt256 tcr, UInt256 price)
    {
        if (_troves.Count <= 1)
        {
            return null;
        }

        TroveRecord t = _troves[owner];
        (UInt256 debt, UInt256 coll, UInt256 pendingDebt, UInt256 pendingColl) = EntireDebtAndColl(t);
        UInt256 collGas = Parameters.CollGasCompensation(coll);
        UInt256 collToLiquidate = coll - collGas;
        UInt256 gas = Parameters.LusdGasCompensation;
        TroveLiquidation result;
        if (icr <= LiquityMath.DecimalPrecision)
        {
            MovePendingRewardsToActivePool(pendingDebt, pendingColl);
            RemoveStake(t);
            result = new TroveLiquidation(owner, TroveLiquidationMode.RecoveryRedistribute, icr, debt, coll, collGas, gas, UInt256.Zero, UInt256.Zero, debt, collToLiquidate, UInt256.Zero);
        }
        else if (icr < Parameters.Mcr)
        {
            MovePendingRewardsToActivePool(pendingDebt, pendingColl);
            RemoveStake(t);
            (UInt256 debtToOffset, UInt256 collToSp, UInt256 debtToRedistribute, UInt256 collToRedistribute) = OffsetAndRedistributionVals(debt, collToLiquidate, lusdInPool);
            result = new TroveLiquidation(owner, TroveLiquidationMode.RecoveryOffset, icr, debt, coll, collGas, gas, debtToOffset, collToSp, debtToRedistribute, collToRedistribute, UInt256.Zero);
        }
        else if (icr < tcr && debt <= lusdInPool)
        {
            MovePendingRewardsToActivePool(pendingDebt, pendingColl);
            RemoveStake(t);

            // _getCappedOffsetVals: the pool takes collateral worth 110 % of the debt, the borrower keeps the rest.
            UInt256 collToOffset = debt * Parameters.Mcr / price;
            UInt256 cappedGas = Parameters.CollGasCompensation(collToOffset);
            UInt256 surplus = coll - collToOffset;
            result = new TroveLiquidation(owner, TroveLiquidationMode.RecoveryCapped, icr, debt, coll, cappedGas, gas, debt, collToOffset - cappedGas, UInt256.Zero, UInt256.Zero, surplus);
            if (!surplus.IsZero)
            {
                _collSurplus[owner] = (_collSurplus.TryGetValue(owner, out UInt256 prior) ? prior : UInt256.Zero) + surplus;
            }
        }
        else
        {
            return null;
        }

        RemovedTroves?.Add((owner, t));
        _ = _troves.Remove(owner);
        return result;
    }

    /// <summary><c>_getOffsetAndRedistributionVals</c>.</summary>
    private static (UInt256 DebtToOffset, UInt256 CollToSp, UInt256 DebtToRedistribute, UInt256 CollToRedistribute) OffsetAndRedistributionVals(UInt256 debt, UInt256 coll, UInt256 lusdInPool)
    {
        if (lusdInPool.IsZero)
        {
            return (UInt256.Zero, UInt256.Zero, debt, coll);
        }

        UInt256 debtToOffset = UInt256.Min(debt, lusdInPool);
        UInt256 collToSp = coll * debtToOffset / debt;
        return (debtToOffset, collToSp, debt - debtToOffset, coll - collToSp);
    }

    /// <summary>
    /// <c>_redistributeDebtAndColl</c>: per-unit-staked rewards with error feedback, added to L_ETH and L_LUSDDebt; the
    /// debt and collateral move from the active to the default pool.
    /// </summary>
    private Redistribution? Redistribute(UInt256 debt, UInt256 coll)
    {
        if (debt.IsZero)
        {
            return null;
        }

        UInt256 dp = LiquityMath.DecimalPrecision;
        UInt256 ethNumerator = (coll * dp) + LastEthErrorRedistribution;
        UInt256 debtNumerator = (debt * dp) + LastLusdDebtErrorRedistribution;
        UInt256 ethPerUnit = ethNumerator / TotalStakes;
        UInt256 debtPerUnit = debtNumerator / TotalStakes;
        LastEthErrorRedistribution = ethNumerator - (ethPerUnit * TotalStakes);
        LastLusdDebtErrorRedistribution = debtNumerator - (debtPerUnit * TotalStakes);
        LEth += ethPerUnit;
        LLusdDebt += debtPerUnit;
        ActiveDebt -= debt;
        DefaultDebt += debt;
        ActiveEth -= coll;
        DefaultEth += coll;
        return new Redistribution(debt, coll, TotalStakes, ethPerUnit, debtPerUnit, LEth, LLusdDebt);
    }

    /// <summary><c>_movePendingTroveRewardsToActivePool</c>.</summary>
    private void MovePendingRewardsToActivePool(UInt256 debt, UInt256 coll)
    {
        DefaultDebt -= debt;
        ActiveDebt += debt;
        DefaultEth -= coll;
        ActiveEth += coll;
    }

    /// <summary><c>_removeStake</c>.</summary>
    private void RemoveStake(in TroveRecord t) => TotalStakes -= t.Stake;

    /// <summary><c>_closeTrove</c>'s <c>_requireMoreThanOneTroveInSystem</c>: the whole transaction reverts.</summary>
    private void CheckNotLastTrove()
    {
        if (_troves.Count <= 1)
        {
            throw new InvalidOperationException("TroveManager: Only one trove in the system (the last trove cannot be liquidated).");
        }
    }
}

/// <summary>A trove's storage slot; the index is its opening order, used only to break ties in the sorted list.</summary>
internal readonly record struct TroveRecord(UInt256 Coll, UInt256 Debt, UInt256 Stake, UInt256 SnapshotLEth, UInt256 SnapshotLLusdDebt, long Index);

/// <summary>What a liquidation transaction did to a ledger.</summary>
internal sealed record LiquidationOutcome(
    UInt256 Price,
    bool RecoveryModeAtStart,
    ImmutableArray<TroveLiquidation> Troves,
    LiquidationTotals Totals,
    StabilityPoolOffset? Offset,
    Redistribution? Redistribution);
