using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedPoint;

/// <summary>
/// Every vector of reference §1.6.2: aave-v3-origin <c>tests/protocol/libraries/math/WadRayMath.t.sol</c> (the first
/// argument names the Foundry test), plus the derived outputs for aave-v3-core <c>test-suites/wadraymath.spec.ts</c>'s
/// operands. The wadMul / wadDiv / rayMul / rayDiv / wadToRay reverts are the revert branches of the file's fuzz
/// tests, at the operands the reference lists.
/// </summary>
public sealed class WadRayMathTests
{
    private const string File = "WadRayMath.t.sol ";
    private const string Spec = "wadraymath.spec.ts (aave-v3-core; derived output, reference §1.6.2)";
    private const string SpecA = "134534543232342353231234";
    private const string SpecB = "13265462389132757665657";

    [Theory]
    [InlineData(File + "test_wadMul_edge", "wadMul", "0", "1e18", "0")]
    [InlineData(File + "test_wadMul_edge", "wadMul", "1e18", "0", "0")]
    [InlineData(File + "test_wadMul_edge", "wadMul", "0", "0", "0")]
    [InlineData(File + "test_wadMul", "wadMul", "2.5e18", "0.5e18", "1.25e18")]
    [InlineData(File + "test_wadMul", "wadMul", "412.2e18", "1e18", "412.2e18")]
    [InlineData(File + "test_wadMul", "wadMul", "6e18", "2e18", "12e18")]
    [InlineData(File + "test_rayMul", "rayMul", "2.5e27", "0.5e27", "1.25e27")]
    [InlineData(File + "test_rayMul", "rayMul", "412.2e27", "1e27", "412.2e27")]
    [InlineData(File + "test_rayMul", "rayMul", "6e27", "2e27", "12e27")]
    [InlineData(File + "test_wadDiv", "wadDiv", "2.5e18", "0.5e18", "5e18")]
    [InlineData(File + "test_wadDiv", "wadDiv", "412.2e18", "1e18", "412.2e18")]
    [InlineData(File + "test_wadDiv", "wadDiv", "8.745e18", "0.67e18", "13.052238805970149254e18")]
    [InlineData(File + "test_wadDiv", "wadDiv", "6e18", "2e18", "3e18")]
    [InlineData(File + "test_rayDiv", "rayDiv", "2.5e27", "0.5e27", "5e27")]
    [InlineData(File + "test_rayDiv", "rayDiv", "412.2e27", "1e27", "412.2e27")]
    [InlineData(File + "test_rayDiv", "rayDiv", "8.745e27", "0.67e27", "13.052238805970149253731343284e27")]
    [InlineData(File + "test_rayDiv", "rayDiv", "6e27", "2e27", "3e27")]
    [InlineData(File + "test_wadToRay", "wadToRay", "1e18", "-", "1e27")]
    [InlineData(File + "test_wadToRay", "wadToRay", "412.2e18", "-", "412.2e27")]
    [InlineData(File + "test_wadToRay", "wadToRay", "0", "-", "0")]
    [InlineData(File + "test_rayToWad", "rayToWad", "1e27", "-", "1e18")]
    [InlineData(File + "test_rayToWad", "rayToWad", "412.2e27", "-", "412.2e18")]
    [InlineData(File + "test_rayToWad", "rayToWad", "0", "-", "0")]
    [InlineData(File + "testRayMulFloor_Exact", "rayMulFloor", "1e27", "5e27", "5e27")]
    [InlineData(File + "testRayMulFloor_Truncation", "rayMulFloor", "3", "5", "0")]
    [InlineData(File + "testRayMulFloor_Zero", "rayMulFloor", "0", "123", "0")]
    [InlineData(File + "testRayMulFloor_Zero", "rayMulFloor", "123", "0", "0")]
    [InlineData(File + "testRayMulCeil_Exact", "rayMulCeil", "1e27", "5e27", "5e27")]
    [InlineData(File + "testRayMulCeil_WithCeil", "rayMulCeil", "3", "5", "1")]
    [InlineData(File + "testRayMulCeil_Zero", "rayMulCeil", "0", "123", "0")]
    [InlineData(File + "testRayMulCeil_Zero", "rayMulCeil", "123", "0", "0")]
    [InlineData(File + "testRayDivCeil_Exact", "rayDivCeil", "1e27", "1e27", "1e27")]
    [InlineData(File + "testRayDivCeil_WithCeil", "rayDivCeil", "5", "3", "1666666666666666666666666667")]
    [InlineData(File + "testRayDivCeil_ZeroNumerator", "rayDivCeil", "0", "123", "0")]
    [InlineData(File + "testRayDivFloor_Exact", "rayDivFloor", "1e27", "1e27", "1e27")]
    [InlineData(File + "testRayDivFloor_Truncation", "rayDivFloor", "5", "3", "1666666666666666666666666666")]
    [InlineData(File + "testRayDivFloor_ZeroNumerator", "rayDivFloor", "0", "123", "0")]
    [InlineData(Spec, "wadMul", SpecA, SpecB, "1784662923287792467070443765")]
    [InlineData(Spec, "wadDiv", SpecA, SpecB, "10141715327055228122")]
    [InlineData(Spec, "rayMul", SpecA, SpecB, "1784662923287792467")]
    [InlineData(Spec, "rayDiv", SpecA, SpecB, "10141715327055228122033939726")]
    [InlineData(Spec, "rayToWad", "1e27", "-", "1000000000000000000")]
    [InlineData(Spec, "rayToWad", "1000000000000000000500000000", "-", "1000000000000000001")]
    [InlineData(Spec, "rayToWad", "1000000000000000000499999999", "-", "1000000000000000000")]
    public void Aave_test_vectors(string source, string function, string a, string b, string expected) =>
        Apply(function, U(a), b == "-" ? UInt256.Zero : U(b)).Should().Be(U(expected), source);

    [Theory]
    [InlineData(File + "test_wadMul_fuzzing (revert branch)", "wadMul", "max", "2", typeof(OverflowException))]
    [InlineData(File + "test_wadDiv_fuzzing (revert branch)", "wadDiv", "1e18", "0", typeof(DivideByZeroException))]
    [InlineData(File + "test_wadDiv_fuzzing (revert branch)", "wadDiv", "max", "1", typeof(OverflowException))]
    [InlineData(File + "rayMul (reference §1.6.2 revert list)", "rayMul", "max", "2", typeof(OverflowException))]
    [InlineData(File + "rayDiv (reference §1.6.2 revert list)", "rayDiv", "1e27", "0", typeof(DivideByZeroException))]
    [InlineData(File + "rayDiv (reference §1.6.2 revert list)", "rayDiv", "max", "1", typeof(OverflowException))]
    [InlineData(File + "test_wadToRay_fuzz (revert branch)", "wadToRay", "max", "-", typeof(OverflowException))]
    [InlineData(File + "testRayMulFloor_RevertOnOverflow", "rayMulFloor", "max", "2", typeof(OverflowException))]
    [InlineData(File + "testRayMulCeil_RevertOnOverflow", "rayMulCeil", "max", "2", typeof(OverflowException))]
    [InlineData(File + "testRayDivCeil_RevertOnDivByZero", "rayDivCeil", "100", "0", typeof(DivideByZeroException))]
    [InlineData(File + "testRayDivCeil_RevertOnOverflow", "rayDivCeil", "max", "1", typeof(OverflowException))]
    [InlineData(File + "testRayDivFloor_RevertOnDivByZero", "rayDivFloor", "100", "0", typeof(DivideByZeroException))]
    [InlineData(File + "testRayDivFloor_RevertOnOverflow", "rayDivFloor", "max", "1", typeof(OverflowException))]
    public void Aave_revert_vectors(string source, string function, string a, string b, Type revert)
    {
        Action call = () => Apply(function, U(a), b == "-" ? UInt256.Zero : U(b));
        call.Should().Throw<ArithmeticException>(source).Which.Should().BeOfType(revert);
    }

    [Fact]
    public void Constants_match_test_constants() // WadRayMath.t.sol test_constants
    {
        WadRayMath.Wad.Should().Be(U("1e18"));
        WadRayMath.HalfWad.Should().Be(U("1e18") / 2UL);
        WadRayMath.Ray.Should().Be(U("1e27"));
        WadRayMath.HalfRay.Should().Be(U("1e27") / 2UL);
        WadRayMath.WadRayRatio.Should().Be(U("1e9"));
    }

    /// <summary>
    /// The contracts revert when the rounded numerator overflows, even if the final result would fit: wadMul(a, 1)
    /// with a*1 + HALF_WAD ≥ 2^256 reverts although a/1e18 fits. This is the fuzz tests' guard, at its boundary.
    /// </summary>
    [Fact]
    public void Reverts_exactly_when_the_contract_guard_fails()
    {
        UInt256 max = UInt256.MaxValue;
        UInt256 b = 3UL;
        UInt256 mulLimit = (max - WadRayMath.HalfWad) / b; // a > (max - HALF_WAD) / b reverts
        FluentActions.Invoking(() => WadRayMath.WadMul(mulLimit, b)).Should().NotThrow();
        FluentActions.Invoking(() => WadRayMath.WadMul(mulLimit + UInt256.One, b)).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => WadRayMath.WadMul(max - WadRayMath.HalfWad + UInt256.One, UInt256.One)).Should().Throw<OverflowException>();

        UInt256 rayLimit = (max - WadRayMath.HalfRay) / b;
        FluentActions.Invoking(() => WadRayMath.RayMul(rayLimit, b)).Should().NotThrow();
        FluentActions.Invoking(() => WadRayMath.RayMul(rayLimit + UInt256.One, b)).Should().Throw<OverflowException>();

        UInt256 divisor = U("3e27");
        UInt256 divLimit = (max - (divisor / 2UL)) / WadRayMath.Wad; // a > (max - b/2) / WAD reverts
        FluentActions.Invoking(() => WadRayMath.WadDiv(divLimit, divisor)).Should().NotThrow();
        FluentActions.Invoking(() => WadRayMath.WadDiv(divLimit + UInt256.One, divisor)).Should().Throw<OverflowException>();
    }

    internal static UInt256 Apply(string function, UInt256 a, UInt256 b) => function switch
    {
        "wadMul" => WadRayMath.WadMul(a, b),
        "wadDiv" => WadRayMath.WadDiv(a, b),
        "rayMul" => WadRayMath.RayMul(a, b),
        "rayDiv" => WadRayMath.RayDiv(a, b),
        "rayMulFloor" => WadRayMath.RayMulFloor(a, b),
        "rayMulCeil" => WadRayMath.RayMulCeil(a, b),
        "rayDivFloor" => WadRayMath.RayDivFloor(a, b),
        "rayDivCeil" => WadRayMath.RayDivCeil(a, b),
        "wadToRay" => WadRayMath.WadToRay(a),
        "rayToWad" => WadRayMath.RayToWad(a),
        _ => throw new ArgumentException(function, nameof(function)),
    };
}
