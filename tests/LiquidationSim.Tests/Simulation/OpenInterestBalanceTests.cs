using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Kernel;
using LiquidationSim.Liquidation;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Simulation;

/// <summary>
/// Issue 15's balanced market: with market makers on (the default), open interest long = short at every step of
/// any valid scenario; the makers open holding the traders' net position, quote the book, and can be switched off or
/// sized from the scenario file.
/// </summary>
public sealed class OpenInterestBalanceTests
{
    private const int Cases = 100;

    [CiProperty(MaxTest = Cases)]
    public Property With_makers_open_interest_long_equals_short_at_every_step()
    {
        Gen<(WholeRunFuzzTests.ScenarioCase, int)> cases =
            from c in WholeRunFuzzTests.AnyScenario
            from makers in Gen.Elements(1, 2, 4, 7)
            select (c, makers);
        return Prop.ForAll(cases.ToArbitrary(), ((WholeRunFuzzTests.ScenarioCase Case, int Makers) c) => Balanced(c.Case, c.Makers));
    }

    private static void Balanced(WholeRunFuzzTests.ScenarioCase c, int makers)
    {
        JsonObject node = JsonNode.Parse(c.Json)!.AsObject();
        node["market"]!["makers"] = new JsonObject { ["count"] = makers };
        ScenarioSimulation sim;
        try
        {
            sim = ScenarioSimulation.Create(ScenarioJson.Parse(node.ToJsonString()));
        }
        catch (ScenarioValidationException)
        {
            return; // a combination only Create can judge; the whole-run fuzz covers it
        }

        AssertBalanced(sim.Current, c);
        try
        {
            while (!sim.IsComplete)
            {
                AssertBalanced(sim.Step(), c);
            }
        }
        catch (SimulationException)
        {
            // A typed stop (a price past the decimal range): the steps before it were checked.
        }
    }

    private static void AssertBalanced(SimulationStep step, WholeRunFuzzTests.ScenarioCase c)
    {
        foreach (MarketSnapshot m in step.Markets)
        {
            m.OpenInterestLong.Should().Be(m.OpenInterestShort, "step {0} of {1}", step.Index, c.Json);
        }
    }

    /// <summary>
    /// Two listed accounts: long 3 BTC and short 0.5 BTC, so the traders are net long 2.5 BTC. Start 50,000 (tick
    /// 0.1, lot 0.001); a ladder of 2 levels at 1 % spacing and 4 BTC each.
    /// </summary>
    private static JsonObject Listed(string? makers)
    {
        JsonObject node = JsonNode.Parse("""
            {
              "schemaVersion": 1, "name": "balanced", "seed": 1, "start": "2026-01-01T00:00:00+00:00",
              "duration": "00:10:00", "step": "00:01:00", "venue": { "profile": "binance" },
              "instruments": [ { "symbol": "BTCUSDT", "kind": "linear", "tiers": "binance-btcusdt", "tickSize": 0.1, "lotSize": 0.001, "contractSize": 1 } ],
              "priceProcess": { "type": "gbm", "drift": 0, "volatility": 0 },
              "startPrices": { "BTCUSDT": 50000 },
              "liquidity": { "BTCUSDT": { "recoveryRate": 1, "ladder": { "levels": 2, "spacing": 0.01, "sizePerLevel": 4 } } },
              "insuranceFund": 1000,
              "accounts": [
                { "id": 1, "balance": 100000, "marginMode": "cross", "positions": [ { "symbol": "BTCUSDT", "size": 3, "entryPrice": 50000, "leverage": 5 } ] },
                { "id": 2, "balance": 100000, "marginMode": "cross", "positions": [ { "symbol": "BTCUSDT", "size": -0.5, "entryPrice": 50000, "leverage": 5 } ] }
              ]
            }
            """)!.AsObject();
        if (makers is not null)
        {
            node["market"] = new JsonObject { ["makers"] = JsonNode.Parse(makers) };
        }

        return node;
    }

    [Fact]
    public void Makers_open_holding_the_traders_net_position_in_equal_lots_with_capital_sized_by_the_leverage()
    {
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioJson.Parse(Listed("""{ "count": 3 }""").ToJsonString()));
        LiquidationEngine engine = sim.Engine;

        // Net long 2.5 BTC = 2,500 lots; 3 makers: 833 lots each and the one left over to the first: 0.834, 0.833, 0.833
        // short @ 50,000, ids after the listed accounts.
        engine.MarketMakers("BTCUSDT").Should().Equal(new AccountId(3), new AccountId(4), new AccountId(5));
        decimal[] sizes = [0.834m, 0.833m, 0.833m];

        // Capital = (own notional + a third of the deeper book side) ÷ 5. Bids: 4 @ 49,500 + 4 @ 49,000 = 394,000; asks:
        // 4 @ 50,500 + 4 @ 51,000 = 406,000, the deeper; a third is 135,333.33…. Maker 3: (41,700 + 135,333.33…) ÷ 5 =
        // 35,406.666… → 35,406.66666667 (rounded up to the settlement precision, 8 places); makers 4 and 5:
        // (41,650 + 135,333.33…) ÷ 5 = 35,396.666… → 35,396.66666667.
        decimal[] capital = [35_406.66666667m, 35_396.66666667m, 35_396.66666667m];
        for (int k = 0; k < 3; k++)
        {
            Account maker = engine.GetAccount(new AccountId(3 + k));
            maker.WalletBalance.Should().Be(capital[k]);
            maker.Positions.Should().ContainSingle().Which.Should().Match<Position>(p =>
                p.Side == PositionSide.Short && p.Size == sizes[k] && p.EntryPrice == 50_000m && p.MarginMode == MarginMode.Cross);
        }

        engine.OpenInterest("BTCUSDT").Should().Be((3m, 3m));
    }

    [Fact]
    public void A_scenario_can_give_each_maker_its_capital()
    {
        LiquidationEngine engine = ScenarioSimulation.Create(ScenarioJson.Parse(Listed("""{ "count": 2, "capital": 1234.5 }""").ToJsonString())).Engine;

        engine.MarketMakers("BTCUSDT").Select(id => engine.GetAccount(id).WalletBalance).Should().Equal(1_234.5m, 1_234.5m);
        engine.OpenInterest("BTCUSDT").Should().Be((3m, 3m));
    }

    [Fact]
    public void A_count_of_zero_switches_the_makers_off()
    {
        LiquidationEngine engine = ScenarioSimulation.Create(ScenarioJson.Parse(Listed("""{ "count": 0 }""").ToJsonString())).Engine;

        engine.MarketMakers("BTCUSDT").Should().BeEmpty();
        engine.AccountIds.Where(id => id.Value > 0).Should().Equal(new AccountId(1), new AccountId(2));
        engine.OpenInterest("BTCUSDT").Should().Be((3m, 0.5m));
    }

    [Fact]
    public void Without_a_makers_section_four_makers_open_at_five_times_leverage()
    {
        LiquidationEngine engine = ScenarioSimulation.Create(ScenarioJson.Parse(Listed(null).ToJsonString())).Engine;

        // 2,500 lots over 4 makers: 625 each, 0.625 BTC short; capital (31,250 + 406,000 ÷ 4) ÷ 5 = 26,550.
        engine.MarketMakers("BTCUSDT").Should().HaveCount(4);
        engine.MarketMakers("BTCUSDT").Select(id => engine.GetAccount(id).WalletBalance).Should().AllBeEquivalentTo(26_550m);
        engine.OpenInterest("BTCUSDT").Should().Be((3m, 3m));
    }

    [Theory]
    [InlineData("""{ "count": -1 }""", "$.market.makers.count", "must be an integer in [0, 1000]")]
    [InlineData("""{ "count": 1001 }""", "$.market.makers.count", "must be an integer in [0, 1000]")]
    [InlineData("""{ "count": 1.5 }""", "$.market.makers.count", "must be an integer in [0, 1000]")]
    [InlineData("""{ "leverage": 0.5 }""", "$.market.makers.leverage", "must be in [1, 1000], was 0.5")]
    [InlineData("""{ "capital": 0 }""", "$.market.makers.capital", "must be positive, was 0")]
    [InlineData("""{ "spread": 1 }""", "$.market.makers.spread", "unknown field; expected one of \"count\", \"leverage\", \"capital\"")]
    public void Bad_maker_settings_are_refused_with_their_json_path(string makers, string path, string message)
    {
        Action load = () => ScenarioJson.Parse(Listed(makers).ToJsonString());

        load.Should().Throw<ScenarioValidationException>().Which.Problems.Should().Equal(new ScenarioProblem(path, message));
    }

    [Fact]
    public void The_makers_section_round_trips_and_is_omitted_when_absent()
    {
        ScenarioDocument with = ScenarioJson.Parse(Listed("""{ "count": 2, "leverage": 3, "capital": 10 }""").ToJsonString());
        with.Market!.Makers.Should().Be(new ScenarioMarketMakers { Count = 2, Leverage = 3m, Capital = 10m });
        ScenarioJson.Parse(ScenarioJson.Save(with)).Should().Be(with);

        ScenarioDocument without = ScenarioJson.Parse(Listed(null).ToJsonString());
        ScenarioJson.Save(without).Should().NotContain("makers");
    }
}
