using System.Reflection;
using System.Text.RegularExpressions;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli.Tests;

/// <summary>The README's promises that can be checked mechanically.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string s_root = typeof(ReadmeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private static string Readme => File.ReadAllText(Path.Combine(s_root, "README.md"));

    [Fact]
    public void Every_scenario_in_the_readme_is_valid()
    {
        string[] scenarios = [.. JsonBlock().Matches(Readme).Select(m => m.Groups[1].Value).Where(b => b.Contains("\"schemaVersion\"", StringComparison.Ordinal))];
        scenarios.Should().NotBeEmpty();
        foreach (string json in scenarios)
        {
            ScenarioDocument scenario = ScenarioJson.Parse(json);
            ScenarioSimulation.Create(scenario).TotalSteps.Should().BePositive();
        }
    }

    [Fact]
    public void The_fresh_machine_commands_are_the_main_job_and_the_tests()
    {
        Readme.Should().Contain("dotnet run --project src/LiquidationSim.Cli -c Release -- run\n")
            .And.Contain("dotnet test LiquidationSim.sln -c Release\n");
    }

    [Fact]
    public void Every_sample_in_the_readme_exists()
    {
        string[] samples = [.. SampleRow().Matches(Readme).Select(m => m.Groups[1].Value)];
        samples.Should().HaveCount(11);
        foreach (string name in samples)
        {
            File.Exists(Path.Combine(s_root, "samples", name, name + ".csproj")).Should().BeTrue(name);
        }
    }

    [GeneratedRegex("```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"^\| `(\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex SampleRow();
}
