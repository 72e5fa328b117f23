using System.Text.Json.Nodes;

namespace LiquidationSim.Cli.Tests;

/// <summary>A valid scenario that the simulator cannot carry to the end stops with exit code 3 and a one-line reason.</summary>
public sealed class SimulationErrorTests
{
    [Fact]
    public void A_simulation_exception_exits_3_with_one_line_and_no_stack_trace()
    {
        // GBM without drift or volatility keeps the level, so +1,000 % shocks compound: 90,000 × 11^5 ≈ 1.4·10^10 is
        // inside the 10^12 ticks of 0.1 (10^11) a price may span, 90,000 × 11^6 ≈ 1.6·10^11 is not, at step 6.
        using var dir = new TempFolder();
        JsonObject node = JsonNode.Parse(File.ReadAllText(Path.Combine(Liqsim.TestData, "small-cascade.json")))!.AsObject();
        node["priceProcess"] = new JsonObject { ["type"] = "gbm", ["drift"] = 0, ["volatility"] = 0 };
        var shocks = new JsonArray();
        for (int i = 1; i <= 15; i++)
        {
            shocks.Add(new JsonObject { ["offset"] = $"00:{i:00}:00", ["change"] = 10 });
        }

        node["shocks"] = shocks;
        File.WriteAllText(dir["soaring.json"], node.ToJsonString());

        LiqsimResult r = Liqsim.Run(dir.Path, "run", "--scenario", "soaring.json", "--out", "out", "--no-progress");

        r.ExitCode.Should().Be(3, r.ToString());
        string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle(r.ToString());
        lines[0].Should().Contain("step 6").And.Contain("BTCUSDT").And.Contain("largest price");
        r.Stderr.Should().NotContain("   at ").And.NotContain("Exception");
    }
}
