using System.Globalization;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>A run cut into equal periods (24 for a day: hours), with each period's liquidation totals, for the console chart.</summary>
internal sealed class PeriodTotals
{
    private readonly long _stepsPerPeriod;
    private readonly bool _longRun;

    /// <summary>At most <paramref name="periods"/> periods of ⌈steps ÷ periods⌉ steps each.</summary>
    public PeriodTotals(ScenarioDocument scenario, long totalSteps, int periods)
    {
        long count = Math.Max(1, Math.Min(periods, totalSteps));
        _stepsPerPeriod = Math.Max(1, (totalSteps + count - 1) / count);
        count = Math.Max(1, (totalSteps + _stepsPerPeriod - 1) / _stepsPerPeriod);
        Start = new DateTimeOffset[count];
        for (int i = 0; i < count; i++)
        {
            Start[i] = scenario.Start + (scenario.Step * (_stepsPerPeriod * i));
        }

        Notional = new decimal[count];
        string[] settlement = [.. scenario.Instruments.Select(i => i.ToInstrument().SettlementAsset).Distinct(StringComparer.Ordinal)];
        Unit = settlement.Length == 1 ? settlement[0] : "settlement currency";
        End = scenario.Start + (scenario.Step * totalSteps);
        _longRun = End - scenario.Start > TimeSpan.FromDays(1);
    }

    /// <summary>The currency liquidated notional is counted in: the instruments' settlement asset when they share one.</summary>
    public string Unit { get; }

    /// <summary>When the last period ends.</summary>
    public DateTimeOffset End { get; }

    /// <summary>When each period starts.</summary>
    public DateTimeOffset[] Start { get; }

    /// <summary>Liquidated notional in each period.</summary>
    public decimal[] Notional { get; }

    /// <summary>
    /// A period's label: its start and end (UTC), start–end as in the HTML report and chart, with dates when the run
    /// spans more than a day. A step belongs to the period holding its end: the step that ends at 12:00 is in 11:00–12:00.
    /// </summary>
    public string Label(int period)
    {
        DateTime from = Start[period].UtcDateTime;
        DateTime to = period + 1 < Start.Length ? Start[period + 1].UtcDateTime : End.UtcDateTime;
        string format = _longRun ? "MM-dd HH:mm" : "HH:mm";
        return from.ToString(format, CultureInfo.InvariantCulture) + "\u2013" + to.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>Adds a step; step 0 (the opening state) has nothing to add.</summary>
    public void Add(SimulationStep step)
    {
        if (step.Index == 0)
        {
            return;
        }

        long period = Math.Min(Start.Length - 1, (step.Index - 1) / _stepsPerPeriod);
        Notional[period] += step.LiquidatedNotional;
    }
}
