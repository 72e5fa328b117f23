using LiquidationSim.Accounts;
using LiquidationSim.Internal;
using LiquidationSim.Margin;

namespace LiquidationSim.Pricing;

/// <summary>Which price a liquidation check is run on.</summary>
public enum TriggerPriceSource
{
    /// <summary>The mark price: what every venue in the reference uses (Binance "Liquidation Protocols"; BitMEX fair price marking).</summary>
    Mark = 0,

    /// <summary>The last traded price: a venue, or a backtest, that liquidates on trades.</summary>
    Last = 1,

    /// <summary>
    /// The adverse extreme of a bar (the low for a long, the high for a short): a conservative backtest that
    /// assumes a wick through the bar's range reached the position.
    /// </summary>
    AdverseBarExtreme = 2,
}

/// <summary>An OHLC bar of one price series.</summary>
public readonly record struct PriceBar
{
    /// <summary>Creates a bar; every price positive, the high at or above open and close, the low at or below them.</summary>
    /// <param name="open">Open.</param>
    /// <param name="high">High.</param>
    /// <param name="low">Low.</param>
    /// <param name="close">Close.</param>
    public PriceBar(decimal open, decimal high, decimal low, decimal close)
    {
        Preconditions.Positive(open);
        Preconditions.Positive(high);
        Preconditions.Positive(low);
        Preconditions.Positive(close);
        if (high < Math.Max(open, close) || high < low)
        {
            ThrowHelper.Argument(nameof(high), high, "must be at or above the open, close and low");
        }

        if (low > Math.Min(open, close))
        {
            ThrowHelper.Argument(nameof(low), low, "must be at or below the open and close");
        }

        Open = open;
        High = high;
        Low = low;
        Close = close;
    }

    /// <summary>Opening price.</summary>
    public decimal Open { get; }

    /// <summary>Highest price.</summary>
    public decimal High { get; }

    /// <summary>Lowest price.</summary>
    public decimal Low { get; }

    /// <summary>Closing price.</summary>
    public decimal Close { get; }

    /// <summary>The price furthest against <paramref name="side"/>: the low for a long, the high for a short.</summary>
    /// <param name="side">Position side.</param>
    public decimal AdverseExtreme(PositionSide side) => side == PositionSide.Long ? Low : High;
}

/// <summary>What ends a position within a bar.</summary>
public enum BarExitKind
{
    /// <summary>Neither the stop nor the liquidation price was reached.</summary>
    None = 0,

    /// <summary>The stop-loss was reached first.</summary>
    StopLoss = 1,

    /// <summary>The liquidation price was reached first.</summary>
    Liquidation = 2,
}

/// <summary>The first exit within a bar and the price it happens at.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Price">The trigger price: the level itself, or the open when the bar gapped through it; 0 when <see cref="Kind"/> is None.</param>
public readonly record struct BarExit(BarExitKind Kind, decimal Price);

/// <summary>Liquidation checks against a chosen trigger price.</summary>
public static class LiquidationTrigger
{
    /// <summary>The price a check runs on.</summary>
    /// <param name="source">Which price.</param>
    /// <param name="side">Side of the position (for the bar extreme).</param>
    /// <param name="markPrice">Mark price; positive.</param>
    /// <param name="lastPrice">Last price; positive.</param>
    /// <param name="bar">The bar, required for <see cref="TriggerPriceSource.AdverseBarExtreme"/>.</param>
    public static decimal Price(TriggerPriceSource source, PositionSide side, decimal markPrice, decimal lastPrice, PriceBar? bar = null)
    {
        Position.ValidateSide(side);
        return source switch
        {
            TriggerPriceSource.Mark => Preconditions.Positive(markPrice),
            TriggerPriceSource.Last => Preconditions.Positive(lastPrice),
            TriggerPriceSource.AdverseBarExtreme => bar is PriceBar b
                ? b.AdverseExtreme(side)
                : ThrowHelper.Argument<decimal>(nameof(bar), null, "is required for the adverse bar extreme"),
            _ => ThrowHelper.Argument<decimal>(nameof(source), source, "must be Mark, Last or AdverseBarExtreme"),
        };
    }

    /// <summary>
    /// Whether an isolated position is liquidatable at <paramref name="triggerPrice"/>: its margin balance there
    /// (isolated margin + unrealised PnL) is at or below the maintenance margin there.
    /// </summary>
    /// <param name="position">An isolated position.</param>
    /// <param name="triggerPrice">The price from <see cref="Price"/>; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="triggerPrice"/> is not positive, or the position's PnL, notional or margin balance at it is beyond the decimal range.</exception>
    public static bool IsLiquidatable(Position position, decimal triggerPrice)
    {
        Preconditions.NotNull(position);
        Preconditions.Positive(triggerPrice);
        if (position.MarginMode != MarginMode.Isolated)
        {
            ThrowHelper.Argument(nameof(position), position.ToString(), "must be isolated; check cross positions with AccountMargin.Calculate");
        }

        decimal balance, maintenance;
        try
        {
            balance = position.IsolatedMargin + position.UnrealizedPnl(triggerPrice);
            maintenance = position.MaintenanceMargin(triggerPrice);
        }
        catch (Exception e) when (e is OverflowException || (e is ArgumentOutOfRangeException { ParamName: "markPrice" }))
        {
            // Named after this method's parameter, not the Position method's.
            throw new ArgumentOutOfRangeException(
                nameof(triggerPrice), triggerPrice, ThrowHelper.Describe(nameof(triggerPrice), triggerPrice, "gives a PnL, notional or margin balance beyond the decimal range for " + position));
        }

        return MarginMath.IsLiquidatable(balance, maintenance);
    }

    /// <summary>
    /// The first of a stop-loss and a liquidation reached within <paramref name="bar"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Within a bar the path is unknown, so the rule is stated: the price moves from the open towards the adverse
    /// side, so the level nearer the open on that side is crossed first. For a long, a stop above the liquidation
    /// price is reached before it, and wins; a stop below it never fires before liquidation. A level at or beyond
    /// the open (a gap) is reached at the open; when the open is through both, liquidation wins, because the
    /// position is already past its liquidation price when the stop's market order would be sent.
    /// </para>
    /// <para>Ties (stop exactly at the liquidation price) go to liquidation, for the same reason.</para>
    /// </remarks>
    /// <param name="bar">The bar of the trigger price series.</param>
    /// <param name="side">Position side.</param>
    /// <param name="stopPrice">Stop-loss trigger, or <see langword="null"/> for none.</param>
    /// <param name="liquidationPrice">Liquidation price, or <see langword="null"/> when none exists.</param>
    public static BarExit FirstExit(PriceBar bar, PositionSide side, decimal? stopPrice, decimal? liquidationPrice)
    {
        Position.ValidateSide(side);
        if (stopPrice is decimal sp)
        {
            Preconditions.Positive(sp, nameof(stopPrice));
        }

        if (liquidationPrice is decimal lp)
        {
            Preconditions.Positive(lp, nameof(liquidationPrice));
        }

        int s = (int)side;

        // A level is reached when the bar's adverse extreme touches it, and reached at the open when the bar gaps through it.
        bool Reached(decimal level) => s > 0 ? bar.Low <= level : bar.High >= level;
        bool Gapped(decimal level) => s > 0 ? bar.Open <= level : bar.Open >= level;

        bool liqHit = liquidationPrice is decimal l && Reached(l);
        bool stopHit = stopPrice is decimal st && Reached(st);
        if (!liqHit && !stopHit)
        {
            return new BarExit(BarExitKind.None, 0m);
        }

        if (liqHit && (!stopHit || Gapped(liquidationPrice!.Value) || s * (stopPrice!.Value - liquidationPrice.Value) <= 0m))
        {
            decimal at = Gapped(liquidationPrice!.Value) ? bar.Open : liquidationPrice.Value;
            return new BarExit(BarExitKind.Liquidation, at);
        }

        decimal stopAt = Gapped(stopPrice!.Value) ? bar.Open : stopPrice.Value;
        return new BarExit(BarExitKind.StopLoss, stopAt);
    }
}
