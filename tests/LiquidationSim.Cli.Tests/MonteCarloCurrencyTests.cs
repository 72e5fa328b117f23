using System.Text.Json.Nodes;

namespace LiquidationSim.Cli.Tests;

/// <summary>
/// Issue 19: the console's Monte Carlo table names the currency its amounts are counted in, for <c>run --paths</c> and
/// for <c>merge</c> and its HTML report, which learn it from the shards (a shard without it, as written before, makes the label generic).
/// </summary>
public sealed class MonteCarloCurrencyTests
{
    private static readonly string[] s_metrics = ["Insurance fund drawdown", "Bad debt", "ADL volume", "Liquidated notional"];

    [Fact]
    public void Run_and_merge_label_every_amount_with_the_settlement_currency()
    {
        using var dir = new TempFolder();
        File.Copy(Path.Combine(Liqsim.TestData, "small-cascade.json"), Path.Combine(dir.Path, "s.json"));

        // small-cascade.json trades BTCUSDT, a linear contract settled in USDT.
        LiqsimResult a = Liqsim.Run(dir.Path, "run", "-s", "s.json", "--paths", "2", "--out", "a");
        LiqsimResult b = Liqsim.Run(dir.Path, "run", "-s", "s.json", "--paths", "2", "--first-path", "2", "--out", "b");
        a.ExitCode.Should().Be(0, a.ToString());
        b.ExitCode.Should().Be(0, b.ToString());
        foreach (string metric in s_metrics)
        {
            a.Stdout.Should().Contain(metric + " (USDT)");
        }

        JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "a", "montecarlo.json")))!["currency"]!.GetValue<string>().Should().Be("USDT");

        LiqsimResult merged = Liqsim.Run(dir.Path, "merge", "a/montecarlo.json", "b/montecarlo.json", "--out", "merged.json", "--report", "merged.html");
        merged.ExitCode.Should().Be(0, merged.ToString());
        foreach (string metric in s_metrics)
        {
            merged.Stdout.Should().Contain(metric + " (USDT)");
        }

        JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "merged.json")))!["currency"]!.GetValue<string>().Should().Be("USDT");
        File.ReadAllText(Path.Combine(dir.Path, "merged.html")).Should().Contain("Bad debt VaR 99 % (USDT)").And.NotContain("settlement currency");

        // A shard written before the field existed: the merge cannot name one currency for both.
        JsonObject old = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "b", "montecarlo.json")))!.AsObject();
        old.Remove("currency");
        File.WriteAllText(Path.Combine(dir.Path, "old.json"), old.ToJsonString());
        LiqsimResult mixed = Liqsim.Run(dir.Path, "merge", "a/montecarlo.json", "old.json");
        mixed.ExitCode.Should().Be(0, mixed.ToString());
        mixed.Stdout.Should().Contain("Bad debt (settlement currency)").And.NotContain("(USDT)");
    }
}
