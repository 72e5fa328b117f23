using System.Text;
using System.Text.Json.Nodes;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

namespace LiquidationSim.Tests.Simulation;

/// <summary>
/// One test per escape the loader fuzz (<see cref="ScenarioLoaderFuzzTests"/>) found: each input used to throw
/// something other than a <see cref="ScenarioValidationException"/>, and now reports a located problem (or runs).
/// </summary>
public sealed class ScenarioValidationRegressionTests
{
    private static ScenarioProblem OnlyProblem(Action act, string path)
    {
        var problems = act.Should().Throw<ScenarioValidationException>().Which.Problems;
        problems.Should().ContainSingle(p => p.Path == path, $"the problems were {string.Join("; ", problems)}");
        return problems.Single(p => p.Path == path);
    }

    private static ScenarioProblem LoadProblem(JsonObject node, string path) =>
        OnlyProblem(() => ScenarioJson.Parse(node.ToJsonString()), path);

    // Was ArgumentException "An item with the same key has already been added" from JsonObject.
    [Fact]
    public void A_field_given_twice_is_a_located_problem()
    {
        var json = ScenarioSimulationTests.Minimal().ToJsonString()
            .Replace("\"profile\":\"binance\"", "\"profile\":\"binance\",\"profile\":\"bybit\"", StringComparison.Ordinal);

        OnlyProblem(() => ScenarioJson.Parse(json), "$.venue.profile").Message.Should().Contain("duplicate field");
    }

    // Was InvalidOperationException "Cannot read invalid UTF-16 JSON text as string" from JsonElement.GetString.
    [Fact]
    public void An_escaped_lone_surrogate_is_a_located_problem()
    {
        var json = ScenarioSimulationTests.Minimal().ToJsonString()
            .Replace("\"name\":\"minimal\"", "\"name\":\"\\ud800\"", StringComparison.Ordinal);

        OnlyProblem(() => ScenarioJson.Parse(json), "$.name").Message.Should().Contain("not valid Unicode");
    }

    // Was InvalidOperationException "Cannot transcode invalid UTF-8 JSON text to UTF-16 string".
    [Fact]
    public void Invalid_utf8_inside_a_string_is_a_located_problem()
    {
        var text = Encoding.UTF8.GetBytes(ScenarioSimulationTests.Minimal().ToJsonString());
        var at = Encoding.UTF8.GetBytes("\"name\":\"").Length + Encoding.UTF8.GetString(text).IndexOf("\"name\":\"", StringComparison.Ordinal);
        byte[] bytes = [.. text[..at], 0xFF, .. text[at..]];

        OnlyProblem(() => ScenarioJson.Load(new MemoryStream(bytes)), "$.name").Message.Should().Contain("not valid Unicode");
    }

    // Was ArgumentOutOfRangeException "markPrice must be greater than zero" at the first step.
    [Fact]
    public void A_start_price_below_one_tick_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["startPrices"]!["BTCUSDT"] = 0.01m;

        LoadProblem(node, "$.startPrices.BTCUSDT").Message.Should().Be("must be at least the instrument's tick size 0.1, was 0.01");
    }

    // Was OverflowException (Int64) in LadderDefinition.Ticks.
    [Fact]
    public void A_start_price_of_too_many_ticks_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["instruments"]![0]!["tickSize"] = 0.0000000001m;

        LoadProblem(node, "$.startPrices.BTCUSDT").Message.Should().StartWith("must be at most 1000000000000 ticks");
    }

    // Guards the allocation of a ladder's levels (int.MaxValue levels ran out of memory).
    [Fact]
    public void A_ladder_of_too_many_levels_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["liquidity"]!["BTCUSDT"]!["ladder"]!["levels"] = int.MaxValue;

        LoadProblem(node, "$.liquidity.BTCUSDT.ladder.levels").Message.Should().Be("must be an integer in [1, 100000], was 2147483647");
    }

    // Was ArgumentException "size must be a whole multiple of the lot size" from Position.Open.
    [Fact]
    public void A_position_size_off_the_lot_grid_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["accounts"]![0]!["positions"]![0]!["size"] = 0.0002m;

        LoadProblem(node, "$.accounts[0].positions[0].size").Message.Should().Be("must be a whole multiple of the lot size 0.001, was 0.0002");
    }

    // Was OverflowException (Decimal) in Instrument.Notional.
    [Fact]
    public void A_position_notional_beyond_the_limit_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["accounts"]![0]!["positions"]![0]!["size"] = 100_000_000_000m;

        LoadProblem(node, "$.accounts[0].positions[0]").Message.Should().StartWith("notional must be at most 1000000000000000");
    }

    [Fact]
    public void A_price_beyond_the_limit_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["accounts"]![0]!["positions"]![0]!["entryPrice"] = 2e12m;

        LoadProblem(node, "$.accounts[0].positions[0].entryPrice").Message.Should().Be("must be in (0, 1000000000000], was 2000000000000");
    }

    // Was OverflowException (Decimal) in LiquidationPriceSolver when the engine indexed a generated one-lot position.
    [Fact]
    public void A_population_whose_one_lot_is_worth_too_much_is_refused()
    {
        var node = ScenarioSimulationTests.Population(count: 10);
        node["instruments"]![0]!["lotSize"] = 1e24m;

        LoadProblem(node, "$.population.symbol").Message.Should().Contain("one lot of 'BTCUSDT'");
    }

    // Was ArgumentOutOfRangeException "leverage must not exceed the bracket maximum" from Position.Open at Create.
    [Fact]
    public void Leverage_above_the_bracket_of_the_position_notional_is_a_located_problem_at_create()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["accounts"]![0]!["positions"]![0]!["size"] = 10_000m;
        var scenario = ScenarioJson.Parse(node.ToJsonString());

        OnlyProblem(() => ScenarioSimulation.Create(scenario), "$.accounts[0].positions[0]").Message.Should().Contain("bracket maximum");
    }

    // Was ArgumentException "needs more isolated margin than the wallet balance holds" from the hedge's opening fill:
    // the top-up ignored a wallet an earlier losing close had left negative.
    [Fact]
    public void A_hedge_tops_up_a_negative_wallet_before_opening()
    {
        var node = JsonNode.Parse(ScenarioLoaderFuzzTests.Seeds().Single(s => s.Name == "jumps").Json)!.AsObject();
        node["seed"] = 1000;
        var simulation = ScenarioSimulation.Create(ScenarioJson.Parse(node.ToJsonString()));

        var act = () =>
        {
            _ = simulation.Step();
            _ = simulation.Step();
        };

        act.Should().NotThrow();
    }

    // Was a hang in the first step: a scheduled exit of int.MaxValue slices.
    [Fact]
    public void A_scheduled_exit_of_too_many_slices_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["accounts"]![0]!["behaviours"] = JsonNode.Parse("""[ { "type": "scheduled-exit", "start": "00:01:00", "interval": "00:01:00", "slices": 2147483647 } ]""");

        LoadProblem(node, "$.accounts[0].behaviours[0].slices").Message.Should().Be("must be at most 10000, was 2147483647");
    }

    // Was ArgumentOutOfRangeException "un-representable DateTime" at the first step.
    [Fact]
    public void A_scenario_ending_after_the_last_representable_instant_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["start"] = "9999-12-31T23:59:59+00:00";

        LoadProblem(node, "$.duration").Message.Should().StartWith("must end by 9999-12-31T23:59:59.9999999+00:00");
    }

    // Was ArgumentException "size must be a whole multiple of the lot size" when a liquidation filled a book level.
    [Fact]
    public void A_book_level_off_the_lot_grid_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["liquidity"]!["BTCUSDT"]!["ladder"]!["sizePerLevel"] = 0.0001m;

        LoadProblem(node, "$.liquidity.BTCUSDT.ladder.sizePerLevel").Message.Should().Be("must be a whole multiple of the lot size 0.001, was 0.0001");
    }

    // Were OverflowExceptions (Decimal or Int64) in the index, the book or the engine.
    [Theory]
    [InlineData("shock", "$.shocks[0].change")]
    [InlineData("weight", "$.market.indexSources[0].weight")]
    [InlineData("balance", "$.accounts[0].balance")]
    [InlineData("account id", "$.accounts[0].id")]
    [InlineData("scripted price", "$.priceProcess.points[0].price")]
    [InlineData("take-profit", "$.accounts[0].behaviours[0].distance")]
    public void Values_that_overflowed_at_run_time_are_refused(string what, string path)
    {
        var node = ScenarioSimulationTests.Minimal();
        switch (what)
        {
            case "shock":
                node["shocks"] = JsonNode.Parse("""[ { "offset": "00:01:00", "change": 18446744073709551615 } ]""");
                break;
            case "weight":
                node["market"] = JsonNode.Parse("""{ "indexSources": [ { "name": "a", "weight": 7.9e28, "noise": 0 } ] }""");
                break;
            case "balance":
                node["accounts"]![0]!["balance"] = decimal.MaxValue;
                break;
            case "account id":
                node["accounts"]![0]!["id"] = long.MaxValue;
                break;
            case "scripted price":
                node["priceProcess"]!["points"]![0]!["price"] = 0.0000000000000000000000000001m;
                break;
            default:
                node["accounts"]![0]!["behaviours"] = JsonNode.Parse("""[ { "type": "take-profit", "trigger": "mark", "distance": 79228162514264337593543950335 } ]""");
                break;
        }

        LoadProblem(node, path);
    }

    // Was OverflowException (Int64) in LiquidationEngine.ComplianceSize: a tiny contract size made generated positions
    // more lots than a 64-bit count holds.
    [Fact]
    public void A_population_of_too_many_lots_per_position_is_refused()
    {
        var node = ScenarioSimulationTests.Population(count: 10);
        node["instruments"]![0]!["contractSize"] = 1e-16m;

        LoadProblem(node, "$.population.notional.max").Message.Should().StartWith("must be at most 1000000000000 lots of 'BTCUSDT'");
    }

    // Was OverflowException "TimeSpan overflowed" in TraderAgents, which schedules every slice at Create.
    [Fact]
    public void A_scheduled_exit_whose_last_slice_is_beyond_any_time_span_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["accounts"]![0]!["behaviours"] = JsonNode.Parse("""[ { "type": "scheduled-exit", "start": "00:01:00", "interval": "9999999.00:00:00", "slices": 4 } ]""");

        LoadProblem(node, "$.accounts[0].behaviours[0].interval").Message.Should().StartWith("the last slice");
    }

    // Was read in the machine's local time zone: the same file started at a different instant in Tokyo and London.
    [Theory]
    [InlineData("2026-01-01T00:00:00")]
    [InlineData("2026-01-01T09:30:00.5")]
    [InlineData("2026-01-01")]
    public void A_start_without_an_offset_is_refused(string start)
    {
        var node = ScenarioSimulationTests.Minimal();
        node["start"] = start;

        LoadProblem(node, "$.start").Message.Should()
            .Be($"must carry an offset (Z or ±hh:mm), e.g. \"2026-01-01T00:00:00+00:00\", was \"{start}\"");
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", 0)]
    [InlineData("2026-01-01T09:00:00+09:00", 9)]
    [InlineData("2025-12-31T19:00:00-05:00", -5)]
    public void A_start_with_an_offset_is_the_same_instant_everywhere(string start, int offsetHours)
    {
        var node = ScenarioSimulationTests.Minimal();
        node["start"] = start;

        var scenario = ScenarioJson.Parse(node.ToJsonString());
        scenario.Start.Offset.Should().Be(TimeSpan.FromHours(offsetHours), "the written offset is kept");
        scenario.Start.UtcDateTime.Should().Be(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "each spelling names midnight UTC");
    }

    // Was ArgumentOutOfRangeException from JumpDiffusion.Next at the first step (found by the whole-run fuzz): one day
    // at 1,000,000 jumps a year expects 1,000,000 ÷ 365 ≈ 2,740 jumps per step, beyond the Poisson draw's 30.
    [Fact]
    public void A_jump_intensity_above_30_jumps_per_step_is_refused()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["duration"] = "2.00:00:00";
        node["step"] = "1.00:00:00";
        node["priceProcess"] = JsonNode.Parse("""{ "type": "jump-diffusion", "drift": 0, "volatility": 0.5, "jumpIntensity": 1000000, "jumpMean": 0, "jumpVolatility": 0.1 }""");

        LoadProblem(node, "$.priceProcess.jumpIntensity").Message.Should().StartWith("times the step in years (365-day years) must be at most 30 expected jumps per step");

        // 10,950 a year is exactly 30 a day: allowed.
        node["priceProcess"]!["jumpIntensity"] = 10_950;
        ScenarioJson.Parse(node.ToJsonString()).Should().NotBeNull();
    }
}
