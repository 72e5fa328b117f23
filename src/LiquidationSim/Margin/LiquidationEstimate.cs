using LiquidationSim.Accounts;
using LiquidationSim.Internal;

namespace LiquidationSim.Margin;

/// <summary>Whether a liquidation price exists.</summary>
public enum LiquidationPriceStatus
{
    /// <summary>A positive, finite liquidation price exists.</summary>
    Exists = 0,

    /// <summary>
    /// No adverse move liquidates the position: the solution is at or below zero (a long backed by more than its
    /// notional; Binance shows "--"), infinite (a 1x inverse short), or the exposure is flat (a fully hedged
    /// account).
    /// </summary>
    None = 1,

    /// <summary>The collateral is short of maintenance at every price: the position is liquidatable wherever the price goes.</summary>
    AtAnyPrice = 2,
}

/// <summary>
/// Liquidation and bankruptcy price of a position (or of a symbol's hedged pair under cross margin), exact
/// unless rounded with <see cref="RoundToTick(decimal)"/>.
/// </summary>
/// <remarks>
/// A price that does not exist is <see langword="null"/>, never 0 (exchange APIs that return 0 for "none" are a
/// known source of bugs, reference cefi.md §9.4).
/// </remarks>
public readonly record struct LiquidationEstimate
{
    internal LiquidationEstimate(
        decimal? liquidationPrice, decimal? bankruptcyPrice, LiquidationPriceStatus status, PositionSide? exposure, int? tierIndex, decimal? rawLiquidationPrice = null)
    {
        LiquidationPrice = liquidationPrice;
        BankruptcyPrice = bankruptcyPrice;
        Status = status;
        Exposure = exposure;
        TierIndex = tierIndex;
        RawLiquidationPrice = rawLiquidationPrice ?? liquidationPrice;
    }

    /// <summary>
    /// The solver's solution before it is clamped to a tradable price: equal to <see cref="LiquidationPrice"/> when one
    /// exists, and for a linear long whose margin covers more than the fall to zero, the solution at or below zero that
    /// the venue shows as no price (Binance "--"). <see langword="null"/> where the equation has no finite solution (a
    /// flat hedge, a position liquidatable at any price, an inverse contract's price at infinity).
    /// </summary>
    /// <remarks>
    /// Callers that keep a safety margin away from liquidation need it: a stop a fraction of the way from this price
    /// to the entry can be a real price even when the liquidation price is not (<see cref="BufferedPrice"/>). Not
    /// changed by <see cref="RoundToTick(decimal)"/>, which rounds what the venue shows.
    /// </remarks>
    public decimal? RawLiquidationPrice { get; }

    /// <summary>Price at which margin balance equals maintenance margin; <see langword="null"/> unless <see cref="Status"/> is <see cref="LiquidationPriceStatus.Exists"/>.</summary>
    public decimal? LiquidationPrice { get; }

    /// <summary>Price at which margin balance (less any closing fee set aside) is zero; <see langword="null"/> if there is none.</summary>
    public decimal? BankruptcyPrice { get; }

    /// <summary>Whether a liquidation price exists.</summary>
    public LiquidationPriceStatus Status { get; }

    /// <summary>Side of the net exposure the prices protect; <see langword="null"/> when flat.</summary>
    public PositionSide? Exposure { get; }

    /// <summary>
    /// Index of the bracket used: the one containing the notional at the liquidation price (mark-valued models)
    /// or at entry (entry-valued models). <see langword="null"/> for hedged pairs and when no price exists.
    /// </summary>
    public int? TierIndex { get; }

    /// <summary>
    /// Whether a position of <paramref name="side"/> with this estimate is liquidated at <paramref name="price"/>: at or
    /// past the liquidation price (below for a long, above for a short), always when liquidatable at any price, never
    /// when no price exists.
    /// </summary>
    internal bool IsCrossedAt(PositionSide side, decimal price) => Status switch
    {
        LiquidationPriceStatus.AtAnyPrice => true,
        LiquidationPriceStatus.Exists => side == PositionSide.Long ? price <= LiquidationPrice!.Value : price >= LiquidationPrice!.Value,
        _ => false,
    };

    /// <summary>
    /// Rounds both prices to <paramref name="tickSize"/> on the side safe for the venue (up for a long exposure,
    /// down for a short; <see cref="PriceRounding.VenueSafe"/>). A short's liquidation price below one tick rounds
    /// to no price with status <see cref="LiquidationPriceStatus.AtAnyPrice"/>: every tradable price liquidates it.
    /// </summary>
    /// <param name="tickSize">Tick; positive.</param>
    /// <returns>The rounded estimate; <see cref="RawLiquidationPrice"/> stays the unrounded solution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tickSize"/> is not positive.</exception>
    public LiquidationEstimate RoundToTick(decimal tickSize) => RoundToTick(Preconditions.Positive(tickSize), tickSize);

    /// <summary>
    /// Rounds the liquidation price to <paramref name="liquidationTick"/> and the bankruptcy price to
    /// <paramref name="bankruptcyTick"/>, each on the side safe for the venue, as <see cref="RoundToTick(decimal)"/>
    /// does with one tick. Venues publish the two at different precisions: Bybit shows the bankruptcy price at two
    /// decimals and the liquidation price on the contract's tick (reference cefi.md §2.2, vectors Y7 and Y8).
    /// </summary>
    /// <param name="liquidationTick">Tick of the liquidation price; positive.</param>
    /// <param name="bankruptcyTick">Tick (precision) of the bankruptcy price; positive, e.g. 0.01.</param>
    /// <returns>The rounded estimate; <see cref="RawLiquidationPrice"/> stays the unrounded solution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A tick is not positive.</exception>
    public LiquidationEstimate RoundToTick(decimal liquidationTick, decimal bankruptcyTick)
    {
        Preconditions.Positive(liquidationTick);
        Preconditions.Positive(bankruptcyTick);
        if (Exposure is not PositionSide side)
        {
            return this;
        }

        // A short's price below one tick rounds down to zero: every price on the tick grid is then at or above it,
        // so the position is liquidatable at any tradable price.
        decimal? liquidation = LiquidationPrice is decimal lp ? PriceRounding.VenueSafe(lp, liquidationTick, side) : null;
        decimal? bankruptcy = BankruptcyPrice is decimal bp ? PriceRounding.VenueSafe(bp, bankruptcyTick, side) : null;
        bool belowGrid = liquidation <= 0m;
        return new LiquidationEstimate(
            belowGrid ? null : liquidation,
            bankruptcy > 0m ? bankruptcy : null,
            belowGrid ? LiquidationPriceStatus.AtAnyPrice : Status,
            Exposure,
            belowGrid ? null : TierIndex,
            RawLiquidationPrice);
    }

    /// <summary>
    /// A price a chosen fraction of the way back from the liquidation price to the entry: where a cautious trader or a
    /// risk system sets its stop so that it triggers before the venue's liquidation. <c>raw + fraction × (entry − raw)</c>
    /// from <see cref="RawLiquidationPrice"/>, so a long whose liquidation price is below zero still gets a positive
    /// stop when the buffer brings it above zero. A convenience of this library, not a venue rule.
    /// </summary>
    /// <param name="entryPrice">The position's entry price; positive.</param>
    /// <param name="fraction">Share of the distance from liquidation to entry kept as buffer, in [0, 1): 0 is the liquidation price itself, 0.2 keeps a fifth of the distance.</param>
    /// <returns>The buffered price, or <see langword="null"/> when there is no raw solution or the buffered price is not positive.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="entryPrice"/> is not positive or <paramref name="fraction"/> is outside [0, 1).</exception>
    public decimal? BufferedPrice(decimal entryPrice, decimal fraction)
    {
        Preconditions.Positive(entryPrice);
        if (fraction is < 0m or >= 1m)
        {
            ThrowHelper.OutOfRange(nameof(fraction), fraction, "must be in [0, 1)");
        }

        if (RawLiquidationPrice is not decimal raw)
        {
            return null;
        }

        decimal buffered = raw + (fraction * (entryPrice - raw));
        return buffered > 0m ? buffered : null;
    }
}

/// <summary>
/// Collateral of a cross-margin account as seen from one symbol: the wallet, less the maintenance margin of every
/// other cross position, plus their unrealised PnL at their own mark prices (Binance's WB, TMM1 and UPNL1).
/// </summary>
/// <param name="WalletBalance">Cross wallet balance (Binance <c>crossWalletBalance</c>).</param>
/// <param name="OtherMaintenanceMargin">Maintenance margin of all other cross positions (TMM1); not negative.</param>
/// <param name="OtherUnrealizedPnl">Unrealised PnL of all other cross positions (UPNL1).</param>
public readonly record struct CrossMarginContext(decimal WalletBalance, decimal OtherMaintenanceMargin, decimal OtherUnrealizedPnl)
{
    /// <summary>A cross account whose only position is the one being solved.</summary>
    /// <param name="walletBalance">Cross wallet balance.</param>
    public static CrossMarginContext WalletOnly(decimal walletBalance) => new(walletBalance, 0m, 0m);
}

/// <summary>
/// A single maintenance bracket given directly (rate and amount), for reproducing a published formula that
/// states them, bypassing the bracket search.
/// </summary>
/// <param name="Rate">Maintenance-margin rate as a fraction; in [0, 1).</param>
/// <param name="Amount">Maintenance amount (cum); not negative.</param>
public readonly record struct MaintenanceBracket(decimal Rate, decimal Amount);

/// <summary>Size and average entry price of one leg of a hedge-mode pair.</summary>
/// <param name="Size">Absolute size in contracts; positive.</param>
/// <param name="EntryPrice">Average entry price; positive.</param>
public readonly record struct PositionLeg(decimal Size, decimal EntryPrice);
