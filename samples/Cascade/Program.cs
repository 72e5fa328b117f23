// The main job: run a cascade scenario and print its summary.
//
//   dotnet run --project samples/Cascade -c Release                 the embedded default scenario
//   dotnet run --project samples/Cascade -c Release -- my.json      a scenario file (docs/scenario-schema.md)
//   ... -- [my.json] --events events.jsonl --timeline timeline.jsonl   also write the event log and the timeline
//
// The default is one day of BTCUSDT on the Binance profile: 100,000 generated positions, GBM prices with a −25 %
// wick at 12:00, forced selling coupled back into the spot price, traders with stops, top-ups and hedges.
using System.Globalization;
using System.Text;
using LiquidationSim.Serialization;
using LiquidationSim.Simulation;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

string? file = null, eventsPath = null, timelinePath = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--events" when i + 1 < args.Length:
            eventsPath = args[++i];
            break;
        case "--timeline" when i + 1 < args.Length:
            timelinePath = args[++i];
            break;
        default:
            file = args[i];
            break;
    }
}

ScenarioDocument scenario;
var options = SimulationOptions.Default with { IncludeEvents = eventsPath is not null };
if (file is not null)
{
    try
    {
        scenario = ScenarioJson.Load(File.ReadAllText(file));
        options = options with { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) };
    }
    catch (ScenarioValidationException e)
    {
        Console.Error.WriteLine($"{file} is not a valid scenario:");
        foreach (ScenarioProblem p in e.Problems)
        {
            Console.Error.WriteLine($"  {p.Path}: {p.Message}");
        }

        return 2;
    }
}
else
{
    scenario = ScenarioJson.LoadDefault();
}

var simulation = ScenarioSimulation.Create(scenario, options);
Console.WriteLine($"Scenario: {scenario.Name}");
Console.WriteLine($"  {simulation.Engine.AccountIds.Count() - 1:N0} accounts, {simulation.TotalSteps:N0} steps of {scenario.Step}, venue {scenario.Venue.Profile}");
Console.WriteLine();
Console.WriteLine("  time                 mark        last     liquidated  notional (step)   insurance fund");

SimulationStep? worst = null;
using Stream? events = eventsPath is null ? null : File.Create(eventsPath);
using Stream? timeline = timelinePath is null ? null : File.Create(timelinePath);
foreach (SimulationStep step in simulation.Steps())
{
    if (events is not null)
    {
        EventLogJson.Write(events, step.Events);
    }

    if (timeline is not null)
    {
        timeline.Write(Encoding.UTF8.GetBytes(SimulationJson.SerializeStep(step) + "\n"));
    }

    if (worst is null || step.LiquidatedNotional > worst.LiquidatedNotional)
    {
        worst = step;
    }

    // One line an hour, plus every step with more than 100 liquidations.
    if (step.Time.Minute == 0 && step.Time.Second == 0 || step.Liquidations > 100)
    {
        MarketSnapshot m = step.Markets[0];
        Console.WriteLine($"  {step.Time:yyyy-MM-dd HH:mm}  {m.MarkPrice,10:N1}  {m.LastPrice,10:N1}  {step.Liquidations,9:N0}  {step.LiquidatedNotional,16:N0}  {step.InsuranceFund,16:N0}");
    }
}

SimulationSummary s = simulation.Summary();
Console.WriteLine();
Console.WriteLine("Summary");
Console.WriteLine($"  liquidations            {s.Liquidations:N0} ({s.AccountsLiquidated:N0} accounts)");
Console.WriteLine($"  liquidated notional     {s.LiquidatedNotional:N2}");
Console.WriteLine($"  worst step              {worst?.Time:yyyy-MM-dd HH:mm} ({worst?.LiquidatedNotional:N0})");
Console.WriteLine($"  ADL fills / notional    {s.AdlCount:N0} / {s.AdlNotional:N2}");
Console.WriteLine($"  trader orders           {s.TraderOrders:N0} (deposits {s.Deposits:N2})");
Console.WriteLine($"  insurance fund          {s.InsuranceFundStart:N2} -> {s.InsuranceFundEnd:N2} (drawdown {s.InsuranceFundDrawdown:N2})");
Console.WriteLine($"  bad debt                {s.BadDebt:N2}");
Console.WriteLine($"  open positions at end   {s.OpenPositions:N0}");
foreach (MarketSnapshot m in s.Markets)
{
    Console.WriteLine($"  {m.Symbol,-10} index {m.IndexPrice:N2}, mark {m.MarkPrice:N2}, last {m.LastPrice:N2}, OI long {m.OpenInterestLong:N3} / short {m.OpenInterestShort:N3}");
}

return 0;
