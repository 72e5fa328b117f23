using System.Text;
using System.Text.Json.Nodes;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Kernel;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Simulation;

namespace LiquidationSim.Tests.Simulation;

/// <summary>Scenario files: the model, round trips, the embedded default and validation with JSON paths.</summary>
public partial class ScenarioTests
{
    internal const string Valid = """
        {
          "schemaVersion": 1,
          "name": "two instruments",
          "seed": 7,
          "start": "2026-03-01T08:00:00+02:00",
          "duration": "02:00:00",
          "step": "00:00:30",
          "venue": { "profile": "hyperliquid", "clearanceFeeRate": 0.001, "adlAtMarkPrice": false },
          "instruments": [
            { "symbol": "BTC", "kind": "linear", "tiers": "hyperliquid-btc", "tickSize": 1, "lotSize": 0.00001, "contractSize": 1 },
            { "symbol": "XBTUSD", "kind": "inverse", "tiers": "bitmex-xbtusd", "tickSize": 0.5, "lotSize": 1, "contractSize": 1 }
          ],
          "priceProcess": { "type": "scripted", "points": [ { "offset": "00:00:00", "price": 100 }, { "offset": "00:30:00", "price": 70.5 } ] },
          "shocks": [ { "offset": "01:00:00", "change": 0.1 } ],
          "startPrices": { "BTC": 100, "XBTUSD": 100.5 },
          "liquidity": {
            "BTC": { "recoveryRate": 0.5, "bids": [ { "price": 99, "size": 1 }, { "price": 98, "size": 2 } ], "asks": [ { "price": 101, "size": 1 } ] },
            "XBTUSD": { "recoveryRate": 0, "ladder": { "levels": 10, "spacing": 0.001, "sizePerLevel": 1000 } }
          },
          "insuranceFund": 0,
          "accounts": [
            { "id": 1, "balance": 1000, "marginMode": "cross", "positions": [ { "symbol": "BTC", "size": -2.5, "entryPrice": 100, "leverage": 10 } ] },
            { "id": 2, "balance": 0, "marginMode": "isolated" }
          ]
        }
        """;

    private static JsonObject ValidNode() => JsonNode.Parse(Valid)!.AsObject();

    private static IReadOnlyList<ScenarioProblem> Problems(string json)
    {
        var act = () => ScenarioJson.Parse(json);
        return act.Should().Throw<ScenarioValidationException>().Which.Problems;
    }

    private static IReadOnlyList<ScenarioProblem> ProblemsAfter(Action<JsonObject> edit)
    {
        var node = ValidNode();
        edit(node);
        return Problems(node.ToJsonString());
    }

    // ---- model and round trip ---------------------------------------------------------------------------

    [Fact]
    public void Valid_file_loads_into_the_model()
    {
        var scenario = ScenarioJson.Parse(Valid);

        scenario.SchemaVersion.Should().Be(ScenarioDocument.CurrentSchemaVersion);
        scenario.Start.Should().Be(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(2)));
        scenario.Duration.Should().Be(TimeSpan.FromHours(2));
        scenario.Step.Should().Be(TimeSpan.FromSeconds(30));
        scenario.Instruments.Select(i => i.Kind).Should().Equal(ContractKind.Linear, ContractKind.Inverse);
        scenario.Instruments[1].ResolveTiers().Should().BeSameAs(BitMexTiers.XbtUsd);
        scenario.PriceProcess.Should().BeOfType<ScenarioScriptedProcess>()
            .Which.Points.Should().Equal(new PricePoint(TimeSpan.Zero, 100m), new PricePoint(TimeSpan.FromMinutes(30), 70.5m));
        scenario.Liquidity["BTC"].Bids.Should().Equal(new ScenarioBookLevel(99m, 1m), new ScenarioBookLevel(98m, 2m));
        scenario.Liquidity["XBTUSD"].Ladder.Should().Be(new ScenarioLadder(10, 0.001m, 1000m));
        scenario.Accounts[0].MarginMode.Should().Be(MarginMode.Cross);
        scenario.Accounts[0].Positions.Should().Equal(new ScenarioPosition("BTC", -2.5m, 100m, 10m));
        scenario.Accounts[1].Positions.Should().BeEmpty();
        scenario.Population.Should().BeNull();
    }

    [Fact]
    public void Venue_resolves_to_the_profile_with_overrides()
    {
        var venue = ScenarioJson.Parse(Valid).Venue.Resolve();

        venue.Should().Be(VenueProfile.Hyperliquid with { ClearanceFeeRate = 0.001m, AdlAtMarkPrice = false });
        new ScenarioVenue { Profile = "bybit" }.Resolve().Should().Be(VenueProfile.Bybit);
    }

    [Fact]
    public void Loaded_file_round_trips_to_an_equal_document()
    {
        var first = ScenarioJson.Parse(Valid);
        var saved = ScenarioJson.Save(first);
        var second = ScenarioJson.Parse(saved);

        second.Should().Be(first);
        ScenarioJson.Save(second).Should().Be(saved);
        saved.Should().Contain("\"kind\": \"inverse\"").And.Contain("\"type\": \"scripted\"").And.Contain("\"marginMode\": \"isolated\"");
    }

    [Theory]
    [InlineData("""{ "type": "gbm", "drift": 0.05, "volatility": 0.8 }""")]
    [InlineData("""{ "type": "jump-diffusion", "drift": 0, "volatility": 0.5, "jumpIntensity": 12, "jumpMean": -0.05, "jumpVolatility": 0.1 }""")]
    [InlineData("""{ "type": "historical", "csvPath": "data/btc.csv" }""")]
    [InlineData("""{ "volatility": 0.8, "type": "gbm", "drift": 0.05 }""")]
    public void Every_price_process_round_trips(string process)
    {
        var node = ValidNode();
        node["priceProcess"] = JsonNode.Parse(process);

        var first = ScenarioJson.Parse(node.ToJsonString());

        ScenarioJson.Parse(ScenarioJson.Save(first)).Should().Be(first);
    }

    [Fact]
    public void Documents_that_differ_are_not_equal()
    {
        var scenario = ScenarioJson.Parse(Valid);

        scenario.Should().NotBe(scenario with { Shocks = [] });
        scenario.Should().NotBe(scenario with { Start = scenario.Start.ToUniversalTime() });
        scenario.Should().Be(scenario with { Instruments = [.. scenario.Instruments] });
    }

    [Fact]
    public void Stream_and_string_loads_agree()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Valid));

        ScenarioJson.Load(stream).Should().Be(ScenarioJson.Parse(Valid));
    }

    // ---- embedded default ---------------------------------------------------------------------------------

    [Fact]
    public void Default_is_a_valid_one_day_btc_market()
    {
        var scenario = ScenarioDocument.Default;

        scenario.Should().BeSameAs(ScenarioJson.LoadDefault());
        scenario.Duration.Should().Be(TimeSpan.FromDays(1));
        scenario.Venue.Resolve().Should().Be(VenueProfile.Binance);
        scenario.Instruments.Should().ContainSingle().Which.ResolveTiers().Should().BeSameAs(BinanceUsdmTiers.BtcUsdt);
        scenario.PriceProcess.Should().BeOfType<ScenarioGbmProcess>();
        scenario.Shocks.Should().Equal(new ScenarioShock(TimeSpan.FromHours(12), -0.25m));
        scenario.Population!.Count.Should().Be(100_000);
        ScenarioJson.Parse(ScenarioJson.Save(scenario)).Should().Be(scenario);
    }

    [Fact]
    public void Default_couples_the_venue_to_a_three_source_index()
    {
        var market = ScenarioDocument.Default.Market;

        market.Should().Be(new ScenarioMarket
        {
            ImpactCoupling = 0.1m,
            Arbitrage = 0.5m,
            MarkPrice = ScenarioMarkPrice.Venue,
            IndexSources =
            [
                new ScenarioIndexSource("binance-spot", 0.4m, 0.0002m),
                new ScenarioIndexSource("coinbase", 0.35m, 0.0002m),
                new ScenarioIndexSource("kraken", 0.25m, 0.0003m),
            ],
        });
        market!.IndexSources.Sum(s => s.Weight).Should().Be(1m);
    }

    [Fact]
    public void Default_funds_every_eight_hours_at_the_premium_rate()
    {
        var funding = ScenarioDocument.Default.Funding;

        funding.Should().Be(new ScenarioFunding { Interval = TimeSpan.FromHours(8) });
        funding!.FixedRate.Should().BeNull();
        funding.ToRules().Should().Match<FundingRateRules>(r =>
            r.InterestRate == FundingRateRules.Binance.InterestRate
            && r.ClampLimit == FundingRateRules.Binance.ClampLimit
            && r.RateCap == null
            && r.Interval == FundingRateRules.Binance.Interval);
    }

    [Fact]
    public void Default_population_has_trader_behaviours()
    {
        var behaviours = ScenarioDocument.Default.Population!.Behaviours;

        behaviours.Should().Equal(
            new ScenarioBehaviourShare(0.1m, new ScenarioStopLoss { Trigger = TriggerPriceSource.Mark, Distance = 0.05m }),
            new ScenarioBehaviourShare(0.1m, new ScenarioStopLoss { Trigger = TriggerPriceSource.Last, Distance = 0.05m }),
            new ScenarioBehaviourShare(0.05m, new ScenarioTakeProfit { Trigger = TriggerPriceSource.Mark, Distance = 0.05m }),
            new ScenarioBehaviourShare(0.1m, new ScenarioAddMargin { MarginRatio = 0.8m, Amount = 0.5m }),
            new ScenarioBehaviourShare(0.05m, new ScenarioReduce { Distance = 0.02m, Fraction = 0.5m }),
            new ScenarioBehaviourShare(0.02m, new ScenarioScheduledExit { Start = TimeSpan.FromHours(6), Interval = TimeSpan.FromHours(1), Slices = 4 }),
            new ScenarioBehaviourShare(0.02m, new ScenarioHedge { Distance = 0.03m, Fraction = 0.5m }));
    }

    // ---- several mistakes at once ---------------------------------------------------------------------------

    [Fact]
    public void File_with_several_mistakes_reports_all_of_them_with_paths()
    {
        var node = ValidNode();
        node["schemaVersion"] = 2;
        node["step"] = "00:00:00";
        node["venue"]!["profile"] = "ftx";
        node["instruments"]![0]!["tiers"] = "binance-dogeusdt";
        node["liquidity"]!["BTC"]!["bids"]![1]!["size"] = -3;
        node["startPrices"]!["XBTUSD"] = 0;
        node["priceProcess"] = JsonNode.Parse("""{ "type": "heston" }""");
        node.Remove("name");

        var problems = Problems(node.ToJsonString());

        problems.Select(p => p.Path).Should().BeEquivalentTo(
            "$.schemaVersion", "$.name", "$.step", "$.venue.profile", "$.instruments[0].tiers",
            "$.priceProcess.type", "$.startPrices.XBTUSD", "$.liquidity.BTC.bids[1].size");
        var exception = new ScenarioValidationException(problems);
        exception.Message.Should().Contain("8 problems").And.Contain("$.venue.profile: unknown venue 'ftx'");
    }

    // ---- each rule ---------------------------------------------------------------------------------------

    [Fact]
    public void Malformed_json_is_located()
    {
        var problem = Problems("{\n  \"schemaVersion\": 1,\n  \"name\": \"x\" \"seed\": 1\n}").Should().ContainSingle().Subject;

        problem.Message.Should().StartWith("malformed JSON (line 3, position");
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("{ \"name\": ")]
    public void Non_documents_are_refused(string json) => Problems(json).Should().NotBeEmpty();

    [Fact]
    public void Unsupported_schema_version() =>
        ProblemsAfter(n => n["schemaVersion"] = 99).Should().ContainSingle()
            .Which.Should().Be(new ScenarioProblem("$.schemaVersion", "unsupported schema version 99; this library reads version 1"));

    [Theory]
    [InlineData("schemaVersion")]
    [InlineData("name")]
    [InlineData("seed")]
    [InlineData("start")]
    [InlineData("duration")]
    [InlineData("step")]
    [InlineData("venue")]
    [InlineData("instruments")]
    [InlineData("priceProcess")]
    [InlineData("insuranceFund")]
    public void Missing_required_field(string field) =>
        ProblemsAfter(n => n.Remove(field)).Should().Contain(new ScenarioProblem($"$.{field}", "required field is missing"));

    [Fact]
    public void Missing_nested_required_fields() =>
        ProblemsAfter(n =>
        {
            n["instruments"]![1]!.AsObject().Remove("tickSize");
            n["accounts"]![0]!["positions"]![0]!.AsObject().Remove("entryPrice");
        }).Select(p => p.Path).Should().Equal("$.instruments[1].tickSize", "$.accounts[0].positions[0].entryPrice");

    [Fact]
    public void Unknown_venue() =>
        ProblemsAfter(n => n["venue"]!["profile"] = "Binance").Should().ContainSingle()
            .Which.Path.Should().Be("$.venue.profile");

    [Fact]
    public void Unknown_tier_catalogue() =>
        ProblemsAfter(n => n["instruments"]![1]!["tiers"] = "bitmex-ethusd").Should().ContainSingle()
            .Which.Message.Should().StartWith("unknown tier catalogue 'bitmex-ethusd'");

    [Theory]
    [InlineData("00:00:00", "must be positive, was 00:00:00")]
    [InlineData("-00:00:30", "must be positive, was -00:00:30")]
    [InlineData("30s", "must be a time span")]
    public void Step_must_be_a_positive_time_span(string step, string message) =>
        ProblemsAfter(n => n["step"] = step).Should().ContainSingle()
            .Which.Should().Match<ScenarioProblem>(p => p.Path == "$.step" && p.Message.StartsWith(message, StringComparison.Ordinal));

    [Fact]
    public void Duration_and_shocks_must_be_multiples_of_step() =>
        ProblemsAfter(n => n["step"] = "00:00:07").Should().Equal(
            new ScenarioProblem("$.duration", "must be a whole multiple of the step 00:00:07, was 02:00:00"),
            new ScenarioProblem("$.shocks[0].offset", "must be a whole multiple of the step 00:00:07, was 01:00:00"));

    [Fact]
    public void Negative_depth() =>
        ProblemsAfter(n => n["liquidity"]!["BTC"]!["asks"]![0]!["size"] = -1).Should().ContainSingle()
            .Which.Should().Be(new ScenarioProblem("$.liquidity.BTC.asks[0].size", "must be positive, was -1"));

    [Fact]
    public void Ladder_rules() =>
        ProblemsAfter(n => n["liquidity"]!["XBTUSD"]!["ladder"] = JsonNode.Parse("""{ "levels": 0, "spacing": 1, "sizePerLevel": 0 }"""))
            .Select(p => p.Path).Should().Equal("$.liquidity.XBTUSD.ladder.levels", "$.liquidity.XBTUSD.ladder.spacing", "$.liquidity.XBTUSD.ladder.sizePerLevel");

    [Fact]
    public void Book_needs_levels_or_ladder_but_not_both()
    {
        ProblemsAfter(n => n["liquidity"]!["BTC"]!["ladder"] = JsonNode.Parse("""{ "levels": 1, "spacing": 0.1, "sizePerLevel": 1 }"""))
            .Should().ContainSingle().Which.Path.Should().Be("$.liquidity.BTC");
        ProblemsAfter(n => n["liquidity"]!["XBTUSD"]!.AsObject().Remove("ladder"))
            .Should().ContainSingle().Which.Path.Should().Be("$.liquidity.XBTUSD");
    }

    [Fact]
    public void Book_prices_must_be_ordered_and_not_crossed()
    {
        ProblemsAfter(n => n["liquidity"]!["BTC"]!["bids"]![1]!["price"] = 99.5).Should().ContainSingle()
            .Which.Path.Should().Be("$.liquidity.BTC.bids[1].price");
        ProblemsAfter(n => n["liquidity"]!["BTC"]!["asks"]![0]!["price"] = 99).Should().ContainSingle()
            .Which.Path.Should().Be("$.liquidity.BTC.asks[0].price");
    }

    [Fact]
    public void Recovery_rate_is_a_fraction() =>
        ProblemsAfter(n => n["liquidity"]!["BTC"]!["recoveryRate"] = 1.5).Should().ContainSingle()
            .Which.Should().Be(new ScenarioProblem("$.liquidity.BTC.recoveryRate", "must be in [0, 1], was 1.5"));

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void Prices_must_be_positive(int price)
    {
        ProblemsAfter(n => n["startPrices"]!["BTC"] = price).Should().ContainSingle().Which.Path.Should().Be("$.startPrices.BTC");
        ProblemsAfter(n => n["priceProcess"]!["points"]![1]!["price"] = price).Should().ContainSingle().Which.Path.Should().Be("$.priceProcess.points[1].price");
        ProblemsAfter(n => n["accounts"]![0]!["positions"]![0]!["entryPrice"] = price).Should().ContainSingle().Which.Path.Should().Be("$.accounts[0].positions[0].entryPrice");
    }

    [Fact]
    public void Every_instrument_needs_a_start_price_and_liquidity_and_no_stray_symbols()
    {
        var problems = ProblemsAfter(n =>
        {
            n["startPrices"]!.AsObject().Remove("XBTUSD");
            n["startPrices"]!["ETH"] = 3000;
            n["liquidity"]!.AsObject().Remove("BTC");
        });

        problems.Should().Equal(
            new ScenarioProblem("$.startPrices.ETH", "'ETH' is not one of the scenario's instruments"),
            new ScenarioProblem("$.startPrices", "missing start price for instrument 'XBTUSD'"),
            new ScenarioProblem("$.liquidity", "missing liquidity for instrument 'BTC'"));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(41)]
    public void Position_leverage_outside_bounds(double leverage) =>
        ProblemsAfter(n => n["accounts"]![0]!["positions"]![0]!["leverage"] = leverage).Should().ContainSingle()
            .Which.Message.Should().StartWith("leverage must be in [1, 40]");

    [Fact]
    public void Population_rules()
    {
        var problems = ProblemsAfter(n => n["population"] = JsonNode.Parse("""
            { "symbol": "BTC", "count": 0, "longShare": 1.2, "leverage": { "min": 5, "max": 2 },
              "notional": { "min": 0, "max": 10 }, "entrySpread": 1, "isolatedShare": -0.1 }
            """));

        problems.Select(p => p.Path).Should().Equal(
            "$.population.count", "$.population.longShare", "$.population.entrySpread", "$.population.isolatedShare",
            "$.population.leverage.max", "$.population.notional.min");
        ProblemsAfter(n => n["population"] = JsonNode.Parse("""
            { "symbol": "BTC", "count": 5, "longShare": 0.5, "leverage": { "min": 1, "max": 100 },
              "notional": { "min": 1, "max": 10 }, "entrySpread": 0, "isolatedShare": 0 }
            """)).Should().ContainSingle().Which.Path.Should().Be("$.population.leverage.max");
    }

    [Fact]
    public void A_scenario_needs_positions() =>
        ProblemsAfter(n => n.Remove("accounts")).Should().ContainSingle()
            .Which.Should().Be(new ScenarioProblem("$", "a scenario needs a population, at least one account, or both"));

    [Fact]
    public void Unknown_price_process_type() =>
        ProblemsAfter(n => n["priceProcess"] = JsonNode.Parse("""{ "type": "heston", "kappa": 2 }""")).Should().ContainSingle()
            .Which.Path.Should().Be("$.priceProcess.type");

    [Fact]
    public void Price_process_parameters_are_checked()
    {
        ProblemsAfter(n => n["priceProcess"] = JsonNode.Parse("""{ "type": "gbm", "drift": 0 }"""))
            .Should().Equal(new ScenarioProblem("$.priceProcess.volatility", "required field is missing"));
        ProblemsAfter(n => n["priceProcess"] = JsonNode.Parse("""{ "type": "jump-diffusion", "drift": 0, "volatility": -1, "jumpIntensity": -1, "jumpMean": 0, "jumpVolatility": 0 }"""))
            .Select(p => p.Path).Should().Equal("$.priceProcess.volatility", "$.priceProcess.jumpIntensity");
        ProblemsAfter(n => n["priceProcess"] = JsonNode.Parse("""{ "type": "jump-diffusion", "drift": 101, "volatility": 0, "jumpIntensity": 0, "jumpMean": -6, "jumpVolatility": 4 }"""))
            .Should().Equal(
                new ScenarioProblem("$.priceProcess.drift", "must be in [-100, 100], was 101"),
                new ScenarioProblem("$.priceProcess.jumpMean", "must be in [-5, 5], was -6"),
                new ScenarioProblem("$.priceProcess.jumpVolatility", "must be in [0, 3], was 4"));
        ProblemsAfter(n => n["priceProcess"]!["points"]![0]!["offset"] = "00:00:01")
            .Should().Equal(new ScenarioProblem("$.priceProcess.points[0].offset", "the first point must be at 00:00:00, was 00:00:01"));
        ProblemsAfter(n => n["priceProcess"]!["points"]![1]!["offset"] = "00:00:00")
            .Should().ContainSingle().Which.Path.Should().Be("$.priceProcess.points[1].offset");
        ProblemsAfter(n => n["priceProcess"] = JsonNode.Parse("""{ "type": "historical", "csvPath": "" }"""))
            .Should().ContainSingle().Which.Path.Should().Be("$.priceProcess.csvPath");
    }

    [Fact]
    public void Shock_rules() =>
        ProblemsAfter(n => n["shocks"] = JsonNode.Parse("""
            [ { "offset": "03:00:00", "change": 0.1 }, { "offset": "00:00:10", "change": -1 }, { "offset": "00:01:00", "change": 0 } ]
            """)).Select(p => p.Path).Should().Equal("$.shocks[0].offset", "$.shocks[1].offset", "$.shocks[1].change", "$.shocks[2].change");

    [Fact]
    public void Unknown_fields_and_wrong_types_are_reported()
    {
        ProblemsAfter(n => n["priceProces"] = 1).Should().ContainSingle().Which.Path.Should().Be("$.priceProces");
        ProblemsAfter(n => n["instruments"]![0]!["kind"] = "quanto").Should().ContainSingle().Which.Path.Should().Be("$.instruments[0].kind");
        ProblemsAfter(n => n["insuranceFund"] = "lots").Should().ContainSingle()
            .Which.Should().Be(new ScenarioProblem("$.insuranceFund", "must be a number, was \"lots\""));
        ProblemsAfter(n => n["insuranceFund"] = -1).Should().ContainSingle().Which.Path.Should().Be("$.insuranceFund");
        ProblemsAfter(n => n["seed"] = -1).Should().ContainSingle().Which.Path.Should().Be("$.seed");
        ProblemsAfter(n => n["start"] = "yesterday").Should().ContainSingle().Which.Path.Should().Be("$.start");
    }

    [Fact]
    public void Duplicates_are_reported()
    {
        ProblemsAfter(n => n["instruments"]![1]!["symbol"] = "BTC").Should().Contain(new ScenarioProblem("$.instruments[1].symbol", "duplicate symbol 'BTC'"));
        ProblemsAfter(n => n["accounts"]![1]!["id"] = 1).Should().ContainSingle().Which.Path.Should().Be("$.accounts[1].id");
    }

    [Fact]
    public void Keys_that_are_not_identifiers_are_bracketed() =>
        ProblemsAfter(n => n["startPrices"]!["BTC/USD"] = 1).Should().ContainSingle().Which.Path.Should().Be("$.startPrices['BTC/USD']");

    [Fact]
    public void Null_arguments_are_refused()
    {
        FluentActions.Invoking(() => ScenarioJson.Parse((string)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => ScenarioJson.Load((Stream)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => ScenarioJson.Save(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new ScenarioVenue { Profile = "ftx" }.Resolve()).Should().Throw<ArgumentException>();
    }
}
