using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>The ledger's side of the run log: recording closed troves, and applying logged events in a replay.</summary>
internal sealed partial class LiquityLedger
{
    /// <summary>When set, every trove a liquidation removes is added here with its record before removal.</summary>
    internal List<(string Owner, TroveRecord Record)>? RemovedTroves { get; set; }

    /// <summary>Applies <see cref="LiquityTroveClosed"/>: pending rewards to the active pool, stake out, surplus to the borrower.</summary>
    internal void ApplyTroveClosed(LiquityTroveClosed e)
    {
        TroveLiquidation t = e.Liquidation;
        TroveRecord record = default;
        if (t.Owner is null || !_troves.TryGetValue(t.Owner, out record)
            || record.Coll != e.RecordedCollateral || record.Debt != e.RecordedDebt || record.Stake != e.Stake
            || t.EntireCollateral < e.RecordedCollateral || t.EntireDebt < e.RecordedDebt)
        {
            ThrowHelper.Argument("events", e.Sequence, "must close an active trove as it is recorded at that point");
        }

        MovePendingRewardsToActivePool(t.EntireDebt - e.RecordedDebt, t.EntireCollateral - e.RecordedCollateral);
        RemoveStake(record);
        _ = _troves.Remove(t.Owner);
        if (!t.CollSurplus.IsZero)
        {
            _collSurplus[t.Owner] = (_collSurplus.TryGetValue(t.Owner, out UInt256 prior) ? prior : UInt256.Zero) + t.CollSurplus;
        }
    }

    /// <summary>Applies <see cref="LiquityDebtOffset"/>: the pool's side, then the active pool's (<c>_moveOffsetCollAndDebt</c>).</summary>
    internal void ApplyOffset(LiquityDebtOffset e)
    {
        Pool.ApplyOffset(e);
        ActiveDebt -= e.Offset.DebtToOffset;
        ActiveEth -= e.Offset.CollAdded;
    }

    /// <summary>Applies <see cref="LiquityDebtRedistributed"/>: rewards per stake, remainders, active to default pool.</summary>
    internal void ApplyRedistribution(LiquityDebtRedistributed e)
    {
        Redistribution r = e.Redistribution;
        if (r.TotalStakes != TotalStakes)
        {
            ThrowHelper.Argument("events", e.Sequence, "must redistribute over the total stakes at that point");
        }

        LEth += r.EthRewardPerUnitStaked;
        LLusdDebt += r.LusdDebtRewardPerUnitStaked;
        LastEthErrorRedistribution = e.LastEthErrorRedistribution;
        LastLusdDebtErrorRedistribution = e.LastLusdDebtErrorRedistribution;
        ActiveDebt -= r.Debt;
        DefaultDebt += r.Debt;
        ActiveEth -= r.Collateral;
        DefaultEth += r.Collateral;
    }

    /// <summary>Applies <see cref="LiquityLiquidationSettled"/>: surplus out of the active pool, snapshots, gas compensation.</summary>
    internal void ApplySettled(LiquityLiquidationSettled e)
    {
        ActiveEth -= e.CollSurplus;
        CollSurplusEth += e.CollSurplus;
        TotalStakesSnapshot = e.TotalStakesSnapshot;
        TotalCollateralSnapshot = e.TotalCollateralSnapshot;
        GasPoolLusd -= e.LusdGasCompensation;
        ActiveEth -= e.CollGasCompensation;
    }
}

/// <summary>The stability pool's side of a replayed offset.</summary>
internal sealed partial class StabilityPoolLedger
{
    /// <summary>Applies an offset: the sum of its epoch and scale, the product, epoch, scale, remainders and balances.</summary>
    internal void ApplyOffset(LiquityDebtOffset e)
    {
        StabilityPoolOffset o = e.Offset;
        if (o.PBefore != P || o.EpochBefore != CurrentEpoch || o.ScaleBefore != CurrentScale || o.DebtToOffset > TotalLusdDeposits)
        {
            ThrowHelper.Argument("events", e.Sequence, "must offset from the pool's product, epoch, scale and deposits at that point");
        }

        _sums[(o.EpochBefore, o.ScaleBefore)] = o.SAfter;
        P = o.PAfter;
        CurrentEpoch = o.EpochAfter;
        CurrentScale = o.ScaleAfter;
        LastEthErrorOffset = e.LastEthErrorOffset;
        LastLusdLossErrorOffset = e.LastLusdLossErrorOffset;
        TotalLusdDeposits -= o.DebtToOffset;
        Eth += o.CollAdded;
    }
}
