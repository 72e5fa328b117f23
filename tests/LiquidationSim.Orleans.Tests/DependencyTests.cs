using System.Reflection;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.Orleans.Client;
using LiquidationSim.Simulation;

namespace LiquidationSim.Orleans.Tests;

/// <summary>The dependency rule of DESIGN.md: the cluster package depends on the core packages, never the reverse.</summary>
public sealed class DependencyTests
{
    [Fact]
    public void The_core_and_DeFi_packages_reference_no_Orleans_assembly()
    {
        foreach (Assembly core in (Assembly[])[typeof(ScenarioDocument).Assembly, typeof(DefiScenario).Assembly])
        {
            core.GetReferencedAssemblies().Select(a => a.Name).Should()
                .NotContain(name => name!.StartsWith("Orleans", StringComparison.Ordinal) || name.StartsWith("LiquidationSim.Orleans", StringComparison.Ordinal), core.GetName().Name);
        }

        typeof(ClusterMonteCarlo).Assembly.GetReferencedAssemblies().Select(a => a.Name).Should().Contain(["LiquidationSim", "LiquidationSim.DeFi"]);
    }
}
