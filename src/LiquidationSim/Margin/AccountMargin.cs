using System.Collections.Immutable;
using LiquidationSim.Accounts;
using LiquidationSim.Internal;

namespace LiquidationSim.Margin;

/// <summary>Margin figures of one position at a mark price.</summary>
/// <param name="Position">The position.</param>
/// <param name="MarkPrice">Mark price used.</param>
/// <param name="Notional">Notional at the mark, in the settlement asset.</param>
/// <param name="UnrealizedPnl">Unrealised PnL at the mark.</param>
/// <param name="InitialMargin">Notional ÷ leverage.</param>
/// <param name="MaintenanceMargin">Bracket maintenance margin at the mark notional.</param>
/// <param name="MarginBalance">Isolated margin + unrealised PnL for an isolated position; <see langword="null"/> for cross (see the account's cross figures).</param>
/// <param name="IsLiquidatable">For an isolated position, whether its margin balance is at or below its maintenance margin; for cross, whether the account's cross margin is.</param>
public readonly record struct PositionMargin(
    Position Position,
    decimal MarkPrice,
    decimal Notional,
    decimal UnrealizedPnl,
    decimal InitialMargin,
    decimal MaintenanceMargin,
    decimal? MarginBalance,
    bool IsLiquidatable);

/// <summary>An account's margin at a set of mark prices.</summary>
/// <param name="WalletBalance">Cross wallet balance.</param>
/// <param name="CrossUnrealizedPnl">Unrealised PnL of the cross positions.</param>
/// <param name="CrossMarginBalance">Wallet balance + cross unrealised PnL.</param>
/// <param name="CrossInitialMargin">Initial margin of the cross positions.</param>
/// <param name="CrossMaintenanceMargin">Maintenance margin of the cross positions (Binance's TMM over all cross positions).</param>
/// <param name="AvailableBalance">Cross margin balance − cross initial margin: what can fund new positions or margin transfers (may be negative).</param>
/// <param name="CrossMarginRatio">Cross maintenance ÷ cross margin balance; <see langword="null"/> when the balance is not positive.</param>
/// <param name="IsCrossLiquidatable">Whether cross positions exist and the cross margin balance is at or below their maintenance margin.</param>
/// <param name="Positions">Per-position figures, in the account's order.</param>
public sealed record AccountMarginSnapshot(
    decimal WalletBalance,
    decimal CrossUnrealizedPnl,
    decimal CrossMarginBalance,
    decimal CrossInitialMargin,
    decimal CrossMaintenanceMargin,
    decimal AvailableBalance,
    decimal? CrossMarginRatio,
    bool IsCrossLiquidatable,
    ImmutableArray<PositionMargin> Positions);

/// <summary>Evaluates an account's margin at mark prices.</summary>
public static class AccountMargin
{
    /// <summary>
    /// Computes every margin figure of <paramref name="account"/> at <paramref name="markPrices"/>. Each position is
    /// valued at its own symbol's mark (Binance: "TMM1 for each other position is computed with that position's
    /// mark price").
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="markPrices">Mark price per symbol; every held symbol must be present and positive.</param>
    /// <exception cref="ArgumentException">A held symbol has no mark price, or a mark price is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException">At a held symbol's mark price a notional, PnL or margin sum is beyond the decimal range.</exception>
    public static AccountMarginSnapshot Calculate(Account account, IReadOnlyDictionary<string, decimal> markPrices)
    {
        Preconditions.NotNull(account);
        Preconditions.NotNull(markPrices);
        var rows = ImmutableArray.CreateBuilder<PositionMargin>(account.Positions.Length);
        decimal crossUpnl = 0m, crossIm = 0m, crossMm = 0m;
        bool anyCross = false;
        foreach (Position p in account.Positions)
        {
            decimal mark = MarkOf(markPrices, p.Symbol);
            try
            {
                (decimal notional, decimal upnl, decimal mm) = Figures(p, mark);
                decimal im = notional / p.Leverage;
                if (p.MarginMode == MarginMode.Isolated)
                {
                    decimal balance = p.IsolatedMargin + upnl;
                    rows.Add(new PositionMargin(p, mark, notional, upnl, im, mm, balance, MarginMath.IsLiquidatable(balance, mm)));
                }
                else
                {
                    anyCross = true;
                    crossUpnl += upnl;
                    crossIm += im;
                    crossMm += mm;
                    rows.Add(new PositionMargin(p, mark, notional, upnl, im, mm, null, false));
                }
            }
            catch (OverflowException)
            {
                throw MarkBeyondRange(p, mark);
            }
        }

        decimal crossBalance;
        try
        {
            crossBalance = account.WalletBalance + crossUpnl;
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(markPrices), ThrowHelper.Describe(nameof(markPrices), crossUpnl, "give a cross unrealised PnL whose sum with the wallet is beyond the decimal range"));
        }

        bool crossLiquidatable = anyCross && MarginMath.IsLiquidatable(crossBalance, crossMm);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Position.MarginMode == MarginMode.Cross)
            {
                rows[i] = rows[i] with { IsLiquidatable = crossLiquidatable };
            }
        }

        return new AccountMarginSnapshot(
            account.WalletBalance,
            crossUpnl,
            crossBalance,
            crossIm,
            crossMm,
            crossBalance - crossIm,
            crossBalance <= 0m ? null : crossMm / crossBalance,
            crossLiquidatable,
            rows.MoveToImmutable());
    }

    /// <summary>
    /// The two cross figures the liquidation loop reads, as <see cref="Calculate"/> computes them but without building
    /// the per-position rows: whether the cross positions are liquidatable, and the cross position with the largest
    /// maintenance margin (the first of equal ones), or <see langword="null"/> when there is none.
    /// </summary>
    internal static Position? LargestCrossMaintenance(Account account, IReadOnlyDictionary<string, decimal> markPrices, out bool crossLiquidatable)
    {
        decimal crossUpnl = 0m, crossMm = 0m, worstMm = 0m;
        Position? worst = null;
        foreach (Position p in account.Positions)
        {
            decimal mark = MarkOf(markPrices, p.Symbol);
            if (p.MarginMode == MarginMode.Isolated)
            {
                continue;
            }

            (_, decimal upnl, decimal mm) = Figures(p, mark);
            crossUpnl += upnl;
            crossMm += mm;
            if (worst is null || mm > worstMm)
            {
                (worst, worstMm) = (p, mm);
            }
        }

        crossLiquidatable = worst is not null && MarginMath.IsLiquidatable(account.WalletBalance + crossUpnl, crossMm);
        return worst;
    }

    /// <summary>A position's notional, unrealised PnL and maintenance margin at <paramref name="mark"/>.</summary>
    private static (decimal Notional, decimal UnrealizedPnl, decimal MaintenanceMargin) Figures(Position p, decimal mark)
    {
        decimal notional = p.Instrument.NotionalUnchecked(p.Size, mark);
        return (notional, MarginMath.UnrealizedPnlUnchecked(p.Instrument, (int)p.Side, p.Size, p.EntryPrice, mark), p.Instrument.RiskTiers.MaintenanceMarginUnchecked(notional));
    }

    /// <summary>A mark at which a held position's notional, PnL or margin leaves the decimal range (was OverflowException, issue 15).</summary>
    internal static ArgumentOutOfRangeException MarkBeyondRange(Position p, decimal mark)
    {
        string at = $"markPrices[{p.Symbol}]";
        return new ArgumentOutOfRangeException(at, mark, ThrowHelper.Describe(at, mark, "gives a notional, PnL or margin sum beyond the decimal range for " + p));
    }

    internal static decimal MarkOf(IReadOnlyDictionary<string, decimal> markPrices, string symbol)
    {
        if (!markPrices.TryGetValue(symbol, out decimal mark))
        {
            return ThrowHelper.Argument<decimal>(nameof(markPrices), symbol, "has no mark price for a held symbol");
        }

        if (mark <= 0m)
        {
            ThrowHelper.OutOfRange($"{nameof(markPrices)}[{symbol}]", mark, "must be greater than zero");
        }

        return mark;
    }
}
