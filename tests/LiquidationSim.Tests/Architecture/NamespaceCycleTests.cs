using LiquidationSim.Kernel;

namespace LiquidationSim.Tests.Architecture;

/// <summary>
/// The core package's namespaces form a layered graph (DESIGN.md): no namespace imports one that imports it back, and
/// the kernel depends on nothing else in the library. The graph is read from the compiled assembly's type references,
/// method bodies included, so a dependency hidden in an implementation counts as much as one in a signature.
/// </summary>
public sealed class NamespaceCycleTests
{
    private const string Fixtures = "LiquidationSim.Tests.Architecture.Fixtures";

    private static readonly Lazy<NamespaceGraph> Core = new(() => NamespaceGraph.Of(typeof(SeededRandom).Assembly, "LiquidationSim"));

    [Fact]
    public void Core_namespaces_have_no_cycles()
    {
        IReadOnlyList<string> cycles = Core.Value.Cycles(_ => true);

        cycles.Should().BeEmpty();
    }

    [Fact]
    public void Kernel_depends_on_no_library_namespace_but_Internal()
    {
        string[] uses = [.. Core.Value.DependenciesOf("LiquidationSim.Kernel")
            .Where(ns => ns.StartsWith("LiquidationSim", StringComparison.Ordinal) && ns != "LiquidationSim.Internal")
            .Select(ns => $"{ns} ({Core.Value.Evidence("LiquidationSim.Kernel", ns)})")];

        uses.Should().BeEmpty();
    }

    [Fact]
    public void Internal_helpers_depend_on_no_library_namespace()
    {
        // The kernel may use Internal, so Internal reaching into any other namespace would make the kernel depend on it.
        string[] uses = [.. Core.Value.DependenciesOf("LiquidationSim.Internal")
            .Where(ns => ns.StartsWith("LiquidationSim", StringComparison.Ordinal))
            .Select(ns => $"{ns} ({Core.Value.Evidence("LiquidationSim.Internal", ns)})")];

        uses.Should().BeEmpty();
    }

    [Fact]
    public void The_graph_sees_the_layers_it_guards()
    {
        // Without this, a scanner that found nothing would pass both tests above.
        Core.Value.DependenciesOf("LiquidationSim.Simulation").Should().Contain(["LiquidationSim.Kernel", "LiquidationSim.Liquidation", "LiquidationSim.Accounts"]);
        Core.Value.DependenciesOf("LiquidationSim.Margin").Should().Contain("LiquidationSim.Accounts");
        Core.Value.DependenciesOf("LiquidationSim.Serialization").Should().Contain("LiquidationSim.Simulation");
    }

    [Fact]
    public void Method_bodies_and_attribute_arguments_are_dependencies()
    {
        NamespaceGraph graph = NamespaceGraph.Of(typeof(NamespaceCycleTests).Assembly, Fixtures);

        graph.DependenciesOf(Fixtures + ".Caller").Should().BeEquivalentTo([Fixtures + ".BodyTarget", Fixtures + ".AttributeTarget"]);
        graph.Evidence(Fixtures + ".Caller", Fixtures + ".BodyTarget").Should().Be($"{Fixtures}.Caller.Caller -> {Fixtures}.BodyTarget.Callee");
    }

    [Fact]
    public void A_mutual_import_is_reported_as_the_pair_with_its_evidence()
    {
        var graph = new NamespaceGraph([("A", "B"), ("B", "A"), ("C", "A"), ("B", "D")]);

        IReadOnlyList<string> cycles = graph.Cycles();

        cycles.Should().ContainSingle().Which.Should()
            .StartWith("Namespace cycle among A, B (A <-> B):")
            .And.Contain("A -> B: A -> B").And.Contain("B -> A: B -> A")
            .And.NotContain("C").And.NotContain("D");
    }

    [Fact]
    public void A_longer_cycle_names_every_namespace_in_it()
    {
        var graph = new NamespaceGraph([("A", "B"), ("B", "C"), ("C", "A"), ("X", "Y"), ("Y", "X")]);

        IReadOnlyList<string> cycles = graph.Cycles();

        cycles.Should().HaveCount(2);
        cycles[0].Should().StartWith("Namespace cycle among A, B, C (no direct pair; the edges below close the cycle):");
        cycles[1].Should().StartWith("Namespace cycle among X, Y (X <-> Y):");
    }

    [Fact]
    public void A_layered_graph_has_no_cycles_and_leaving_a_namespace_out_breaks_its_cycles()
    {
        new NamespaceGraph([("A", "B"), ("B", "C"), ("A", "C")]).Cycles().Should().BeEmpty();
        new NamespaceGraph([("A", "B"), ("B", "R"), ("R", "A")]).Cycles(ns => ns != "R").Should().BeEmpty();
    }
}
