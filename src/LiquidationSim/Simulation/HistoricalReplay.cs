using System.Globalization;

namespace LiquidationSim.Simulation;

/// <summary>
/// A historical price series as a price process: the price at offset t is the close of the bar in force at
/// start + t. Loading reports CSV problems and a series that does not cover the scenario start as scenario problems
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

    /// <summary>The close of the bar in force at start + <paramref name="time"/> + <paramref name="step"/>; draws nothing.</summary>
    public decimal Next(decimal price, TimeSpan time, TimeSpan step, SeededRandom random) => Series.PriceAt(start + time + step).Bar.Close;

    /// <summary>The close in force at the start.</summary>
    public decimal First => Series.PriceAt(start).Bar.Close;
}
