using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// <c>getHypotheticalAccountLiquidityInternal</c>'s answer: at most one of <see cref="Liquidity"/> and
/// <see cref="Shortfall"/> is non-zero. Values are in the oracle's unit (dollars × 1e18 on mainnet). When an entered
/// market's oracle price is zero the contract answers <c>(PRICE_ERROR, 0, 0)</c>: <see cref="Error"/> is
/// <see cref="CompoundV2LiquidationError.PriceError"/> and every amount is zero.
/// </summary>
/// <param name="Liquidity">How far the collateral exceeds the borrows: <c>sumCollateral − sumBorrowPlusEffects</c>, or zero.</param>
/// <param name="Shortfall">How far the borrows exceed the collateral: <c>sumBorrowPlusEffects − sumCollateral</c>, or zero. An account is liquidatable only when this is above zero.</param>
/// <param name="SumCollateral">Σ truncate(tokensToDenom × cTokenBalance) over entered markets.</param>
/// <param name="SumBorrowPlusEffects">Σ truncate(price × borrowBalance), plus the hypothetical redeem and borrow.</param>
public readonly record struct CompoundV2AccountLiquidity(UInt256 Liquidity, UInt256 Shortfall, UInt256 SumCollateral, UInt256 SumBorrowPlusEffects)
{
    /// <summary>
    /// <see cref="CompoundV2LiquidationError.None"/>, or <see cref="CompoundV2LiquidationError.PriceError"/> when an
    /// entered market's oracle price is zero (compound-protocol <c>Comptroller.sol</c> commit a3214f6: the loop
    /// returns <c>Error.PRICE_ERROR</c> at the first such market).
    /// </summary>
    public CompoundV2LiquidationError Error { get; init; }

    /// <summary>Whether <see cref="Shortfall"/> is above zero, the condition <c>liquidateBorrowAllowed</c> requires (never with an <see cref="Error"/>).</summary>
    public bool HasShortfall => !Shortfall.IsZero;
}

/// <summary>
/// How <c>CToken.seizeInternal</c> splits seized cTokens (compound-protocol commit a3214f6; reference defi.md §2.1,
/// §2.2.2): <see cref="ProtocolSeizeTokens"/> + <see cref="LiquidatorSeizeTokens"/> = <see cref="SeizeTokens"/>
/// always.
/// </summary>
/// <param name="SeizeTokens">cTokens taken from the borrower.</param>
/// <param name="ProtocolSeizeTokens"><c>truncate(seizeTokens × protocolSeizeShareMantissa)</c>: burned from the supply.</param>
/// <param name="LiquidatorSeizeTokens"><c>seizeTokens − protocolSeizeTokens</c>: credited to the liquidator.</param>
/// <param name="ProtocolSeizeAmount"><c>truncate(exchangeRate × protocolSeizeTokens)</c>: underlying added to <c>totalReserves</c>.</param>
public readonly record struct CompoundV2SeizeSplit(UInt256 SeizeTokens, UInt256 ProtocolSeizeTokens, UInt256 LiquidatorSeizeTokens, UInt256 ProtocolSeizeAmount);

/// <summary>
/// Why a Compound v2 liquidation did not happen, named after the protocol's error codes
/// (<c>ErrorReporter.sol</c> <c>ComptrollerErrorReporter.Error</c>, and the <c>require</c> in
/// <c>CToken.liquidateBorrowFresh</c>).
/// </summary>
public enum CompoundV2LiquidationError
{
    /// <summary>The liquidation happened.</summary>
    None = 0,

    /// <summary><c>INSUFFICIENT_SHORTFALL</c>: the borrower has no shortfall, so it is not liquidatable.</summary>
    InsufficientShortfall,

    /// <summary><c>TOO_MUCH_REPAY</c>: the repay exceeds <c>truncate(closeFactor × borrowBalance)</c>.</summary>
    TooMuchRepay,

    /// <summary><c>LIQUIDATE_SEIZE_TOO_MUCH</c>: the borrower holds fewer collateral cTokens than the repay would seize.</summary>
    LiquidateSeizeTooMuch,

    /// <summary>
    /// <c>PRICE_ERROR</c> (code 13): an oracle price the Comptroller read is zero, in the borrower's liquidity check
    /// (<c>LiquidateComptrollerRejection(13)</c>, spec/scenario/InKindLiquidation.scen) or in
    /// <c>liquidateCalculateSeizeTokens</c> (the <c>require</c> "LIQUIDATE_COMPTROLLER_CALCULATE_AMOUNT_SEIZE_FAILED").
    /// </summary>
    PriceError,
}

/// <summary>
/// The outcome of <see cref="CompoundV2Liquidation.LiquidateBorrow(CompoundV2Comptroller, CompoundV2Account, string, string, UInt256)"/>: on success the new Comptroller and borrower
/// with every amount that moved; on failure the error and the inputs unchanged (a revert changes nothing).
/// </summary>
/// <remarks>Immutable; thread safe.</remarks>
public sealed record CompoundV2LiquidationResult
{
    /// <summary>Why the liquidation did not happen, or <see cref="CompoundV2LiquidationError.None"/>.</summary>
    public required CompoundV2LiquidationError Error { get; init; }

    /// <summary>Whether the liquidation happened.</summary>
    public bool Succeeded => Error == CompoundV2LiquidationError.None;

    /// <summary>The Comptroller after the liquidation (borrowed market's <c>totalBorrows</c>, collateral market's <c>totalSupply</c> and <c>totalReserves</c>), or the input on failure.</summary>
    public required CompoundV2Comptroller Comptroller { get; init; }

    /// <summary>The borrower after the liquidation, or the input on failure.</summary>
    public required CompoundV2Account Borrower { get; init; }

    /// <summary>The borrower's liquidity before the liquidation.</summary>
    public required CompoundV2AccountLiquidity LiquidityBefore { get; init; }

    /// <summary>The borrow balance in the borrowed market before the liquidation.</summary>
    public required UInt256 BorrowBalance { get; init; }

    /// <summary><c>maxClose = truncate(closeFactor × borrowBalance)</c>.</summary>
    public required UInt256 MaxClose { get; init; }

    /// <summary>The underlying repaid (zero on failure).</summary>
    public required UInt256 ActualRepayAmount { get; init; }

    /// <summary>The seizure and its split (all zero on failure, except <see cref="CompoundV2SeizeSplit.SeizeTokens"/> when the failure is <see cref="CompoundV2LiquidationError.LiquidateSeizeTooMuch"/>).</summary>
    public required CompoundV2SeizeSplit Seize { get; init; }
}
