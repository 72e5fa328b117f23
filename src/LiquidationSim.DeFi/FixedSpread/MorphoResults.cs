using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// Why Morpho Blue's <c>liquidate</c> reverted, named after the revert (morpho-org/morpho-blue v1.0.0,
/// <c>src/libraries/ErrorsLib.sol</c> and the checked subtractions of <c>src/Morpho.sol</c>).
/// </summary>
public enum MorphoLiquidationError
{
    /// <summary>The liquidation happened.</summary>
    None = 0,

    /// <summary><c>INCONSISTENT_INPUT</c> ("inconsistent input"): not exactly one of seized assets and repaid shares is zero.</summary>
    InconsistentInput,

    /// <summary><c>HEALTHY_POSITION</c> ("position is healthy"): after accrual, the position's max borrow covers its debt.</summary>
    HealthyPosition,

    /// <summary><c>MAX_UINT128_EXCEEDED</c> ("max uint128 exceeded"): the repaid shares or the seized assets do not fit in <c>uint128</c>.</summary>
    MaxUInt128Exceeded,

    /// <summary>Arithmetic underflow (panic 0x11) of <c>position.borrowShares -= repaidShares</c>: the liquidator asked to repay more shares than the borrower owes.</summary>
    RepaidSharesExceedBorrowShares,

    /// <summary>Arithmetic underflow (panic 0x11) of <c>position.collateral -= seizedAssets</c>: the liquidator asked to seize more collateral than the borrower has.</summary>
    SeizedAssetsExceedCollateral,
}

/// <summary>What <c>_accrueInterest</c> did to a market (its <c>AccrueInterest</c> event, plus the new state).</summary>
/// <param name="Market">The market after accrual (<c>lastUpdate</c> moved to the timestamp).</param>
/// <param name="Interest">Interest added to both total borrow and total supply assets.</param>
/// <param name="FeeShares">Supply shares minted to the fee recipient (the caller credits them to its position).</param>
public readonly record struct MorphoAccrual(MorphoMarket Market, UInt256 Interest, UInt256 FeeShares);

/// <summary>
/// The outcome of <see cref="MorphoLiquidation.Liquidate(MorphoMarket, MorphoPosition, UInt256, UInt256, UInt256, ulong)"/>:
/// the market and borrower position after, and the amounts of Morpho's <c>Liquidate</c> event. On a revert nothing
/// changes: <see cref="Market"/> and <see cref="Position"/> are the inputs (not even interest is accrued) and every
/// amount is zero.
/// </summary>
/// <remarks>
/// Identities of a successful liquidation (exact): total borrow shares fall by <see cref="RepaidShares"/> +
/// <see cref="BadDebtShares"/>, as do the borrower's; collateral falls by <see cref="SeizedAssets"/>; total supply
/// assets fall by <see cref="BadDebtAssets"/> from their accrued value; total borrow assets become
/// <c>max(0, accrued − repaidAssets) − badDebtAssets</c>. Bad debt is non-zero only when the collateral reaches zero.
/// </remarks>
public sealed record MorphoLiquidationResult
{
    /// <summary>Why the liquidation reverted, or <see cref="MorphoLiquidationError.None"/>.</summary>
    public required MorphoLiquidationError Error { get; init; }

    /// <summary>Whether the liquidation happened.</summary>
    public bool Succeeded => Error == MorphoLiquidationError.None;

    /// <summary>The market after (accrued, then liquidated), or the input on a revert.</summary>
    public required MorphoMarket Market { get; init; }

    /// <summary>The borrower's position after, or the input on a revert.</summary>
    public required MorphoPosition Position { get; init; }

    /// <summary>The liquidation incentive factor applied (wad); zero on a revert.</summary>
    public required UInt256 LiquidationIncentiveFactor { get; init; }

    /// <summary>Collateral paid to the liquidator (collateral smallest units).</summary>
    public required UInt256 SeizedAssets { get; init; }

    /// <summary>Borrow shares repaid by the liquidator.</summary>
    public required UInt256 RepaidShares { get; init; }

    /// <summary>Loan tokens the liquidator pays, <c>toAssetsUp(repaidShares)</c>; may exceed total borrow by one unit.</summary>
    public required UInt256 RepaidAssets { get; init; }

    /// <summary>Borrow assets written off and taken from suppliers when the collateral reached zero.</summary>
    public required UInt256 BadDebtAssets { get; init; }

    /// <summary>The borrower's remaining borrow shares written off when the collateral reached zero.</summary>
    public required UInt256 BadDebtShares { get; init; }

    /// <summary>Interest accrued at the start of the call (already in <see cref="Market"/>).</summary>
    public required UInt256 AccruedInterest { get; init; }

    /// <summary>Supply shares minted to the fee recipient by the accrual (already in the market's total supply shares).</summary>
    public required UInt256 FeeShares { get; init; }
}
