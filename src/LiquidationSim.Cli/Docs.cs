namespace LiquidationSim.Cli;

/// <summary>
/// The reference documents shipped inside the tool package (the repository's <c>docs/</c> folder, copied beside
/// <c>liqsim.dll</c>), so help text and messages can name a file the installed tool really has.
/// </summary>
internal static class Docs
{
    /// <summary>The scenario file reference: every field, its type, unit, default and range.</summary>
    public const string ScenarioReference = "scenario-schema.md";

    /// <summary>The DeFi scenario file reference.</summary>
    public const string DefiReference = "defi-scenario-schema.md";

    /// <summary>The historical price CSV format.</summary>
    public const string HistoricalCsv = "historical-prices.md";

    /// <summary>The JSON Schema of scenario files (also printed by <c>liqsim schema</c>).</summary>
    public const string ScenarioJsonSchema = "scenario.schema.json";

    /// <summary>From one machine to a cluster: <c>liqsim silo</c>, <c>liqsim run --cluster</c>, Redis, Kubernetes.</summary>
    public const string Cluster = "cluster.md";

    /// <summary>The shipped copy of <paramref name="name"/>: its full path in the tool's install folder.</summary>
    public static string PathOf(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "docs", name);
}
