using System.Globalization;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Accounts;

/// <summary>
/// An open position: instrument, side, size in contracts, average entry price, margin mode, leverage and, for
/// isolated positions, the margin set aside for it.
/// </summary>
/// <remarks>
/// <para>
/// Immutable. <see cref="Increase"/> re-averages the entry (arithmetically in price for linear contracts,
/// harmonically for inverse ones, so the average preserves the position's value at entry); <see cref="Reduce"/>
/// realises PnL on the closed part at the average entry and releases the same fraction of isolated margin.
/// A position never has size zero: closing it returns <see langword="null"/>.
/// </para>
/// <para>Leverage sets the initial margin (<c>notional ÷ leverage</c>); it never exceeds the bracket's maximum.</para>
/// </remarks>
public sealed record Position
{
    private Position(Instrument instrument, PositionSide side, decimal size, decimal entryPrice, MarginMode marginMode, decimal leverage, decimal isolatedMargin)
    {
        Instrument = instrument;
        Side = side;
        Size = size;
        EntryPrice = entryPrice;
        MarginMode = marginMode;
        Leverage = leverage;
        IsolatedMargin = isolatedMargin;
    }

    /// <summary>The contract.</summary>
    public Instrument Instrument { get; }

    /// <summary>Long or short.</summary>
    public PositionSide Side { get; }

    /// <summary>Absolute size in contracts; always positive and a multiple of the lot size.</summary>
    public decimal Size { get; }

    /// <summary>Average entry price.</summary>
    public decimal EntryPrice { get; }

    /// <summary>Isolated or cross.</summary>
    public MarginMode MarginMode { get; }

    /// <summary>Leverage chosen for the position; sets its initial margin.</summary>
    public decimal Leverage { get; }

    /// <summary>
    /// Margin held by an isolated position (Binance "isolated wallet balance", Bybit "position margin"), in the
    /// settlement asset. Zero for cross positions.
    /// </summary>
    public decimal IsolatedMargin { get; }

    /// <summary>The symbol of <see cref="Instrument"/>.</summary>
    public string Symbol => Instrument.Symbol;

    /// <summary>Notional at the entry price, in the settlement asset.</summary>
    public decimal EntryNotional => Instrument.NotionalUnchecked(Size, EntryPrice);

    /// <summary>
    /// Opens a position. For isolated positions the margin defaults to the initial margin
    /// <c>notional ÷ leverage</c>, rounded up to the settlement precision (a requirement rounds up).
    /// </summary>
    /// <param name="instrument">The contract.</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Size in contracts: positive and a whole number of lots.</param>
    /// <param name="entryPrice">Entry price: positive.</param>
    /// <param name="marginMode">Isolated or cross.</param>
    /// <param name="leverage">Leverage: at least 1 and at most the bracket maximum at the entry notional.</param>
    /// <param name="isolatedMargin">Margin for an isolated position (must be zero or omitted for cross).</param>
    /// <exception cref="ArgumentException">An argument breaks one of the rules above.</exception>
    public static Position Open(
        Instrument instrument,
        PositionSide side,
        decimal size,
        decimal entryPrice,
        MarginMode marginMode,
        decimal leverage,
        decimal? isolatedMargin = null)
    {
        DomainProblem.ThrowFirst(Check(instrument, side, size, entryPrice, marginMode, leverage, isolatedMargin));
        decimal margin = marginMode == MarginMode.Isolated
            ? isolatedMargin ?? instrument.InitialMargin(instrument.NotionalUnchecked(size, entryPrice), leverage)
            : 0m;
        return new Position(instrument, side, size, entryPrice, marginMode, leverage, margin);
    }

    /// <summary>
    /// Every rule the arguments of <see cref="Open"/> break, in the order it checks them (the first is what it throws);
    /// empty when they open a position. The leverage is checked against the bracket of the entry notional only when
    /// the instrument, size, price and leverage are otherwise valid, since that notional needs them.
    /// </summary>
    /// <param name="instrument">The contract; not null.</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Size in contracts: positive and a whole number of lots.</param>
    /// <param name="entryPrice">Entry price: positive.</param>
    /// <param name="marginMode">Isolated or cross.</param>
    /// <param name="leverage">Leverage: at least 1 and at most the bracket maximum at the entry notional.</param>
    /// <param name="isolatedMargin">Margin for an isolated position (not negative), omitted or zero for cross.</param>
    internal static IReadOnlyList<DomainProblem> Check(
        Instrument? instrument, PositionSide side, decimal size, decimal entryPrice, MarginMode marginMode, decimal leverage, decimal? isolatedMargin = null)
    {
        List<DomainProblem>? problems = null;
        DomainChecks.NotNull(ref problems, instrument, nameof(instrument));
        if (SideProblem(side) is { } wrongSide)
        {
            DomainChecks.Add(ref problems, wrongSide);
        }

        if (instrument is not null)
        {
            IReadOnlyList<DomainProblem> sizeProblems = instrument.CheckSize(size);
            for (int i = 0; i < sizeProblems.Count; i++)
            {
                DomainChecks.Add(ref problems, sizeProblems[i]);
            }
        }

        DomainChecks.Positive(ref problems, entryPrice, nameof(entryPrice));
        DomainChecks.Positive(ref problems, leverage, nameof(leverage));
        if (leverage is > 0m and < 1m)
        {
            // Notional ÷ leverage would post more margin than the position is worth; no venue offers it.
            DomainChecks.Add(ref problems, new DomainProblem(nameof(leverage), "must be at least 1", leverage, DomainRule.OutOfRange));
        }

        if (problems is null)
        {
            try
            {
                if (BracketProblem(instrument!, size, entryPrice, leverage) is { } bracket)
                {
                    DomainChecks.Add(ref problems, bracket);
                }
            }
            catch (OverflowException)
            {
                DomainChecks.Add(ref problems, new DomainProblem(
                    nameof(entryPrice),
                    string.Create(CultureInfo.InvariantCulture, $"is too large: the notional of {size} contracts at it is beyond the decimal range"),
                    entryPrice,
                    DomainRule.OutOfRange));
            }
        }

        if (marginMode == MarginMode.Isolated)
        {
            if (isolatedMargin is decimal given)
            {
                DomainChecks.NonNegative(ref problems, given, nameof(isolatedMargin));
            }
        }
        else if (marginMode == MarginMode.Cross)
        {
            if (isolatedMargin is decimal m && m != 0m)
            {
                DomainChecks.Add(ref problems, new DomainProblem(nameof(isolatedMargin), "must be omitted or zero for a cross position", m, DomainRule.Invalid));
            }
        }
        else
        {
            DomainChecks.Add(ref problems, new DomainProblem(nameof(marginMode), "must be Isolated or Cross", marginMode, DomainRule.Invalid));
        }

        return DomainChecks.Result(problems);
    }

    /// <summary>Unrealised PnL at <paramref name="markPrice"/>, in the settlement asset.</summary>
    /// <param name="markPrice">Mark price; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="markPrice"/> is not positive, or the PnL at it is beyond the decimal range.</exception>
    public decimal UnrealizedPnl(decimal markPrice)
    {
        Preconditions.Positive(markPrice);
        try
        {
            return Instrument.PnlUnchecked((int)Side, Size, EntryPrice, markPrice);
        }
        catch (OverflowException)
        {
            return BeyondRange<decimal>(nameof(markPrice), markPrice, "gives a PnL beyond the decimal range");
        }
    }

    /// <summary>Notional at <paramref name="price"/>, in the settlement asset.</summary>
    /// <param name="price">Price; positive.</param>
    public decimal Notional(decimal price) => Instrument.Notional(Size, price);

    /// <summary>Initial margin at <paramref name="price"/>: notional ÷ leverage.</summary>
    /// <param name="price">Price; positive.</param>
    public decimal InitialMargin(decimal price) => Notional(price) / Leverage;

    /// <summary>Maintenance margin at <paramref name="markPrice"/> from the instrument's brackets.</summary>
    /// <param name="markPrice">Mark price; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="markPrice"/> is not positive, or the notional at it is beyond the decimal range.</exception>
    public decimal MaintenanceMargin(decimal markPrice)
    {
        Preconditions.Positive(markPrice);
        decimal notional;
        try
        {
            notional = Instrument.NotionalUnchecked(Size, markPrice);
        }
        catch (OverflowException)
        {
            return BeyondRange<decimal>(nameof(markPrice), markPrice, "gives a notional beyond the decimal range");
        }

        return Instrument.RiskTiers.MaintenanceMarginUnchecked(notional);
    }

    /// <summary>
    /// Adds <paramref name="size"/> contracts bought (long) or sold (short) at <paramref name="price"/>, with
    /// <paramref name="addedMargin"/> moved into an isolated position.
    /// </summary>
    /// <param name="size">Contracts added: positive, whole lots.</param>
    /// <param name="price">Fill price: positive.</param>
    /// <param name="addedMargin">Margin added to an isolated position; must be zero for cross.</param>
    /// <returns>The enlarged position with the re-averaged entry.</returns>
    /// <exception cref="ArgumentException">An argument is invalid or the new notional's bracket does not allow the leverage.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The enlarged size, entry notional or margin is beyond the decimal range (named after <paramref name="price"/>).</exception>
    public Position Increase(decimal size, decimal price, decimal addedMargin)
    {
        Instrument.ValidateSize(size);
        Preconditions.Positive(price);
        Preconditions.NonNegative(addedMargin);
        if (MarginMode == MarginMode.Cross && addedMargin != 0m)
        {
            ThrowHelper.Argument(nameof(addedMargin), addedMargin, "must be zero for a cross position");
        }

        decimal newSize, entry, margin;
        try
        {
            newSize = Size + size;
            entry = AverageEntry(size, price);
            margin = IsolatedMargin + addedMargin;
            _ = Instrument.NotionalUnchecked(newSize, entry);
        }
        catch (OverflowException)
        {
            return BeyondRange<Position>(nameof(price), price, "gives, with this position, a size, entry notional or margin beyond the decimal range");
        }

        ValidateLeverage(Instrument, newSize, entry, Leverage);
        return new Position(Instrument, Side, newSize, entry, MarginMode, Leverage, margin);
    }

    /// <summary>
    /// Closes <paramref name="size"/> contracts at <paramref name="price"/>, realising PnL on them at the average
    /// entry and releasing the same fraction of isolated margin. Both amounts are booked to the instrument's
    /// settlement precision (PnL half to even, released margin towards zero).
    /// </summary>
    /// <param name="size">Contracts closed: positive, whole lots, at most <see cref="Size"/>.</param>
    /// <param name="price">Fill price: positive.</param>
    /// <returns>The remaining position (or <see langword="null"/> when closed), the realised PnL and the released margin.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The realised PnL at <paramref name="price"/> is beyond the decimal range.</exception>
    public PositionReduction Reduce(decimal size, decimal price)
    {
        Instrument.ValidateSize(size);
        Preconditions.Positive(price);
        if (size > Size)
        {
            ThrowHelper.OutOfRange(nameof(size), size, string.Create(CultureInfo.InvariantCulture, $"must not exceed the position size {Size}"));
        }

        // Booked to the settlement precision, half to even, so a long and a short closed on the same terms book
        // exact opposites and wallet sums stay exact.
        decimal realized;
        try
        {
            realized = RealizedPnlOn(size, price);
        }
        catch (OverflowException)
        {
            return BeyondRange<PositionReduction>(nameof(price), price, "gives a realised PnL beyond the decimal range");
        }
        if (size == Size)
        {
            return new PositionReduction(null, realized, IsolatedMargin);
        }

        decimal released = Instrument.RoundAmount(IsolatedMargin * size / Size, MidpointRounding.ToZero);
        var rest = new Position(Instrument, Side, Size - size, EntryPrice, MarginMode, Leverage, IsolatedMargin - released);
        return new PositionReduction(rest, realized, released);
    }

    /// <summary>The position less <paramref name="size"/> contracts, at the same entry, holding <paramref name="isolatedMargin"/>.</summary>
    internal Position Shrink(decimal size, decimal isolatedMargin) =>
        new(Instrument, Side, Size - size, EntryPrice, MarginMode, Leverage, isolatedMargin);

    /// <summary>The same position held under cross margin, with no isolated margin.</summary>
    internal Position AsCross() => new(Instrument, Side, Size, EntryPrice, MarginMode.Cross, Leverage, 0m);

    /// <summary>Adds another position of the same side, re-averaging the entry (no leverage check: a transfer, not a trade).</summary>
    internal Position Merge(Position other) =>
        new(Instrument, Side, Size + other.Size, AverageEntry(other.Size, other.EntryPrice), MarginMode, Leverage, IsolatedMargin);

    /// <summary>
    /// PnL realised by closing <paramref name="size"/> contracts at <paramref name="price"/>, booked at the settlement
    /// precision half to even (a long and a short closed on the same terms book exact opposites).
    /// </summary>
    internal decimal RealizedPnlOn(decimal size, decimal price) =>
        Instrument.RoundAmount(Instrument.PnlUnchecked((int)Side, size, EntryPrice, price), MidpointRounding.ToEven);

    /// <summary>
    /// Entry after adding <paramref name="size"/> contracts at <paramref name="price"/>: arithmetic in price for linear
    /// contracts, harmonic for inverse ones, so the average keeps the position's value at entry.
    /// </summary>
    private decimal AverageEntry(decimal size, decimal price)
    {
        decimal total = Size + size;
        return Instrument.Kind == ContractKind.Linear
            ? ((Size * EntryPrice) + (size * price)) / total
            : total / ((Size / EntryPrice) + (size / price));
    }

    /// <summary>A copy with <paramref name="amount"/> more (or, if negative, less) isolated margin.</summary>
    internal Position WithIsolatedMarginDelta(decimal amount) =>
        new(Instrument, Side, Size, EntryPrice, MarginMode, Leverage, IsolatedMargin + amount);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Side} {Size} {Symbol} @ {EntryPrice} ({MarginMode}, {Leverage}x, margin {IsolatedMargin})");

    internal static void ValidateSide(PositionSide side) => SideProblem(side)?.Throw();

    /// <summary>Refuses a value whose sum or product with the position's figures leaves the decimal range (was OverflowException, issue 15).</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private T BeyondRange<T>(string paramName, decimal value, string rule) =>
        throw new ArgumentOutOfRangeException(paramName, value, ThrowHelper.Describe(paramName, value, string.Create(CultureInfo.InvariantCulture, $"{rule} for {this}")));

    private static DomainProblem? SideProblem(PositionSide side) =>
        side is PositionSide.Long or PositionSide.Short ? null : new DomainProblem(nameof(side), "must be Long or Short", side, DomainRule.Invalid);

    private static void ValidateLeverage(Instrument instrument, decimal size, decimal price, decimal leverage)
    {
        Preconditions.Positive(leverage);
        BracketProblem(instrument, size, price, leverage)?.Throw();
    }

    /// <summary>Whether <paramref name="leverage"/> exceeds the maximum of the bracket of <paramref name="size"/> contracts at <paramref name="price"/>.</summary>
    private static DomainProblem? BracketProblem(Instrument instrument, decimal size, decimal price, decimal leverage)
    {
        decimal notional = instrument.NotionalUnchecked(size, price);
        RiskTier tier = instrument.RiskTiers.TierFor(notional);
        return leverage > tier.MaxLeverage
            ? new DomainProblem(
                nameof(leverage),
                string.Create(CultureInfo.InvariantCulture, $"must not exceed the bracket maximum {tier.MaxLeverage}x at notional {notional}"),
                leverage,
                DomainRule.OutOfRange)
            : null;
    }
}

/// <summary>The outcome of <see cref="Position.Reduce"/>.</summary>
/// <param name="Remaining">What is left of the position, or <see langword="null"/> if it was closed.</param>
/// <param name="RealizedPnl">PnL realised on the closed contracts, in the settlement asset.</param>
/// <param name="ReleasedMargin">Isolated margin released with the closed contracts.</param>
public readonly record struct PositionReduction(Position? Remaining, decimal RealizedPnl, decimal ReleasedMargin);
