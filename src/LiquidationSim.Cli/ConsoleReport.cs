using System.Globalization;
using System.Text;
using LiquidationSim.Reporting;
using LiquidationSim.Simulation;
using Spectre.Console;

namespace LiquidationSim.Cli;

/// <summary>The tables and charts the commands print.</summary>
internal static class ConsoleReport
{
    /// <summary>Liquidated notional per period as a bar chart.</summary>
    public static void Periods(IAnsiConsole console, PeriodTotals periods)
    {
        console.WriteLine();
        if (periods.Notional.All(n => n == 0))
        {
            console.WriteLine("No position was liquidated.");
            return;
        }

        decimal top = periods.Notional.Max();
        (decimal scale, string unit) = top >= 10_000_000_000m ? (1_000_000_000m, "billions of ") : top >= 10_000_000m ? (1_000_000m, "millions of ") : top >= 10_000m ? (1_000m, "thousands of ") : (1m, string.Empty);
        unit += periods.Unit;
        var chart = new BarChart().Width(Math.Min(100, console.Profile.Width - 4)).Label($"[bold]Liquidated notional by period, start–end UTC ({Spectre.Console.Markup.Escape(unit)})[/]").LeftAlignLabel();
        chart.ShowValues = true;
        chart.ValueFormatter = (value, _) => value.ToString("#,0.#", CultureInfo.InvariantCulture);
        for (int i = 0; i < periods.Start.Length; i++)
        {
            chart.AddItem(periods.Label(i), (double)Math.Round(periods.Notional[i] / scale, 1), Color.Red);
        }

        console.Write(chart);
    }

    /// <summary>A run's summary and end-of-run markets.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="s">The summary.</param>
    /// <param name="unit">The settlement currency amounts are counted in.</param>
    /// <param name="priceUnit">The quote currency prices are in.</param>
    public static void Summary(IAnsiConsole console, SimulationSummary s, string unit, string priceUnit)
    {
        string u = " (" + unit + ")";
        console.WriteLine();
        var table = new Table().Title("[bold]Summary[/]").AddColumn("Figure").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("Steps run", N(s.Steps));
        table.AddRow("Liquidations", N(s.Liquidations));
        table.AddRow("Accounts liquidated", N(s.AccountsLiquidated));
        table.AddRow("Liquidated notional" + u, D(s.LiquidatedNotional));
        table.AddRow("ADL fills", N(s.AdlCount));
        table.AddRow("ADL notional" + u, D(s.AdlNotional));
        table.AddRow("Trader orders", N(s.TraderOrders));
        table.AddRow("Trader deposits" + u, D(s.Deposits));
        table.AddRow("Insurance fund start" + u, D(s.InsuranceFundStart));
        table.AddRow("Insurance fund end" + u, D(s.InsuranceFundEnd));
        table.AddRow("Insurance fund drawdown" + u, D(s.InsuranceFundDrawdown));
        table.AddRow("Bad debt" + u, D(s.BadDebt));
        table.AddRow("Open positions at end", N(s.OpenPositions));
        console.Write(table);

        var markets = new Table().Title("[bold]Markets at the end[/]").AddColumn("Symbol");
        foreach (string column in (string[])["Index (" + priceUnit + ")", "Mark (" + priceUnit + ")", "Last (" + priceUnit + ")", "OI long (contracts)", "OI short (contracts)"])
        {
            markets.AddColumn(new TableColumn(Spectre.Console.Markup.Escape(column)).RightAligned());
        }

        foreach (MarketSnapshot m in s.Markets)
        {
            markets.AddRow(Spectre.Console.Markup.Escape(m.Symbol), D(m.IndexPrice), D(m.MarkPrice), D(m.LastPrice), D(m.OpenInterestLong, 3), D(m.OpenInterestShort, 3));
        }

        console.Write(markets);
    }

    /// <summary>A Monte Carlo result's statistics per metric, every amount labelled with <paramref name="currency"/>.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="result">The result.</param>
    /// <param name="currency">The settlement currency the amounts are in; null for the generic "settlement currency".</param>
    public static void MonteCarlo(IAnsiConsole console, MonteCarloResult result, string? currency)
    {
        string unit = " (" + Spectre.Console.Markup.Escape(currency ?? "settlement currency") + ")";
        console.WriteLine();
        var table = new Table()
            .Title(string.Create(CultureInfo.InvariantCulture, $"[bold]Monte Carlo: {result.PathCount:N0} paths, root seed {result.RootSeed}[/]"))
            .AddColumn("Metric");
        foreach (string column in (string[])["Mean", "Median", "95 %", "99 %", "Max"])
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (MonteCarloMetric metric in Enum.GetValues<MonteCarloMetric>())
        {
            table.AddRow(
                MonteCarloChart.MetricName(metric) + unit,
                D(result.Mean(metric), 0),
                D(result.Percentile(metric, 0.5m), 0),
                D(result.Percentile(metric, 0.95m), 0),
                D(result.Percentile(metric, 0.99m), 0),
                D(result.Max(metric), 0));
        }

        console.Write(table);
        if (!result.IsContiguous)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Note: the paths run from {result.FirstPath:N0} to {result.LastPath:N0} with gaps; a shard may be missing."));
        }
    }

    /// <summary>The files a command wrote, and where to look first.</summary>
    public static void Files(IAnsiConsole console, OutputFolder? folder, string? report)
    {
        if (folder is null)
        {
            console.WriteLine();
            if (report is not null)
            {
                console.WriteLine("Add --out DIR to write the timeline (CSV), event log (JSON Lines), summary (JSON), chart (SVG) and an HTML report.");
            }

            return;
        }

        console.WriteLine();
        console.WriteLine($"Wrote {folder.Written.Count} files to {folder.Path}:");
        foreach (string file in folder.Written)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Path.GetFileName(file),-26} {new FileInfo(file).Length,12:N0} bytes"));
        }

        if (report is not null)
        {
            console.WriteLine($"Open {Path.Combine(folder.Path, report)} in a browser to see the charts.");
        }
    }

    /// <summary>Per-path metrics as CSV.</summary>
    public static string PathsCsv(MonteCarloResult result)
    {
        var b = new StringBuilder();
        b.Append("path,insurance_fund_drawdown,bad_debt,adl_volume,liquidated_notional\n");
        foreach (MonteCarloPathResult p in result.Paths)
        {
            // Amounts at one scale per column, as in timeline.csv (TimelineCsvWriter.AmountDecimals).
            b.Append(CultureInfo.InvariantCulture, $"{p.PathIndex},{Amount(p.InsuranceFundDrawdown)},{Amount(p.BadDebt)},{Amount(p.AdlVolume)},{Amount(p.LiquidatedNotional)}\n");
        }

        return b.ToString();
    }

    private static string Amount(decimal value) =>
        decimal.Round(value, TimelineCsvWriter.AmountDecimals, MidpointRounding.ToEven).ToString("F" + TimelineCsvWriter.AmountDecimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>An integer with thousands separators.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A decimal with thousands separators and up to <paramref name="decimals"/> decimals.</summary>
    public static string D(decimal value, int decimals = 2) =>
        value.ToString("#,0." + new string('#', decimals), CultureInfo.InvariantCulture);
}
