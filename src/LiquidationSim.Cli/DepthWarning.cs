using System.Globalization;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>
/// A warning, on standard error before a run starts, when an instrument's order book is shallow against the open
/// interest whose forced orders it will absorb: liquidating longs sell into the bids, liquidating shorts buy from the
/// asks. A book that holds less than half the open interest on the side it faces empties early in a sell-off, and the
/// cascade that follows is the book's doing rather than the price path's, which surprises a first scenario.
/// </summary>
/// <remarks>
/// Depth is counted in contracts over the whole configured book (a ladder's levels × size per level, or the explicit
/// levels), open interest in contracts at the opening state (step 0, generated and explicit accounts and market makers
/// together). The warning changes nothing in the run; the numbers let the user judge it.
/// </remarks>
internal static class DepthWarning
{
    /// <summary>Open interest above this multiple of a side's depth is warned about.</summary>
    public const decimal Ratio = 2m;

    /// <summary>The warnings for <paramref name="scenario"/> at its opening state, one line each.</summary>
    public static IReadOnlyList<string> Check(ScenarioDocument scenario, SimulationStep opening)
    {
        var warnings = new List<string>();
        foreach (MarketSnapshot market in opening.Markets)
        {
            if (!scenario.Liquidity.TryGetValue(market.Symbol, out ScenarioLiquidity? book))
            {
                continue;
            }

            (decimal bids, decimal asks, string shape) = book.Ladder is { } ladder
                ? (ladder.Levels * ladder.SizePerLevel, ladder.Levels * ladder.SizePerLevel,
                    string.Create(CultureInfo.InvariantCulture, $"{ladder.Levels:N0} levels of {ladder.SizePerLevel:#,0.########} per side, within {ladder.Levels * ladder.Spacing:0.##%} of the price"))
                : (book.Bids.Sum(l => l.Size), book.Asks.Sum(l => l.Size), string.Create(CultureInfo.InvariantCulture, $"{book.Bids.Length:N0} bid and {book.Asks.Length:N0} ask levels"));
            Side(warnings, market.Symbol, "long", market.OpenInterestLong, "bids", bids, shape, book.RecoveryRate);
            Side(warnings, market.Symbol, "short", market.OpenInterestShort, "asks", asks, shape, book.RecoveryRate);
        }

        return warnings;
    }

    /// <summary>Writes the warnings, if any, to standard error.</summary>
    public static void Write(ScenarioDocument scenario, SimulationStep opening)
    {
        foreach (string warning in Check(scenario, opening))
        {
            Terminal.Error("warning: " + warning);
        }
    }

    private static void Side(List<string> warnings, string symbol, string side, decimal openInterest, string bookSide, decimal depth, string shape, decimal recovery)
    {
        if (openInterest <= 0 || openInterest <= Ratio * depth)
        {
            return;
        }

        string times = depth > 0 ? string.Create(CultureInfo.InvariantCulture, $"{openInterest / depth:0.#}x") : "no";
        warnings.Add(string.Create(CultureInfo.InvariantCulture,
            $"{symbol}: {openInterest:#,0.###} contracts of {side} open interest face {depth:#,0.###} contracts of {bookSide} ({times} the book; {shape}; {recovery:0.##%} of consumed depth refills per step). Forced {(side == "long" ? "selling" : "buying")} can empty the book early and drive a cascade; deepen liquidity.{Symbol(symbol)}.ladder or lower the population's notional if that is not intended."));
    }

    private static string Symbol(string symbol) => symbol.All(char.IsAsciiLetterOrDigit) ? symbol : "['" + symbol + "']";
}
