using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Kernel;
using LiquidationSim.Liquidation;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Simulation;

/// <summary>Monte Carlo over whole scenario runs, the golden scenario, and value conservation across runs.</summary>
public partial class ScenarioSimulationTests
{
    /// <summary>
    /// The golden scenario: 400 generated accounts with every behaviour, GBM at 150 % volatility, a −12 % shock at
    /// minute 20, coupling 0.4 with slow arbitrage, funding from the premium every 15 minutes, 40 one-minute steps.
    /// </summary>
    internal static JsonObject Golden()
    {
        JsonObject node = Population(count: 400);
        node["name"] = "golden";
        node["seed"] = 20261121;
        node["duration"] = "00:40:00";
        node["priceProcess"] = JsonNode.Parse("""{ "type": "gbm", "drift": 0, "volatility": 1.5 }""");
        node["shocks"] = JsonNode.Parse("""[ { "offset": "00:20:00", "change": -0.12 } ]""");
        node["insuranceFund"] = 20000;
        node["market"] = JsonNode.Parse("""
            { "impactCoupling": 0.4, "arbitrage": 0.2, "markPrice": "venue",
              "indexSources": [ { "name": "a", "weight": 0.5, "noise": 0.0005 }, { "name": "b", "weight": 0.3, "noise": 0.0005 }, { "name": "c", "weight": 0.2, "noise": 0.001 } ] }
            """);
        node["funding"] = JsonNode.Parse("""{ "interval": "00:15:00" }""");
        node["population"]!["leverage"] = JsonNode.Parse("""{ "min": 2, "max": 50 }""");
        node["population"]!["behaviours"] = JsonNode.Parse("""
            [
              { "share": 0.15, "behaviour": { "type": "stop-loss", "trigger": "mark", "distance": 0.04 } },
              { "share": 0.15, "behaviour": { "type": "stop-loss", "trigger": "last", "distance": 0.04 } },
              { "share": 0.1, "behaviour": { "type": "take-profit", "trigger": "mark", "distance": 0.03 } },
              { "share": 0.15, "behaviour": { "type": "add-margin", "marginRatio": 0.7, "amount": 0.5, "maxTimes": 2 } },
              { "share": 0.1, "behaviour": { "type": "reduce", "distance": 0.02, "fraction": 0.5 } },
              { "share": 0.05, "behaviour": { "type": "scheduled-exit", "start": "00:10:00", "interval": "00:05:00", "slices": 3 } },
              { "share": 0.05, "behaviour": { "type": "hedge", "distance": 0.03, "fraction": 0.5 } }
            ]
            """);
        return node;
    }

    [Fact]
    public void Monte_Carlo_results_are_identical_with_one_and_two_threads()
    {
        ScenarioDocument golden = Load(Golden());

        MonteCarloResult one = ScenarioSimulation.RunMonteCarlo(golden, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        MonteCarloResult two = ScenarioSimulation.RunMonteCarlo(golden, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);

        two.Should().Be(one);
        two.Digest().Should().Be(one.Digest());
    }

    [Fact]
    public void Merged_shards_equal_the_whole_run()
    {
        ScenarioDocument golden = Load(Golden());

        MonteCarloResult whole = ScenarioSimulation.RunMonteCarlo(golden, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);
        MonteCarloResult merged = MonteCarloResult.Merge([
            ScenarioSimulation.RunMonteCarlo(golden, MonteCarloOptions.Paths(4, 2) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken),
            ScenarioSimulation.RunMonteCarlo(golden, MonteCarloOptions.Paths(0, 3) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken),
            ScenarioSimulation.RunMonteCarlo(golden, MonteCarloOptions.Paths(3, 1) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken),
        ]);

        merged.Should().Be(whole);
        merged.Digest().Should().Be(whole.Digest());
    }

    [Fact]
    public void A_Monte_Carlo_path_equals_a_single_run_of_that_path()
    {
        ScenarioDocument golden = Load(Golden());
        MonteCarloResult mc = ScenarioSimulation.RunMonteCarlo(golden, MonteCarloOptions.Paths(2, 1) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);

        MonteCarloPathResult single = ScenarioSimulation.Create(golden, 2, null, TestContext.Current.CancellationToken).Run(cancellationToken: TestContext.Current.CancellationToken).ToPathResult(2);

        mc.Paths.Should().Equal(single);
    }

    /// <summary>
    /// The golden digest: SHA-256 over the Monte Carlo result of paths 0–3 of <see cref="Golden"/>. It is this
    /// library's own output, committed so that any change to simulation results is a deliberate edit of this line
    /// (with the reason in the commit), not an accident.
    /// </summary>
    [Fact]
    public void The_golden_scenario_digest_is_unchanged()
    {
        MonteCarloResult result = ScenarioSimulation.RunMonteCarlo(Load(Golden()), MonteCarloOptions.Paths(0, 4) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);

        result.Paths.Should().Contain(p => p.LiquidatedNotional > 0m, "the golden scenario must exercise liquidations");
        result.Digest().Should().Be(GoldenDigest);
    }

    // Moved when market makers became the default (issue 15): the book's fills now move contracts to the makers, who
    // are liquidated and auto-deleveraged like anyone else, so every path's ADL, fund and bad-debt figures change.
    // OpenInterestBalanceTests checks the new invariant (open interest long = short at every step).
    private const string GoldenDigest = "2a8af34272a35a8804493450c6ff048e831132c3745c1c69da97beb644dcb662";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Installing_the_book_only_when_a_trade_may_need_it_changes_nothing(long path)
    {
        // The runner hands the engine a fresh book only before a trader order, a tick that may liquidate, or funding.
        // Installing it at every step must give the same run, step by step, apart from the extra book events.
        ScenarioDocument golden = Load(Golden());
        ScenarioSimulation lazy = ScenarioSimulation.Create(golden, path, null, TestContext.Current.CancellationToken);
        ScenarioSimulation eager = ScenarioSimulation.Create(golden, path, null, TestContext.Current.CancellationToken);
        eager.EagerBooks = true;

        string[] lazyRows = [.. lazy.Steps(TestContext.Current.CancellationToken).Select(Row)];
        string[] eagerRows = [.. eager.Steps(TestContext.Current.CancellationToken).Select(Row)];

        eagerRows.Should().Equal(lazyRows);
        EngineSnapshotState.Of(eager.Engine, ["BTCUSDT"]).Accounts.Should().Equal(EngineSnapshotState.Of(lazy.Engine, ["BTCUSDT"]).Accounts);
    }

    // ---- value conservation over whole runs (property) -------------------------------------------------------

    [CiProperty(MaxTest = 6)]
    public Property Value_is_conserved_across_a_whole_run()
    {
        // TotalValue (wallets + isolated margin + fund − bad debt) changes only by what the log says moved across the
        // engine's boundary: realised PnL against the book or ADL, the fund's trading PnL, deposits and funding.
        ScenarioDocument golden = Load(Golden());
        return Prop.ForAll(
            Gen.Choose(0, 1_000_000).ToArbitrary(),
            path =>
            {
                ScenarioSimulation sim = ScenarioSimulation.Create(golden, path, new SimulationOptions { RetainEventLog = true });
                decimal initial = LiquidationEngine.Replay(sim.Engine, []).TotalValue;
                _ = sim.Run();
                decimal explained = Explained(sim.Engine.Events);
                (sim.Engine.TotalValue - initial).Should().Be(explained, "path {0}", path);
            });
    }

    internal static decimal Explained(IEnumerable<LiquidationEvent> events)
    {
        decimal total = 0m;
        foreach (LiquidationEvent e in events)
        {
            total += e switch
            {
                PositionClosed c => c.RealizedPnl,
                InsuranceFundTrade f => f.Pnl,
                OrderFilled o => o.RealizedPnl,
                Deposited d => d.Amount,
                FundingPaid f => f.Amount,
                _ => 0m,
            };
        }

        return total;
    }
}

/// <summary>The runner on every venue profile: a cascade runs, replays to its final state and conserves value.</summary>
public class ScenarioSimulationVenueTests
{
    public static TheoryData<string, string> Venues() => new()
    {
        { "binance", "binance-btcusdt" },
        { "bybit", "binance-btcusdt" },
        { "bitmex", "binance-btcusdt" },
        { "hyperliquid", "hyperliquid-btc" },
        { "dydx-v4", "hyperliquid-btc" },
        { "okx", "okx-btcusdt-swap" },
    };

    [Theory]
    [MemberData(nameof(Venues))]
    public void A_cascade_on_each_venue_replays_and_conserves_value(string venue, string tiers)
    {
        System.Text.Json.Nodes.JsonObject node = ScenarioSimulationTests.Golden();
        node["venue"] = new System.Text.Json.Nodes.JsonObject { ["profile"] = venue };
        node["instruments"]![0]!["tiers"] = tiers;
        node["population"]!["leverage"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "min": 2, "max": 20 }""");
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioSimulationTests.Load(node), new SimulationOptions { RetainEventLog = true });
        decimal initial = LiquidationEngine.Replay(sim.Engine, []).TotalValue;

        SimulationSummary summary = sim.Run(cancellationToken: TestContext.Current.CancellationToken);

        summary.Liquidations.Should().BeGreaterThan(0, "the golden shock liquidates on every venue");
        (sim.Engine.TotalValue - initial).Should().Be(ScenarioSimulationTests.Explained(sim.Engine.Events));
        EngineSnapshotState.Of(LiquidationEngine.Replay(sim.Engine, sim.Engine.Events), ["BTCUSDT"]).Should().Be(EngineSnapshotState.Of(sim.Engine, ["BTCUSDT"]));
    }
}
