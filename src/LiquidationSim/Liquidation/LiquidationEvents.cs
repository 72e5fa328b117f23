using System.Collections.Immutable;
using System.Text.Json.Serialization;
using LiquidationSim.Accounts;

namespace LiquidationSim.Liquidation;

/// <summary>
/// Something the liquidation engine did. Every change to balances, positions, the insurance fund or fees is an
/// event; replaying the log from the starting state reproduces the final state exactly
/// (<see cref="LiquidationEngine.Replay"/>).
/// </summary>
/// <param name="Sequence">Position in the log, from 1, with no gaps.</param>
/// <param name="Time">Engine time of the event.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PriceTicked), "priceTicked")]
[JsonDerivedType(typeof(LiquidationTriggered), "liquidationTriggered")]
[JsonDerivedType(typeof(OrderCancelled), "orderCancelled")]
[JsonDerivedType(typeof(LiquidationOrderPlaced), "liquidationOrderPlaced")]
[JsonDerivedType(typeof(PositionClosed), "positionClosed")]
[JsonDerivedType(typeof(CollateralTransfer), "collateralTransfer")]
[JsonDerivedType(typeof(BackstopTransfer), "backstopTransfer")]
[JsonDerivedType(typeof(BadDebtRecorded), "badDebtRecorded")]
[JsonDerivedType(typeof(InsuranceFundTrade), "insuranceFundTrade")]
[JsonDerivedType(typeof(FundingRound), "fundingRound")]
[JsonDerivedType(typeof(FundingPaid), "fundingPaid")]
[JsonDerivedType(typeof(BookUpdated), "bookUpdated")]
[JsonDerivedType(typeof(OrderFilled), "orderFilled")]
[JsonDerivedType(typeof(Deposited), "deposited")]
[JsonDerivedType(typeof(IsolatedMarginAdded), "isolatedMarginAdded")]
public abstract record LiquidationEvent(long Sequence, DateTimeOffset Time);

/// <summary>An account (or one isolated position of it) became liquidatable.</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Account">The account.</param>
/// <param name="Symbol">Symbol of the isolated position, or of the cross position that moved.</param>
/// <param name="Side">Side of that position.</param>
/// <param name="TriggerPrice">The price that crossed.</param>
/// <param name="LiquidationPrice">The liquidation price it crossed.</param>
public sealed record LiquidationTriggered(long Sequence, DateTimeOffset Time, AccountId Account, string Symbol, PositionSide Side, decimal TriggerPrice, decimal LiquidationPrice)
    : LiquidationEvent(Sequence, Time);

/// <summary>A resting order was cancelled and its reserved margin returned to the wallet.</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Account">The account.</param>
/// <param name="Order">The order.</param>
public sealed record OrderCancelled(long Sequence, DateTimeOffset Time, AccountId Account, RestingOrder Order)
    : LiquidationEvent(Sequence, Time);

/// <summary>The engine sent a liquidation order to the book.</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Account">The account.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="Side">Order side (opposite to the position).</param>
/// <param name="Size">Contracts.</param>
/// <param name="LimitPrice">Worst price accepted (the bankruptcy or fillable price), or null for none.</param>
/// <param name="TimeInForce">IOC or FOK.</param>
/// <param name="Reason">Why this size: the policy step.</param>
public sealed record LiquidationOrderPlaced(
    long Sequence, DateTimeOffset Time, AccountId Account, string Symbol, OrderSide Side, decimal Size, decimal? LimitPrice, TimeInForce TimeInForce, string Reason)
    : LiquidationEvent(Sequence, Time)
{
    /// <summary>True for a partial slice that starts a cooldown (Hyperliquid).</summary>
    public bool IsSlice { get; init; }
}

/// <summary>
/// Part of a position was closed: by the book, by the insurance fund taking liquidity past bankruptcy, or by ADL.
/// The closed contracts realise <paramref name="RealizedPnl"/> into the account's collateral (the isolated margin
/// of an isolated position, the wallet otherwise), and an isolated position releases <paramref name="ReleasedMargin"/>
/// to the wallet.
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Account">The account whose position closed.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="Side">Side of the position closed.</param>
/// <param name="Size">Contracts closed.</param>
/// <param name="Price">Fill price.</param>
/// <param name="RealizedPnl">PnL realised, at the settlement precision.</param>
/// <param name="ReleasedMargin">Isolated margin moved to the wallet with the closed contracts (0 for cross).</param>
/// <param name="Kind">Who took the other side.</param>
public sealed record PositionClosed(
    long Sequence, DateTimeOffset Time, AccountId Account, string Symbol, PositionSide Side, decimal Size, decimal Price, decimal RealizedPnl, decimal ReleasedMargin, FillKind Kind)
    : LiquidationEvent(Sequence, Time)
{
    /// <summary>True when the fill took liquidity from the order book (replay consumes the same liquidity).</summary>
    public bool ConsumesBook { get; init; }
}

/// <summary>Who took the other side of a close.</summary>
public enum FillKind
{
    /// <summary>Resting liquidity in the order book.</summary>
    Book = 0,

    /// <summary>The book, beyond the bankruptcy price, with the insurance fund paying the difference.</summary>
    InsuranceFundTakeover = 1,

    /// <summary>The liquidated side of an auto-deleveraging match.</summary>
    AdlLiquidated = 2,

    /// <summary>The counterparty side of an auto-deleveraging match.</summary>
    AdlCounterparty = 3,

    /// <summary>
    /// Closed against the venue: the user's position taken over at its bankruptcy price, or the fund's remainder
    /// closed at the mark when neither the book nor ADL could take it.
    /// </summary>
    Venue = 4,

    /// <summary>The overlapping part of a cross hedge closed against itself at the mark, leaving the net exposure (Bybit).</summary>
    HedgeOffset = 5,
}

/// <summary>Value moved between an account's collateral and the insurance fund or the venue's fee account.</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Account">The account.</param>
/// <param name="Symbol">Symbol of the position whose collateral moved.</param>
/// <param name="Side">Its side.</param>
/// <param name="Amount">Amount; positive when it leaves the account.</param>
/// <param name="Kind">Why.</param>
public sealed record CollateralTransfer(long Sequence, DateTimeOffset Time, AccountId Account, string Symbol, PositionSide Side, decimal Amount, TransferKind Kind)
    : LiquidationEvent(Sequence, Time);

/// <summary>Reason for a <see cref="CollateralTransfer"/>.</summary>
public enum TransferKind
{
    /// <summary>Clearance fee on liquidated notional, to the insurance fund (Binance).</summary>
    ClearanceFee = 0,

    /// <summary>Remaining margin of a position taken over at bankruptcy, to the insurance fund (BitMEX, Bybit).</summary>
    RemainingMargin = 1,

    /// <summary>dYdX's capped liquidation fee, to the insurance fund.</summary>
    CappedFee = 2,

    /// <summary>The insurance fund brings a negative balance back to zero (negative amount: into the account).</summary>
    InsuranceDraw = 3,

    /// <summary>Margin moved with a position to the liquidator vault (Hyperliquid backstop).</summary>
    Backstop = 4,
}

/// <summary>A position and its margin moved to the liquidator vault (Hyperliquid backstop liquidation).</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Account">The liquidated account.</param>
/// <param name="Vault">The vault account that received it.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="Side">Side.</param>
/// <param name="Size">Contracts transferred.</param>
/// <param name="EntryPrice">Entry price carried over.</param>
/// <param name="Margin">Margin transferred with it.</param>
public sealed record BackstopTransfer(long Sequence, DateTimeOffset Time, AccountId Account, AccountId Vault, string Symbol, PositionSide Side, decimal Size, decimal EntryPrice, decimal Margin)
    : LiquidationEvent(Sequence, Time);

/// <summary>
/// An account's deficit that the insurance fund could not cover is written off: the venue brings the account's
/// collateral back to zero and records the amount as bad debt (a socialised loss).
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Account">The account.</param>
/// <param name="Amount">The deficit written off (positive).</param>
/// <param name="Symbol">Symbol of the position whose collateral was short (its isolated margin if still open, else the wallet).</param>
/// <param name="Side">Side of that position.</param>
public sealed record BadDebtRecorded(long Sequence, DateTimeOffset Time, AccountId Account, decimal Amount, string Symbol, PositionSide Side)
    : LiquidationEvent(Sequence, Time);

/// <summary>A funding round began for a symbol at its current mark (it moves the engine clock).</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Funding time.</param>
/// <param name="Symbol">Symbol funded.</param>
/// <param name="Rate">Funding rate for the interval.</param>
/// <param name="MarkPrice">Mark price the payments are valued at.</param>
public sealed record FundingRound(long Sequence, DateTimeOffset Time, string Symbol, decimal Rate, decimal MarkPrice)
    : LiquidationEvent(Sequence, Time);

/// <summary>
/// A position's funding payment: credited to its isolated margin, or to the wallet for a cross position (negative
/// when it pays).
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Funding time.</param>
/// <param name="Account">The account.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="Side">Position side.</param>
/// <param name="Amount">Amount credited, at the settlement precision.</param>
public sealed record FundingPaid(long Sequence, DateTimeOffset Time, AccountId Account, string Symbol, PositionSide Side, decimal Amount)
    : LiquidationEvent(Sequence, Time);

/// <summary>
/// What one call to the engine did: the events it appended to the log and the accounts it liquidated. Every command
/// returns one (<see cref="LiquidationEngine.OnPriceTick"/>, <see cref="LiquidationEngine.OnFunding"/>,
/// <see cref="LiquidationEngine.PlaceMarketOrder"/>, <see cref="LiquidationEngine.Deposit"/> and the rest); only ticks and
/// funding liquidate, so the traders' calls return an empty <see cref="LiquidatedAccounts"/>.
/// </summary>
/// <remarks>
/// A value type, so a call that changes nothing allocates nothing for its result. <c>default</c> is the empty result:
/// both lists are then empty, never uninitialised.
/// </remarks>
public readonly record struct EngineResult
{
    private readonly ImmutableArray<LiquidationEvent> _events;
    private readonly ImmutableArray<AccountId> _liquidated;

    /// <summary>Creates a result.</summary>
    /// <param name="events">The call's events, in sequence order.</param>
    /// <param name="liquidatedAccounts">Accounts that entered liquidation in the call, in processing order.</param>
    public EngineResult(ImmutableArray<LiquidationEvent> events, ImmutableArray<AccountId> liquidatedAccounts)
    {
        _events = events;
        _liquidated = liquidatedAccounts;
    }

    /// <summary>The call's events, in sequence order; empty when it changed nothing.</summary>
    public ImmutableArray<LiquidationEvent> Events => _events.IsDefault ? [] : _events;

    /// <summary>Accounts that entered liquidation in the call, in processing order; empty for calls that cannot liquidate.</summary>
    public ImmutableArray<AccountId> LiquidatedAccounts => _liquidated.IsDefault ? [] : _liquidated;

    /// <summary>A call that changed nothing.</summary>
    internal static EngineResult Empty => default;

    /// <summary>Deconstructs into events and liquidated accounts.</summary>
    /// <param name="events">The call's events.</param>
    /// <param name="liquidatedAccounts">The accounts it liquidated.</param>
    public void Deconstruct(out ImmutableArray<LiquidationEvent> events, out ImmutableArray<AccountId> liquidatedAccounts)
    {
        events = Events;
        liquidatedAccounts = LiquidatedAccounts;
    }

    /// <summary>Equal when both hold equal events and the same accounts, in the same order.</summary>
    /// <param name="other">The other result.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(EngineResult other) =>
        Events.SequenceEqual(other.Events) && LiquidatedAccounts.SequenceEqual(other.LiquidatedAccounts);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Events.Length, LiquidatedAccounts.Length);
}

/// <summary>A price tick: the mark (and optionally last) price of one symbol moved.</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="MarkPrice">New mark price.</param>
/// <param name="LastPrice">New last price, if given.</param>
public sealed record PriceTicked(long Sequence, DateTimeOffset Time, string Symbol, decimal MarkPrice, decimal? LastPrice)
    : LiquidationEvent(Sequence, Time);

/// <summary>
/// The insurance fund traded a taken-over position: against the book (fills worse than bankruptcy are the fund's
/// loss), against ADL counterparties, or against the venue when nothing else could take it.
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="PositionSide">Side of the taken-over position being closed.</param>
/// <param name="Size">Contracts.</param>
/// <param name="Price">Fill price.</param>
/// <param name="BankruptcyPrice">Price the fund took the position over at.</param>
/// <param name="Pnl">The fund's PnL on the fill (booked to the fund, floored at zero with the rest recorded as bad debt).</param>
/// <param name="Kind">Book, ADL or venue.</param>
public sealed record InsuranceFundTrade(
    long Sequence, DateTimeOffset Time, string Symbol, PositionSide PositionSide, decimal Size, decimal Price, decimal BankruptcyPrice, decimal Pnl, FillKind Kind)
    : LiquidationEvent(Sequence, Time);
