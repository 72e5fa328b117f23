using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.DeFi.Simulation;

/// <summary>
/// Something a <see cref="LendingStressSimulation"/> changed: the oracle price, the pool, or an account. Every change to
/// the run's state is one of these, numbered in the order it happened; <see cref="LendingStressReplay.Replay"/> rebuilds
/// the state from the scenario and the log alone, to the token unit.
/// </summary>
/// <param name="Sequence">Position in the run's log: 1, 2, 3, … with no gaps.</param>
/// <param name="Step">The step it happened in, from 1.</param>
/// <remarks>
/// The numbering follows the core engine's event log (<c>LiquidationSim.Liquidation.LiquidationEvent</c>: from 1,
/// without gaps). Immutable.
/// </remarks>
public abstract record LendingRunEvent(long Sequence, long Step);

/// <summary>The step's price move: the collateral's external price and the oracle price the market now uses.</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Step">The step.</param>
/// <param name="ExternalPrice">The collateral's external price (base currency).</param>
/// <param name="OraclePrice">The collateral reserve's new oracle price, in base-currency units (<see cref="AaveMarket.WithPrice"/>).</param>
public sealed record LendingPriceMoved(long Sequence, long Step, decimal ExternalPrice, UInt256 OraclePrice) : LendingRunEvent(Sequence, Step);

/// <summary>
/// Arbitrage moved the pool toward the external price: its reserves before and after (an outside trade, so the
/// constant product holds only up to rounding; the difference is what the arbitrageurs took or brought).
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Step">The step.</param>
/// <param name="BaseBefore">Collateral in the pool before.</param>
/// <param name="QuoteBefore">Debt token in the pool before.</param>
/// <param name="BaseAfter">Collateral in the pool after.</param>
/// <param name="QuoteAfter">Debt token in the pool after.</param>
public sealed record LendingPoolArbitraged(long Sequence, long Step, UInt256 BaseBefore, UInt256 QuoteBefore, UInt256 BaseAfter, UInt256 QuoteAfter)
    : LendingRunEvent(Sequence, Step);

/// <summary>How a liquidation changed one of the borrower's positions (scaled balances, as the tokens store them).</summary>
/// <param name="Symbol">The reserve.</param>
/// <param name="ScaledCollateralBurned">Scaled aToken balance removed (liquidator's part, protocol fee, or all of it).</param>
/// <param name="ScaledDebtBurned">Scaled variable debt removed (repaid, or written off as a deficit).</param>
/// <param name="CollateralEnabled">Whether the supply counts as collateral after (Aave clears it when the whole balance is seized).</param>
public readonly record struct LendingPositionChange(string Symbol, UInt256 ScaledCollateralBurned, UInt256 ScaledDebtBurned, bool CollateralEnabled);

/// <summary>
/// A <c>liquidationCall</c> on one account (<c>LiquidationLogic.executeLiquidationCall</c>, <c>_burnDebtTokens</c> and
/// <c>_burnBadDebt</c> in aave-v3-core 782f519 and aave-v3-origin v3.3.0, as <see cref="FixedSpread.AaveLiquidation"/>
/// models them; the amounts are <see cref="FixedSpread.AaveLiquidationResult"/>'s): what left the borrower, where it went.
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Step">The step.</param>
/// <param name="Account">The account's position in <see cref="LendingStressScenario.Accounts"/>.</param>
/// <param name="DebtRepaid">Debt repaid by the liquidator, in the debt token's smallest units.</param>
/// <param name="LiquidatorCollateral">Collateral the liquidator received, in the collateral token's smallest units.</param>
/// <param name="ProtocolFee">Collateral sent to the treasury, in the collateral token's smallest units.</param>
/// <param name="Deficits">Debt written off as reserve deficits (v3.3+ bad-debt clean-up), by reserve.</param>
/// <param name="Changes">The borrower's positions that changed, in the account's position order.</param>
public sealed record LendingAccountLiquidated(
    long Sequence,
    long Step,
    int Account,
    UInt256 DebtRepaid,
    UInt256 LiquidatorCollateral,
    UInt256 ProtocolFee,
    ImmutableArray<FixedSpread.AaveDeficit> Deficits,
    ImmutableArray<LendingPositionChange> Changes) : LendingRunEvent(Sequence, Step)
{
    /// <summary>Collateral taken from the borrower: <see cref="LiquidatorCollateral"/> + <see cref="ProtocolFee"/>.</summary>
    public UInt256 CollateralSeized => LiquidatorCollateral + ProtocolFee;
}

/// <summary>The liquidator sold its collateral into the pool (<see cref="ConstantProductPool.Sell"/>).</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Step">The step.</param>
/// <param name="Amount">Collateral into the pool, in the collateral token's smallest units.</param>
/// <param name="Proceeds">Debt token out of the pool, in its smallest units.</param>
public sealed record LendingCollateralSold(long Sequence, long Step, UInt256 Amount, UInt256 Proceeds) : LendingRunEvent(Sequence, Step);
