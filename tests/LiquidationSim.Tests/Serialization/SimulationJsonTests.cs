using System.Text;
using System.Text.Json.Nodes;
using LiquidationSim.Liquidation;
using LiquidationSim.Serialization;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Serialization;

/// <summary>Simulation output: the event log of a streamed run as JSON Lines, the timeline and the summary.</summary>
public class SimulationJsonTests
{
    [Fact]
    public void A_streamed_runs_JSON_Lines_event_log_replays_to_the_final_state()
    {
        JsonObject node = ScenarioSimulationTests.Golden();
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioSimulationTests.Load(node), new SimulationOptions { IncludeEvents = true, RetainEventLog = true });
        using var log = new MemoryStream();

        EventLogJson.Write(log, sim.Steps(TestContext.Current.CancellationToken).SelectMany(s => s.Events));
        log.Position = 0;
        List<LiquidationEvent> read = [.. EventLogJson.Read(log)];

        read.Should().HaveCount(sim.Engine.Events.Count);
        LiquidationEngine replayed = LiquidationEngine.Replay(sim.Engine, read);
        EngineSnapshotState.Of(replayed, ["BTCUSDT"]).Should().Be(EngineSnapshotState.Of(sim.Engine, ["BTCUSDT"]));
    }

    [Fact]
    public void A_timeline_line_carries_the_steps_figures_exactly()
    {
        // The minimal scenario's first step: a flat path at 50,000, nothing liquidated, the fund untouched; the one
        // 0.2 BTC long is the traders' whole open interest, and the market makers hold the 0.2 BTC short against it.
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioSimulationTests.Load(ScenarioSimulationTests.Minimal()));
        using var output = new MemoryStream();

        long lines = SimulationJson.WriteTimeline(output, sim.Steps(TestContext.Current.CancellationToken).Take(2));

        lines.Should().Be(2);
        string[] text = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        text.Should().HaveCount(3).And.EndWith(string.Empty);
        JsonNode first = JsonNode.Parse(text[0])!;
        first["index"]!.GetValue<long>().Should().Be(1);
        first["time"]!.GetValue<string>().Should().Be("2026-01-01T00:01:00+00:00");
        first["markets"]![0]!["markPrice"]!.GetValue<decimal>().Should().Be(50_000m);
        first["markets"]![0]!["openInterestLong"]!.GetValue<decimal>().Should().Be(0.2m);
        first["markets"]![0]!["openInterestShort"]!.GetValue<decimal>().Should().Be(0.2m);
        first["liquidations"]!.GetValue<int>().Should().Be(0);
        first["insuranceFund"]!.GetValue<decimal>().Should().Be(1_000_000m);
        first.AsObject().ContainsKey("events").Should().BeFalse("events go to the event log");
    }

    [Fact]
    public void The_summary_serializes_with_its_totals()
    {
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioSimulationTests.Load(ScenarioSimulationTests.Minimal()));
        SimulationSummary summary = sim.Run(cancellationToken: TestContext.Current.CancellationToken);

        JsonNode json = JsonNode.Parse(SimulationJson.SerializeSummary(summary))!;

        json["scenario"]!.GetValue<string>().Should().Be("minimal");
        json["steps"]!.GetValue<long>().Should().Be(10);
        json["liquidations"]!.GetValue<long>().Should().Be(0);
        json["insuranceFundEnd"]!.GetValue<decimal>().Should().Be(1_000_000m);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Action write = () => SimulationJson.WriteTimeline(null!, []);
        Action summary = () => SimulationJson.SerializeSummary(null!);
        write.Should().Throw<ArgumentNullException>().WithParameterName("utf8Json");
        summary.Should().Throw<ArgumentNullException>().WithParameterName("summary");
    }
}
