// CascadeReport: run a cascade scenario with the library and turn it into pictures, the way an application embeds
// LiquidationSim — no command-line tool involved.
//
//   dotnet run --project samples/CascadeReport                          the embedded default scenario
//   dotnet run --project samples/CascadeReport -- my.json [OUTDIR]      a scenario file (docs/scenario-schema.md)
//
// It streams the run step by step into three consumers at once: a CascadeSeries (the chart's data, bounded memory),
// a TimelineCsvWriter (one CSV row per step) and an hourly tally printed below. Then it writes the SVG chart and the
// self-contained HTML report. Open cascade-report/report.html in a browser.
using System.Globalization;
using LiquidationSim.Reporting;
using LiquidationSim.Simulation;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

ScenarioDocument scenario = args.Length > 0 ? ScenarioJson.LoadFile(args[0]) : ScenarioJson.LoadDefault();
string outDir = args.Length > 1 ? args[1] : "cascade-report";
Directory.CreateDirectory(outDir);

var simulation = ScenarioSimulation.Create(scenario);
string symbol = scenario.Instruments[0].Symbol;
var series = new CascadeSeries(symbol, maxPoints: 360);
Console.WriteLine($"{scenario.Name}");
Console.WriteLine($"  {symbol} on {scenario.Venue.Profile}, {simulation.TotalSteps:N0} steps of {scenario.Step}, {scenario.Population?.Count ?? 0:N0} generated accounts");
Console.WriteLine();
Console.WriteLine("  hour (UTC)      last low    liquidations    liquidated notional    insurance fund");

using (var csvFile = new StreamWriter(Path.Combine(outDir, "timeline.csv")))
{
    var csv = new TimelineCsvWriter(csvFile);
    csv.Write(simulation.Current);
    series.Add(simulation.Current);
    (long count, decimal notional, decimal low) hour = (0, 0m, decimal.MaxValue);
    DateTimeOffset hourStart = simulation.Current.Time;
    foreach (SimulationStep step in simulation.Steps())
    {
        csv.Write(step);
        series.Add(step);
        hour = (hour.count + step.Liquidations, hour.notional + step.LiquidatedNotional, Math.Min(hour.low, step.Markets[0].LastPrice));
        if (step.Time.Minute == 0 && step.Time.Second == 0 || simulation.IsComplete)
        {
            // Intervals read start–end, as in the report and liqsim's console.
            Console.WriteLine($"  {hourStart:HH:mm}\u2013{step.Time:HH:mm}    {hour.low,12:N1}    {hour.count,12:N0}    {hour.notional,19:N0}    {step.InsuranceFund,14:N0}");
            hour = (0, 0m, decimal.MaxValue);
            hourStart = step.Time;
        }
    }
}

SimulationSummary summary = simulation.Summary();
File.WriteAllText(Path.Combine(outDir, "chart.svg"), CascadeChart.ToSvg(series, labels: CascadeChartLabels.ForInstrument(scenario.Instruments[0].ToInstrument())));
File.WriteAllText(Path.Combine(outDir, "report.html"), HtmlReport.Cascade(summary, series, scenario));

Console.WriteLine();
Console.WriteLine($"{summary.Liquidations:N0} liquidations ({summary.LiquidatedNotional:N0} notional), {summary.AdlCount:N0} ADL fills, insurance fund drawdown {summary.InsuranceFundDrawdown:N0}, bad debt {summary.BadDebt:N2}.");
Console.WriteLine($"The chart folds {series.StepCount:N0} steps into {series.Points.Count} points of {series.StepsPerPoint} step(s); flows are summed and wicks kept as ranges.");
Console.WriteLine($"Wrote {Path.GetFullPath(outDir)}: timeline.csv, chart.svg, report.html (open it in a browser).");
