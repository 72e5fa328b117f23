using LiquidationSim.Accounts;

namespace LiquidationSim.Liquidation;

/// <summary>
/// The order book of a symbol was replaced by a new quote (market makers re-quoting around a new price, depth
/// refilling after liquidation orders consumed it). Replay installs the same book.
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Book">The new book; its <see cref="OrderBook.Symbol"/> names the instrument.</param>
public sealed record BookUpdated(long Sequence, DateTimeOffset Time, OrderBook Book) : LiquidationEvent(Sequence, Time);

/// <summary>
/// One fill of a trader's own market order (a stop-loss, a take-profit, a reduction, a scheduled exit or a hedge)
/// against the order book, or the market maker's side of any book fill (<see cref="IsMaker"/>). The account applies
/// the fill as <see cref="Account.ApplyFill"/> would, and a taker's fill consumes the same liquidity from the book.
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Account">The trader's account.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Size">Contracts filled at <paramref name="Price"/>.</param>
/// <param name="Price">Fill price (a book level).</param>
/// <param name="RealizedPnl">PnL the fill realised, at the settlement precision (0 for an opening fill).</param>
/// <param name="MarginMode">Margin mode of a position the fill opens; an existing position keeps its own.</param>
/// <param name="Leverage">Leverage of a position the fill opens; an existing position keeps its own.</param>
/// <param name="HedgeSide">Hedge-mode accounts: the position the fill belongs to; null in one-way mode.</param>
/// <param name="Reason">Why the trader sent the order, e.g. <c>stop-loss</c>.</param>
public sealed record OrderFilled(
    long Sequence,
    DateTimeOffset Time,
    AccountId Account,
    string Symbol,
    OrderSide Side,
    decimal Size,
    decimal Price,
    decimal RealizedPnl,
    MarginMode MarginMode,
    decimal Leverage,
    PositionSide? HedgeSide,
    string Reason)
    : LiquidationEvent(Sequence, Time)
{
    /// <summary>
    /// True for the passive side of a book fill: the market maker whose quote an order took (the taker's own fill,
    /// a <see cref="PositionClosed"/>, an <see cref="InsuranceFundTrade"/> or another <see cref="OrderFilled"/>, has
    /// consumed the liquidity already, so replay does not take it from the book a second time). See
    /// <see cref="LiquidationEngineBuilder.AddMarketMaker"/>. Written to an event log only when true, so a log without
    /// makers reads as it always did.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool IsMaker { get; init; }
}

/// <summary>
/// Value entered an account's wallet from outside the engine (a trader topping up). The engine's
/// <see cref="LiquidationEngine.TotalValue"/> rises by the amount.
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Account">The account.</param>
/// <param name="Amount">Amount; positive.</param>
public sealed record Deposited(long Sequence, DateTimeOffset Time, AccountId Account, decimal Amount) : LiquidationEvent(Sequence, Time);

/// <summary>Margin moved from an account's wallet into one of its isolated positions.</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Account">The account.</param>
/// <param name="Symbol">Symbol of the isolated position.</param>
/// <param name="Side">Its side.</param>
/// <param name="Amount">Amount; positive.</param>
public sealed record IsolatedMarginAdded(long Sequence, DateTimeOffset Time, AccountId Account, string Symbol, PositionSide Side, decimal Amount)
    : LiquidationEvent(Sequence, Time);

/// <summary>A trader's market order: immediate-or-cancel against the order book.</summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record MarketOrder
{
    /// <summary>The trader's account.</summary>
    public required AccountId Account { get; init; }

    /// <summary>Symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>Buy or sell.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Contracts; positive and a whole number of lots.</summary>
    public required decimal Size { get; init; }

    /// <summary>Reduce-only: the order may only shrink an existing position (default true).</summary>
    /// <value>True.</value>
    public bool ReduceOnly { get; init; } = true;

    /// <summary>Margin mode of a position the order opens (ignored when it only reduces).</summary>
    /// <value><see cref="MarginMode.Cross"/>.</value>
    public MarginMode MarginMode { get; init; } = MarginMode.Cross;

    /// <summary>Leverage of a position the order opens (ignored when it only reduces); at least 1.</summary>
    /// <value>1.</value>
    public decimal Leverage { get; init; } = 1m;

    /// <summary>Hedge-mode accounts: which position the order belongs to; null in one-way mode.</summary>
    public PositionSide? HedgeSide { get; init; }

    /// <summary>Worst acceptable price, or null for none.</summary>
    public decimal? LimitPrice { get; init; }

    /// <summary>Why the trader sends the order, recorded on each fill, e.g. <c>stop-loss</c>.</summary>
    /// <value><c>user</c>.</value>
    public string Reason { get; init; } = "user";
}

/// <summary>How far a position is from liquidation at the current mark (an alert-zone query).</summary>
/// <param name="Account">The account.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="Side">Exposure side.</param>
/// <param name="Cross">True for a cross position (the whole account's collateral backs it).</param>
/// <param name="MarkPrice">The current mark price.</param>
/// <param name="LiquidationPrice">The liquidation price; equal to the mark when the position is liquidatable at any price.</param>
/// <param name="PriceDistance">How far the mark must move against the position to reach it: mark − LP for a long, LP − mark for a short (≤ 0 when already past).</param>
/// <param name="PercentDistance"><paramref name="PriceDistance"/> as a fraction of the mark, e.g. 0.05 for 5 %.</param>
public readonly record struct LiquidationDistance(
    AccountId Account, string Symbol, PositionSide Side, bool Cross, decimal MarkPrice, decimal LiquidationPrice, decimal PriceDistance, decimal PercentDistance);
