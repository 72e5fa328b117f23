using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>What became of an Aave v3 <c>liquidationCall</c>: executed, or which protocol check stopped it.</summary>
/// <remarks>
/// Everything but <see cref="Executed"/> is a revert on chain that depends on the account's state, not on a bad
/// argument: bots branch on it. Bad arguments (an unknown asset, a zero amount) throw instead.
/// </remarks>
public enum AaveLiquidationStatus
{
    /// <summary>The liquidation went through.</summary>
    Executed = 0,

    /// <summary>The health factor is not below 1e18 (<c>HEALTH_FACTOR_NOT_BELOW_THRESHOLD</c>).</summary>
    NotLiquidatable = 1,

    /// <summary>
    /// The collateral asset has a liquidation threshold of zero, or the user has no balance there or has not enabled
    /// it as collateral (<c>COLLATERAL_CANNOT_BE_LIQUIDATED</c>).
    /// </summary>
    CollateralCannotBeLiquidated = 2,

    /// <summary>The user owes nothing in the debt asset (<c>SPECIFIED_CURRENCY_NOT_BORROWED_BY_USER</c>).</summary>
    DebtNotBorrowed = 3,

    /// <summary>
    /// v3.3+: the call would leave less than <see cref="AaveRules.MinLeftoverBase"/> of the repaid debt or of the
    /// seized collateral while leaving some of both (<c>MUST_NOT_LEAVE_DUST</c>).
    /// </summary>
    MustNotLeaveDust = 4,
}

/// <summary>Debt written off as a reserve deficit because the user has no collateral left (v3.3+ bad debt).</summary>
/// <param name="Symbol">The debt reserve.</param>
/// <param name="Amount">The debt burned into the reserve's deficit, in the token's smallest units.</param>
public readonly record struct AaveDeficit(string Symbol, UInt256 Amount);

/// <summary>
/// The outcome of <see cref="AaveLiquidation.Call"/>: the status, the amounts, and the account after the call.
/// </summary>
/// <remarks>
/// <para>
/// When <see cref="Status"/> is not <see cref="AaveLiquidationStatus.Executed"/> every amount is zero and
/// <see cref="Account"/> is the account given, unchanged. Otherwise
/// <c><see cref="LiquidatorCollateral"/> + <see cref="ProtocolFee"/> = <see cref="CollateralSeized"/></c>, never more
/// than the user's collateral balance, and <see cref="DebtRepaid"/> ≤ <see cref="MaxLiquidatableDebt"/>.
/// </para>
/// <para>Immutable; safe to share between threads.</para>
/// </remarks>
public sealed record AaveLiquidationResult
{
    /// <summary>Executed, or the check that stopped the call.</summary>
    public required AaveLiquidationStatus Status { get; init; }

    /// <summary>The rules' version.</summary>
    public required AaveVersion Version { get; init; }

    /// <summary>The collateral asset.</summary>
    public required string CollateralAsset { get; init; }

    /// <summary>The debt asset.</summary>
    public required string DebtAsset { get; init; }

    /// <summary>The health factor before the call (wad).</summary>
    public required UInt256 HealthFactorBefore { get; init; }

    /// <summary>The health factor after the call (wad); equal to <see cref="HealthFactorBefore"/> when not executed.</summary>
    public required UInt256 HealthFactorAfter { get; init; }

    /// <summary>
    /// The close factor applied, in basis points: 10000 when the whole reserve debt could be repaid, else the
    /// default close factor (5000). Zero when not executed.
    /// </summary>
    public required int CloseFactor { get; init; }

    /// <summary>The most debt this call could repay in the debt asset (close factor applied). Zero when stopped before the close factor.</summary>
    public required UInt256 MaxLiquidatableDebt { get; init; }

    /// <summary>
    /// <c>baseCollateral</c> of <c>_calculateAvailableCollateralToLiquidate</c>: the collateral worth the debt this
    /// call covers (<c>min(debtToCover, MaxLiquidatableDebt)</c>) at oracle prices, without the bonus (floor). Zero when
    /// stopped before the seizure is sized.
    /// </summary>
    public UInt256 BaseCollateral { get; init; }

    /// <summary>
    /// <c>maxCollateralToLiquidate</c>: <see cref="BaseCollateral"/> with the liquidation bonus, before it is capped at
    /// the user's balance (when it exceeds the balance, all of it is seized and the debt recomputed). Zero when stopped
    /// before the seizure is sized.
    /// </summary>
    public UInt256 MaxCollateral { get; init; }

    /// <summary>The debt the liquidator repays, in the debt token's smallest units.</summary>
    public required UInt256 DebtRepaid { get; init; }

    /// <summary>All collateral taken from the user: the liquidator's part plus the protocol fee.</summary>
    public required UInt256 CollateralSeized { get; init; }

    /// <summary>The collateral the liquidator receives.</summary>
    public required UInt256 LiquidatorCollateral { get; init; }

    /// <summary>The collateral the treasury receives (a share of the bonus part).</summary>
    public required UInt256 ProtocolFee { get; init; }

    /// <summary>Debt burned into reserve deficits because no collateral is left (v3.3+); empty otherwise.</summary>
    public required ImmutableArray<AaveDeficit> Deficits { get; init; }

    /// <summary>The account after the call (the input account when not executed).</summary>
    public required AaveUserAccount Account { get; init; }

    /// <summary>Whether the call went through.</summary>
    public bool IsExecuted => Status == AaveLiquidationStatus.Executed;

    /// <summary>The amounts in token units and the health factors as numbers (exact; see <see cref="AaveDecimal"/>).</summary>
    /// <param name="market">The market the call was computed in (for the tokens' decimals).</param>
    /// <returns>The amounts as <see cref="decimal"/>.</returns>
    /// <exception cref="ArgumentException">An asset is not a reserve of <paramref name="market"/>, or an amount does not fit a <see cref="decimal"/> exactly.</exception>
    public AaveLiquidationInTokens InTokens(AaveMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        AaveReserve collateral = market.Reserve(CollateralAsset);
        AaveReserve debt = market.Reserve(DebtAsset);
        return new AaveLiquidationInTokens(
            AaveDecimal.Tokens(DebtRepaid, debt),
            AaveDecimal.Tokens(CollateralSeized, collateral),
            AaveDecimal.Tokens(LiquidatorCollateral, collateral),
            AaveDecimal.Tokens(ProtocolFee, collateral),
            AaveDecimal.HealthFactor(HealthFactorBefore),
            AaveDecimal.HealthFactor(HealthFactorAfter));
    }
}

/// <summary>
/// <see cref="AaveLiquidation.Quote"/>'s answer: what a liquidator reads before calling <c>liquidationCall</c>, as
/// aave-v3-origin's <c>LiquidationDataProvider.getLiquidationInfo</c> reports it (tag v3.3.0).
/// </summary>
/// <remarks>
/// When <see cref="Status"/> is not <see cref="AaveLiquidationStatus.Executed"/> (a call would stop at that check),
/// every amount but the balances is zero. Otherwise <see cref="LargestRepayWithoutDust"/> ≤
/// <see cref="MaxLiquidatableDebt"/> ≤ <see cref="ReserveDebt"/>. Immutable; safe to share between threads.
/// </remarks>
public sealed record AaveLiquidationQuote
{
    /// <summary><see cref="AaveLiquidationStatus.Executed"/> when a call can go through, else the check that stops it (<see cref="AaveLiquidationStatus.MustNotLeaveDust"/> is never reported here: see <see cref="LargestRepayWithoutDust"/>).</summary>
    public required AaveLiquidationStatus Status { get; init; }

    /// <summary>The rules' version.</summary>
    public required AaveVersion Version { get; init; }

    /// <summary>The collateral asset.</summary>
    public required string CollateralAsset { get; init; }

    /// <summary>The debt asset.</summary>
    public required string DebtAsset { get; init; }

    /// <summary>The user's health factor (wad).</summary>
    public required UInt256 HealthFactor { get; init; }

    /// <summary>The user's balance of the collateral asset (smallest units).</summary>
    public required UInt256 CollateralBalance { get; init; }

    /// <summary>The user's debt in the debt asset (smallest units).</summary>
    public required UInt256 ReserveDebt { get; init; }

    /// <summary>The liquidation bonus that applies (bps, including 100%; the e-mode bonus when the collateral is in the user's category).</summary>
    public int LiquidationBonus { get; init; }

    /// <summary>The close factor applied, in basis points (10000 or the default 5000).</summary>
    public int CloseFactor { get; init; }

    /// <summary>The close-factor cap: the most debt one call may repay (<c>maxLiquidatableDebt</c>).</summary>
    public UInt256 MaxLiquidatableDebt { get; init; }

    /// <summary><c>baseCollateral</c> for repaying the cap: the collateral worth <see cref="MaxLiquidatableDebt"/> at oracle prices, without the bonus (floor).</summary>
    public UInt256 BaseCollateral { get; init; }

    /// <summary><c>maxCollateralToLiquidate</c> for repaying the cap: <see cref="BaseCollateral"/> with the bonus, not capped at <see cref="CollateralBalance"/>.</summary>
    public UInt256 MaxCollateral { get; init; }

    /// <summary>
    /// The largest <c>debtToCover</c> for which <see cref="AaveLiquidation.Call"/> does not stop with
    /// <see cref="AaveLiquidationStatus.MustNotLeaveDust"/>: repaying it goes through, and one unit more either
    /// exceeds <see cref="MaxLiquidatableDebt"/> or leaves dust. Zero when every repay would leave dust.
    /// </summary>
    public UInt256 LargestRepayWithoutDust { get; init; }
}

/// <summary>A liquidation's amounts in token units (see <see cref="AaveLiquidationResult.InTokens"/>).</summary>
/// <param name="DebtRepaid">Debt repaid, in debt tokens.</param>
/// <param name="CollateralSeized">Collateral taken from the user, in collateral tokens.</param>
/// <param name="LiquidatorCollateral">Collateral the liquidator receives.</param>
/// <param name="ProtocolFee">Collateral the treasury receives.</param>
/// <param name="HealthFactorBefore">Health factor before; null when the user had no debt.</param>
/// <param name="HealthFactorAfter">Health factor after; null when no debt is left.</param>
public readonly record struct AaveLiquidationInTokens(
    decimal DebtRepaid,
    decimal CollateralSeized,
    decimal LiquidatorCollateral,
    decimal ProtocolFee,
    decimal? HealthFactorBefore,
    decimal? HealthFactorAfter);
