using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.Tests.Architecture;

namespace LiquidationSim.DeFi.Tests.Architecture;

/// <summary>
/// The DeFi package's namespaces form a layered graph, and from the core package it uses the kernel only, never the
/// CeFi simulator (DESIGN.md). Read from the compiled assembly's type references, method bodies included.
/// </summary>
public sealed class NamespaceCycleTests
{
    private static readonly Lazy<NamespaceGraph> DeFi = new(() => NamespaceGraph.Of(typeof(UInt256).Assembly, "LiquidationSim.DeFi"));

    [Fact]
    public void DeFi_namespaces_have_no_cycles()
    {
        IReadOnlyList<string> cycles = DeFi.Value.Cycles(ns => ns.StartsWith("LiquidationSim.DeFi", StringComparison.Ordinal));

        cycles.Should().BeEmpty();
    }

    [Fact]
    public void DeFi_uses_the_kernel_and_nothing_else_of_the_core_package()
    {
        string[] uses = [.. CoreNamespacesUsed().Where(u => !u.StartsWith("LiquidationSim.Kernel ", StringComparison.Ordinal))];

        uses.Should().BeEmpty();
    }

    [Fact]
    public void DeFi_does_not_reference_the_CeFi_simulator()
    {
        CoreNamespacesUsed().Should().NotContain(u => u.StartsWith("LiquidationSim.Simulation ", StringComparison.Ordinal));

        // And the scan does see the kernel it does use, so the assertions above are not vacuous.
        DeFi.Value.DependenciesOf("LiquidationSim.DeFi.Simulation").Should().Contain("LiquidationSim.Kernel");
    }

    private static IEnumerable<string> CoreNamespacesUsed() =>
        from source in DeFi.Value.Namespaces
        where source.StartsWith("LiquidationSim.DeFi", StringComparison.Ordinal)
        from target in DeFi.Value.DependenciesOf(source)
        where target.StartsWith("LiquidationSim", StringComparison.Ordinal) && !target.StartsWith("LiquidationSim.DeFi", StringComparison.Ordinal)
        select $"{target} (from {source}: {DeFi.Value.Evidence(source, target)})";
}
