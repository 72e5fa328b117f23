using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiquidationSim.Kernel;
using LiquidationSim.Pricing;
using LiquidationSim.Simulation;

namespace LiquidationSim.Tests.Simulation;

/// <summary>Scenario files: the market, funding and trader-behaviour sections.</summary>
public partial class ScenarioTests
{
    private const string Population = """
        { "symbol": "BTC", "count": 10, "longShare": 0.5, "leverage": { "min": 1, "max": 10 },
          "notional": { "min": 10, "max": 100 }, "entrySpread": 0.01, "isolatedShare": 0.5 }
        """;

    // Every behaviour type, written as a user would (defaults omitted, fields in any order), with its model.
    private static readonly (string Json, ScenarioBehaviour Model)[] s_behaviours =
    [
        ("""{ "type": "stop-loss", "trigger": "mark", "distance": 0.05 }""", new ScenarioStopLoss { Trigger = TriggerPriceSource.Mark, Distance = 0.05m }),
        ("""{ "distance": 0.1, "trigger": "last", "type": "stop-loss" }""", new ScenarioStopLoss { Trigger = TriggerPriceSource.Last, Distance = 0.1m }),
        ("""{ "type": "take-profit", "trigger": "last", "distance": 1.5 }""", new ScenarioTakeProfit { Trigger = TriggerPriceSource.Last, Distance = 1.5m }),
        ("""{ "type": "add-margin", "marginRatio": 0.8, "amount": 0.5 }""", new ScenarioAddMargin { MarginRatio = 0.8m, Amount = 0.5m, MaxTimes = 1 }),
        ("""{ "type": "add-margin", "marginRatio": 0.7, "amount": 2, "maxTimes": 3 }""", new ScenarioAddMargin { MarginRatio = 0.7m, Amount = 2m, MaxTimes = 3 }),
        ("""{ "type": "reduce", "distance": 0.02, "fraction": 1 }""", new ScenarioReduce { Distance = 0.02m, Fraction = 1m, MaxTimes = 1 }),
        ("""{ "type": "reduce", "distance": 0.02, "fraction": 0.25, "maxTimes": 4 }""", new ScenarioReduce { Distance = 0.02m, Fraction = 0.25m, MaxTimes = 4 }),
        ("""{ "type": "scheduled-exit", "start": "00:30:00", "interval": "00:10:00", "slices": 4 }""",
            new ScenarioScheduledExit { Start = TimeSpan.FromMinutes(30), Interval = TimeSpan.FromMinutes(10), Slices = 4 }),
        ("""{ "slices": 1, "type": "scheduled-exit", "start": "02:00:00", "interval": "00:00:01" }""",
            new ScenarioScheduledExit { Start = TimeSpan.FromHours(2), Interval = TimeSpan.FromSeconds(1), Slices = 1 }),
        ("""{ "type": "hedge", "distance": 0.03, "fraction": 0.5 }""", new ScenarioHedge { Distance = 0.03m, Fraction = 0.5m }),
    ];

    private static ScenarioMarket FullMarket => new()
    {
        ImpactCoupling = 0.3m,
        Arbitrage = 0.25m,
        MarkPrice = ScenarioMarkPrice.Last,
        IndexSources = [new ScenarioIndexSource("binance-spot", 0.6m, 0.0002m), new ScenarioIndexSource("kraken", 0.4m, 0m)],
    };

    private static ScenarioDocument WithEverything()
    {
        var scenario = ScenarioJson.Parse(Valid);
        return scenario with
        {
            Market = FullMarket,
            Funding = new ScenarioFunding
            {
                Interval = TimeSpan.FromHours(1),
                FixedRate = -0.0003m,
                InterestRate = 0m,
                ClampLimit = 0m,
                RateCap = 0.02m,
                ImpactNotional = 10_000m,
            },
            Shocks = [new ScenarioShock(TimeSpan.FromHours(1), 0.1m), new ScenarioShock(TimeSpan.FromMinutes(90), -0.3m, "kraken")],
            Population = ScenarioJson.Parse(PopulationScenario()).Population! with
            {
                Behaviours = [.. s_behaviours.Select((b, i) => new ScenarioBehaviourShare(i / 10m, b.Model))],
            },
            Accounts = [scenario.Accounts[0] with { Behaviours = [.. s_behaviours.Select(b => b.Model)] }, scenario.Accounts[1]],
        };
    }

    private static string PopulationScenario()
    {
        var node = ValidNode();
        node["population"] = JsonNode.Parse(Population);
        return node.ToJsonString();
    }

    private static JsonObject ValidWith(string field, string json)
    {
        var node = ValidNode();
        node[field] = JsonNode.Parse(json);
        return node;
    }

    private static IReadOnlyList<ScenarioProblem> BehaviourProblems(string behaviour) =>
        ProblemsAfter(n => n["accounts"]![0]!["behaviours"] = new JsonArray(JsonNode.Parse(behaviour)));

    private static ScenarioBehaviour LoadBehaviour(string behaviour)
    {
        var node = ValidNode();
        node["accounts"]![0]!["behaviours"] = new JsonArray(JsonNode.Parse(behaviour));
        return ScenarioJson.Parse(node.ToJsonString()).Accounts[0].Behaviours.Should().ContainSingle().Subject;
    }

    // ---- round trips --------------------------------------------------------------------------------------

    [Fact]
    public void Every_behaviour_type_loads_and_round_trips_on_an_account_and_in_a_population()
    {
        foreach (var (json, model) in s_behaviours)
        {
            var node = ValidNode();
            node["accounts"]![0]!["behaviours"] = new JsonArray(JsonNode.Parse(json));
            node["population"] = JsonNode.Parse(Population);
            node["population"]!["behaviours"] = new JsonArray(new JsonObject { ["share"] = 0.25, ["behaviour"] = JsonNode.Parse(json) });

            var first = ScenarioJson.Parse(node.ToJsonString());
            var saved = ScenarioJson.Save(first);
            var second = ScenarioJson.Parse(saved);

            first.Accounts[0].Behaviours.Should().Equal([model], because: json);
            first.Population!.Behaviours.Should().Equal([new ScenarioBehaviourShare(0.25m, model)], because: json);
            second.Should().Be(first, because: json);
            ScenarioJson.Save(second).Should().Be(saved, because: json);
        }
    }

    [Fact]
    public void Save_writes_the_behaviour_type_first_so_that_net8_reads_it()
    {
        var saved = JsonNode.Parse(ScenarioJson.Save(WithEverything()))!;

        var behaviours = saved["accounts"]![0]!["behaviours"]!.AsArray()
            .Concat(saved["population"]!["behaviours"]!.AsArray().Select(s => s!["behaviour"]));
        behaviours.Select(b => b!.AsObject().First().Key).Should().OnlyContain(key => key == "type").And.HaveCount(2 * s_behaviours.Length);
        saved["accounts"]![0]!["behaviours"]!.AsArray().Select(b => (string?)b!["type"]).Distinct().Should().Equal(
            "stop-loss", "take-profit", "add-margin", "reduce", "scheduled-exit", "hedge");
    }

    [Fact]
    public void Document_with_every_new_section_round_trips()
    {
        var scenario = WithEverything();

        var saved = ScenarioJson.Save(scenario);
        var loaded = ScenarioJson.Parse(saved);

        loaded.Should().Be(scenario);
        loaded.Market.Should().Be(FullMarket);
        loaded.Funding!.FixedRate.Should().Be(-0.0003m);
        loaded.Funding.RateCap.Should().Be(0.02m);
        loaded.Shocks[1].Source.Should().Be("kraken");
        ScenarioJson.Save(loaded).Should().Be(saved);
        saved.Should().Contain("\"markPrice\": \"last\"").And.Contain("\"source\": \"kraken\"").And.Contain("\"trigger\": \"last\"");
    }

    [Fact]
    public void Market_and_funding_load_from_a_file()
    {
        var node = ValidWith("market", """
            { "impactCoupling": 0.3, "arbitrage": 0.25, "markPrice": "last",
              "indexSources": [ { "name": "binance-spot", "weight": 0.6, "noise": 0.0002 }, { "name": "kraken", "weight": 0.4, "noise": 0 } ] }
            """);
        node["funding"] = JsonNode.Parse("""{ "interval": "01:00:00", "fixedRate": 0.0001, "rateCap": 0.003, "impactNotional": 500 }""");
        node["shocks"]!.AsArray().Add(JsonNode.Parse("""{ "offset": "01:30:00", "change": -0.3, "source": "kraken" }"""));

        var scenario = ScenarioJson.Parse(node.ToJsonString());

        scenario.Market.Should().Be(FullMarket);
        scenario.Funding.Should().Be(new ScenarioFunding { Interval = TimeSpan.FromHours(1), FixedRate = 0.0001m, RateCap = 0.003m, ImpactNotional = 500m });
        scenario.Shocks.Should().Equal(new ScenarioShock(TimeSpan.FromHours(1), 0.1m), new ScenarioShock(TimeSpan.FromMinutes(90), -0.3m, "kraken"));
        ScenarioJson.Parse(ScenarioJson.Save(scenario)).Should().Be(scenario);
    }

    [Theory]
    [InlineData("venue", ScenarioMarkPrice.Venue)]
    [InlineData("index", ScenarioMarkPrice.Index)]
    [InlineData("last", ScenarioMarkPrice.Last)]
    public void Every_mark_price_round_trips(string name, ScenarioMarkPrice expected)
    {
        var scenario = ScenarioJson.Parse(ValidWith("market", $$"""{ "markPrice": "{{name}}" }""").ToJsonString());

        scenario.Market!.MarkPrice.Should().Be(expected);
        ScenarioJson.Save(scenario).Should().Contain($"\"markPrice\": \"{name}\"");
        ScenarioJson.Parse(ScenarioJson.Save(scenario)).Should().Be(scenario);
    }

    // ---- defaults --------------------------------------------------------------------------------------------

    [Fact]
    public void Absent_sections_and_fields_take_their_defaults()
    {
        var node = ValidWith("market", "{}");
        node["funding"] = JsonNode.Parse("""{ "interval": "08:00:00" }""");
        node["population"] = JsonNode.Parse(Population);

        var scenario = ScenarioJson.Parse(node.ToJsonString());

        scenario.Market.Should().Be(new ScenarioMarket());
        scenario.Market!.ImpactCoupling.Should().Be(0m);
        scenario.Market.Arbitrage.Should().Be(1m);
        scenario.Market.MarkPrice.Should().Be(ScenarioMarkPrice.Venue);
        scenario.Market.IndexSources.Should().BeEmpty();
        scenario.Funding.Should().Be(new ScenarioFunding { Interval = TimeSpan.FromHours(8) });
        scenario.Funding!.FixedRate.Should().BeNull();
        scenario.Funding.InterestRate.Should().Be(0.0001m);
        scenario.Funding.ClampLimit.Should().Be(0.0005m);
        scenario.Funding.RateCap.Should().BeNull();
        scenario.Funding.ImpactNotional.Should().Be(4_000m);
        scenario.Shocks.Should().OnlyContain(s => s.Source == null);
        scenario.Population!.Behaviours.Should().BeEmpty();
        scenario.Accounts.Should().OnlyContain(a => a.Behaviours.IsEmpty);
        ScenarioJson.Parse(ScenarioJson.Save(scenario)).Should().Be(scenario);
    }

    [Fact]
    public void Scenario_without_the_new_sections_has_none_and_saves_none()
    {
        var scenario = ScenarioJson.Parse(Valid);

        scenario.Market.Should().BeNull();
        scenario.Funding.Should().BeNull();
        var saved = ScenarioJson.Save(scenario);
        saved.Should().NotContain("\"market\"").And.NotContain("\"funding\"").And.NotContain("\"source\"");
        ScenarioJson.Parse(saved).Should().Be(scenario);
    }

    [Fact]
    public void Null_optional_values_are_omitted_when_saving()
    {
        var scenario = ScenarioJson.Parse(Valid) with { Funding = new ScenarioFunding { Interval = TimeSpan.FromMinutes(30) } };

        var saved = ScenarioJson.Save(scenario);

        saved.Should().NotContain("fixedRate").And.NotContain("rateCap").And.NotContain("\"source\"");
        saved.Should().Contain("\"interestRate\": 0.0001").And.Contain("\"clampLimit\": 0.0005").And.Contain("\"impactNotional\": 4000");
        ScenarioJson.Parse(saved).Should().Be(scenario);
    }

    [Fact]
    public void Optional_fields_given_as_null_take_their_defaults()
    {
        var node = ValidWith("market", """{ "impactCoupling": null, "arbitrage": null, "markPrice": null, "indexSources": null }""");
        node["funding"] = JsonNode.Parse("""{ "interval": "08:00:00", "fixedRate": null, "interestRate": null, "clampLimit": null, "rateCap": null, "impactNotional": null }""");
        node["shocks"]![0]!["source"] = null;
        node["accounts"]![0]!["behaviours"] = JsonNode.Parse("""[ { "type": "add-margin", "marginRatio": 0.8, "amount": 0.5, "maxTimes": null } ]""");
        node["accounts"]![1]!["behaviours"] = null;

        var scenario = ScenarioJson.Parse(node.ToJsonString());

        scenario.Market.Should().Be(new ScenarioMarket());
        scenario.Funding.Should().Be(new ScenarioFunding { Interval = TimeSpan.FromHours(8) });
        scenario.Shocks[0].Source.Should().BeNull();
        scenario.Accounts[0].Behaviours.Should().Equal(new ScenarioAddMargin { MarginRatio = 0.8m, Amount = 0.5m });
        scenario.Accounts[1].Behaviours.Should().BeEmpty();
        ScenarioJson.Parse(ValidWith("market", "null").ToJsonString()).Market.Should().BeNull();
        ScenarioJson.Parse(ValidWith("funding", "null").ToJsonString()).Funding.Should().BeNull();
    }

    [Fact]
    public void Older_optional_fields_given_as_null_take_their_defaults_too()
    {
        var node = ValidNode();
        node["shocks"] = null;
        node["population"] = null;
        node["venue"]!["clearanceFeeRate"] = null;
        node["accounts"]![1]!["positions"] = null;
        node["liquidity"]!["XBTUSD"]!["bids"] = null;

        var scenario = ScenarioJson.Parse(node.ToJsonString());

        scenario.Should().Be(ScenarioJson.Parse(Valid) with
        {
            Shocks = [],
            Venue = new ScenarioVenue { Profile = "hyperliquid", AdlAtMarkPrice = false },
        });
    }

    // ---- several mistakes at once ---------------------------------------------------------------------------

    private const string FileWithMistakes = """
        {
          "schemaVersion": 1,
          "name": "mistakes in the new sections",
          "seed": 7,
          "start": "2026-03-01T08:00:00+00:00",
          "duration": "02:00:00",
          "step": "00:00:30",
          "venue": { "profile": "hyperliquid" },
          "instruments": [ { "symbol": "BTC", "kind": "linear", "tiers": "hyperliquid-btc", "tickSize": 1, "lotSize": 0.00001, "contractSize": 1 } ],
          "priceProcess": { "type": "gbm", "drift": 0, "volatility": 0.7 },
          "shocks": [
            { "offset": "01:00:00", "change": -0.2, "source": "kraken" },
            { "offset": "01:30:00", "change": -0.1, "source": "bitstamp" }
          ],
          "startPrices": { "BTC": 100 },
          "liquidity": { "BTC": { "recoveryRate": 0.1, "ladder": { "levels": 10, "spacing": 0.001, "sizePerLevel": 5 } } },
          "insuranceFund": 0,
          "population": {
            "symbol": "BTC", "count": 10, "longShare": 0.5, "leverage": { "min": 1, "max": 10 },
            "notional": { "min": 10, "max": 100 }, "entrySpread": 0.01, "isolatedShare": 0.5,
            "behaviours": [
              { "share": 0.1, "behaviour": { "type": "stop-loss", "trigger": "mark", "distance": 1 } },
              { "share": 1.5, "behaviour": { "type": "take-profit", "trigger": "adverseBarExtreme", "distance": 2 } },
              { "share": 0.1, "behaviour": { "type": "trailing-stop", "distance": 0.1 } }
            ]
          },
          "accounts": [
            {
              "id": 1, "balance": 1000, "marginMode": "isolated",
              "positions": [ { "symbol": "BTC", "size": 1, "entryPrice": 100, "leverage": 10 } ],
              "behaviours": [
                { "type": "add-margin", "marginRatio": 0.8, "amount": 0.5, "maxTimes": 0 },
                { "type": "scheduled-exit", "start": "03:00:00", "interval": "00:00:00", "slices": 2 },
                { "type": "reduce", "distance": 0.02, "fraction": 1.5 },
                { "type": "hedge", "distance": 0.03 }
              ]
            }
          ],
          "market": {
            "impactCoupling": 1.5,
            "arbitrage": 0.2,
            "markPrice": "fair",
            "indexSources": [
              { "name": "cb", "weight": 0.5, "noise": 0.001 },
              { "name": "cb", "weight": 0, "noise": 0.6 },
              { "name": "kraken", "weight": 1, "noise": 0, "lag": 1 }
            ]
          },
          "funding": { "interval": "00:00:45", "fixedRate": -1, "clampLimit": -0.1 }
        }
        """;

    [Fact]
    public void File_with_mistakes_in_the_new_sections_reports_exactly_those()
    {
        var problems = Problems(FileWithMistakes);

        problems.Select(p => p.ToString()).Should().Equal(
            "$.shocks[1].source: unknown index source 'bitstamp'; expected one of \"cb\", \"kraken\"",
            "$.population.behaviours[0].behaviour.distance: must be in (0, 1), was 1",
            "$.population.behaviours[1].share: must be in [0, 1], was 1.5",
            "$.population.behaviours[1].behaviour.trigger: unknown trigger price 'adverseBarExtreme'; expected one of \"mark\", \"last\"",
            "$.population.behaviours[2].behaviour.type: unknown behaviour type 'trailing-stop'; expected one of \"stop-loss\", \"take-profit\", \"add-margin\", \"reduce\", \"scheduled-exit\", \"hedge\"",
            "$.accounts[0].behaviours[0].maxTimes: must be an integer of at least 1, was 0",
            "$.accounts[0].behaviours[1].start: must lie within the scenario duration 02:00:00, was 03:00:00",
            "$.accounts[0].behaviours[1].interval: must be positive, was 00:00:00",
            "$.accounts[0].behaviours[2].fraction: must be in (0, 1], was 1.5",
            "$.accounts[0].behaviours[3].fraction: required field is missing",
            "$.market.impactCoupling: must be in [0, 1], was 1.5",
            "$.market.markPrice: unknown mark price 'fair'; expected one of \"venue\", \"index\", \"last\"",
            "$.market.indexSources[1].name: duplicate index source 'cb'",
            "$.market.indexSources[1].weight: must be positive, was 0",
            "$.market.indexSources[1].noise: must be in [0, 0.5], was 0.6",
            "$.market.indexSources[2].lag: unknown field; expected one of \"name\", \"weight\", \"noise\"",
            "$.funding.interval: must be a whole multiple of the step 00:00:30, was 00:00:45",
            "$.funding.fixedRate: must be in (-1, 1), was -1",
            "$.funding.clampLimit: must not be negative, was -0.1");
    }

    // ---- each rule ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("00:00:00", "must be positive, was 00:00:00")]
    [InlineData("-08:00:00", "must be positive, was -08:00:00")]
    [InlineData("00:00:45", "must be a whole multiple of the step 00:00:30, was 00:00:45")]
    public void Funding_interval_is_a_positive_whole_multiple_of_the_step(string interval, string message) =>
        ProblemsAfter(n => n["funding"] = new JsonObject { ["interval"] = interval })
            .Should().Equal(new ScenarioProblem("$.funding.interval", message));

    [Fact]
    public void Funding_needs_an_interval()
    {
        ProblemsAfter(n => n["funding"] = JsonNode.Parse("""{ "fixedRate": 0.001 }"""))
            .Should().Equal(new ScenarioProblem("$.funding.interval", "required field is missing"));
        ProblemsAfter(n => n["funding"] = JsonNode.Parse("""{ "interval": "8h" }"""))
            .Should().ContainSingle().Which.Path.Should().Be("$.funding.interval");
        ProblemsAfter(n => n["funding"] = "8h")
            .Should().Equal(new ScenarioProblem("$.funding", "must be an object, was \"8h\""));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(2.5)]
    public void Fixed_funding_rate_magnitude_is_below_one(double rate) =>
        ProblemsAfter(n => n["funding"] = new JsonObject { ["interval"] = "01:00:00", ["fixedRate"] = rate })
            .Should().ContainSingle().Which.Should().Match<ScenarioProblem>(p => p.Path == "$.funding.fixedRate" && p.Message.StartsWith("must be in (-1, 1)", StringComparison.Ordinal));

    [Fact]
    public void Funding_settings_are_checked()
    {
        ScenarioJson.Parse(ValidWith("funding", """{ "interval": "01:00:00", "fixedRate": -0.99, "interestRate": -0.001, "clampLimit": 0 }""").ToJsonString())
            .Funding!.FixedRate.Should().Be(-0.99m);
        ProblemsAfter(n => n["funding"] = JsonNode.Parse("""{ "interval": "01:00:00", "interestRate": "0.01%", "rateCap": 0, "impactNotional": -1, "premium": 1 }"""))
            .Should().Equal(
                new ScenarioProblem("$.funding.premium", "unknown field; expected one of \"interval\", \"fixedRate\", \"interestRate\", \"clampLimit\", \"rateCap\", \"impactNotional\""),
                new ScenarioProblem("$.funding.interestRate", "must be a number, was \"0.01%\""),
                new ScenarioProblem("$.funding.rateCap", "must be positive, was 0"),
                new ScenarioProblem("$.funding.impactNotional", "must be positive, was -1"));
    }

    [Fact]
    public void Funding_interval_is_not_checked_against_an_invalid_step() =>
        ProblemsAfter(n =>
        {
            n["step"] = "00:00:00";
            n["funding"] = new JsonObject { ["interval"] = "00:00:45" };
        }).Select(p => p.Path).Should().Equal("$.step");

    [Fact]
    public void Shock_source_must_name_an_index_source()
    {
        ProblemsAfter(n => n["shocks"]![0]!["source"] = "kraken")
            .Should().Equal(new ScenarioProblem("$.shocks[0].source", "unknown index source 'kraken'; market.indexSources lists none"));
        ProblemsAfter(n =>
        {
            n["shocks"]![0]!["source"] = "Kraken";
            n["market"] = JsonNode.Parse("""{ "indexSources": [ { "name": "kraken", "weight": 1, "noise": 0 } ] }""");
        }).Should().Equal(new ScenarioProblem("$.shocks[0].source", "unknown index source 'Kraken'; expected one of \"kraken\""));
        ProblemsAfter(n => n["shocks"]![0]!["source"] = 3)
            .Should().Equal(new ScenarioProblem("$.shocks[0].source", "must be a string, was 3"));
    }

    [Fact]
    public void Index_sources_are_named_uniquely_and_weighted()
    {
        var problems = ProblemsAfter(n => n["market"] = JsonNode.Parse("""
            { "indexSources": [ { "name": " ", "weight": -1, "noise": -0.1 }, { "weight": 1, "noise": 0 }, { "name": "a", "weight": 1, "noise": 0.5 },
                                { "name": "a", "weight": 1, "noise": 0 }, "b" ] }
            """));

        problems.Should().Equal(
            new ScenarioProblem("$.market.indexSources[0].name", "must not be blank"),
            new ScenarioProblem("$.market.indexSources[0].weight", "must be positive, was -1"),
            new ScenarioProblem("$.market.indexSources[0].noise", "must be in [0, 0.5], was -0.1"),
            new ScenarioProblem("$.market.indexSources[1].name", "required field is missing"),
            new ScenarioProblem("$.market.indexSources[3].name", "duplicate index source 'a'"),
            new ScenarioProblem("$.market.indexSources[4]", "must be an object, was \"b\""));
    }

    [Fact]
    public void Market_coefficients_are_fractions()
    {
        ProblemsAfter(n => n["market"] = JsonNode.Parse("""{ "impactCoupling": -0.1, "arbitrage": 1.01, "markPrice": "Index", "depth": 1 }"""))
            .Should().Equal(
                new ScenarioProblem("$.market.depth", "unknown field; expected one of \"impactCoupling\", \"arbitrage\", \"markPrice\", \"indexSources\", \"makers\""),
                new ScenarioProblem("$.market.impactCoupling", "must be in [0, 1], was -0.1"),
                new ScenarioProblem("$.market.arbitrage", "must be in [0, 1], was 1.01"),
                new ScenarioProblem("$.market.markPrice", "unknown mark price 'Index'; expected one of \"venue\", \"index\", \"last\""));
        var bounds = ScenarioJson.Parse(ValidWith("market", """{ "impactCoupling": 1, "arbitrage": 0 }""").ToJsonString()).Market!;
        (bounds.ImpactCoupling, bounds.Arbitrage).Should().Be((1m, 0m));
    }

    [Theory]
    [InlineData("""{ "type": "stop-loss", "trigger": "mark", "distance": 0 }""", "distance", "must be in (0, 1), was 0")]
    [InlineData("""{ "type": "stop-loss", "trigger": "mark", "distance": 1 }""", "distance", "must be in (0, 1), was 1")]
    [InlineData("""{ "type": "stop-loss", "trigger": "index", "distance": 0.1 }""", "trigger", "unknown trigger price 'index'; expected one of \"mark\", \"last\"")]
    [InlineData("""{ "type": "take-profit", "trigger": "last", "distance": 0 }""", "distance", "must be positive, was 0")]
    [InlineData("""{ "type": "take-profit", "trigger": "adverseBarExtreme", "distance": 0.1 }""", "trigger", "unknown trigger price 'adverseBarExtreme'; expected one of \"mark\", \"last\"")]
    [InlineData("""{ "type": "add-margin", "marginRatio": 1, "amount": 0.5 }""", "marginRatio", "must be in (0, 1), was 1")]
    [InlineData("""{ "type": "add-margin", "marginRatio": 0.8, "amount": 0 }""", "amount", "must be positive, was 0")]
    [InlineData("""{ "type": "add-margin", "marginRatio": 0.8, "amount": 0.5, "maxTimes": 0 }""", "maxTimes", "must be an integer of at least 1, was 0")]
    [InlineData("""{ "type": "add-margin", "marginRatio": 0.8, "amount": 0.5, "maxTimes": 1.5 }""", "maxTimes", "must be an integer of at least 1, was 1.5")]
    [InlineData("""{ "type": "reduce", "distance": 0, "fraction": 0.5 }""", "distance", "must be in (0, 1), was 0")]
    [InlineData("""{ "type": "reduce", "distance": 0.1, "fraction": 0 }""", "fraction", "must be in (0, 1], was 0")]
    [InlineData("""{ "type": "reduce", "distance": 0.1, "fraction": 0.5, "maxTimes": -1 }""", "maxTimes", "must be an integer of at least 1, was -1")]
    [InlineData("""{ "type": "scheduled-exit", "start": "02:00:30", "interval": "00:01:00", "slices": 2 }""", "start", "must lie within the scenario duration 02:00:00, was 02:00:30")]
    [InlineData("""{ "type": "scheduled-exit", "start": "-00:01:00", "interval": "00:01:00", "slices": 2 }""", "start", "must not be negative, was -00:01:00")]
    [InlineData("""{ "type": "scheduled-exit", "start": "00:00:00", "interval": "-00:01:00", "slices": 2 }""", "interval", "must be positive, was -00:01:00")]
    [InlineData("""{ "type": "scheduled-exit", "start": "00:00:00", "interval": "00:01:00", "slices": 0 }""", "slices", "must be an integer of at least 1, was 0")]
    [InlineData("""{ "type": "scheduled-exit", "start": "00:00:00", "interval": "00:01:00" }""", "slices", "required field is missing")]
    [InlineData("""{ "type": "hedge", "distance": 1.2, "fraction": 0.5 }""", "distance", "must be in (0, 1), was 1.2")]
    [InlineData("""{ "type": "hedge", "distance": 0.1, "fraction": 1.01 }""", "fraction", "must be in (0, 1], was 1.01")]
    [InlineData("""{ "type": "hedge", "distance": 0.1, "fraction": 0.5, "trigger": "mark" }""", "trigger", "unknown field; expected one of \"type\", \"distance\", \"fraction\"")]
    [InlineData("""{ "type": "Stop-Loss", "trigger": "mark", "distance": 0.1 }""", "type", "unknown behaviour type 'Stop-Loss'; expected one of \"stop-loss\", \"take-profit\", \"add-margin\", \"reduce\", \"scheduled-exit\", \"hedge\"")]
    [InlineData("""{ "trigger": "mark", "distance": 0.1 }""", "type", "required field is missing")]
    public void Behaviour_rules(string behaviour, string field, string message) =>
        BehaviourProblems(behaviour).Should().Equal(new ScenarioProblem($"$.accounts[0].behaviours[0].{field}", message));

    [Theory]
    [InlineData(1)]
    [InlineData(2.5)]
    [InlineData(0.0001)]
    public void Take_profit_distance_is_any_positive_fraction(double distance) =>
        LoadBehaviour($$"""{ "type": "take-profit", "trigger": "mark", "distance": {{distance.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }""")
            .Should().Be(new ScenarioTakeProfit { Trigger = TriggerPriceSource.Mark, Distance = (decimal)distance });

    [Fact]
    public void Boundary_values_of_behaviours_are_accepted()
    {
        LoadBehaviour("""{ "type": "scheduled-exit", "start": "02:00:00", "interval": "1.00:00:00", "slices": 1 }""")
            .Should().Be(new ScenarioScheduledExit { Start = TimeSpan.FromHours(2), Interval = TimeSpan.FromDays(1), Slices = 1 });
        LoadBehaviour("""{ "type": "reduce", "distance": 0.999, "fraction": 1, "maxTimes": 2147483647 }""")
            .Should().Be(new ScenarioReduce { Distance = 0.999m, Fraction = 1m, MaxTimes = int.MaxValue });
        LoadBehaviour("""{ "type": "hedge", "distance": 0.0001, "fraction": 1 }""")
            .Should().Be(new ScenarioHedge { Distance = 0.0001m, Fraction = 1m });
    }

    [Fact]
    public void Behaviours_must_be_objects_in_arrays()
    {
        ProblemsAfter(n => n["accounts"]![0]!["behaviours"] = JsonNode.Parse("""{ "type": "hedge" }"""))
            .Should().Equal(new ScenarioProblem("$.accounts[0].behaviours", "must be an array, was object"));
        ProblemsAfter(n => n["accounts"]![1]!["behaviours"] = JsonNode.Parse("""[ "stop-loss" ]"""))
            .Should().Equal(new ScenarioProblem("$.accounts[1].behaviours[0]", "must be an object, was \"stop-loss\""));
    }

    [Fact]
    public void Population_behaviour_shares_are_checked()
    {
        var problems = ProblemsAfter(n =>
        {
            n["population"] = JsonNode.Parse(Population);
            n["population"]!["behaviours"] = JsonNode.Parse("""
                [ { "share": -0.1, "behaviour": { "type": "hedge", "distance": 0.1, "fraction": 0.5 } },
                  { "share": 0.5 },
                  { "behaviour": { "type": "hedge", "distance": 0.1, "fraction": 0.5 }, "weight": 1 },
                  { "share": 1, "behaviour": [] } ]
                """);
        });

        problems.Should().Equal(
            new ScenarioProblem("$.population.behaviours[0].share", "must be in [0, 1], was -0.1"),
            new ScenarioProblem("$.population.behaviours[1].behaviour", "required field is missing"),
            new ScenarioProblem("$.population.behaviours[2].weight", "unknown field; expected one of \"share\", \"behaviour\""),
            new ScenarioProblem("$.population.behaviours[2].share", "required field is missing"),
            new ScenarioProblem("$.population.behaviours[3].behaviour", "must be an object, was array"));
    }

    [Fact]
    public void Behaviour_shares_at_the_bounds_are_accepted()
    {
        var node = ValidNode();
        node["population"] = JsonNode.Parse(Population);
        node["population"]!["behaviours"] = JsonNode.Parse("""
            [ { "share": 0, "behaviour": { "type": "hedge", "distance": 0.1, "fraction": 0.5 } },
              { "share": 1, "behaviour": { "type": "hedge", "distance": 0.1, "fraction": 0.5 } } ]
            """);

        ScenarioJson.Parse(node.ToJsonString()).Population!.Behaviours.Select(b => b.Share).Should().Equal(0m, 1m);
    }

    [Fact]
    public void Documents_that_differ_in_the_new_sections_are_not_equal()
    {
        var scenario = WithEverything();

        scenario.Should().Be(scenario with { Market = FullMarket, Accounts = [.. scenario.Accounts] });
        scenario.Should().NotBe(scenario with { Market = null });
        scenario.Should().NotBe(scenario with { Market = FullMarket with { IndexSources = [.. FullMarket.IndexSources.Reverse()] } });
        scenario.Should().NotBe(scenario with { Funding = scenario.Funding! with { RateCap = null } });
        scenario.Should().NotBe(scenario with { Shocks = [.. scenario.Shocks.Select(s => s with { Source = null })] });
        scenario.Should().NotBe(scenario with { Population = scenario.Population! with { Behaviours = scenario.Population.Behaviours.RemoveAt(0) } });
        scenario.Should().NotBe(scenario with { Accounts = [scenario.Accounts[0] with { Behaviours = ImmutableArray<ScenarioBehaviour>.Empty }, scenario.Accounts[1]] });
    }

    [Fact]
    public void Saved_document_is_valid_json_with_the_sections_last()
    {
        using var document = JsonDocument.Parse(ScenarioJson.Save(WithEverything()));

        document.RootElement.EnumerateObject().Select(p => p.Name).TakeLast(2).Should().Equal("market", "funding");
    }
}
