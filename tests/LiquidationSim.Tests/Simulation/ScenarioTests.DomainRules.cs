using System.Text.Json.Nodes;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

namespace LiquidationSim.Tests.Simulation;

/// <summary>The rules of the domain types a scenario builds, reported by the loader at their JSON paths.</summary>
public partial class ScenarioTests
{
    [Fact]
    public void Several_instrument_errors_are_each_reported_at_their_path_in_field_order() =>
        ProblemsAfter(n =>
        {
            n["instruments"]![0]!["tickSize"] = -1;
            n["instruments"]![0]!["lotSize"] = 0;
            n["instruments"]![0]!["contractSize"] = 0;
            n["instruments"]![1]!["tickSize"] = 0;
        }).Should().Equal(
            new ScenarioProblem("$.instruments[0].tickSize", "must be positive, was -1"),
            new ScenarioProblem("$.instruments[0].lotSize", "must be positive, was 0"),
            new ScenarioProblem("$.instruments[0].contractSize", "must be positive, was 0"),
            new ScenarioProblem("$.instruments[1].tickSize", "must be positive, was 0"));

    [Fact]
    public void Instrument_rules_and_schema_rules_of_one_entry_are_reported_together() =>
        ProblemsAfter(n =>
        {
            n["instruments"]![1]!["lotSize"] = -2;
            n["instruments"]![1]!["kind"] = "quanto";
            n["instruments"]![1]!.AsObject().Remove("contractSize");
        }).Should().Equal(
            new ScenarioProblem("$.instruments[1].kind", "unknown contract kind 'quanto'; expected \"linear\" or \"inverse\""),
            new ScenarioProblem("$.instruments[1].lotSize", "must be positive, was -2"),
            new ScenarioProblem("$.instruments[1].contractSize", "required field is missing"));

    // Used to load and then throw ArgumentException ("baseAsset must not be empty") from Instrument at Create.
    [Fact]
    public void A_symbol_without_a_base_asset_is_a_located_problem()
    {
        var problems = ProblemsAfter(n =>
        {
            n["instruments"]![1]!["symbol"] = " USD";
            n["startPrices"]![" USD"] = n["startPrices"]!["XBTUSD"]!.DeepClone();
            n["startPrices"]!.AsObject().Remove("XBTUSD");
            n["liquidity"]![" USD"] = n["liquidity"]!["XBTUSD"]!.DeepClone();
            n["liquidity"]!.AsObject().Remove("XBTUSD");
        });

        problems.Should().Equal(new ScenarioProblem("$.instruments[1].symbol", "its base asset must not be empty, was \" USD\""));
    }

    [Fact]
    public void Funding_rules_are_reported_in_field_order_among_the_schema_rules() =>
        ProblemsAfter(n => n["funding"] = JsonNode.Parse("""{ "interval": "00:00:00", "fixedRate": 2, "clampLimit": -1, "rateCap": -0.5 }"""))
            .Should().Equal(
                new ScenarioProblem("$.funding.interval", "must be positive, was 00:00:00"),
                new ScenarioProblem("$.funding.fixedRate", "must be in (-1, 1), was 2"),
                new ScenarioProblem("$.funding.clampLimit", "must not be negative, was -1"),
                new ScenarioProblem("$.funding.rateCap", "must be positive, was -0.5"));

    [Fact]
    public void A_position_leverage_above_its_bracket_is_reported_from_the_position_rules_at_create()
    {
        var node = ValidNode();
        node["accounts"]![0]!["positions"]![0]!["leverage"] = 40;
        node["accounts"]![0]!["positions"]![0]!["size"] = -2_000_000;
        var scenario = ScenarioJson.Parse(node.ToJsonString());

        var problems = FluentActions.Invoking(() => ScenarioSimulation.Create(scenario)).Should().Throw<ScenarioValidationException>().Which.Problems;

        problems.Should().ContainSingle().Which.Message.Should()
            .StartWith("cannot be opened: leverage must not exceed the bracket maximum").And.EndWith("; got 40.");
    }
}
