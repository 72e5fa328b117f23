using System.Text.Json.Nodes;
using LiquidationSim.Simulation;

namespace LiquidationSim.Tests.Simulation;

/// <summary>
/// Scenarios that passed validation and then died with a .NET exception mid-run (issue 15, "Valid input must not
/// crash"): each now runs to the end with its price floored at one tick, or stops with a <see cref="SimulationException"/>
/// naming the step, the symbol and the cause.
/// </summary>
public sealed class ValidInputRunsTests
{
    private const decimal Tick = 0.1m; // the minimal scenario's BTCUSDT tick size

    private static List<SimulationStep> RunToEnd(JsonObject node) =>
        [.. ScenarioSimulation.Create(ScenarioSimulationTests.Load(node)).Steps()];

    private static JsonObject Gbm(decimal drift, decimal volatility, string duration, string step)
    {
        var node = ScenarioSimulationTests.Minimal();
        node["duration"] = duration;
        node["step"] = step;
        node["priceProcess"] = new JsonObject { ["type"] = "gbm", ["drift"] = drift, ["volatility"] = volatility };
        return node;
    }

    // Was ArgumentOutOfRangeException "markPrice must be greater than zero": 50,000 × 10^−12 = 5·10^−8 rounds to 0.
    [Fact]
    public void A_shock_of_minus_99_9999999999_percent_floors_the_price_at_one_tick()
    {
        var node = ScenarioSimulationTests.Minimal();
        node["shocks"] = JsonNode.Parse("""[ { "offset": "00:03:00", "change": -0.999999999999 } ]""");

        List<SimulationStep> steps = RunToEnd(node);

        steps.Should().HaveCount(10, "the run completes: 10 minutes of 1-minute steps");
        steps[2].Markets[0].SpotPrice.Should().Be(Tick, "the shocked spot, 5e-8, is below the smallest quotable price");
        steps[2].Markets[0].IndexPrice.Should().Be(Tick);
        steps[3].Markets[0].SpotPrice.Should().Be(50_000m, "a scripted path's shock lasts one step");
    }

    // Was OverflowException re-quoting. GBM with zero drift and volatility keeps the level, so the shocks compound. A
    // price may span at most 10^12 ticks of 0.1, i.e. 10^11: 50,000 × 11^6 = 88,578,050,000 is inside it, and
    // 50,000 × 11^7 = 974,359,750,000 is not, at step 7 (give or take the small permanent impact of the account's
    // liquidation, which the spot adopts through coupling).
    [Fact]
    public void Fifteen_consecutive_1000_percent_shocks_stop_with_a_simulation_exception_once_past_the_largest_price()
    {
        JsonObject node = Gbm(0m, 0m, "00:20:00", "00:01:00");
        var shocks = new JsonArray();
        for (int i = 1; i <= 15; i++)
        {
            shocks.Add(new JsonObject { ["offset"] = $"00:{i:00}:00", ["change"] = 10 });
        }

        node["shocks"] = shocks;
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioSimulationTests.Load(node));

        var e = sim.Invoking(s => s.Run()).Should().Throw<SimulationException>().Which;
        e.Step.Should().Be(7);
        e.Symbol.Should().Be("BTCUSDT");
        e.Time.Should().Be(new DateTimeOffset(2026, 1, 1, 0, 7, 0, TimeSpan.Zero));
        e.Message.Should().Contain("step 7").And.Contain("BTCUSDT").And.Contain("the price rose to 9743").And.Contain("1000000000000 ticks of 0.1");
        sim.Current.Index.Should().Be(6, "the failing step changed nothing");
        sim.Current.Markets[0].SpotPrice.Should().BeApproximately(88_578_050_000m, 88_578_050_000m * 0.0001m);
    }

    // Was ArgumentOutOfRangeException "markPrice must be greater than zero": μ − σ²/2 = 100 − 5,000 per year is about
    // −13.4 a day, so the level underflows within days. Both parameters are inside the documented range.
    [Fact]
    public void Gbm_with_drift_100_and_volatility_100_on_daily_steps_runs_to_the_end_at_the_one_tick_floor()
    {
        List<SimulationStep> steps = RunToEnd(Gbm(100m, 100m, "365.00:00:00", "1.00:00:00"));

        steps.Should().HaveCount(365);
        steps.Should().OnlyContain(s => s.Markets[0].SpotPrice >= Tick && s.Markets[0].IndexPrice >= Tick && s.Markets[0].MarkPrice > 0m);
        steps.Should().Contain(s => s.Markets[0].SpotPrice == Tick, "the price falls to the floor");
    }

    // Was ArgumentOutOfRangeException "markPrice must be greater than zero": over a century the log price wanders with
    // standard deviation 0.9 × √100 = 9 around a drift of −0.405 × 100 = −40.5, far below one tick of 50,000.
    [Fact]
    public void A_century_of_daily_gbm_at_90_percent_volatility_runs_to_the_end_or_stops_typed()
    {
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioSimulationTests.Load(Gbm(0m, 0.9m, "36500.00:00:00", "1.00:00:00")));
        decimal lowest = decimal.MaxValue;
        try
        {
            foreach (SimulationStep s in sim.Steps(TestContext.Current.CancellationToken))
            {
                lowest = Math.Min(lowest, s.Markets[0].SpotPrice);
            }
        }
        catch (SimulationException e)
        {
            e.Symbol.Should().Be("BTCUSDT");
            e.Message.Should().Contain("largest price");
        }

        lowest.Should().BeGreaterThanOrEqualTo(Tick);
        sim.Current.Index.Should().BeGreaterThan(0);
    }
}
