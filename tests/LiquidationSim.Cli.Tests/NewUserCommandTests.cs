using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli.Tests;

/// <summary>
/// Issue 19, the commands a new user reaches for, end to end as processes: <c>validate</c>, <c>venues</c>,
/// <c>scenario default</c>, <c>schema</c> (and its published copy), help that names files the tool really ships, and
/// the warning about a book too shallow for the open interest it faces.
/// </summary>
public sealed partial class NewUserCommandTests
{
    private static readonly string s_root = typeof(NewUserCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private static string Data(string name) => Path.Combine(Liqsim.TestData, name);

    [Fact]
    public void Validate_lists_every_problem_with_its_path_exits_3_and_runs_nothing()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "validate", Data("invalid-scenario.json"));
        r.ExitCode.Should().Be(3, r.ToString());
        // The file's three mistakes (a negative seed, a zero step, an unknown venue), each at its JSON path.
        r.Stderr.Should().Contain("3 problems").And.Contain("$.seed:").And.Contain("$.step:").And.Contain("$.venue.profile:");
        r.Stdout.Should().NotContain("Summary").And.NotContain("Ran ");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().BeEmpty("validate writes nothing");
    }

    [Fact]
    public void Validate_also_reports_what_only_the_built_scenario_can_judge()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "validate", Data("unbuildable-scenario.json"));
        r.ExitCode.Should().Be(3, r.ToString());
        r.Stderr.Should().Contain("$.accounts[0]");
    }

    [Fact]
    public void Validate_accepts_a_good_file_and_a_missing_one_is_exit_3()
    {
        using var dir = new TempFolder();
        LiqsimResult ok = Liqsim.Run(dir.Path, "validate", Data("small-cascade.json"));
        ok.ExitCode.Should().Be(0, ok.ToString());
        ok.Stdout.Should().Contain("valid scenario \"Small BTCUSDT cascade for the CLI tests\"").And.Contain("480 steps");
        ok.Stderr.Should().BeEmpty();

        LiqsimResult missing = Liqsim.Run(dir.Path, "validate", "no-such-file.json");
        missing.ExitCode.Should().Be(3, missing.ToString());
        missing.Stderr.Should().Contain("no-such-file.json").And.Contain("does not exist");
    }

    [Fact]
    public void Venues_lists_every_profile_and_tier_table_with_policies_and_brackets()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "venues", "--tiers");
        r.ExitCode.Should().Be(0, r.ToString());
        foreach (string name in ScenarioVenue.ProfileNames.Concat(ScenarioInstrument.TierTableNames))
        {
            r.Stdout.Should().Contain(name);
        }

        // Policies by venue, as the profiles document them: Binance one IOC toward compliance, BitMEX and Bybit step
        // down through the risk limits, Hyperliquid in slices, dYdX at the fillable price, OKX by tier reduction.
        Row(r.Stdout, "binance").Should().Contain("ImmediateOrCancelToCompliance").And.Contain("1.25 %");
        Row(r.Stdout, "bitmex").Should().Contain("RiskTierStepDown");
        Row(r.Stdout, "hyperliquid").Should().Contain("HyperliquidSlices");
        Row(r.Stdout, "dydx-v4").Should().Contain("DydxFillablePrice");
        Row(r.Stdout, "okx").Should().Contain("OkxTierReduction");

        // Binance's published BTCUSDT brackets (leverageBracket snapshot, reference cefi.md §1.3.1): bracket 1 is
        // 0–50,000 at 125x and 0.4 %, bracket 12 is 1,200,000,000–1,800,000,000 at 1x and 50 %.
        string binance = r.Stdout[r.Stdout.IndexOf("binance-btcusdt: ", StringComparison.Ordinal)..];
        Cells(binance.Split('\n').First(l => Cells(l).FirstOrDefault() == "1")).Should().Equal("1", "0", "50,000", "125x", "0.4 %", "0");
        Cells(binance.Split('\n').First(l => Cells(l).FirstOrDefault() == "12")).Take(5).Should().Equal("12", "1,200,000,000", "1,800,000,000", "1x", "50 %");
    }

    [Fact]
    public void Scenario_default_prints_the_embedded_default_as_a_file_to_start_from()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "scenario", "default");
        r.ExitCode.Should().Be(0, r.ToString());
        ScenarioJson.Parse(r.Stdout).Should().Be(ScenarioJson.LoadDefault());

        LiqsimResult bare = Liqsim.Run(dir.Path, "scenario");
        bare.ExitCode.Should().Be(2, "a subcommand is expected");
        bare.Stdout.Should().Contain("default");
    }

    [Fact]
    public void The_published_schema_is_what_liqsim_schema_prints()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "schema");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Be(File.ReadAllText(Path.Combine(s_root, "docs", "scenario.schema.json")),
            "docs/scenario.schema.json is regenerated with `liqsim schema > docs/scenario.schema.json` when the scenario format changes");
    }

    [Fact]
    public void The_default_and_the_sample_scenarios_match_the_schema_and_mistakes_do_not()
    {
        JsonNode schema = JsonNode.Parse(File.ReadAllText(Path.Combine(s_root, "docs", "scenario.schema.json")))!;
        string readme = File.ReadAllText(Path.Combine(s_root, "README.md"));
        var documents = new Dictionary<string, string>
        {
            ["default"] = ScenarioJson.Save(ScenarioJson.LoadDefault()),
            ["default source"] = File.ReadAllText(Path.Combine(s_root, "src", "LiquidationSim", "Simulation", "ScenarioDefault.json")),
            ["small-cascade.json"] = File.ReadAllText(Data("small-cascade.json")),
            ["unbuildable-scenario.json"] = File.ReadAllText(Data("unbuildable-scenario.json")),
        };
        foreach ((Match m, int i) in JsonBlock().Matches(readme).Where(m => m.Groups[1].Value.Contains("\"schemaVersion\"", StringComparison.Ordinal)).Select((m, i) => (m, i)))
        {
            documents["README example " + i] = m.Groups[1].Value;
        }

        documents.Should().ContainKey("README example 0");
        foreach ((string name, string json) in documents)
        {
            JsonSchemaCheck.Problems(schema, JsonNode.Parse(json)).Should().BeEmpty(name);
        }

        // The checker is not vacuous: a misspelt field, a number as a string and an unknown venue are each caught.
        JsonObject wrong = JsonNode.Parse(documents["small-cascade.json"])!.AsObject();
        wrong["insuranceFnud"] = 1;
        wrong["seed"] = "7";
        wrong["venue"]!["profile"] = "binanse";
        JsonSchemaCheck.Problems(schema, wrong).Should().BeEquivalentTo(
            "$.insuranceFnud: unknown field", "$.seed: is string, expected integer", "$.venue.profile: \"binanse\" is not one of [\"binance\",\"bybit\",\"bitmex\",\"hyperliquid\",\"dydx-v4\",\"okx\"]");
    }

    [Fact]
    public void Help_names_only_documents_the_tool_ships_and_lists_the_new_commands()
    {
        using var dir = new TempFolder();
        LiqsimResult root = Liqsim.Run(dir.Path, "--help");
        root.Stdout.Should().Contain("validate").And.Contain("venues").And.Contain("scenario").And.Contain("schema");
        foreach (string command in (string[])["run", "defi", "schema"])
        {
            LiqsimResult help = Liqsim.Run(dir.Path, command, "--help");
            help.ExitCode.Should().Be(0, help.ToString());
            string text = Regex.Replace(help.Stdout, @"\s*\n\s*", string.Empty); // help wraps long paths over lines
            string[] documents = [.. DocumentPath().Matches(text).Select(m => m.Value)];
            documents.Should().NotBeEmpty($"'{command} --help' points to its reference");
            foreach (string document in documents)
            {
                Path.IsPathFullyQualified(document).Should().BeTrue($"{document} is where the installed tool keeps it");
                File.Exists(document).Should().BeTrue($"'{command} --help' names {document}");
            }
        }

        LiqsimResult bad = Liqsim.Run(dir.Path, "validate", Data("invalid-scenario.json"));
        string named = DocumentPath().Match(Regex.Replace(bad.Stderr, @"\s*\n\s*", " ")).Value;
        File.Exists(named).Should().BeTrue("the error message names the shipped reference");
    }

    [Fact]
    public void A_book_shallow_against_the_open_interest_is_warned_about_with_the_numbers()
    {
        using var dir = new TempFolder();
        // The small cascade with a 400-level ladder of 0.1 BTC a level: 400 × 0.1 = 40 contracts of bids and of asks.
        File.WriteAllText(dir["shallow.json"], File.ReadAllText(Data("small-cascade.json"))
            .Replace("\"sizePerLevel\": 40", "\"sizePerLevel\": 0.1", StringComparison.Ordinal));
        LiqsimResult validate = Liqsim.Run(dir.Path, "validate", "shallow.json");
        validate.ExitCode.Should().Be(0, validate.ToString());
        LiqsimResult run = Liqsim.Run(dir.Path, "run", "-s", "shallow.json", "--out", "out");
        run.ExitCode.Should().Be(0, run.ToString());

        // The open interest at the opening state, read from the run's own timeline (step 0).
        string[] header = File.ReadLines(Path.Combine(dir["out"], "timeline.csv")).First().Split(',');
        string[] opening = File.ReadLines(Path.Combine(dir["out"], "timeline.csv")).Skip(1).First().Split(',');
        decimal longs = decimal.Parse(opening[Array.IndexOf(header, "BTCUSDT_oi_long")], CultureInfo.InvariantCulture);
        longs.Should().BeGreaterThan(80m, "the small population holds more than twice the shallow book");
        string expected = longs.ToString("#,0.###", CultureInfo.InvariantCulture) + " contracts of long open interest face 40 contracts of bids";
        foreach (LiqsimResult r in (LiqsimResult[])[validate, run])
        {
            r.Stderr.Should().Contain("warning: BTCUSDT: " + expected).And.Contain("liquidity.BTCUSDT.ladder");
        }

        LiqsimResult deep = Liqsim.Run(dir.Path, "validate", Data("small-cascade.json"));
        deep.Stderr.Should().NotContain("warning", "400 × 40 = 16,000 contracts a side is deeper than the small population");
    }

    private static string Row(string table, string first) =>
        table.Split('\n').First(l => Cells(l).FirstOrDefault() == first);

    private static string[] Cells(string line) =>
        [.. line.Split('│', StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).Where(c => c.Length > 0)];

    [GeneratedRegex("```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"/[^\s'""(),]+?\.(md|json)\b")]
    private static partial Regex DocumentPath();
}
