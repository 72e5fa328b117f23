using System.Text.Json.Nodes;

namespace LiquidationSim.Cli.Tests;

/// <summary>
/// <c>liqsim validate</c> on DeFi scenario files, end to end as a process: a valid file is described run by run and
/// nothing is written; a broken one lists every problem with its JSON path and exits 3; a cascade file still goes to
/// the cascade checks.
/// </summary>
public sealed class ValidateDefiCommandTests
{
    private static string Data(string name) => Path.Combine(Liqsim.TestData, name);

    [Theory]
    [InlineData("small-defi.json", "Small DeFi scenario for the CLI tests", "Aave v3.3 lending stress: 200 borrowers of USDC against WETH")]
    [InlineData("small-liquity.json", "Small Liquity stress for the CLI tests", "Liquity v1 stress")]
    [InlineData("small-morpho.json", "Small Morpho Blue stress for the CLI tests", "Morpho Blue lending stress")]
    [InlineData("small-comet.json", null, "Compound III (Comet) stress")]
    [InlineData("small-compoundv2.json", null, "Compound v2 lending stress")]
    public void A_valid_defi_file_is_described_and_nothing_runs(string file, string? name, string run)
    {
        using var dir = new TempFolder();
        File.Copy(Data(file), Path.Combine(dir.Path, file));
        LiqsimResult r = Liqsim.Run(dir.Path, "validate", file);

        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("valid DeFi scenario").And.Contain(run).And.Contain($"liqsim defi --scenario {file}");
        if (name is not null)
        {
            r.Stdout.Should().Contain($"\"{name}\"");
        }

        r.Stdout.Should().NotContain("Summary");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().Equal([Path.Combine(dir.Path, file)], "validate writes nothing");
    }

    [Fact]
    public void A_broken_defi_file_lists_every_problem_with_its_path_and_exits_3()
    {
        using var dir = new TempFolder();
        JsonNode scenario = JsonNode.Parse(File.ReadAllText(Data("small-defi.json")))!;
        scenario["lending"]!["population"]!["count"] = -5;
        scenario["auction"]!["chop"] = 0;
        File.WriteAllText(Path.Combine(dir.Path, "broken.json"), scenario.ToJsonString());

        LiqsimResult r = Liqsim.Run(dir.Path, "validate", "broken.json");

        r.ExitCode.Should().Be(3, r.ToString());
        r.Stderr.Should().Contain("not a valid DeFi scenario (2 problems")
            .And.Contain("$.lending.population.count:").And.Contain("got -5")
            .And.Contain("$.auction.chop:").And.Contain("got 0");
        r.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void A_file_with_a_venue_is_checked_as_a_cascade_even_with_a_defi_member()
    {
        using var dir = new TempFolder();
        JsonNode scenario = JsonNode.Parse(File.ReadAllText(Data("small-cascade.json")))!;
        scenario["lending"] = new JsonObject();
        File.WriteAllText(Path.Combine(dir.Path, "mixed.json"), scenario.ToJsonString());

        LiqsimResult r = Liqsim.Run(dir.Path, "validate", "mixed.json");

        // The cascade loader refuses the member it does not know, at its path.
        r.ExitCode.Should().Be(3, r.ToString());
        r.Stderr.Should().Contain("$.lending");
        r.Stderr.Should().NotContain("DeFi scenario");
    }
}
