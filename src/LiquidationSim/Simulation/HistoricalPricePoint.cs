using LiquidationSim.Pricing;

namespace LiquidationSim.Simulation;

/// <summary>One row of a <see cref="HistoricalPriceSeries"/>: the bar that starts at <see cref="Time"/>.</summary>
/// <remarks>
/// A close-only source row becomes a bar whose open, high, low and close are all that price. A series holds its
/// times in UTC (offset zero); equality compares the instant and the four prices.
/// </remarks>
/// <param name="Time">When the bar starts.</param>
/// <param name="Bar">The bar's prices.</param>
public readonly record struct HistoricalPricePoint(DateTimeOffset Time, PriceBar Bar);
