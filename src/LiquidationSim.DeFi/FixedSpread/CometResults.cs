using System.Collections.Immutable;
using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>One collateral asset taken by <c>absorb</c> (Comet's <c>AbsorbCollateral</c> event, plus the factored value).</summary>
/// <param name="Asset">The asset's symbol.</param>
/// <param name="Amount">The whole balance seized (smallest units).</param>
/// <param name="Value"><c>mulPrice(amount, price, scale)</c>: dollars × 1e8, before the liquidation factor.</param>
/// <param name="DiscountedValue"><c>mulFactor(value, liquidationFactor)</c>: what the user is credited for it, dollars × 1e8.</param>
public readonly record struct CometSeizedCollateral(string Asset, UInt256 Amount, UInt256 Value, UInt256 DiscountedValue);

/// <summary>
/// What <c>absorbInternal</c> did to one account. Present values are in base smallest units, values in dollars × 1e8.
/// </summary>
/// <remarks>
/// Accounting identity (exact, by construction of <c>newBalance = max(0, oldBalance + deltaBalance)</c>):
/// <see cref="DeltaBalance"/> + <see cref="Shortfall"/> = <see cref="DebtAbsorbed"/> + <see cref="Surplus"/>, where
/// <see cref="DeltaBalance"/> = <c>divPrice(Σ mulFactor(value, liquidationFactor), basePrice, baseScale)</c>: the
/// collateral's value at the liquidation factor pays the debt, any excess is credited to the user as base, and any
/// deficit (<see cref="Shortfall"/>) is absorbed by the reserves.
/// </remarks>
public sealed record CometAbsorption
{
    /// <summary>The absorbed account's id.</summary>
    public required string AccountId { get; init; }

    /// <summary>The collateral seized, in the market's asset order.</summary>
    public required ImmutableArray<CometSeizedCollateral> Seized { get; init; }

    /// <summary>The principal before (negative).</summary>
    public required BigInteger OldPrincipal { get; init; }

    /// <summary>The principal after (zero or positive).</summary>
    public required BigInteger NewPrincipal { get; init; }

    /// <summary><c>presentValue(oldPrincipal)</c> (negative).</summary>
    public required BigInteger OldBalance { get; init; }

    /// <summary><c>max(0, oldBalance + deltaBalance)</c>.</summary>
    public required BigInteger NewBalance { get; init; }

    /// <summary>Σ seized value before the liquidation factor (dollars × 1e8).</summary>
    public required UInt256 CollateralValue { get; init; }

    /// <summary><c>deltaValue</c> = Σ <c>mulFactor(value, liquidationFactor)</c> (dollars × 1e8).</summary>
    public required UInt256 DeltaValue { get; init; }

    /// <summary><c>deltaBalance = divPrice(deltaValue, basePrice, baseScale)</c>: base credited for the collateral.</summary>
    public required UInt256 DeltaBalance { get; init; }

    /// <summary>The debt erased, <c>−oldBalance</c> (base).</summary>
    public required UInt256 DebtAbsorbed { get; init; }

    /// <summary>The base balance credited to the user, <c>newBalance</c>.</summary>
    public required UInt256 Surplus { get; init; }

    /// <summary>The debt the collateral did not cover, <c>max(0, −(oldBalance + deltaBalance))</c>: paid by the reserves.</summary>
    public required UInt256 Shortfall { get; init; }

    /// <summary><c>basePaidOut = newBalance − oldBalance</c> (Comet's <c>AbsorbDebt</c> event).</summary>
    public required UInt256 BasePaidOut { get; init; }

    /// <summary><c>valueOfBasePaidOut = mulPrice(basePaidOut, basePrice, baseScale)</c> (dollars × 1e8).</summary>
    public required UInt256 ValueOfBasePaidOut { get; init; }
}

/// <summary>Why a Comet operation did not happen, named after Comet's custom errors.</summary>
public enum CometError
{
    /// <summary>The operation happened.</summary>
    None = 0,

    /// <summary><c>NotLiquidatable</c>: <c>absorb</c> was given an account that is not liquidatable.</summary>
    NotLiquidatable,

    /// <summary><c>NotForSale</c>: reserves are at or above target reserves, so collateral is not sold.</summary>
    NotForSale,

    /// <summary><c>TooMuchSlippage</c>: the quote is below the buyer's minimum.</summary>
    TooMuchSlippage,

    /// <summary><c>InsufficientReserves</c>: the protocol holds less of the asset than the quote.</summary>
    InsufficientReserves,
}

/// <summary>
/// The outcome of <see cref="CometLiquidation.Absorb"/>. Comet absorbs a list of accounts in one transaction: if
/// any is not liquidatable the whole call reverts, so on failure nothing changes and
/// <see cref="FailedAccountId"/> names the first such account.
/// </summary>
public sealed record CometAbsorbResult
{
    /// <summary><see cref="CometError.None"/> or <see cref="CometError.NotLiquidatable"/>.</summary>
    public required CometError Error { get; init; }

    /// <summary>Whether the accounts were absorbed.</summary>
    public bool Succeeded => Error == CometError.None;

    /// <summary>The first account that was not liquidatable, or <see langword="null"/>.</summary>
    public string? FailedAccountId { get; init; }

    /// <summary>The market after (totals, collateral supplied), or the input on failure.</summary>
    public required CometMarket Market { get; init; }

    /// <summary>The accounts after, in input order, or the inputs on failure.</summary>
    public required ImmutableArray<CometAccount> Accounts { get; init; }

    /// <summary>One record per absorbed account (empty on failure).</summary>
    public required ImmutableArray<CometAbsorption> Absorptions { get; init; }

    /// <summary><c>getReserves()</c> before (base smallest units, may be negative).</summary>
    public required BigInteger ReservesBefore { get; init; }

    /// <summary><c>getReserves()</c> after (may be negative: Comet lets absorbed debt take reserves below zero).</summary>
    public required BigInteger ReservesAfter { get; init; }
}

/// <summary>The outcome of <see cref="CometLiquidation.BuyCollateral"/>; on failure the market is unchanged.</summary>
public sealed record CometBuyCollateralResult
{
    /// <summary>Why the purchase failed, or <see cref="CometError.None"/>.</summary>
    public required CometError Error { get; init; }

    /// <summary>Whether the purchase happened.</summary>
    public bool Succeeded => Error == CometError.None;

    /// <summary>The market after (base balance up, asset balance down), or the input on failure.</summary>
    public required CometMarket Market { get; init; }

    /// <summary><c>getReserves()</c> before the purchase, the figure compared with target reserves.</summary>
    public required BigInteger ReservesBefore { get; init; }

    /// <summary>Base paid in (zero on failure).</summary>
    public required UInt256 BaseAmount { get; init; }

    /// <summary><c>quoteCollateral(asset, baseAmount)</c> (computed unless the failure is <see cref="CometError.NotForSale"/>); paid out only on success.</summary>
    public required UInt256 CollateralAmount { get; init; }
}
