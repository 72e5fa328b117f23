// The main job: run a cascade scenario and print its summary.
//
//   dotnet run --project samples/Cascade -c Release                 the embedded default scenario
//   dotnet run --project samples/Cascade -c Release -- my.json      a scenario file (docs/scenario-schema.md)
//
// The default is one day of BTCUSDT on the Binance profile: 100,000 generated positions, GBM prices with a −25 %
// wick at 12:00, forced selling coupled back into the spot price, traders with stops, top-ups and hedges.
using System.Globalization;
using LiquidationSim.Simulation;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

ScenarioDocument scenario;
var options = SimulationOptions.Default;
if (args.Length > 0)
{
    try
    {
        scenario = ScenarioJson.Load(File.ReadAllText(args[0]));
        options = options with { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(args[0])) };
    }
    catch (ScenarioValidationException e)
    {
        Console.Error.WriteLine($"{args[0]} is not a valid scenario:");
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
foreach (SimulationStep step in simulation.Steps())
{
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
