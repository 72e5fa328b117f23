using System.CommandLine;
using System.Globalization;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Simulation;
using Spectre.Console;

namespace LiquidationSim.Cli;

/// <summary>
/// <c>liqsim venues</c>: the venue profiles a scenario's <c>venue.profile</c> can name, with their liquidation policy,
/// margin model, trigger price, fees and ADL ranking, and the risk-tier tables an instrument's <c>tiers</c> can name,
/// bracket by bracket, each with its source and date.
/// </summary>
internal static class VenuesCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var tiers = new Option<bool>("--tiers") { Description = "Also print every bracket of each risk-tier table." };
        var command = new Command("venues", "List the venue profiles (venue.profile) with their liquidation policies, and the risk-tier tables (instruments[].tiers) a scenario can use.")
        {
            tiers,
        };
        command.SetAction(parsed =>
        {
            Print(Terminal.Out, parsed.GetValue(tiers));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, bool brackets)
    {
        var profiles = new Table().Title("[bold]Venue profiles (venue.profile)[/]")
            .AddColumn("Name").AddColumn("Venue").AddColumn("Liquidation policy").AddColumn("Trigger").AddColumn(new TableColumn("Clearance fee").RightAligned()).AddColumn("ADL ranking").AddColumn("Source (as of)");
        foreach (string name in ScenarioVenue.ProfileNames)
        {
            VenueProfile p = new ScenarioVenue { Profile = name }.Resolve();
            profiles.AddRow(
                Markup.Escape(name),
                Markup.Escape(p.Name),
                Markup.Escape(PolicyName(p.Policy)),
                Markup.Escape(p.TriggerPrice.ToString()),
                (p.ClearanceFeeRate * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %",
                Markup.Escape(p.AdlRanking.ToString()),
                Markup.Escape(p.Source.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        console.Write(profiles);
        console.WriteLine();

        var tables = new Table().Title("[bold]Risk-tier tables (instruments[[]].tiers)[/]")
            .AddColumn("Name").AddColumn("Table").AddColumn(new TableColumn("Brackets").RightAligned()).AddColumn(new TableColumn("Max leverage").RightAligned())
            .AddColumn(new TableColumn("Lowest MMR").RightAligned()).AddColumn(new TableColumn("Top cap").RightAligned()).AddColumn("Boundary").AddColumn("As of");
        foreach (string name in ScenarioInstrument.TierTableNames)
        {
            RiskTierTable t = Resolve(name);
            tables.AddRow(
                Markup.Escape(name),
                Markup.Escape(t.Name),
                t.Tiers.Length.ToString(CultureInfo.InvariantCulture),
                t.Tiers[0].MaxLeverage.ToString("0.##", CultureInfo.InvariantCulture) + "x",
                Percent(t.Tiers[0].MaintenanceMarginRate),
                Amount(t.Tiers[^1].NotionalCap),
                t.Boundary.ToString(),
                t.Source.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        console.Write(tables);
        if (!brackets)
        {
            console.WriteLine();
            console.WriteLine("Add --tiers for every bracket of each table. Notional in the table's quote currency; MMR: maintenance margin rate.");
            return;
        }

        foreach (string name in ScenarioInstrument.TierTableNames)
        {
            RiskTierTable t = Resolve(name);
            console.WriteLine();
            var table = new Table().Title($"[bold]{Markup.Escape(name)}[/]: {Markup.Escape(t.Name)}")
                .AddColumn(new TableColumn("Tier").RightAligned()).AddColumn(new TableColumn("Notional from").RightAligned()).AddColumn(new TableColumn("to").RightAligned())
                .AddColumn(new TableColumn("Max leverage").RightAligned()).AddColumn(new TableColumn("MMR").RightAligned()).AddColumn(new TableColumn("Maintenance amount").RightAligned());
            for (int i = 0; i < t.Tiers.Length; i++)
            {
                RiskTier r = t.Tiers[i];
                table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Amount(r.NotionalFloor), Amount(r.NotionalCap),
                    r.MaxLeverage.ToString("0.##", CultureInfo.InvariantCulture) + "x", Percent(r.MaintenanceMarginRate), Amount(r.MaintenanceAmount));
            }

            table.Caption(Markup.Escape("Source: " + t.Source.Citation));
            console.Write(table);
        }
    }

    /// <summary>A policy's type name without the "Policy" suffix (its parameters are in the profile's source).</summary>
    private static string PolicyName(LiquidationPolicy policy)
    {
        string type = policy.GetType().Name;
        return type.EndsWith("Policy", StringComparison.Ordinal) ? type[..^"Policy".Length] : type;
    }

    private static RiskTierTable Resolve(string name) => new ScenarioInstrument { Symbol = "X", Kind = ContractKind.Linear, Tiers = name, TickSize = 1, LotSize = 1, ContractSize = 1 }.ResolveTiers();

    private static string Percent(decimal rate) => (rate * 100).ToString("0.####", CultureInfo.InvariantCulture) + " %";

    private static string Amount(decimal value) => value == decimal.MaxValue ? "unlimited" : value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
