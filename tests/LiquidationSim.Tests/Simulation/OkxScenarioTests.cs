using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Simulation;

/// <summary>An OKX scenario file, with OKX's ETH-USDT-SWAP tiers, runs to its end (issue 16).</summary>
public sealed class OkxScenarioTests
{
    /// <summary>
    /// ETHUSDT in contracts of 0.1 ETH on OKX's table, 300 accounts up to 8M USDT at 2x to 10x (tiers 1 to 6 at
    /// 3,000), the price falling by a third over 20 minutes. Large positions are reduced two tiers at a time, the run
    /// ends, value is conserved and the event log replays to the final state.
    /// </summary>
    [Fact]
    public void An_okx_scenario_runs_to_the_end_and_reduces_large_positions_tier_by_tier()
    {
        const string json = """
            {
              "schemaVersion": 1, "name": "OKX ETH crash", "seed": 16,
              "start": "2026-03-01T00:00:00+00:00", "duration": "00:30:00", "step": "00:01:00",
              "venue": { "profile": "okx" },
              "instruments": [ { "symbol": "ETHUSDT", "kind": "linear", "tiers": "okx-ethusdt-swap", "tickSize": 0.01, "lotSize": 0.01, "contractSize": 0.1 } ],
              "priceProcess": { "type": "scripted", "points": [ { "offset": "00:00:00", "price": 3000 }, { "offset": "00:20:00", "price": 2000 } ] },
              "startPrices": { "ETHUSDT": 3000 },
              "liquidity": { "ETHUSDT": { "recoveryRate": 0.5, "ladder": { "levels": 400, "spacing": 0.0005, "sizePerLevel": 20000 } } },
              "insuranceFund": 1000000,
              "population": { "symbol": "ETHUSDT", "count": 300, "longShare": 0.7, "leverage": { "min": 2, "max": 10 },
                              "notional": { "min": 10000, "max": 8000000 }, "entrySpread": 0.02, "isolatedShare": 0.5 }
            }
            """;
        ScenarioDocument document = ScenarioJson.Parse(json);
        document.Instruments.Should().ContainSingle().Which.ResolveTiers().Should().BeSameAs(OkxTiers.EthUsdtSwapNotional);
        ScenarioSimulation sim = ScenarioSimulation.Create(document, new SimulationOptions { RetainEventLog = true });
        decimal initial = LiquidationEngine.Replay(sim.Engine, []).TotalValue;

        SimulationSummary summary = sim.Run(cancellationToken: TestContext.Current.CancellationToken);

        summary.Liquidations.Should().BeGreaterThan(0);
        sim.Engine.Events.OfType<LiquidationOrderPlaced>().Should().Contain(o => o.Reason.StartsWith("reduce from tier ", StringComparison.Ordinal));
        (sim.Engine.TotalValue - initial).Should().Be(ScenarioSimulationTests.Explained(sim.Engine.Events));
        EngineSnapshotState.Of(LiquidationEngine.Replay(sim.Engine, sim.Engine.Events), ["ETHUSDT"])
            .Should().Be(EngineSnapshotState.Of(sim.Engine, ["ETHUSDT"]));
    }
}
