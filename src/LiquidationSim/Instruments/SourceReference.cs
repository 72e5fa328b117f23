using LiquidationSim.Internal;

namespace LiquidationSim.Instruments;

/// <summary>
/// Where a piece of venue data (a tier table, a fee schedule, a profile) comes from, and the date it describes.
/// Venue tables change often; a simulation result is only meaningful next to the snapshot it used.
/// </summary>
/// <param name="Citation">Document, API endpoint or repository path the numbers were taken from.</param>
/// <param name="AsOf">Date the snapshot describes.</param>
public readonly record struct SourceReference(string Citation, DateOnly AsOf)
{
    /// <summary>A source for data the caller supplies themselves, dated <paramref name="asOf"/>.</summary>
    public static SourceReference UserSupplied(DateOnly asOf) => new("user supplied", asOf);

    internal void Validate(string paramName)
    {
        List<DomainProblem>? problems = null;
        Check(ref problems, paramName);
        DomainProblem.ThrowFirst(DomainChecks.Result(problems));
    }

    /// <summary>Adds the problem of a blank citation, reported as <c><paramref name="paramName"/>.Citation</c>.</summary>
    internal void Check(ref List<DomainProblem>? problems, string paramName)
    {
        if (string.IsNullOrWhiteSpace(Citation))
        {
            DomainChecks.Add(ref problems, new DomainProblem(paramName + ".Citation", "must name where the data comes from", Citation, DomainRule.Invalid));
        }
    }
}

/// <summary>Unit in which a venue publishes a rate.</summary>
public enum RateUnit
{
    /// <summary>A plain fraction: 0.005 means 0.5% (Binance, Hyperliquid).</summary>
    Fraction = 0,

    /// <summary>A percentage: 0.5 means 0.5% (Bybit's <c>/v5/market/risk-limit</c>, BitMEX's published tables).</summary>
    Percent = 1,
}

/// <summary>How a tier table turns a bracket rate into a maintenance margin.</summary>
public enum MaintenanceAmountRule
{
    /// <summary>
    /// "Tax-bracket" margin: each bracket carries the deduction
    /// <c>cum(n) = cum(n−1) + floor(n) × (MMR(n) − MMR(n−1))</c>, so maintenance margin is continuous in
    /// notional (Binance §1.2, Bybit "Margin Parameters", Hyperliquid "margin tiers").
    /// </summary>
    Cumulative = 0,

    /// <summary>
    /// The bracket's rate applies to the whole position with no deduction, so maintenance margin jumps at each
    /// step (BitMEX risk limits, <c>bitmex.com/app/riskLimitsExamples</c>).
    /// </summary>
    WholePosition = 1,
}

/// <summary>Which bracket a notional exactly on a boundary belongs to.</summary>
public enum TierBoundary
{
    /// <summary>
    /// A notional equal to a floor belongs to the higher bracket (Binance <c>leverageBracket</c> as read by
    /// freqtrade: the first tier from the top with <c>notional ≥ floor</c>, reference cefi.md §1.3.1).
    /// </summary>
    FloorInclusive = 0,

    /// <summary>
    /// A notional equal to a cap belongs to the lower bracket: a risk limit is the largest position it allows
    /// (BitMEX: "0.80% × 300 XBT = 2.4 XBT" at the 300 XBT limit, reference cefi.md §4.2).
    /// </summary>
    CapInclusive = 1,
}
