using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>
/// A trove as <c>TroveManager.Troves[owner]</c> stores it, with its reward snapshots (<c>rewardSnapshots[owner]</c>).
/// <see cref="Collateral"/> and <see cref="Debt"/> exclude pending redistribution rewards; see
/// <see cref="LiquitySystem.GetEntireDebtAndColl(string)"/>.
/// </summary>
/// <param name="Owner">The borrower.</param>
/// <param name="Collateral">Recorded collateral, in wei.</param>
/// <param name="Debt">Recorded debt including the liquidation reserve (the "composite" debt), in LUSD wei.</param>
/// <param name="Stake">The trove's stake in redistributions (<c>_computeNewStake</c>).</param>
/// <param name="SnapshotLEth">L_ETH when the trove last took its rewards.</param>
/// <param name="SnapshotLLusdDebt">L_LUSDDebt when the trove last took its rewards.</param>
public readonly record struct Trove(string Owner, UInt256 Collateral, UInt256 Debt, UInt256 Stake, UInt256 SnapshotLEth, UInt256 SnapshotLLusdDebt);

/// <summary>
/// A stability-pool deposit as <c>StabilityPool.deposits</c> and <c>depositSnapshots</c> store it: the value recorded at
/// the depositor's last operation and the snapshots of P, S, scale and epoch taken then.
/// </summary>
/// <param name="Depositor">The depositor.</param>
/// <param name="InitialValue">The deposit as of the snapshots, in LUSD wei (<c>initialValue</c>).</param>
/// <param name="SnapshotP">P at the snapshot.</param>
/// <param name="SnapshotS">S of the snapshot's epoch and scale, at the snapshot.</param>
/// <param name="Scale">The scale at the snapshot.</param>
/// <param name="Epoch">The epoch at the snapshot.</param>
public readonly record struct StabilityDeposit(string Depositor, UInt256 InitialValue, UInt256 SnapshotP, UInt256 SnapshotS, ulong Scale, ulong Epoch);

/// <summary>Which of <c>TroveManager</c>'s single-trove rules liquidated a trove.</summary>
public enum TroveLiquidationMode
{
    /// <summary><c>_liquidateNormalMode</c>: ICR below MCR; offset what the pool can take, redistribute the rest.</summary>
    Normal,

    /// <summary><c>_liquidateRecoveryMode</c>, ICR ≤ 100 %: everything (less gas compensation) redistributed.</summary>
    RecoveryRedistribute,

    /// <summary><c>_liquidateRecoveryMode</c>, 100 % &lt; ICR &lt; MCR: as in Normal Mode.</summary>
    RecoveryOffset,

    /// <summary>
    /// <c>_liquidateRecoveryMode</c>, MCR ≤ ICR &lt; TCR with the whole debt covered by the pool: offset at a collateral
    /// ratio capped at MCR (<c>_getCappedOffsetVals</c>); the rest of the collateral is the borrower's surplus.
    /// </summary>
    RecoveryCapped,
}

/// <summary>
/// One trove's liquidation, the values <c>TroveManager.LiquidationValues</c> holds for it.
/// </summary>
/// <param name="Owner">The borrower.</param>
/// <param name="Mode">The rule applied.</param>
/// <param name="Icr">The trove's ICR at the liquidation price, including pending rewards, 18 decimals.</param>
/// <param name="EntireDebt">Debt including pending rewards, in LUSD wei.</param>
/// <param name="EntireCollateral">Collateral including pending rewards, in wei.</param>
/// <param name="CollGasCompensation">Collateral paid to the liquidator (0.5 % of the collateral, or of the capped portion).</param>
/// <param name="LusdGasCompensation">LUSD paid to the liquidator from the gas pool (the reserve).</param>
/// <param name="DebtToOffset">Debt cancelled against stability-pool LUSD.</param>
/// <param name="CollToSendToStabilityPool">Collateral sent to the stability pool's depositors.</param>
/// <param name="DebtToRedistribute">Debt redistributed to the active troves.</param>
/// <param name="CollToRedistribute">Collateral redistributed to the active troves.</param>
/// <param name="CollSurplus">Collateral left to the borrower in the surplus pool (capped liquidation only).</param>
public readonly record struct TroveLiquidation(
    string Owner,
    TroveLiquidationMode Mode,
    UInt256 Icr,
    UInt256 EntireDebt,
    UInt256 EntireCollateral,
    UInt256 CollGasCompensation,
    UInt256 LusdGasCompensation,
    UInt256 DebtToOffset,
    UInt256 CollToSendToStabilityPool,
    UInt256 DebtToRedistribute,
    UInt256 CollToRedistribute,
    UInt256 CollSurplus);

/// <summary>What one <c>StabilityPool.offset</c> call computed and changed.</summary>
/// <param name="DebtToOffset">LUSD cancelled (burned from the pool).</param>
/// <param name="CollAdded">Collateral added to the pool.</param>
/// <param name="EthGainPerUnitStaked">ETH gain per unit of LUSD deposited, 18 decimals, floored with error feedback.</param>
/// <param name="LusdLossPerUnitStaked">LUSD loss per unit deposited, 18 decimals; one more than the floored quotient unless the pool empties.</param>
/// <param name="PBefore">P before the offset.</param>
/// <param name="PAfter">P after (reset to 1e18 when the pool empties).</param>
/// <param name="SAfter">S of the epoch and scale the offset happened in, after the offset.</param>
/// <param name="EpochBefore">The epoch during the offset.</param>
/// <param name="ScaleBefore">The scale during the offset.</param>
/// <param name="EpochAfter">The epoch after (one more when the pool emptied).</param>
/// <param name="ScaleAfter">The scale after (one more when P fell below 1e9; 0 in a new epoch).</param>
public readonly record struct StabilityPoolOffset(
    UInt256 DebtToOffset,
    UInt256 CollAdded,
    UInt256 EthGainPerUnitStaked,
    UInt256 LusdLossPerUnitStaked,
    UInt256 PBefore,
    UInt256 PAfter,
    UInt256 SAfter,
    ulong EpochBefore,
    ulong ScaleBefore,
    ulong EpochAfter,
    ulong ScaleAfter);

/// <summary>What one <c>TroveManager._redistributeDebtAndColl</c> call computed.</summary>
/// <param name="Debt">Debt redistributed, in LUSD wei.</param>
/// <param name="Collateral">Collateral redistributed, in wei.</param>
/// <param name="TotalStakes">The stakes it was divided over.</param>
/// <param name="EthRewardPerUnitStaked">Added to L_ETH.</param>
/// <param name="LusdDebtRewardPerUnitStaked">Added to L_LUSDDebt.</param>
/// <param name="LEth">L_ETH after.</param>
/// <param name="LLusdDebt">L_LUSDDebt after.</param>
public readonly record struct Redistribution(
    UInt256 Debt,
    UInt256 Collateral,
    UInt256 TotalStakes,
    UInt256 EthRewardPerUnitStaked,
    UInt256 LusdDebtRewardPerUnitStaked,
    UInt256 LEth,
    UInt256 LLusdDebt);

/// <summary>The sums of a liquidation sequence (<c>TroveManager.LiquidationTotals</c>).</summary>
/// <param name="CollInSequence">Entire collateral of the liquidated troves.</param>
/// <param name="DebtInSequence">Entire debt of the liquidated troves.</param>
/// <param name="CollGasCompensation">Collateral paid to the liquidator.</param>
/// <param name="LusdGasCompensation">LUSD paid to the liquidator.</param>
/// <param name="DebtToOffset">Debt offset against the stability pool.</param>
/// <param name="CollToSendToStabilityPool">Collateral sent to the stability pool.</param>
/// <param name="DebtToRedistribute">Debt redistributed.</param>
/// <param name="CollToRedistribute">Collateral redistributed.</param>
/// <param name="CollSurplus">Collateral left to borrowers as surplus.</param>
public readonly record struct LiquidationTotals(
    UInt256 CollInSequence,
    UInt256 DebtInSequence,
    UInt256 CollGasCompensation,
    UInt256 LusdGasCompensation,
    UInt256 DebtToOffset,
    UInt256 CollToSendToStabilityPool,
    UInt256 DebtToRedistribute,
    UInt256 CollToRedistribute,
    UInt256 CollSurplus)
{
    internal LiquidationTotals Add(in TroveLiquidation t) => new(
        CollInSequence + t.EntireCollateral,
        DebtInSequence + t.EntireDebt,
        CollGasCompensation + t.CollGasCompensation,
        LusdGasCompensation + t.LusdGasCompensation,
        DebtToOffset + t.DebtToOffset,
        CollToSendToStabilityPool + t.CollToSendToStabilityPool,
        DebtToRedistribute + t.DebtToRedistribute,
        CollToRedistribute + t.CollToRedistribute,
        CollSurplus + t.CollSurplus);
}

/// <summary>
/// The outcome of a liquidation transaction (<c>liquidate</c>, <c>batchLiquidateTroves</c> or <c>liquidateTroves</c>):
/// the system after it and everything that explains the change.
/// </summary>
/// <param name="System">The system after the liquidation.</param>
/// <param name="Price">The oracle price used, 18 decimals.</param>
/// <param name="RecoveryModeAtStart">Whether the system's TCR was below CCR when the transaction started.</param>
/// <param name="Troves">The troves liquidated, in the order they were processed.</param>
/// <param name="Totals">The sums over <paramref name="Troves"/>.</param>
/// <param name="Offset">The stability-pool offset, or <see langword="null"/> when nothing was offset.</param>
/// <param name="Redistribution">The redistribution, or <see langword="null"/> when no debt was redistributed.</param>
/// <remarks>
/// The contract's <c>Liquidation</c> event reports <see cref="LiquidationTotals.DebtInSequence"/> and the collateral
/// liquidated, <see cref="LiquidatedCollateral"/>. Immutable.
/// </remarks>
public sealed record LiquityLiquidationResult(
    LiquitySystem System,
    UInt256 Price,
    bool RecoveryModeAtStart,
    ImmutableArray<TroveLiquidation> Troves,
    LiquidationTotals Totals,
    StabilityPoolOffset? Offset,
    Redistribution? Redistribution)
{
    /// <summary>Collateral liquidated net of gas compensation and surplus (the <c>Liquidation</c> event's <c>_liquidatedColl</c>).</summary>
    public UInt256 LiquidatedCollateral => Totals.CollInSequence - Totals.CollGasCompensation - Totals.CollSurplus;
}

/// <summary>
/// The result of a stability-pool deposit or withdrawal (<c>provideToSP</c>, <c>withdrawFromSP</c>): the depositor's
/// compounded deposit and ETH gain before the operation, what moved, and the pool after.
/// </summary>
/// <param name="Depositor">The depositor.</param>
/// <param name="CompoundedDepositBefore">The compounded deposit before the operation, in LUSD wei.</param>
/// <param name="EthGainPaid">The ETH gain paid out to the depositor, in wei.</param>
/// <param name="LusdDeposited">LUSD added to the pool (deposit) in wei; zero for a withdrawal.</param>
/// <param name="LusdWithdrawn">LUSD paid to the depositor (withdrawal) in wei; zero for a deposit.</param>
/// <param name="NewDeposit">The deposit recorded after the operation.</param>
public readonly record struct StabilityPoolOperation(
    string Depositor,
    UInt256 CompoundedDepositBefore,
    UInt256 EthGainPaid,
    UInt256 LusdDeposited,
    UInt256 LusdWithdrawn,
    UInt256 NewDeposit);
