using System.Reflection;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests;

/// <summary>
/// The core package holds no presentation: the CSV, SVG and HTML writers live in LiquidationSim.Reporting, which
/// depends on the core and never the other way round, and no member of the core carries a binary floating-point
/// number (reported figures are decimal; chart geometry in double belongs to the Reporting package).
/// </summary>
public class PresentationBoundaryTests
{
    private static readonly Assembly s_core = typeof(ScenarioDocument).Assembly;

    [Fact]
    public void The_core_neither_references_nor_contains_the_reporting_package()
    {
        s_core.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty)
            .Should().NotContain(n => n.StartsWith("LiquidationSim.", StringComparison.Ordinal), "the core depends on no other LiquidationSim package");
        s_core.GetTypes().Select(t => t.Namespace ?? string.Empty)
            .Should().NotContain(ns => ns == "LiquidationSim.Reporting" || ns.StartsWith("LiquidationSim.Reporting.", StringComparison.Ordinal));
    }

    [Fact]
    public void No_member_of_the_core_takes_or_gives_a_binary_floating_point_number() =>
        FloatingPointMembers.Of(s_core.GetTypes()).Should().BeEmpty();

    [Fact]
    public void The_floating_point_check_finds_fields_parameters_returns_and_generic_arguments() =>
        FloatingPointMembers.Of([typeof(Sample)]).Should().BeEquivalentTo(
            $"{typeof(Sample).FullName}.Width", $"{typeof(Sample).FullName}.Scale", $"{typeof(Sample).FullName}.Ticks", $"{typeof(Sample).FullName}..ctor");

    private sealed class Sample
    {
        public double Width;

        public Sample(float[] scale) => Width = scale.Length;

        public decimal Exact { get; } = 1m;

        public static List<double> Ticks() => [];

        public float[] Scale() => [];
    }
}
