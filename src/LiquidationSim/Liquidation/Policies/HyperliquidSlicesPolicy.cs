using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Margin;

namespace LiquidationSim.Liquidation;

/// <summary>Parameters of Hyperliquid-style sliced liquidation.</summary>
/// <param name="SliceThreshold">Notional above which only a slice is sent (100,000 USDC on mainnet).</param>
/// <param name="SliceFraction">Fraction of the position per slice (0.2).</param>
/// <param name="Cooldown">Time after a partial liquidation during which liquidation orders are for the whole position (30 s).</param>
/// <param name="BackstopFraction">Equity below this fraction of maintenance triggers the backstop transfer to the liquidator vault (2/3).</param>
public readonly record struct SliceRules(decimal SliceThreshold, decimal SliceFraction, TimeSpan Cooldown, decimal BackstopFraction)
{
    /// <summary>Hyperliquid mainnet: 100,000 USDC threshold, 20 % slices, 30 s cooldown, backstop below 2/3 of maintenance (reference cefi.md §6).</summary>
    public static SliceRules Hyperliquid { get; } = new(100_000m, 0.2m, TimeSpan.FromSeconds(30), 2m / 3m);
}

/// <summary>
/// Hyperliquid: below <see cref="SliceRules.BackstopFraction"/> of maintenance the position and its margin go to the
/// liquidator vault; otherwise a position above <see cref="SliceRules.SliceThreshold"/> sends a slice of
/// <see cref="SliceRules.SliceFraction"/> as a market order, and after a partial liquidation the account is in a
/// cooldown during which liquidation orders are for the whole position.
/// </summary>
/// <remarks>
/// Source: Hyperliquid docs "Liquidations" (hyperliquid.gitbook.io, read 2026-03-04; reference cefi.md §6). A slice
/// ends the account's liquidation for the tick (one block), as under isolated margin.
/// </remarks>
/// <param name="Rules">The slicing parameters.</param>
public sealed record HyperliquidSlicesPolicy(SliceRules Rules) : LiquidationPolicy
{
    internal override void Validate(string paramName)
    {
        SliceRules s = Rules;
        Preconditions.Positive(s.SliceThreshold, paramName + ".Rules.SliceThreshold");
        if (s.SliceFraction <= 0m || s.SliceFraction >= 1m)
        {
            ThrowHelper.OutOfRange(paramName + ".Rules.SliceFraction", s.SliceFraction, "must be above 0 and below 1");
        }

        if (s.Cooldown < TimeSpan.Zero)
        {
            ThrowHelper.OutOfRange(paramName + ".Rules.Cooldown", s.Cooldown, "must not be negative");
        }

        if (s.BackstopFraction <= 0m || s.BackstopFraction >= 1m)
        {
            ThrowHelper.OutOfRange(paramName + ".Rules.BackstopFraction", s.BackstopFraction, "must be above 0 and below 1");
        }
    }

    internal override void Liquidate(LiquidationWaterfall waterfall, AccountId id, string symbol, PositionSide side, bool cross)
    {
        Position p = waterfall.Held(id, symbol, side)!;
        decimal mark = waterfall.Marks[symbol];
        AccountMarginSnapshot? account = cross ? AccountMargin.Calculate(waterfall.Account(id), waterfall.Marks) : null;
        decimal equity = account?.CrossMarginBalance ?? p.IsolatedMargin + p.UnrealizedPnl(mark);
        decimal maintenance = account?.CrossMaintenanceMargin ?? p.MaintenanceMargin(mark);
        if (equity < Rules.BackstopFraction * maintenance)
        {
            waterfall.Backstop(id, cross ? null : p);
            return;
        }

        bool cooling = waterfall.InCooldown(id);
        decimal size = p.Size;
        bool partial = false;
        decimal quoteValue = p.Instrument.Kind == ContractKind.Linear ? p.Instrument.NotionalUnchecked(p.Size, mark) : p.Size * p.Instrument.ContractSize;
        if (!cooling && quoteValue > Rules.SliceThreshold)
        {
            decimal slice = p.Instrument.FloorToLots(p.Size * Rules.SliceFraction);
            if (slice > 0m && slice < p.Size)
            {
                size = slice;
                partial = true;
            }
        }

        waterfall.SendLiquidationOrder(id, p, size, null, TimeInForce.ImmediateOrCancel, partial ? "slice" : "whole position", partial);
        waterfall.CoverPositionDeficit(id, symbol, side);
    }
}
