using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using LiquidationSim.Accounts;
using LiquidationSim.Internal;
using LiquidationSim.Pricing;

namespace LiquidationSim.Liquidation;

/// <summary>
/// How long an order sent against an <see cref="OrderBook"/> lives. Both kinds match at once against resting
/// liquidity and never rest themselves (definitions as in the dYdX v4 "Time in Force" type,
/// <see href="https://docs.dydx.xyz/types/time_in_force"/>).
/// </summary>
public enum TimeInForce
{
    /// <summary>
    /// Immediate or cancel: fill what the book offers within the limit, cancel the rest. Binance sends a liquidation
    /// as "one large Immediate or Cancel order" (reference cefi.md §1.9).
    /// </summary>
    ImmediateOrCancel = 0,

    /// <summary>
    /// Fill or kill: fill the whole size within the limit, or nothing at all. Bybit and BitMEX step a position down a
    /// risk limit with a FillOrKill order (reference cefi.md §2.3, §4.2).
    /// </summary>
    FillOrKill = 1,
}

/// <summary>
/// The part of an execution that took liquidity from one price level: the level's price and the contracts taken there.
/// </summary>
/// <param name="Price">Price of the level touched.</param>
/// <param name="Size">Contracts taken from the level; positive, at most the size that rested there.</param>
public readonly record struct BookFill(decimal Price, decimal Size);

/// <summary>
/// The result of <see cref="OrderBook.Execute"/>: the book after the order, the levels it touched in the order it
/// touched them (best price first), and the totals.
/// </summary>
/// <remarks>
/// Equality compares every member by value, <see cref="Fills"/> element by element, so two executions of the same
/// order against equal books are equal. The constructor does not check that its arguments agree with one another;
/// executions are meant to come from <see cref="OrderBook.Execute"/>, which guarantees
/// <c>FilledSize + UnfilledSize = size</c>, <c>Σ Fills.Size = FilledSize</c> and
/// <c>AveragePrice = Notional ÷ FilledSize</c>. Immutable and thread-safe.
/// </remarks>
/// <param name="Book">The book after the execution; the same instance when nothing filled.</param>
/// <param name="Fills">One fill per level touched, best price first; empty when nothing filled.</param>
/// <param name="FilledSize">Contracts filled.</param>
/// <param name="UnfilledSize">Contracts cancelled: the order size less <paramref name="FilledSize"/>.</param>
/// <param name="AveragePrice">Volume-weighted fill price, <see cref="Notional"/> ÷ <paramref name="FilledSize"/>; <see langword="null"/> when nothing filled.</param>
/// <param name="LastFillPrice">Price of the last (worst) level touched; <see langword="null"/> when nothing filled.</param>
public sealed record BookExecution(
    OrderBook Book,
    ImmutableArray<BookFill> Fills,
    decimal FilledSize,
    decimal UnfilledSize,
    decimal? AveragePrice,
    decimal? LastFillPrice)
{
    /// <summary>
    /// Quote value of the fills, <c>Σ price × size</c>, for linear contracts with one base unit per contract (an
    /// inverse contract's value is <c>Σ size ÷ price</c> per unit of face value and is not this number).
    /// </summary>
    /// <value>Zero when nothing filled.</value>
    public decimal Notional
    {
        get
        {
            decimal total = 0m;
            foreach (BookFill fill in Fills.AsSpan())
            {
                total += fill.Price * fill.Size;
            }

            return total;
        }
    }

    /// <summary>Value equality: the books, the fills element by element, and the totals.</summary>
    /// <param name="other">The execution to compare with.</param>
    public bool Equals(BookExecution? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (FilledSize == other.FilledSize
                && UnfilledSize == other.UnfilledSize
                && AveragePrice == other.AveragePrice
                && LastFillPrice == other.LastFillPrice
                && Fills.AsSpan().SequenceEqual(other.Fills.AsSpan())
                && Book == other.Book));

    /// <summary>A hash code consistent with <see cref="Equals(BookExecution?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Book);
        foreach (BookFill fill in Fills.AsSpan())
        {
            hash.Add(fill);
        }

        hash.Add(FilledSize);
        hash.Add(UnfilledSize);
        hash.Add(AveragePrice);
        hash.Add(LastFillPrice);
        return hash.ToHashCode();
    }
}

/// <summary>
/// A snapshot of one symbol's resting liquidity, price levels on each side, that liquidation orders take from. An
/// execution walks the opposite side from the best price outward (price priority, as an exchange matching engine
/// fills a marketable order) and returns a new book with the liquidity it took removed; this book never changes.
/// </summary>
/// <remarks>
/// <para>
/// Invariants, checked by <see cref="Create"/>: every price and size is positive; <see cref="Bids"/> run strictly
/// descending and <see cref="Asks"/> strictly ascending, best first; the book is not crossed (best bid below best
/// ask); and each side's total size and total notional <c>Σ price × size</c> fit in <see cref="decimal"/>, so no
/// execution or depth query can overflow. Either side may be empty.
/// </para>
/// <para>
/// Arithmetic is exact <see cref="decimal"/> addition, subtraction and multiplication, which stays exact while
/// amounts need no more than decimal's 28 significant digits; the one division, <see cref="BookExecution.AveragePrice"/>,
/// rounds to decimal precision. Impact prices for funding walk a side the same way (<see cref="Funding.ImpactPrice"/>).
/// </para>
/// <para>
/// Immutable and thread-safe. Equality is by value: the symbol (ordinal) and every level of both sides.
/// </para>
/// </remarks>
public sealed class OrderBook : IEquatable<OrderBook>
{
    private readonly BookSide _bids;
    private readonly BookSide _asks;
    private ImmutableArray<PriceLevel> _bidArray;
    private ImmutableArray<PriceLevel> _askArray;

    private OrderBook(string symbol, BookSide bids, BookSide asks)
    {
        Symbol = symbol;
        _bids = bids;
        _asks = asks;
    }

    /// <summary>The instrument symbol the book quotes.</summary>
    public string Symbol { get; }

    /// <summary>Resting bids, best (highest price) first, strictly descending; what a sell order takes.</summary>
    /// <remarks>A book left by an execution shares its levels with the book it came from; the array is built on first read.</remarks>
    public ImmutableArray<PriceLevel> Bids => _bidArray.IsDefault ? _bidArray = _bids.ToImmutableArray() : _bidArray;

    /// <summary>Resting asks, best (lowest price) first, strictly ascending; what a buy order takes.</summary>
    /// <remarks>A book left by an execution shares its levels with the book it came from; the array is built on first read.</remarks>
    public ImmutableArray<PriceLevel> Asks => _askArray.IsDefault ? _askArray = _asks.ToImmutableArray() : _askArray;

    /// <summary>Highest bid price, or <see langword="null"/> when there are no bids.</summary>
    public decimal? BestBid => _bids.IsEmpty ? null : _bids[0].Price;

    /// <summary>Lowest ask price, or <see langword="null"/> when there are no asks.</summary>
    public decimal? BestAsk => _asks.IsEmpty ? null : _asks[0].Price;

    /// <summary>Number of bid levels.</summary>
    internal int BidCount => _bids.Length;

    /// <summary>Number of ask levels.</summary>
    internal int AskCount => _asks.Length;

    /// <summary>Level <paramref name="index"/> of a side, best first, without building the side's array.</summary>
    internal PriceLevel Level(bool bid, int index) => bid ? _bids[index] : _asks[index];

    /// <summary>
    /// Midpoint of the best bid and best ask, <c>(bid + ask) ÷ 2</c>; <see langword="null"/> when either side is empty
    /// (a one-sided book has no mid, and 0 would be a price).
    /// </summary>
    public decimal? MidPrice => _bids.IsEmpty || _asks.IsEmpty ? null : (_bids[0].Price + _asks[0].Price) / 2m;

    /// <summary>
    /// Creates a book from its two sides, best level first on each. Sizes are in contracts.
    /// </summary>
    /// <param name="symbol">Instrument symbol; not blank.</param>
    /// <param name="bids">Bids, strictly descending by price; may be empty.</param>
    /// <param name="asks">Asks, strictly ascending by price, every one above the best bid; may be empty.</param>
    /// <returns>The book.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bids"/> or <paramref name="asks"/> is <see langword="null"/> (or a default <see cref="ImmutableArray{T}"/>).</exception>
    /// <exception cref="ArgumentException">
    /// The symbol is blank; a price or size is not positive (<c>bids[i].Price</c>, <c>asks[i].Size</c>, …); two levels
    /// of a side are out of order or share a price (the later one is named); the book is crossed or locked
    /// (<c>asks[0].Price</c> is named); or a side's total size or notional exceeds the <see cref="decimal"/> range.
    /// </exception>
    public static OrderBook Create(string symbol, IEnumerable<PriceLevel> bids, IEnumerable<PriceLevel> asks)
    {
        Preconditions.NotBlank(symbol);
        ImmutableArray<PriceLevel> bidLevels = Materialize(bids, nameof(bids));
        ImmutableArray<PriceLevel> askLevels = Materialize(asks, nameof(asks));
        ValidateSide(bidLevels.AsSpan(), nameof(bids), descending: true);
        ValidateSide(askLevels.AsSpan(), nameof(asks), descending: false);
        if (!bidLevels.IsEmpty && !askLevels.IsEmpty && askLevels[0].Price <= bidLevels[0].Price)
        {
            ThrowHelper.Argument(
                "asks[0].Price",
                askLevels[0].Price,
                string.Create(CultureInfo.InvariantCulture, $"must be above the best bid {bidLevels[0].Price} (the book must not be crossed or locked)"));
        }

        return new OrderBook(symbol, new BookSide(bidLevels), new BookSide(askLevels));
    }

    /// <summary>A book from levels the caller built valid (strictly ordered, positive, uncrossed); not checked again.</summary>
    /// <param name="symbol">Symbol.</param>
    /// <param name="bids">Bids, best first.</param>
    /// <param name="asks">Asks, best first.</param>
    internal static OrderBook CreateTrusted(string symbol, ImmutableArray<PriceLevel> bids, ImmutableArray<PriceLevel> asks) =>
        new(symbol, new BookSide(bids), new BookSide(asks));

    /// <summary>
    /// Contracts a taker on <paramref name="takerSide"/> could fill at once without going past
    /// <paramref name="limitPrice"/>: a buyer counts asks priced at or below the limit, a seller bids at or above it.
    /// </summary>
    /// <param name="takerSide">Side of the order that would take the liquidity.</param>
    /// <param name="limitPrice">Worst acceptable price; positive, or <see langword="null"/> for the whole side.</param>
    /// <returns>The size available; zero when the side is empty or the limit does not reach its best price.</returns>
    /// <exception cref="ArgumentException">An undefined side or a non-positive limit.</exception>
    public decimal Depth(OrderSide takerSide, decimal? limitPrice)
    {
        ValidateSide(takerSide, nameof(takerSide));
        ValidateLimit(limitPrice);
        bool buy = takerSide == OrderSide.Buy;
        decimal total = 0m;
        BookSide levels = buy ? _asks : _bids;
        for (int i = 0; i < levels.Length; i++)
        {
            PriceLevel level = levels[i];
            if (!Reaches(level.Price, limitPrice, buy))
            {
                break;
            }

            total += level.Size;
        }

        return total;
    }

    /// <summary>
    /// Executes an order of <paramref name="size"/> contracts against the book. A buy takes asks from the lowest price
    /// up while the price is at or below <paramref name="limitPrice"/>; a sell takes bids from the highest price down
    /// while the price is at or above it; without a limit the walk goes as far as the side does. A partly taken level
    /// keeps its remaining size; an exhausted level disappears.
    /// </summary>
    /// <remarks>
    /// Venues liquidate through exactly these orders: Binance with one large IOC, Bybit and BitMEX with a FOK for the
    /// step down to a lower risk limit (reference cefi.md §1.9, §2.3, §4.2, §11 note 4).
    /// <see cref="TimeInForce.ImmediateOrCancel"/> fills what the walk reaches and cancels the rest.
    /// <see cref="TimeInForce.FillOrKill"/> fills the whole size or, if the book within the limit holds less, nothing:
    /// the result then carries this same book, no fills and <c>UnfilledSize = size</c>. The walk allocates only the
    /// fills array and the one new side; the untouched side is shared with this book, and an execution that fills
    /// nothing allocates no arrays at all.
    /// </remarks>
    /// <param name="side">Order side.</param>
    /// <param name="size">Contracts to fill; positive.</param>
    /// <param name="limitPrice">Worst acceptable price; positive, or <see langword="null"/> for a market order.</param>
    /// <param name="timeInForce">What happens to a size the book cannot fill.</param>
    /// <returns>The book after the order, the fills and the totals.</returns>
    /// <exception cref="ArgumentException">
    /// An undefined side or time in force, a non-positive size or a non-positive limit. Nothing is executed.
    /// </exception>
    public BookExecution Execute(OrderSide side, decimal size, decimal? limitPrice, TimeInForce timeInForce)
    {
        ValidateSide(side, nameof(side));
        Preconditions.Positive(size);
        ValidateLimit(limitPrice);
        if (timeInForce is not (TimeInForce.ImmediateOrCancel or TimeInForce.FillOrKill))
        {
            ThrowHelper.OutOfRange(nameof(timeInForce), timeInForce, "must be ImmediateOrCancel or FillOrKill");
        }

        bool buy = side == OrderSide.Buy;
        BookSide levels = buy ? _asks : _bids;

        // First pass: how many levels the order touches and what it takes from the last of them. Nothing is allocated
        // until the order is known to fill, so a killed FOK or an out-of-reach limit costs only this walk.
        int touched = 0;
        decimal remaining = size;
        decimal lastTake = 0m;
        while (remaining > 0m && touched < levels.Length && Reaches(levels[touched].Price, limitPrice, buy))
        {
            lastTake = Math.Min(remaining, levels[touched].Size);
            remaining -= lastTake;
            touched++;
        }

        if (touched == 0 || (remaining > 0m && timeInForce == TimeInForce.FillOrKill))
        {
            return new BookExecution(this, ImmutableArray<BookFill>.Empty, 0m, size, null, null);
        }

        var fills = new BookFill[touched];
        decimal filled = 0m;
        decimal notional = 0m;
        for (int i = 0; i < touched - 1; i++)
        {
            PriceLevel level = levels[i];
            fills[i] = new BookFill(level.Price, level.Size);
            filled += level.Size;
            notional += level.Price * level.Size;
        }

        PriceLevel last = levels[touched - 1];
        fills[touched - 1] = new BookFill(last.Price, lastTake);
        filled += lastTake;
        notional += last.Price * lastTake;

        // The rest shares the side's levels: it starts further in, with a partly taken level's remaining size.
        bool partial = lastTake < last.Size;
        BookSide rest = partial ? levels.Skip(touched - 1, last.Size - lastTake) : levels.Skip(touched);
        OrderBook next = buy ? new OrderBook(Symbol, _bids, rest) : new OrderBook(Symbol, rest, _asks);
        return new BookExecution(
            next,
            ImmutableCollectionsMarshal.AsImmutableArray(fills),
            filled,
            size - filled,
            notional / filled,
            last.Price);
    }

    /// <summary>Value equality: the same symbol (ordinal) and equal levels, in order, on both sides.</summary>
    /// <param name="other">The book to compare with.</param>
    public bool Equals(OrderBook? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (string.Equals(Symbol, other.Symbol, StringComparison.Ordinal)
                && _bids.SequenceEqual(other._bids)
                && _asks.SequenceEqual(other._asks)));

    /// <inheritdoc cref="Equals(OrderBook?)"/>
    /// <param name="obj">The object to compare with.</param>
    public override bool Equals(object? obj) => Equals(obj as OrderBook);

    /// <summary>A hash code consistent with <see cref="Equals(OrderBook?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Symbol, StringComparer.Ordinal);
        for (int i = 0; i < _bids.Length; i++)
        {
            hash.Add(_bids[i]);
        }

        hash.Add(_bids.Length);
        for (int i = 0; i < _asks.Length; i++)
        {
            hash.Add(_asks[i]);
        }

        return hash.ToHashCode();
    }

    /// <summary>The symbol, level counts and the touch, e.g. <c>BTCUSDT 50 bids 99.5 / 100.5 50 asks</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Symbol} {_bids.Length} bids {BestBid?.ToString(CultureInfo.InvariantCulture) ?? "-"} / {BestAsk?.ToString(CultureInfo.InvariantCulture) ?? "-"} {_asks.Length} asks");

    /// <summary>Value equality of two books, either of which may be <see langword="null"/>.</summary>
    /// <param name="left">A book.</param>
    /// <param name="right">Another book.</param>
    public static bool operator ==(OrderBook? left, OrderBook? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality of two books, either of which may be <see langword="null"/>.</summary>
    /// <param name="left">A book.</param>
    /// <param name="right">Another book.</param>
    public static bool operator !=(OrderBook? left, OrderBook? right) => !(left == right);

    private static bool Reaches(decimal price, decimal? limitPrice, bool buy) =>
        limitPrice is not decimal limit || (buy ? price <= limit : price >= limit);

    private static void ValidateSide(OrderSide side, string paramName)
    {
        if (side is not (OrderSide.Buy or OrderSide.Sell))
        {
            ThrowHelper.OutOfRange(paramName, side, "must be Buy or Sell");
        }
    }

    private static void ValidateLimit(decimal? limitPrice)
    {
        if (limitPrice is decimal limit && limit <= 0m)
        {
            ThrowHelper.OutOfRange(nameof(limitPrice), limit, "must be greater than zero");
        }
    }

    private static ImmutableArray<PriceLevel> Materialize(IEnumerable<PriceLevel> levels, string paramName)
    {
        // A boxed default ImmutableArray is as absent as null, and would throw from inside the copy otherwise.
        if (levels is null or ImmutableArray<PriceLevel> { IsDefault: true })
        {
            ThrowHelper.Null(paramName);
        }

        // An ImmutableArray is taken as is; anything else is copied, so later changes by the caller cannot reach the book.
        return levels.ToImmutableArray();
    }

    private static void ValidateSide(ReadOnlySpan<PriceLevel> levels, string side, bool descending)
    {
        decimal totalSize = 0m;
        decimal totalNotional = 0m;
        for (int i = 0; i < levels.Length; i++)
        {
            PriceLevel level = levels[i];
            if (level.Price <= 0m)
            {
                ThrowHelper.OutOfRange(Element(side, i, nameof(PriceLevel.Price)), level.Price, "must be greater than zero");
            }

            if (level.Size <= 0m)
            {
                ThrowHelper.OutOfRange(Element(side, i, nameof(PriceLevel.Size)), level.Size, "must be greater than zero");
            }

            if (i > 0 && (descending ? level.Price >= levels[i - 1].Price : level.Price <= levels[i - 1].Price))
            {
                ThrowHelper.Argument(
                    Element(side, i, nameof(PriceLevel.Price)),
                    level.Price,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"must be strictly {(descending ? "below" : "above")} the previous level's price {levels[i - 1].Price} ({side} run best first, {(descending ? "highest" : "lowest")} price first)"));
            }

            if (!TryAccumulate(ref totalSize, ref totalNotional, level))
            {
                ThrowHelper.Argument(
                    Element(side, i, nameof(PriceLevel.Size)),
                    level.Size,
                    "takes the side's total size or notional (price × size) beyond the decimal range");
            }
        }
    }

    private static bool TryAccumulate(ref decimal totalSize, ref decimal totalNotional, PriceLevel level)
    {
        try
        {
            decimal size = totalSize + level.Size;
            decimal notional = totalNotional + (level.Price * level.Size);
            totalSize = size;
            totalNotional = notional;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// One side of a book: levels of a shared array from <c>start</c> on, the first of them with its own (partly taken)
    /// size, so an execution shares the untouched levels instead of copying them.
    /// </summary>
    private readonly struct BookSide
    {
        private readonly ImmutableArray<PriceLevel> _levels;
        private readonly int _start;
        private readonly decimal _headSize;

        public BookSide(ImmutableArray<PriceLevel> levels)
            : this(levels, 0, levels.IsEmpty ? 0m : levels[0].Size)
        {
        }

        private BookSide(ImmutableArray<PriceLevel> levels, int start, decimal headSize)
        {
            _levels = levels;
            _start = start;
            _headSize = headSize;
        }

        public int Length => _levels.Length - _start;

        public bool IsEmpty => Length == 0;

        public PriceLevel this[int index] => index == 0 ? new PriceLevel(_levels[_start].Price, _headSize) : _levels[_start + index];

        /// <summary>The side without its first <paramref name="count"/> levels.</summary>
        public BookSide Skip(int count) =>
            _start + count >= _levels.Length ? new BookSide([], 0, 0m) : new BookSide(_levels, _start + count, _levels[_start + count].Size);

        /// <summary>The side without its first <paramref name="count"/> levels, the next one left with <paramref name="headSize"/>.</summary>
        public BookSide Skip(int count, decimal headSize) => new(_levels, _start + count, headSize);

        public bool SequenceEqual(BookSide other)
        {
            if (Length != other.Length)
            {
                return false;
            }

            for (int i = 0; i < Length; i++)
            {
                if (this[i] != other[i])
                {
                    return false;
                }
            }

            return true;
        }

        public ImmutableArray<PriceLevel> ToImmutableArray()
        {
            if (_start == 0 && (_levels.IsEmpty || _headSize == _levels[0].Size))
            {
                return _levels;
            }

            var copy = new PriceLevel[Length];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = this[i];
            }

            return ImmutableCollectionsMarshal.AsImmutableArray(copy);
        }
    }

    // Built only on the failure path, so a valid book costs no strings.
    private static string Element(string side, int index, string member) =>
        string.Create(CultureInfo.InvariantCulture, $"{side}[{index}].{member}");
}
