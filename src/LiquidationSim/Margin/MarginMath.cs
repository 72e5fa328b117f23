using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Margin;

/// <summary>
/// The margin formulas every venue shares, as pure functions on decimals. Results are exact to decimal's 28
/// significant digits; venue display rounding is applied separately (<see cref="PriceRounding"/>).
/// </summary>
/// <remarks>Thread-safe: no state.</remarks>
public static class MarginMath
{
    /// <summary>
    /// Unrealised PnL of a position at <paramref name="markPrice"/>, in the settlement asset:
    /// linear <c>side × size × contractSize × (mark − entry)</c>; inverse
    /// <c>side × size × contractSize × (1/entry − 1/mark)</c> (BitMEX guide: <c>($1/$1,000 − $1/$1,250) × 1,000 = 0.20 XBT</c>).
    /// </summary>
    /// <param name="instrument">The contract.</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="entryPrice">Average entry price; positive.</param>
    /// <param name="markPrice">Mark price; positive.</param>
    public static decimal UnrealizedPnl(Instrument instrument, PositionSide side, decimal size, decimal entryPrice, decimal markPrice)
    {
        Preconditions.NotNull(instrument);
        Position.ValidateSide(side);
        Preconditions.Positive(size);
        Preconditions.Positive(entryPrice);
        Preconditions.Positive(markPrice);
        try
        {
            return UnrealizedPnlUnchecked(instrument, (int)side, size, entryPrice, markPrice);
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(markPrice), markPrice, ThrowHelper.Describe(nameof(markPrice), markPrice, "gives a PnL beyond the decimal range at entry price " + entryPrice.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Initial margin: <c>notional ÷ leverage</c>.</summary>
    /// <param name="instrument">The contract.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="price">Price the notional is valued at; positive.</param>
    /// <param name="leverage">Leverage; at least 1, as <see cref="Position.Open(Instrument, PositionSide, decimal, decimal, MarginMode, decimal, decimal?)"/> requires.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A size, price or leverage out of range, or a notional beyond the decimal range (see <see cref="Instrument.Notional"/>).
    /// </exception>
    public static decimal InitialMargin(Instrument instrument, decimal size, decimal price, decimal leverage)
    {
        Preconditions.NotNull(instrument);
        if (leverage < 1m)
        {
            ThrowHelper.OutOfRange(nameof(leverage), leverage, "must be at least 1");
        }

        return instrument.Notional(size, price) / leverage;
    }

    /// <summary>
    /// Maintenance margin: <c>notional × MMR − maintenance amount</c> of the bracket that contains the notional at
    /// <paramref name="markPrice"/> (Binance "Liquidation Protocols"; Bybit "Margin Parameters").
    /// </summary>
    /// <param name="instrument">The contract, with its brackets.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="markPrice">Mark price; positive.</param>
    public static decimal MaintenanceMargin(Instrument instrument, decimal size, decimal markPrice)
    {
        Preconditions.NotNull(instrument);
        Preconditions.Positive(size);
        Preconditions.Positive(markPrice);
        decimal notional;
        try
        {
            notional = instrument.NotionalUnchecked(size, markPrice);
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(markPrice), markPrice, ThrowHelper.Describe(nameof(markPrice), markPrice, "gives a notional beyond the decimal range at size " + size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return instrument.RiskTiers.MaintenanceMarginUnchecked(notional);
    }

    /// <summary>Margin balance: collateral plus unrealised PnL.</summary>
    /// <param name="collateral">Isolated margin of a position, or the cross wallet balance.</param>
    /// <param name="unrealizedPnl">Unrealised PnL of the positions the collateral backs.</param>
    /// <exception cref="ArgumentOutOfRangeException">The sum is beyond the decimal range.</exception>
    public static decimal MarginBalance(decimal collateral, decimal unrealizedPnl)
    {
        try
        {
            return collateral + unrealizedPnl;
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(
                nameof(unrealizedPnl), unrealizedPnl, ThrowHelper.Describe(nameof(unrealizedPnl), unrealizedPnl, "gives a balance beyond the decimal range with the collateral " + collateral.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>
    /// Margin ratio <c>maintenance margin ÷ margin balance</c> (Binance: liquidation when it reaches 100%).
    /// Returns <see langword="null"/> when the margin balance is zero or negative: the ratio is undefined and the
    /// position is past liquidation.
    /// </summary>
    /// <param name="maintenanceMargin">Maintenance margin; not negative.</param>
    /// <param name="marginBalance">Margin balance.</param>
    public static decimal? MarginRatio(decimal maintenanceMargin, decimal marginBalance)
    {
        Preconditions.NonNegative(maintenanceMargin);
        return marginBalance <= 0m ? null : maintenanceMargin / marginBalance;
    }

    /// <summary>
    /// True when the margin balance is at or below the maintenance margin: the trigger every venue in the
    /// reference uses (Binance "Collateral &lt; Maintenance Margin" on its mark price; the library treats equality
    /// as liquidatable so that a position exactly at its liquidation price is liquidated).
    /// </summary>
    /// <param name="marginBalance">Margin balance.</param>
    /// <param name="maintenanceMargin">Maintenance margin.</param>
    public static bool IsLiquidatable(decimal marginBalance, decimal maintenanceMargin) => marginBalance <= maintenanceMargin;

    /// <summary>
    /// The most isolated margin that can be removed from <paramref name="position"/> at <paramref name="markPrice"/>
    /// while its margin balance stays at or above its initial margin at the mark (never negative).
    /// </summary>
    /// <param name="position">An isolated position.</param>
    /// <param name="markPrice">Mark price; positive.</param>
    public static decimal RemovableIsolatedMargin(Position position, decimal markPrice)
    {
        Preconditions.NotNull(position);
        Preconditions.Positive(markPrice);
        decimal balance = position.IsolatedMargin + position.UnrealizedPnl(markPrice);
        decimal floor = Math.Max(position.InitialMargin(markPrice), position.MaintenanceMargin(markPrice));
        return Math.Min(position.IsolatedMargin, Math.Max(0m, balance - floor));
    }

    internal static decimal UnrealizedPnlUnchecked(Instrument instrument, int side, decimal size, decimal entryPrice, decimal markPrice) =>
        instrument.PnlUnchecked(side, size, entryPrice, markPrice);
}
