using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>
/// Something a <see cref="LiquityStressSimulation"/> changed: the price, a trove closed by liquidation, the stability
/// pool's offset, a redistribution, or a liquidation transaction's settlement. Numbered in the order it happened;
/// <see cref="LiquityStressReplay.Replay"/> rebuilds the system from the scenario and the log alone, to the wei.
/// </summary>
/// <param name="Sequence">Position in the run's log: 1, 2, 3, … with no gaps.</param>
/// <param name="Step">The step it happened in, from 1.</param>
/// <remarks>
/// One <c>liquidateTroves</c> call logs its closed troves in the order processed, then the offset (when the pool took
/// any debt), the redistribution (when any debt was redistributed), and the settlement: the order of
/// <c>TroveManager._liquidateTroves</c>' tail at liquity/dev bf638ecba62dce275ee7f9d7e74c0f3ecacbfd14. The numbering
/// follows the core engine's event log (from 1, without gaps). Immutable.
/// </remarks>
public abstract record LiquityRunEvent(long Sequence, long Step);

/// <summary>The step's price move.</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Step">The step.</param>
/// <param name="Price">ETH:USD for the step (8 decimals, as the run rounds it).</param>
public sealed record LiquityPriceMoved(long Sequence, long Step, decimal Price) : LiquityRunEvent(Sequence, Step);

/// <summary>
/// A trove closed by liquidation: its pending rewards moved from the default pool to the active pool
/// (<c>_movePendingTroveRewardsToActivePool</c>), its stake removed (<c>_removeStake</c>), and any collateral surplus
/// credited to the borrower (<c>CollSurplusPool.accountSurplus</c>).
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Step">The step.</param>
/// <param name="Liquidation">What the liquidation took and where it went.</param>
/// <param name="RecordedCollateral">The trove's stored collateral before (without pending rewards), in wei.</param>
/// <param name="RecordedDebt">The trove's stored debt before (without pending rewards), in LUSD wei.</param>
/// <param name="Stake">The trove's stake, removed from the total.</param>
public sealed record LiquityTroveClosed(long Sequence, long Step, TroveLiquidation Liquidation, UInt256 RecordedCollateral, UInt256 RecordedDebt, UInt256 Stake)
    : LiquityRunEvent(Sequence, Step);

/// <summary>
/// Debt cancelled against the stability pool and collateral sent to it (<c>StabilityPool.offset</c> and
/// <c>_moveOffsetCollAndDebt</c>), with the error-feedback remainders the offset left.
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Step">The step.</param>
/// <param name="Offset">The offset's amounts, product, sum, epoch and scale.</param>
/// <param name="LastEthErrorOffset"><c>lastETHError_Offset</c> after.</param>
/// <param name="LastLusdLossErrorOffset"><c>lastLUSDLossError_Offset</c> after.</param>
public sealed record LiquityDebtOffset(long Sequence, long Step, StabilityPoolOffset Offset, UInt256 LastEthErrorOffset, UInt256 LastLusdLossErrorOffset)
    : LiquityRunEvent(Sequence, Step);

/// <summary>
/// Debt and collateral redistributed to the active troves (<c>_redistributeDebtAndColl</c>): moved from the active to
/// the default pool, with the per-stake rewards added to L_ETH and L_LUSDDebt and the remainders carried.
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Step">The step.</param>
/// <param name="Redistribution">The amounts and rewards per unit staked.</param>
/// <param name="LastEthErrorRedistribution"><c>lastETHError_Redistribution</c> after.</param>
/// <param name="LastLusdDebtErrorRedistribution"><c>lastLUSDDebtError_Redistribution</c> after.</param>
public sealed record LiquityDebtRedistributed(
    long Sequence, long Step, Redistribution Redistribution, UInt256 LastEthErrorRedistribution, UInt256 LastLusdDebtErrorRedistribution)
    : LiquityRunEvent(Sequence, Step);

/// <summary>
/// The end of a liquidation transaction: the collateral surplus sent to the surplus pool, the system snapshots
/// (<c>_updateSystemSnapshots_excludeCollRemainder</c>), and the gas compensation paid to the liquidator
/// (<c>_sendGasCompensation</c>: LUSD from the gas pool, collateral from the active pool).
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Step">The step.</param>
/// <param name="CollSurplus">Collateral moved to the surplus pool, in wei.</param>
/// <param name="CollGasCompensation">Collateral paid to the liquidator, in wei.</param>
/// <param name="LusdGasCompensation">LUSD paid to the liquidator from the gas pool, in wei.</param>
/// <param name="TotalStakesSnapshot"><c>totalStakesSnapshot</c> after.</param>
/// <param name="TotalCollateralSnapshot"><c>totalCollateralSnapshot</c> after.</param>
public sealed record LiquityLiquidationSettled(
    long Sequence, long Step, UInt256 CollSurplus, UInt256 CollGasCompensation, UInt256 LusdGasCompensation, UInt256 TotalStakesSnapshot, UInt256 TotalCollateralSnapshot)
    : LiquityRunEvent(Sequence, Step);
