using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Accounts;

/// <summary>
/// A margin account in one settlement asset: the cross wallet balance and the open positions (each isolated
/// position carries its own margin).
/// </summary>
/// <remarks>
/// <para>
/// Immutable: every operation returns a new account and leaves this one untouched, including when it throws.
/// Value is conserved by every operation: <c>WalletBalance + Σ IsolatedMargin</c> changes only by realised PnL
/// and by explicit deposits and settlements, exactly, because every booked amount is rounded to the instrument's
/// settlement precision first.
/// </para>
/// <para>
/// Fills are recorded, not vetted: <see cref="ApplyFill"/> checks sizes, prices, lots and leverage but not buying
/// power, which belongs to order placement. Margin transfers are vetted by the margin rules
/// (<see cref="LiquidationSim.Margin.MarginTransfers.AddIsolatedMargin"/>,
/// <see cref="LiquidationSim.Margin.MarginTransfers.RemoveIsolatedMargin"/>).
/// </para>
/// </remarks>
public sealed record Account
{
    private Account(string settlementAsset, decimal walletBalance, PositionMode positionMode, ImmutableArray<Position> positions, ImmutableArray<RestingOrder> orders)
    {
        SettlementAsset = settlementAsset;
        WalletBalance = walletBalance;
        PositionMode = positionMode;
        Positions = positions;
        Orders = orders;
    }

    /// <summary>Asset the account is denominated in (USDT, BTC…); every position settles in it.</summary>
    public string SettlementAsset { get; }

    /// <summary>
    /// Cross wallet balance: deposits plus realised PnL, minus margin moved into isolated positions
    /// (Binance <c>crossWalletBalance</c>).
    /// </summary>
    public decimal WalletBalance { get; }

    /// <summary>One-way or hedge.</summary>
    public PositionMode PositionMode { get; }

    /// <summary>Open positions, in the order they were opened.</summary>
    public ImmutableArray<Position> Positions { get; }

    /// <summary>Open orders that reserve margin, in the order they were placed.</summary>
    public ImmutableArray<RestingOrder> Orders { get; }

    /// <summary>Margin reserved by open orders.</summary>
    public decimal ReservedOrderMargin
    {
        get
        {
            decimal total = 0m;
            foreach (RestingOrder o in Orders)
            {
                total += o.ReservedMargin;
            }

            return total;
        }
    }

    /// <summary>
    /// Wallet balance plus every isolated margin plus margin reserved by orders: the account's value before
    /// unrealised PnL.
    /// </summary>
    public decimal TotalWalletBalance
    {
        get
        {
            decimal total = WalletBalance + ReservedOrderMargin;
            foreach (Position p in Positions)
            {
                total += p.IsolatedMargin;
            }

            return total;
        }
    }

    /// <summary>Creates an account with no positions.</summary>
    /// <param name="settlementAsset">Asset of the wallet.</param>
    /// <param name="walletBalance">Opening wallet balance; not negative.</param>
    /// <param name="positionMode">One-way or hedge.</param>
    public static Account Create(string settlementAsset, decimal walletBalance, PositionMode positionMode = PositionMode.OneWay)
    {
        Preconditions.NotBlank(settlementAsset);
        Preconditions.NonNegative(walletBalance);
        if (positionMode is not (PositionMode.OneWay or PositionMode.Hedge))
        {
            ThrowHelper.Argument(nameof(positionMode), positionMode, "must be OneWay or Hedge");
        }

        return new Account(settlementAsset, walletBalance, positionMode, [], []);
    }

    /// <summary>
    /// Adds an existing position (for example one loaded from a venue) and moves its isolated margin out of the
    /// wallet.
    /// </summary>
    /// <param name="position">The position; its symbol and side must not already be held.</param>
    /// <exception cref="ArgumentException">Wrong settlement asset, a duplicate position, or too little wallet balance for its isolated margin.</exception>
    public Account WithPosition(Position position)
    {
        Preconditions.NotNull(position);
        CheckSettlement(position.Instrument);
        if (Slot(position.Symbol, position.Side) is not null)
        {
            ThrowHelper.Argument(nameof(position), position.ToString(), "duplicates a position the account already holds");
        }

        if (position.IsolatedMargin > WalletBalance)
        {
            ThrowHelper.Argument(nameof(position), position.IsolatedMargin, Describe("isolated margin must not exceed the wallet balance", WalletBalance));
        }

        return new Account(SettlementAsset, WalletBalance - position.IsolatedMargin, PositionMode, Positions.Add(position), Orders);
    }

    /// <summary>Credits <paramref name="amount"/> to the wallet.</summary>
    /// <param name="amount">Positive amount.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is not positive, or the balance it makes is beyond the decimal range.</exception>
    public Account Deposit(decimal amount)
    {
        Preconditions.Positive(amount);
        decimal balance;
        try
        {
            balance = WalletBalance + amount;
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(
                nameof(amount), amount, ThrowHelper.Describe(nameof(amount), amount, Describe("makes a wallet balance beyond the decimal range with the balance", WalletBalance)));
        }

        return new Account(SettlementAsset, balance, PositionMode, Positions, Orders);
    }

    /// <summary>The position in <paramref name="symbol"/> (one-way mode), or <see langword="null"/>.</summary>
    /// <param name="symbol">Instrument symbol.</param>
    public Position? Find(string symbol)
    {
        foreach (Position p in Positions)
        {
            if (p.Symbol == symbol)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>
    /// What occupies the slot a <paramref name="side"/> position in <paramref name="symbol"/> would take: in one-way
    /// mode the symbol's position whatever its side, in hedge mode the position of that side.
    /// </summary>
    internal Position? Slot(string symbol, PositionSide side) => PositionMode == PositionMode.OneWay ? Find(symbol) : Find(symbol, side);

    /// <summary>The <paramref name="side"/> position in <paramref name="symbol"/>, or <see langword="null"/>.</summary>
    /// <param name="symbol">Instrument symbol.</param>
    /// <param name="side">Long or short.</param>
    public Position? Find(string symbol, PositionSide side)
    {
        foreach (Position p in Positions)
        {
            if (p.Symbol == symbol && p.Side == side)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>
    /// Records a fill. One-way mode: a buy adds to a long or reduces a short, flipping it to a long when it is
    /// larger than the short (and likewise for sells). Hedge mode: <paramref name="hedgeSide"/> names the
    /// position; a buy opens or adds to a long and closes a short, a sell the reverse.
    /// </summary>
    /// <param name="instrument">The contract traded.</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="size">Contracts filled: positive, whole lots.</param>
    /// <param name="price">Fill price: positive.</param>
    /// <param name="marginMode">Margin mode of a position this fill opens; an existing position keeps its own.</param>
    /// <param name="leverage">Leverage of a position this fill opens, at least 1; an existing position keeps its own.</param>
    /// <param name="hedgeSide">Hedge mode only: which position the fill belongs to.</param>
    /// <returns>The new account and the PnL realised by the fill.</returns>
    /// <exception cref="ArgumentException">An argument is invalid, the wallet cannot fund an isolated position's
    /// initial margin, a hedge-mode close exceeds the position, or the side argument does not fit the mode.</exception>
    public FillResult ApplyFill(
        Instrument instrument,
        OrderSide side,
        decimal size,
        decimal price,
        MarginMode marginMode,
        decimal leverage,
        PositionSide? hedgeSide = null)
    {
        Preconditions.NotNull(instrument);
        CheckSettlement(instrument);
        if (side is not (OrderSide.Buy or OrderSide.Sell))
        {
            ThrowHelper.Argument(nameof(side), side, "must be Buy or Sell");
        }

        instrument.ValidateSize(size);
        Preconditions.Positive(price);

        if (PositionMode == PositionMode.OneWay)
        {
            if (hedgeSide is not null)
            {
                ThrowHelper.Argument(nameof(hedgeSide), hedgeSide, "must be null in one-way mode");
            }

            Position? existing = Find(instrument.Symbol);
            if (existing is null || existing.Side == side.Opens())
            {
                return Open(existing, instrument, side.Opens(), size, price, marginMode, leverage);
            }

            decimal closing = Math.Min(size, existing.Size);
            FillResult closed = Close(existing, closing, price);
            return size == closing
                ? closed
                : closed.Account.Open(null, instrument, side.Opens(), size - closing, price, marginMode, leverage) with
                {
                    RealizedPnl = closed.RealizedPnl,
                };
        }

        if (hedgeSide is not PositionSide target || target is not (PositionSide.Long or PositionSide.Short))
        {
            return ThrowHelper.Argument<FillResult>(nameof(hedgeSide), hedgeSide, "must be Long or Short in hedge mode");
        }

        Position? held = Find(instrument.Symbol, target);
        if (side.Opens() == target)
        {
            return Open(held, instrument, target, size, price, marginMode, leverage);
        }

        if (held is null || size > held.Size)
        {
            ThrowHelper.OutOfRange(nameof(size), size, Describe($"must not exceed the {target} position size", held?.Size ?? 0m));
        }

        return Close(held, size, price);
    }

    /// <summary>
    /// Places a resting limit order that reserves <c>notional ÷ leverage</c> (rounded up to the settlement precision)
    /// from the wallet until it is cancelled.
    /// </summary>
    /// <param name="instrument">The contract.</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="size">Contracts: positive, whole lots.</param>
    /// <param name="price">Limit price: positive.</param>
    /// <param name="leverage">Leverage the reservation is computed at: at least 1, as for a position.</param>
    /// <param name="orderId">Id; unique among the account's open orders.</param>
    /// <exception cref="ArgumentException">Invalid arguments, a duplicate id, or not enough wallet balance for the reservation.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leverage"/> is below 1, or the notional at <paramref name="price"/> is beyond the decimal range.</exception>
    public Account PlaceOrder(Instrument instrument, OrderSide side, decimal size, decimal price, decimal leverage, long orderId)
    {
        Preconditions.NotNull(instrument);
        CheckSettlement(instrument);
        if (side is not (OrderSide.Buy or OrderSide.Sell))
        {
            ThrowHelper.Argument(nameof(side), side, "must be Buy or Sell");
        }

        instrument.ValidateSize(size);
        Preconditions.Positive(price);
        Preconditions.Positive(leverage);
        if (leverage < 1m)
        {
            // As Position.Open: notional ÷ leverage would reserve more than the order is worth.
            ThrowHelper.OutOfRange(nameof(leverage), leverage, "must be at least 1");
        }

        foreach (RestingOrder o in Orders)
        {
            if (o.Id == orderId)
            {
                ThrowHelper.Argument(nameof(orderId), orderId, "is already an open order of this account");
            }
        }

        decimal reserve = instrument.InitialMargin(instrument.Notional(size, price), leverage);
        if (reserve > WalletBalance)
        {
            ThrowHelper.Argument(nameof(size), size, Describe("needs more order margin than the wallet balance holds", WalletBalance));
        }

        var order = new RestingOrder(orderId, instrument.Symbol, side, size, price, reserve);
        return new Account(SettlementAsset, WalletBalance - reserve, PositionMode, Positions, Orders.Add(order));
    }

    /// <summary>Cancels every open order and returns the reserved margin to the wallet.</summary>
    /// <returns>The account without orders, and the orders cancelled (in placement order).</returns>
    public (Account Account, ImmutableArray<RestingOrder> Cancelled) CancelAllOrders() =>
        Orders.IsEmpty
            ? (this, [])
            : (new Account(SettlementAsset, WalletBalance + ReservedOrderMargin, PositionMode, Positions, []), Orders);

    /// <summary>Cancels one open order and returns its reserved margin to the wallet.</summary>
    internal Account CancelOrder(long orderId)
    {
        for (int i = 0; i < Orders.Length; i++)
        {
            if (Orders[i].Id == orderId)
            {
                return new Account(SettlementAsset, WalletBalance + Orders[i].ReservedMargin, PositionMode, Positions, Orders.RemoveAt(i));
            }
        }

        return ThrowHelper.Argument<Account>(nameof(orderId), orderId, "is not an open order of this account");
    }

    /// <summary>
    /// Closes part of a held position during liquidation. An isolated position's realised PnL goes to its own
    /// margin, which bounds its loss; a partial close keeps the margin in the position (that is how a partial
    /// liquidation restores compliance), and a full close releases all of it to the wallet, even a negative
    /// remainder, which is then the account's deficit for the insurance fund. A cross position's PnL goes to the
    /// wallet.
    /// </summary>
    internal (Account Account, decimal RealizedPnl, decimal ReleasedMargin) LiquidationClose(Position position, decimal size, decimal price)
    {
        int i = IndexOfHeld(position);
        (decimal realized, decimal released) = LiquidationCloseAmounts(position, size, price);
        bool full = size == position.Size;
        if (position.MarginMode == MarginMode.Cross)
        {
            ImmutableArray<Position> rest = full ? Positions.RemoveAt(i) : Positions.SetItem(i, position.Shrink(size, 0m));
            return (new Account(SettlementAsset, WalletBalance + realized, PositionMode, rest, Orders), realized, 0m);
        }

        decimal margin = position.IsolatedMargin + realized;
        ImmutableArray<Position> positions = full ? Positions.RemoveAt(i) : Positions.SetItem(i, position.Shrink(size, margin - released));
        return (new Account(SettlementAsset, WalletBalance + released, PositionMode, positions, Orders), realized, released);
    }

    /// <summary>The realised PnL and released margin <see cref="LiquidationClose"/> books, without building the account.</summary>
    internal static (decimal RealizedPnl, decimal ReleasedMargin) LiquidationCloseAmounts(Position position, decimal size, decimal price)
    {
        decimal realized = position.RealizedPnlOn(size, price);
        decimal released = position.MarginMode == MarginMode.Isolated && size == position.Size ? position.IsolatedMargin + realized : 0m;
        return (realized, released);
    }

    /// <summary>Moves the wallet by <paramref name="delta"/>, which may leave it negative (a deficit for the insurance fund).</summary>
    internal Account WithWalletDelta(decimal delta) => new(SettlementAsset, WalletBalance + delta, PositionMode, Positions, Orders);

    /// <summary>Removes a held position and its isolated margin (for a transfer to a liquidator vault).</summary>
    internal Account WithoutPosition(Position position) =>
        new(SettlementAsset, WalletBalance, PositionMode, Positions.RemoveAt(IndexOfHeld(position)), Orders);

    /// <summary>
    /// Adds a transferred position to a hedge-mode account (a liquidator vault), merging it into a held position of
    /// the same symbol and side at the combined average entry, and credits the margin that came with it.
    /// </summary>
    internal Account ReceivePosition(Position position, decimal margin)
    {
        if (PositionMode != PositionMode.Hedge)
        {
            ThrowHelper.InvalidOperation("A vault account that receives transferred positions must be in hedge mode.");
        }

        Position? held = Find(position.Symbol, position.Side);
        ImmutableArray<Position> positions = held is null
            ? Positions.Add(position.AsCross())
            : Positions.SetItem(IndexOfHeld(held), held.Merge(position));
        return new Account(SettlementAsset, WalletBalance + margin, PositionMode, positions, Orders);
    }

    private int IndexOfHeld(Position position)
    {
        int i = Positions.IndexOf(position, ReferenceEqualityComparer.Instance);
        if (i < 0)
        {
            ThrowHelper.Argument(nameof(position), position.ToString(), "is not held by the account");
        }

        return i;
    }

    /// <summary>
    /// Credits <paramref name="amount"/> (negative to debit) to a held position: an isolated position's margin, or
    /// the wallet for a cross position. Used by settlements such as funding.
    /// </summary>
    internal Account CreditPosition(Position position, decimal amount)
    {
        int i = Positions.IndexOf(position, ReferenceEqualityComparer.Instance);
        if (i < 0)
        {
            ThrowHelper.Argument(nameof(position), position.ToString(), "is not held by the account");
        }

        return position.MarginMode == MarginMode.Isolated
            ? new Account(SettlementAsset, WalletBalance, PositionMode, Positions.SetItem(i, position.WithIsolatedMarginDelta(amount)), Orders)
            : new Account(SettlementAsset, WalletBalance + amount, PositionMode, Positions, Orders);
    }

    /// <summary>Value equality: same asset, wallet, mode and positions in the same order.</summary>
    /// <param name="other">The other account.</param>
    public bool Equals(Account? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (SettlementAsset == other.SettlementAsset
                && WalletBalance == other.WalletBalance
                && PositionMode == other.PositionMode
                && Positions.SequenceEqual(other.Positions)
                && Orders.SequenceEqual(other.Orders)));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(SettlementAsset, WalletBalance, PositionMode, Positions.Length);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Account {WalletBalance} {SettlementAsset}, {Positions.Length} positions ({PositionMode})");

    /// <summary>
    /// A market maker's side of a book fill (one-way, cross, leverage 1): applied as <see cref="ApplyFill"/> would,
    /// except that a negative wallet does not stop it opening or flipping — the maker's quote was resting, and an
    /// insolvent maker is liquidated at the next check. The engine's internal path only.
    /// </summary>
    internal FillResult ApplyMakerFill(Instrument instrument, OrderSide side, decimal size, decimal price)
    {
        Position? existing = Find(instrument.Symbol);
        if (existing is null || existing.Side == side.Opens())
        {
            return Open(existing, instrument, side.Opens(), size, price, MarginMode.Cross, 1m, checkWallet: false);
        }

        decimal closing = Math.Min(size, existing.Size);
        FillResult closed = Close(existing, closing, price);
        return size == closing
            ? closed
            : closed.Account.Open(null, instrument, side.Opens(), size - closing, price, MarginMode.Cross, 1m, checkWallet: false) with
            {
                RealizedPnl = closed.RealizedPnl,
            };
    }

    private FillResult Open(Position? existing, Instrument instrument, PositionSide side, decimal size, decimal price, MarginMode marginMode, decimal leverage, bool checkWallet = true)
    {
        decimal lev = existing?.Leverage ?? leverage;
        MarginMode mode = existing?.MarginMode ?? marginMode;
        if (lev is > 0m and < 1m)
        {
            // Checked before the margin it sizes, so the refusal names the leverage, not the wallet (as Position.Open would).
            ThrowHelper.OutOfRange(nameof(leverage), lev, "must be at least 1");
        }

        decimal margin = mode == MarginMode.Isolated
            ? instrument.RoundAmount(instrument.Notional(size, price) / Preconditions.Positive(lev, nameof(leverage)), MidpointRounding.ToPositiveInfinity)
            : 0m;
        if (checkWallet && margin > WalletBalance)
        {
            ThrowHelper.Argument(nameof(size), size, Describe("needs more isolated margin than the wallet balance holds", WalletBalance));
        }

        Position next = existing is null
            ? Position.Open(instrument, side, size, price, mode, lev, mode == MarginMode.Isolated ? margin : null)
            : existing.Increase(size, price, margin);
        return new FillResult(Replace(existing, next, -margin), 0m);
    }

    private FillResult Close(Position position, decimal size, decimal price)
    {
        PositionReduction r = position.Reduce(size, price);
        return new FillResult(Replace(position, r.Remaining, r.RealizedPnl + r.ReleasedMargin), r.RealizedPnl);
    }

    private Account Replace(Position? old, Position? next, decimal walletDelta)
    {
        ImmutableArray<Position> positions = Positions;
        if (old is not null)
        {
            int i = positions.IndexOf(old, ReferenceEqualityComparer.Instance);
            positions = next is null ? positions.RemoveAt(i) : positions.SetItem(i, next);
        }
        else if (next is not null)
        {
            positions = positions.Add(next);
        }

        return new Account(SettlementAsset, WalletBalance + walletDelta, PositionMode, positions, Orders);
    }

    /// <summary>
    /// Moves <paramref name="amount"/> from the wallet into <paramref name="position"/>'s isolated margin (out of it
    /// when negative). Not vetted: <see cref="LiquidationSim.Margin.MarginTransfers"/> checks the amount against the margin rules first.
    /// </summary>
    internal Account TransferIsolatedMargin(Position position, decimal amount) =>
        Replace(position, position.WithIsolatedMarginDelta(amount), -amount);

    /// <summary>The isolated position held on <paramref name="side"/> of <paramref name="symbol"/>; refused when there is none or it is cross.</summary>
    internal Position RequireIsolated(string symbol, PositionSide side)
    {
        Preconditions.NotBlank(symbol);
        Position? p = Find(symbol, side);
        if (p is null)
        {
            return ThrowHelper.Argument<Position>(nameof(symbol), symbol, $"has no {side} position in this account");
        }

        if (p.MarginMode != MarginMode.Isolated)
        {
            ThrowHelper.Argument(nameof(symbol), symbol, "is a cross position; only isolated positions hold their own margin");
        }

        return p;
    }

    private void CheckSettlement(Instrument instrument)
    {
        if (instrument.SettlementAsset != SettlementAsset)
        {
            ThrowHelper.Argument(nameof(instrument), instrument.Symbol, $"settles in {instrument.SettlementAsset}, but the account is in {SettlementAsset}");
        }
    }

    private static string Describe(string text, decimal value) =>
        string.Create(CultureInfo.InvariantCulture, $"{text} {value}");
}

/// <summary>The outcome of <see cref="Account.ApplyFill"/>.</summary>
/// <param name="Account">The account after the fill.</param>
/// <param name="RealizedPnl">PnL realised by the fill (zero when it only opened or added).</param>
public readonly record struct FillResult(Account Account, decimal RealizedPnl);
