using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.Kernel;

namespace LiquidationSim.Simulation;

/// <summary>
/// A historical price series as a price process, free of look-ahead: the price at offset t is the open of the bar
/// in force at start + t, and the highs and lows of the bars that ended during a step are walked within it
/// (<see cref="Extremes"/>). Loading reports CSV problems and a series that does not cover the scenario start as scenario problems
/// located at <c>$.priceProcess.csvPath</c>.
/// </summary>
internal sealed class HistoricalReplay(HistoricalPriceSeries series, DateTimeOffset start) : IPriceProcess
{
    public HistoricalPriceSeries Series { get; } = series;

    public static HistoricalReplay Load(ScenarioHistoricalProcess process, string? baseDirectory, ScenarioDocument document)
    {
        const string Where = "$.priceProcess.csvPath";
        string path = Path.IsPathRooted(process.CsvPath)
            ? process.CsvPath
            : Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), process.CsvPath));
        HistoricalPriceSeries series;
        try
        {
            series = HistoricalPriceSeries.Load(path);
        }
        catch (HistoricalDataException e) when (e.Problems.Count > 0)
        {
            throw new ScenarioValidationException(e.Problems.Select(p => new ScenarioProblem(Where, p.ToString())));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioValidationException([new ScenarioProblem(Where, $"cannot read '{path}': {e.Message}")]);
        }

        if (series.Start > document.Start)
        {
            throw new ScenarioValidationException([new ScenarioProblem(
                Where,
                string.Create(CultureInfo.InvariantCulture, $"the series starts at {series.Start:O}, after the scenario start {document.Start:O}"))]);
        }

        return new HistoricalReplay(series, document.Start);
    }

    /// <summary>
    /// The price at start + <paramref name="time"/> + <paramref name="step"/>: the open of the bar in force then (a bar
    /// is stamped with its opening time, so its close is not known before it ends; a price-only series has open =
    /// close). Draws nothing.
    /// </summary>
    public decimal Next(decimal price, TimeSpan time, TimeSpan step, SeededRandom random) => Series.PriceAt(start + time + step).Bar.Open;

    /// <summary>The price at the start: the open of the bar in force then.</summary>
    public decimal First => Series.PriceAt(start).Bar.Open;

    /// <summary>
    /// The extremes of the bars that ended during the step (start + <paramref name="time"/>, + <paramref name="step"/>]
    /// — a bar ends where the next begins — in the order a bar of their last one's direction visits them: low then
    /// high after a rising bar, high then low after a falling one. Writes two prices, or none when no bar ended.
    /// </summary>
    public int Extremes(TimeSpan time, TimeSpan step, Span<decimal> into)
    {
        DateTimeOffset from = start + time, to = from + step;
        ImmutableArray<HistoricalPricePoint> bars = Series.Points;
        int i = Series.IndexAt(from);
        decimal low = decimal.MaxValue, high = 0m;
        bool falling = false, ended = false;
        for (; i >= 0 && i + 1 < bars.Length && bars[i + 1].Time <= to; i++)
        {
            Pricing.PriceBar bar = bars[i].Bar;
            low = Math.Min(low, bar.Low);
            high = Math.Max(high, bar.High);
            falling = bar.Close < bar.Open;
            ended = true;
        }

        if (!ended)
        {
            return 0;
        }

        into[0] = falling ? high : low;
        into[1] = falling ? low : high;
        return 2;
    }
}
