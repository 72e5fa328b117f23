using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;

namespace LiquidationSim.Liquidation;

/// <summary>
/// The stages every liquidation goes through, in order: trigger and cancel the account's resting orders, the
/// venue policy's partial step (<see cref="LiquidationPolicy"/>), execution of liquidation orders against the book
/// with the clearance or capped fee, takeover at the bankruptcy price, the insurance fund working the position on
/// the book, auto-deleveraging, the venue absorbing the rest, and deficits drawn from the fund or recorded as bad
/// debt. Hyperliquid's backstop transfer is a stage its policy calls.
/// </summary>
/// <remarks>
/// Every stage changes the state only by emitting events through <see cref="EngineState.Apply"/>, so the log
/// explains each step. Not thread-safe: one waterfall per engine.
/// </remarks>
internal sealed class LiquidationWaterfall
{
    private readonly EngineState _state;
    /// <summary>The reason a maker's fill records.</summary>
    internal const string MakerReason = "market maker";

    private readonly AdlQueue _adl;
    private readonly List<AccountId> _quoting = [];

    public LiquidationWaterfall(EngineState state)
    {
        _state = state;
        _adl = new AdlQueue(state);
    }

    public VenueProfile Profile => _state.Profile;

    public Dictionary<string, decimal> Marks => _state.Marks;

    /// <summary>Forgets the ADL rankings of the previous call.</summary>
    public void BeginCall() => _adl.Reset();

    public Account Account(AccountId id) => _state.Accounts[id];

    public decimal TriggerOf(string symbol) => _state.TriggerOf(symbol);

    public bool InCooldown(AccountId id) => _state.CooldownUntil.TryGetValue(id, out DateTimeOffset until) && _state.Time < until;

    // ---------------------------------------------------------------- entry

    /// <summary>Liquidates the account behind a crossed index entry: trigger, cancel orders, then the policy (per position under cross).</summary>
    public void Liquidate(IndexEntry entry, string symbol, decimal trigger, LiquidationEstimate est)
    {
        AccountId id = entry.Account;
        Emit(new LiquidationTriggered(_state.NextSequence, _state.Time, id, symbol, entry.Side, trigger, est.LiquidationPrice ?? trigger));
        foreach (RestingOrder o in Account(id).Orders)
        {
            Emit(new OrderCancelled(_state.NextSequence, _state.Time, id, o));
        }

        if (!entry.Cross)
        {
            Profile.Policy.Liquidate(this, id, symbol, entry.Side, cross: false);
            return;
        }

        // Cross: close positions, largest maintenance margin first, until the account is compliant again. Each round
        // that goes on has closed contracts, so the rounds end within the account's size in lots.
        while (true)
        {
            if (Profile.NetsHedgedPositions)
            {
                OffsetHedges(id);
            }

            Position? worst = AccountMargin.LargestCrossMaintenance(Account(id), Marks, out bool crossLiquidatable);
            if (!(GrossMarkValued && crossLiquidatable) && !CrossCrossed(id, symbol))
            {
                break;
            }

            if (worst is not Position w)
            {
                break;
            }

            List<LiquidationEvent> log = _state.Log;
            int eventsBefore = log.Count;
            Profile.Policy.Liquidate(this, id, w.Symbol, w.Side, cross: true);
            bool closedAny = false, sliced = false;
            for (int i = eventsBefore; i < log.Count; i++)
            {
                closedAny |= log[i] is PositionClosed c && c.Account == id;
                sliced |= log[i] is LiquidationOrderPlaced { IsSlice: true };
            }

            // Nothing filled (an empty book): trying again in this tick would send the same order. A Hyperliquid
            // slice ends the account's liquidation for this block, as under isolated margin.
            if (!closedAny || sliced)
            {
                break;
            }
        }

        CoverWalletDeficit(id, symbol, entry.Side);
    }

    /// <summary>The index estimate for an account's entry now, or null when the entry no longer applies.</summary>
    public LiquidationEstimate? EstimateFor(AccountId id, string symbol, PositionSide side, bool cross)
    {
        Account a = Account(id);
        if (!cross)
        {
            Position? p = a.Slot(symbol, side);
            return p is { MarginMode: MarginMode.Isolated } && p.Side == side
                ? LiquidationPriceSolver.IsolatedUnchecked(p.Instrument, p.Side, p.Size, p.EntryPrice, p.IsolatedMargin, Profile.MarginModel)
                : null;
        }

        if (LiquidationPriceIndex.CrossLegIn(a, symbol) is not Position leg)
        {
            return null;
        }

        LiquidationEstimate est = LiquidationPriceSolver.ForPosition(a, leg, Marks, Profile.MarginModel);
        return est.Exposure == side ? est : null;
    }

    // ---------------------------------------------------------------- what policies read

    public Position? Held(AccountId id, string symbol, PositionSide side) => EngineState.Held(Account(id), symbol, side);

    public LiquidationEstimate Estimate(AccountId id, Position p, bool cross) => Estimate(Account(id), p, cross, Marks, Profile.MarginModel);

    public static LiquidationEstimate Estimate(Account account, Position p, bool cross, IReadOnlyDictionary<string, decimal> marks, MarginModel model) =>
        cross
            ? LiquidationPriceSolver.ForPosition(account, p, marks, model)
            : LiquidationPriceSolver.IsolatedUnchecked(p.Instrument, p.Side, p.Size, p.EntryPrice, p.IsolatedMargin, model);

    public bool IsLiquidatable(AccountId id, string symbol, PositionSide side, bool cross)
    {
        Position? p = Held(id, symbol, side);
        return p is not null && (Estimate(id, p, cross).IsCrossedAt(side, TriggerOf(symbol)) || (cross && AccountShort(Account(id))));
    }

    /// <summary>
    /// Whether a cross account as a whole is at or below maintenance at the marks, where the profile's margin is
    /// mark-valued on gross legs (so a flat hedge or a position elsewhere can make it liquidatable with no
    /// liquidation price crossed). Entry-valued and netting profiles rely on the liquidation prices alone.
    /// </summary>
    public bool AccountShort(Account account) => GrossMarkValued && CrossLiquidatable(account);

    private bool CrossLiquidatable(Account account)
    {
        _ = AccountMargin.LargestCrossMaintenance(account, Marks, out bool crossLiquidatable);
        return crossLiquidatable;
    }

    private bool GrossMarkValued => Profile.MarginModel.Basis == MaintenanceBasis.MarkValue && !Profile.NetsHedgedPositions;

    /// <summary>The clearance fee on a liquidated notional, rounded up to the settlement precision (a charge rounds up).</summary>
    public decimal ClearanceFee(Instrument instrument, decimal notional) =>
        instrument.RoundAmount(Profile.ClearanceFeeRate * notional, MidpointRounding.ToPositiveInfinity);

    private bool CrossCrossed(AccountId id, string symbol)
    {
        if (LiquidationPriceIndex.CrossLegIn(Account(id), symbol) is not Position leg)
        {
            return false;
        }

        LiquidationEstimate e = LiquidationPriceSolver.ForPosition(Account(id), leg, Marks, Profile.MarginModel);
        return e.Exposure is PositionSide side && e.IsCrossedAt(side, TriggerOf(symbol));
    }

    private void OffsetHedges(AccountId id)
    {
        Account a = Account(id);
        foreach (IGrouping<string, Position> g in a.Positions.Where(p => p.MarginMode == MarginMode.Cross).GroupBy(p => p.Symbol).ToArray())
        {
            Position? l = g.FirstOrDefault(p => p.Side == PositionSide.Long);
            Position? s = g.FirstOrDefault(p => p.Side == PositionSide.Short);
            if (l is null || s is null)
            {
                continue;
            }

            decimal both = Math.Min(l.Size, s.Size);
            decimal mark = Marks[g.Key];
            _ = ClosePosition(id, g.Key, PositionSide.Long, both, mark, FillKind.HedgeOffset, consumeBook: false);
            _ = ClosePosition(id, g.Key, PositionSide.Short, both, mark, FillKind.HedgeOffset, consumeBook: false);
        }
    }

    // ---------------------------------------------------------------- execution against the book

    /// <summary>
    /// Sends a liquidation order for part of a user's position to the book. The user realises PnL at the fills; the
    /// profile's fee (or, with a bankruptcy price and a fee cap, dYdX's capped surplus) goes to the fund. Returns the
    /// filled size.
    /// </summary>
    public decimal SendLiquidationOrder(
        AccountId id, Position p, decimal size, decimal? limit, TimeInForce tif, string reason, bool isSlice = false,
        decimal? bankruptcyPrice = null, uint maxFeePpm = 0)
    {
        OrderSide orderSide = p.Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy;
        Emit(new LiquidationOrderPlaced(_state.NextSequence, _state.Time, id, p.Symbol, orderSide, size, limit, tif, reason) { IsSlice = isSlice });
        if (!BookOpen(p.Symbol, id, out List<AccountId> makers))
        {
            return 0m;
        }

        BookExecution ex = _state.Books[p.Symbol].Execute(orderSide, size, limit, tif);
        decimal notional = 0m, surplus = 0m;
        for (int level = 0; level < ex.Fills.Length; level++)
        {
            BookFill f = ex.Fills[level];
            _ = ClosePosition(id, p.Symbol, p.Side, f.Size, f.Price, FillKind.Book, consumeBook: true);
            MakerFill(makers, level, p.Symbol, orderSide, f.Size, f.Price);
            notional += p.Instrument.NotionalUnchecked(f.Size, f.Price);
            if (bankruptcyPrice is decimal bp)
            {
                surplus += MarginMath.UnrealizedPnlUnchecked(p.Instrument, (int)p.Side, f.Size, bp, f.Price);
            }
        }

        if (ex.FilledSize == 0m)
        {
            return 0m;
        }

        decimal fee = Profile.Surplus switch
        {
            LiquidationSurplusRule.UserKeepsAfterClearanceFee => Profile.ClearanceFeeRate * notional,
            LiquidationSurplusRule.CappedFeeToInsuranceFund when bankruptcyPrice is not null =>
                Math.Max(0m, Math.Min(maxFeePpm / 1_000_000m * notional, surplus)),
            _ => 0m,
        };
        fee = p.Instrument.RoundAmount(fee, MidpointRounding.ToPositiveInfinity);
        if (fee > 0m)
        {
            decimal available = Collateral(id, p.Symbol, p.Side);
            fee = Math.Min(fee, Math.Max(0m, available));
            if (fee > 0m)
            {
                TransferKind kind = Profile.Surplus == LiquidationSurplusRule.CappedFeeToInsuranceFund ? TransferKind.CappedFee : TransferKind.ClearanceFee;
                Emit(new CollateralTransfer(_state.NextSequence, _state.Time, id, p.Symbol, p.Side, fee, kind));
            }
        }

        return ex.FilledSize;
    }

    /// <summary>Collateral behind a position: its isolated margin while open and isolated, otherwise the wallet.</summary>
    private decimal Collateral(AccountId id, string symbol, PositionSide side)
    {
        Position? p = Held(id, symbol, side);
        return p is { MarginMode: MarginMode.Isolated } ? p.IsolatedMargin : Account(id).WalletBalance;
    }

    // ---------------------------------------------------------------- takeover, insurance fund, ADL, venue

    /// <summary>
    /// Takes the rest of a position over at its bankruptcy price: the user closes there, any margin left goes to
    /// the fund, and the fund works the position on the book, then through ADL, then against the venue.
    /// </summary>
    public void TakeOver(AccountId id, string symbol, PositionSide side, bool cross)
    {
        Position p = Held(id, symbol, side)!;
        decimal mark = Marks[symbol];
        decimal bp = Estimate(id, p, cross).BankruptcyPrice ?? mark;
        decimal size = p.Size;
        Instrument instrument = p.Instrument;
        decimal released = ClosePosition(id, symbol, side, size, bp, FillKind.Venue, consumeBook: false);

        // An isolated position closed at bankruptcy releases only rounding dust (or a fee set aside): it is the fund's.
        if (!cross && released > 0m)
        {
            Emit(new CollateralTransfer(_state.NextSequence, _state.Time, id, symbol, side, released, TransferKind.RemainingMargin));
        }

        CoverWalletDeficit(id, symbol, side);

        // The fund works the position: book fills while it can afford them, then ADL, then the venue.
        decimal remaining = size;
        OrderBook book = _state.Books[symbol];
        bool intoBids = side == PositionSide.Long;
        int levels = !BookOpen(symbol, id, out List<AccountId> makers) ? 0 : intoBids ? book.BidCount : book.AskCount;
        for (int li = 0; li < levels; li++)
        {
            PriceLevel level = book.Level(intoBids, li);
            if (remaining == 0m)
            {
                break;
            }

            decimal perContract = MarginMath.UnrealizedPnlUnchecked(instrument, (int)side, 1m, bp, level.Price);
            decimal take = Math.Min(remaining, level.Size);
            if (perContract < 0m)
            {
                decimal affordable = instrument.FloorToLots(_state.InsuranceFund / -perContract);
                take = Math.Min(take, affordable);
            }

            if (take <= 0m)
            {
                break;
            }

            FundTrade(symbol, side, take, level.Price, bp, FillKind.Book, instrument);
            MakerFill(makers, li, symbol, intoBids ? OrderSide.Sell : OrderSide.Buy, take, level.Price);
            remaining -= take;
        }

        if (remaining > 0m)
        {
            remaining = Deleverage(id, instrument, side, remaining, bp);
        }

        if (remaining > 0m)
        {
            // Nobody is left to take it: the venue absorbs the rest at the worse of the mark and bankruptcy, so a
            // gap through bankruptcy is a loss to the fund (bad debt beyond it) and no profit is invented.
            decimal at = side == PositionSide.Long ? Math.Min(mark, bp) : Math.Max(mark, bp);
            FundTrade(symbol, side, remaining, at, bp, FillKind.Venue, instrument);

            // With market makers, the rest of the market takes the other side, so open interest stays balanced.
            if (LastResortMaker(symbol, id) is AccountId maker)
            {
                EmitMakerFill(maker, symbol, intoBids ? OrderSide.Buy : OrderSide.Sell, remaining, at);
            }
        }
    }

    /// <summary>
    /// Auto-deleverages opposite positions in the profile's ranking order; returns the size not covered. The
    /// ranking is computed once per call and side and walked against each counterparty's current size.
    /// </summary>
    private decimal Deleverage(AccountId liquidated, Instrument instrument, PositionSide side, decimal size, decimal bankruptcyPrice)
    {
        string symbol = instrument.Symbol;
        PositionSide opposite = side.Opposite();
        AdlQueue.Cursor queue = _adl.For(instrument, opposite);
        decimal price = Profile.AdlAtMarkPrice ? Marks[symbol] : bankruptcyPrice;
        decimal remaining = size;
        for (int i = queue.Next; i < queue.Length && remaining > 0m; i++)
        {
            if (queue.IsUsedUp(i))
            {
                continue;
            }

            AccountId id = queue.Account(i);
            if (id == liquidated || Held(id, symbol, opposite) is not Position q)
            {
                // A closed position stays closed for the rest of the call (nobody trades inside a liquidation). The
                // liquidated account itself is passed over, and dropped from the queue only when it is at its head.
                if (id != liquidated || i == queue.Next)
                {
                    queue.UseUp(i);
                }

                continue;
            }

            decimal take = Math.Min(remaining, q.Size);
            _ = ClosePosition(id, symbol, opposite, take, price, FillKind.AdlCounterparty, consumeBook: false);
            FundTrade(symbol, side, take, price, bankruptcyPrice, FillKind.AdlLiquidated, instrument);

            // A fill at the liquidated order's bankruptcy price can pass the counterparty's own: cover its deficit.
            CoverPositionDeficit(id, symbol, opposite);
            remaining -= take;
            if (take == q.Size)
            {
                queue.UseUp(i);
            }
        }

        return remaining;
    }

    /// <summary>Hyperliquid backstop: the position(s) and their margin move to the liquidator vault.</summary>
    public void Backstop(AccountId id, Position? isolated)
    {
        Account a = Account(id);
        IEnumerable<Position> moving = isolated is null ? a.Positions.Where(p => p.MarginMode == MarginMode.Cross).ToArray() : [isolated];
        bool first = true;
        foreach (Position p in moving)
        {
            decimal margin = isolated is not null ? p.IsolatedMargin : first ? Account(id).WalletBalance : 0m;
            first = false;
            Emit(new BackstopTransfer(_state.NextSequence, _state.Time, id, _state.Vault, p.Symbol, p.Side, p.Size, p.EntryPrice, margin));
        }
    }

    private void FundTrade(string symbol, PositionSide side, decimal size, decimal price, decimal bankruptcyPrice, FillKind kind, Instrument instrument)
    {
        decimal pnl = instrument.RoundAmount(MarginMath.UnrealizedPnlUnchecked(instrument, (int)side, size, bankruptcyPrice, price), MidpointRounding.ToEven);
        Emit(new InsuranceFundTrade(_state.NextSequence, _state.Time, symbol, side, size, price, bankruptcyPrice, pnl, kind));
    }

    /// <summary>Closes part of a held position at a price; returns the isolated margin released to the wallet.</summary>
    private decimal ClosePosition(AccountId id, string symbol, PositionSide side, decimal size, decimal price, FillKind kind, bool consumeBook)
    {
        Position p = Held(id, symbol, side)!;
        (decimal realized, decimal released) = Accounts.Account.LiquidationCloseAmounts(p, size, price);
        Emit(new PositionClosed(_state.NextSequence, _state.Time, id, symbol, side, size, price, realized, released, kind) { ConsumesBook = consumeBook });
        return released;
    }

    // ---------------------------------------------------------------- market makers

    /// <summary>
    /// Who quotes a symbol's book to an order of <paramref name="taker"/>: true with <paramref name="makers"/> empty
    /// for an anonymous book; true with the makers able to quote, in their order; false when the book has makers and
    /// none of them can quote, so the book fills nothing. The list is a buffer reused by the next call.
    /// </summary>
    public bool BookOpen(string symbol, AccountId taker, out List<AccountId> makers)
    {
        makers = _quoting;
        makers.Clear();
        if (!_state.Makers.TryGetValue(symbol, out System.Collections.Immutable.ImmutableArray<AccountId> all))
        {
            return true;
        }

        foreach (AccountId maker in all)
        {
            if (maker != taker && CanQuote(Account(maker)))
            {
                makers.Add(maker);
            }
        }

        return makers.Count > 0;
    }

    /// <summary>Books the maker's side of a fill that took book level <paramref name="level"/> (nothing for an anonymous book).</summary>
    public void MakerFill(List<AccountId> makers, int level, string symbol, OrderSide taker, decimal size, decimal price)
    {
        if (makers.Count > 0)
        {
            EmitMakerFill(makers[level % makers.Count], symbol, taker == OrderSide.Sell ? OrderSide.Buy : OrderSide.Sell, size, price);
        }
    }

    /// <summary>A maker quotes while its wallet is positive and it is not liquidatable at the marks.</summary>
    private bool CanQuote(Account maker)
    {
        _ = AccountMargin.LargestCrossMaintenance(maker, Marks, out bool liquidatable);
        return maker.WalletBalance > 0m && !liquidatable;
    }

    /// <summary>The first of a symbol's makers other than the liquidated account, whether or not it could quote; null without one.</summary>
    private AccountId? LastResortMaker(string symbol, AccountId liquidated)
    {
        if (_state.Makers.TryGetValue(symbol, out System.Collections.Immutable.ImmutableArray<AccountId> all))
        {
            foreach (AccountId maker in all)
            {
                if (maker != liquidated)
                {
                    return maker;
                }
            }
        }

        return null;
    }

    private void EmitMakerFill(AccountId maker, string symbol, OrderSide side, decimal size, decimal price)
    {
        FillResult r = Account(maker).ApplyMakerFill(_state.Instruments[symbol], side, size, price);
        Emit(new OrderFilled(_state.NextSequence, _state.Time, maker, symbol, side, size, price, r.RealizedPnl, MarginMode.Cross, 1m, null, MakerReason) { IsMaker = true });
    }

    // ---------------------------------------------------------------- deficits: insurance fund, then bad debt

    /// <summary>Brings a negative isolated margin of an open position back to zero from the fund (bad debt beyond it).</summary>
    public void CoverPositionDeficit(AccountId id, string symbol, PositionSide side)
    {
        Position? p = Held(id, symbol, side);
        if (p is { MarginMode: MarginMode.Isolated } && p.IsolatedMargin < 0m)
        {
            Draw(id, symbol, side, -p.IsolatedMargin);
        }

        CoverWalletDeficit(id, symbol, side);
    }

    /// <summary>Brings a negative wallet with no cross position to back it back to zero from the fund (bad debt beyond it).</summary>
    public void CoverWalletDeficit(AccountId id, string symbol, PositionSide side)
    {
        Account a = Account(id);
        if (a.WalletBalance >= 0m)
        {
            return;
        }

        foreach (Position p in a.Positions)
        {
            if (p.MarginMode == MarginMode.Cross)
            {
                return;
            }
        }

        Draw(id, symbol, side, -a.WalletBalance);
    }

    private void Draw(AccountId id, string symbol, PositionSide side, decimal deficit)
    {
        decimal paid = Math.Min(deficit, _state.InsuranceFund);
        if (paid > 0m)
        {
            Emit(new CollateralTransfer(_state.NextSequence, _state.Time, id, symbol, side, -paid, TransferKind.InsuranceDraw));
        }

        if (deficit > paid)
        {
            Emit(new BadDebtRecorded(_state.NextSequence, _state.Time, id, deficit - paid, symbol, side));
        }
    }

    private void Emit(LiquidationEvent e) => _state.Apply(e);
}
