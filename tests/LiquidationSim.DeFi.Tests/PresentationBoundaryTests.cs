using System.Reflection;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.DeFi.Tests;

/// <summary>
/// The DeFi package holds no presentation either: it does not reference LiquidationSim.Reporting, and no member carries
/// a binary floating-point number (protocol figures are exact integers, with decimal conversions).
/// </summary>
public class PresentationBoundaryTests
{
    private static readonly Assembly s_defi = typeof(AaveAccountData).Assembly;

    [Fact]
    public void DeFi_does_not_reference_the_reporting_package() =>
        s_defi.GetReferencedAssemblies().Select(a => a.Name).Should().Contain("LiquidationSim").And.NotContain("LiquidationSim.Reporting");

    [Fact]
    public void No_member_of_DeFi_takes_or_gives_a_binary_floating_point_number() =>
        FloatingPointMembers.Of(s_defi.GetTypes()).Should().BeEmpty();
}
