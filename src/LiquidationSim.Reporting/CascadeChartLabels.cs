using LiquidationSim.Instruments;
using LiquidationSim.Reporting.Internal;

namespace LiquidationSim.Reporting;

/// <summary>
/// The words a <see cref="CascadeChart"/> puts on its panels, legends, tooltips and time axis. <see cref="Cascade"/> is
/// the perpetual-futures chart; the <c>liqsim</c> tool gives its DeFi stress runs their own names (oracle and pool
/// prices, debt repaid, bad debt) on the same drawing.
/// </summary>
/// <remarks>
/// Immutable and thread safe. Start from <see cref="Cascade"/> and change what differs with <c>with</c>. A line or
/// legend entry whose name is null is not drawn.
/// </remarks>
public sealed record CascadeChartLabels
{
    /// <summary>
    /// The words of the cascade chart of a perpetual whose currencies are not known: prices in "quote currency",
    /// amounts in "settlement currency". <see cref="ForInstrument"/> names them.
    /// </summary>
    public static CascadeChartLabels Cascade { get; } = new();

    /// <summary>
    /// The cascade chart's words with <paramref name="instrument"/>'s currencies in the panel names: prices in its
    /// quote asset (<c>Price (USDT)</c>), liquidated notional and the insurance fund in its settlement asset (the quote
    /// asset of a linear contract, the base asset of an inverse one, as <see cref="Instrument.Notional"/>
    /// counts them).
    /// </summary>
    /// <param name="instrument">The charted instrument, e.g. from <see cref="Simulation.ScenarioInstrument.ToInstrument"/>.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="instrument"/> is null.</exception>
    public static CascadeChartLabels ForInstrument(Instrument instrument)
    {
        Preconditions.NotNull(instrument);
        return new CascadeChartLabels
        {
            PricePanel = "Price (" + instrument.QuoteAsset + ")",
            VolumePanel = "Liquidated notional (" + instrument.SettlementAsset + ")",
            FundPanel = "Insurance fund (" + instrument.SettlementAsset + ")",
        };
    }

    /// <summary>The SVG's <c>desc</c> element.</summary>
    public string Description { get; init; } = "Price path with liquidation volume bars and the insurance fund, drawn by LiquidationSim.";

    /// <summary>The top panel's name.</summary>
    public string PricePanel { get; init; } = "Price (quote currency)";

    /// <summary>The dashed grey line (<see cref="CascadePoint.IndexPrice"/>); null: not drawn.</summary>
    public string? IndexLine { get; init; } = "index";

    /// <summary>The blue line (<see cref="CascadePoint.MarkPrice"/>), always drawn.</summary>
    public string MarkLine { get; init; } = "mark";

    /// <summary>The orange line and wicks (<see cref="CascadePoint.LastPrice"/>); null: not drawn.</summary>
    public string? LastLine { get; init; } = "last";

    /// <summary>The middle panel's name, followed by " per " and the bucket width.</summary>
    public string VolumePanel { get; init; } = "Liquidated notional (settlement currency)";

    /// <summary>The red bars' legend (<see cref="CascadePoint.LiquidatedNotional"/>).</summary>
    public string VolumeBar { get; init; } = "liquidations";

    /// <summary>The purple bars' legend (<see cref="CascadePoint.AdlNotional"/>, drawn beside the red); null: no legend entry.</summary>
    public string? AdlBar { get; init; } = "auto-deleveraging";

    /// <summary>The tooltip's word for <see cref="CascadePoint.Liquidations"/>.</summary>
    public string TipCount { get; init; } = "liquidations";

    /// <summary>The tooltip's word for <see cref="CascadePoint.LiquidatedNotional"/>.</summary>
    public string TipVolume { get; init; } = "liquidated";

    /// <summary>The tooltip's word for <see cref="CascadePoint.AdlNotional"/>; null: left out of the tooltip.</summary>
    public string? TipAdl { get; init; } = "auto-deleveraged";

    /// <summary>The bottom panel's name.</summary>
    public string FundPanel { get; init; } = "Insurance fund (settlement currency)";

    /// <summary>The green line's legend (<see cref="CascadePoint.InsuranceFund"/>).</summary>
    public string FundLine { get; init; } = "insurance fund";

    /// <summary>The black line's legend (<see cref="CascadePoint.BadDebt"/>, drawn once it is above zero).</summary>
    public string BadDebtLine { get; init; } = "bad debt";

    /// <summary>
    /// Whether the points' times are time since the start, counted from <see cref="DateTimeOffset.UnixEpoch"/>, rather
    /// than UTC clock times: the axis then reads h:mm (or days) since the start.
    /// </summary>
    /// <value>False.</value>
    public bool ElapsedTime { get; init; }
}
