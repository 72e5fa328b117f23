using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Margin;

namespace LiquidationSim.Liquidation;

/// <summary>The trader-facing calls of the engine: market orders, deposits and isolated-margin top-ups.</summary>
public sealed partial class LiquidationEngine
{
    /// <summary>
    /// Executes a trader's market order immediate-or-cancel against the book: one <see cref="OrderFilled"/> per
    /// level taken, each applied to the account as <see cref="Account.ApplyFill"/> would and consuming the book.
    /// What the book cannot fill (or the limit refuses) is cancelled. Liquidates nobody; the next tick checks.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Reduce-only orders must shrink a held position: in one-way mode the order side is opposite to the symbol's
    /// position, in hedge mode <see cref="MarketOrder.HedgeSide"/> names the position and the order side closes it;
    /// the order size must not exceed the position's. Other orders may open, add to or (one-way) flip a position;
    /// an isolated opening must be funded from the wallet, which is checked by applying every fill to a copy of the
    /// account before anything is emitted. A cross opening is recorded like <see cref="Account.ApplyFill"/> records
    /// it, without a buying-power check: the next tick liquidates an account it leaves short.
    /// </para>
    /// <para>
    /// The order does not move the mark or the last price (the caller passes those with its ticks). An order the
    /// book cannot fill at all emits nothing and changes nothing, the engine time included. A fill that leaves the
    /// wallet below zero with no cross position to back it (a close beyond an isolated position's bankruptcy) is
    /// covered from the insurance fund, and what the fund cannot cover is recorded as bad debt, as after a
    /// liquidation.
    /// </para>
    /// </remarks>
    /// <param name="order">The order.</param>
    /// <param name="time">Time; not before the engine time.</param>
    /// <exception cref="ArgumentException">
    /// Unknown account or symbol, the vault, a size that is not a positive whole number of lots, a reduce-only order
    /// larger than the position it reduces (or with no position), an opening order the wallet cannot margin, or time
    /// going backwards. The parameter named is the order's property, e.g. <c>order.Size</c>.
    /// </exception>
    public EngineResult PlaceMarketOrder(MarketOrder order, DateTimeOffset time)
    {
        Preconditions.NotNull(order);
        AccountId id = TradingAccount(order.Account, "order.Account");
        string symbol = KnownSymbol(order.Symbol, "order.Symbol");
        Instrument instrument = _state.Instruments[symbol];
        if (order.Side is not (OrderSide.Buy or OrderSide.Sell))
        {
            ThrowHelper.Argument("order.Side", order.Side, "must be Buy or Sell");
        }

        instrument.ValidateSize(order.Size, "order.Size");
        if (order.MarginMode is not (MarginMode.Isolated or MarginMode.Cross))
        {
            ThrowHelper.Argument("order.MarginMode", order.MarginMode, "must be Isolated or Cross");
        }

        if (order.Leverage < 1m)
        {
            ThrowHelper.OutOfRange("order.Leverage", order.Leverage, "must be at least 1");
        }

        if (order.LimitPrice is decimal limit)
        {
            Preconditions.Positive(limit, "order.LimitPrice");
        }

        Preconditions.NotBlank(order.Reason, "order.Reason");
        NotBeforeEngineTime(time);

        Account account = _state.Accounts[id];
        Position? held = CheckOrderAgainstPosition(order, account);

        // The fills, and the PnL each realises, are found on a copy of the account: a fill it refuses (an isolated
        // opening the wallet cannot fund, a leverage above the bracket maximum) refuses the order before anything
        // is emitted. Apply books each fill again and checks it realises the same.
        if (!_waterfall.BookOpen(symbol, id, out List<AccountId> makers))
        {
            // The book has market makers and none can quote: nothing fills.
            return default;
        }

        BookExecution execution = _state.Books[symbol].Execute(order.Side, order.Size, order.LimitPrice, TimeInForce.ImmediateOrCancel);
        var realized = new decimal[execution.Fills.Length];
        Account dry = account;
        for (int i = 0; i < realized.Length; i++)
        {
            BookFill f = execution.Fills[i];
            try
            {
                FillResult r = dry.ApplyFill(instrument, order.Side, f.Size, f.Price, order.MarginMode, order.Leverage, order.HedgeSide);
                (dry, realized[i]) = (r.Account, r.RealizedPnl);
            }
            catch (ArgumentException e)
            {
                string param = e.ParamName == "leverage" ? "order.Leverage" : "order.Size";
                object value = e.ParamName == "leverage" ? order.Leverage : order.Size;
                throw new ArgumentException(
                    ThrowHelper.Describe(param, value, string.Create(CultureInfo.InvariantCulture, $"cannot be filled: the fill of {f.Size} @ {f.Price} is refused ({e.Message})")),
                    param,
                    e);
            }
        }

        return Atomically(null, firstEvent =>
        {
            for (int i = 0; i < realized.Length; i++)
            {
                BookFill f = execution.Fills[i];
                _state.Apply(new OrderFilled(
                    _state.NextSequence, time, id, symbol, order.Side, f.Size, f.Price, realized[i], order.MarginMode, order.Leverage, order.HedgeSide, order.Reason));
                _waterfall.MakerFill(makers, i, symbol, order.Side, f.Size, f.Price);
            }

            // A close past an isolated position's bankruptcy can leave the wallet short with nothing to liquidate.
            PositionSide closed = held?.Side ?? order.Side.Opens();
            if (realized.Length > 0 && _waterfall.Held(id, symbol, closed) is not { MarginMode: MarginMode.Isolated })
            {
                _waterfall.CoverWalletDeficit(id, symbol, closed);
            }

            return Emitted(firstEvent);
        });
    }

    /// <summary>Credits an account's wallet from outside the engine; emits <see cref="Deposited"/>.</summary>
    /// <remarks><see cref="TotalValue"/> rises by the amount; a cross account's liquidation prices move away.</remarks>
    /// <param name="account">The account; not the vault.</param>
    /// <param name="amount">Positive amount.</param>
    /// <param name="time">Time; not before the engine time.</param>
    /// <exception cref="ArgumentException">Unknown account, the vault, a non-positive amount or time going backwards.</exception>
    public EngineResult Deposit(AccountId account, decimal amount, DateTimeOffset time)
    {
        TradingAccount(account, nameof(account));
        Preconditions.Positive(amount);
        NotBeforeEngineTime(time);
        return Atomically(null, firstEvent =>
        {
            _state.Apply(new Deposited(_state.NextSequence, time, account, amount));
            return Emitted(firstEvent);
        });
    }

    /// <summary>Moves margin from the wallet into an isolated position; emits <see cref="IsolatedMarginAdded"/>.</summary>
    /// <remarks>The position's liquidation price moves away from the mark; <see cref="TotalValue"/> is unchanged.</remarks>
    /// <param name="account">The account; not the vault.</param>
    /// <param name="symbol">Symbol of the isolated position.</param>
    /// <param name="side">Its side.</param>
    /// <param name="amount">Positive, at most the available balance.</param>
    /// <param name="time">Time; not before the engine time.</param>
    /// <exception cref="ArgumentException">
    /// Unknown account or symbol, the vault, no isolated position of that side, a non-positive amount or one above
    /// the available balance (<see cref="MarginTransfers.AddIsolatedMargin"/>), or time going backwards.
    /// </exception>
    public EngineResult AddIsolatedMargin(AccountId account, string symbol, PositionSide side, decimal amount, DateTimeOffset time)
    {
        TradingAccount(account, nameof(account));
        KnownSymbol(symbol);
        Position.ValidateSide(side);
        Preconditions.Positive(amount);
        NotBeforeEngineTime(time);

        // Refuses a missing or cross position and an amount above the available balance, naming symbol or amount.
        _ = _state.Accounts[account].AddIsolatedMargin(symbol, side, amount, _state.Marks);
        return Atomically(null, firstEvent =>
        {
            _state.Apply(new IsolatedMarginAdded(_state.NextSequence, time, account, symbol, side, amount));
            return Emitted(firstEvent);
        });
    }

    /// <summary>An account of the engine that may trade and deposit: any but the vault.</summary>
    private AccountId TradingAccount(AccountId id, string paramName)
    {
        KnownAccount(id, paramName);
        if (id == Vault)
        {
            ThrowHelper.Argument(paramName, id, "is the liquidator vault, which neither trades nor takes deposits");
        }

        return id;
    }

    private void KnownAccount(AccountId id, string paramName)
    {
        if (!_state.Accounts.Contains(id))
        {
            ThrowHelper.Argument(paramName, id, "is not an account of this engine");
        }
    }

    /// <summary>
    /// Checks an order against the position it acts on and returns that position (one-way: the symbol's; hedge: the
    /// side <see cref="MarketOrder.HedgeSide"/> names), or null.
    /// </summary>
    private static Position? CheckOrderAgainstPosition(MarketOrder order, Account account)
    {
        if (account.PositionMode == PositionMode.OneWay)
        {
            if (order.HedgeSide is not null)
            {
                ThrowHelper.Argument("order.HedgeSide", order.HedgeSide, "must be null for a one-way account");
            }

            Position? p = account.Find(order.Symbol);
            if (order.ReduceOnly)
            {
                if (p is null)
                {
                    ThrowHelper.OutOfRange("order.Size", order.Size, "must not exceed the size 0 of the position a reduce-only order reduces (the account holds none)");
                }

                if (order.Side.Opens() == p.Side)
                {
                    ThrowHelper.Argument("order.Side", order.Side, string.Create(CultureInfo.InvariantCulture, $"must be opposite to the held {p.Side} position: a reduce-only order cannot add to it"));
                }

                if (order.Size > p.Size)
                {
                    ThrowHelper.OutOfRange("order.Size", order.Size, string.Create(CultureInfo.InvariantCulture, $"must not exceed the size {p.Size} of the position a reduce-only order reduces"));
                }
            }

            return p;
        }

        if (order.HedgeSide is not PositionSide target || target is not (PositionSide.Long or PositionSide.Short))
        {
            return ThrowHelper.Argument<Position?>("order.HedgeSide", order.HedgeSide, "must be Long or Short for a hedge-mode account");
        }

        Position? held = account.Find(order.Symbol, target);
        bool closes = order.Side.Opens() != target;
        if (!closes && order.ReduceOnly)
        {
            ThrowHelper.Argument("order.Side", order.Side, string.Create(CultureInfo.InvariantCulture, $"must close the {target} position: a reduce-only order cannot add to it"));
        }

        // A hedge-mode position cannot be closed past zero, reduce-only or not.
        if (closes && order.Size > (held?.Size ?? 0m))
        {
            ThrowHelper.OutOfRange("order.Size", order.Size, string.Create(CultureInfo.InvariantCulture, $"must not exceed the size {held?.Size ?? 0m} of the {target} position it closes"));
        }

        return held;
    }
}
