using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedPoint;

/// <summary>
/// Every vector of reference §1.6.1: aave-v3-origin <c>tests/protocol/libraries/math/PercentageMath.t.sol</c>. The
/// first argument names the Foundry test the row comes from. The percentDivFloor rows and the percentMul /
/// percentDiv / percentDivFloor reverts are in the reference's list but not in the copy of the file we could read;
/// they are named by function and "reference §1.6.1".
/// </summary>
public sealed class PercentageMathTests
{
    private const string File = "PercentageMath.t.sol ";

    [Theory]
    [InlineData(File + "test_percentMul", "percentMul", "1e18", "50_00", "0.5e18")]
    [InlineData(File + "test_percentMul", "percentMul", "14.2515e18", "74_42", "10.605966300000000000e18")]
    [InlineData(File + "test_percentMul", "percentMul", "9087312e27", "13_33", "1211338689600000000000000000000000")]
    [InlineData(File + "test_percentDiv", "percentDiv", "1e18", "50_00", "2e18")]
    [InlineData(File + "test_percentDiv", "percentDiv", "14.2515e18", "74_42", "19.150094060736361193e18")]
    [InlineData(File + "test_percentDiv", "percentDiv", "9087312e27", "13_33", "68171882970742685671417854463615904")]
    [InlineData(File + "testPercentMulCeil_Exact", "percentMulCeil", "100 ether", "1e4", "100 ether")]
    [InlineData(File + "testPercentMulCeil_WithRoundingUp", "percentMulCeil", "1", "1", "1")]
    [InlineData(File + "testPercentMulCeil_ZeroValueOrPercent", "percentMulCeil", "0", "100", "0")]
    [InlineData(File + "testPercentMulCeil_ZeroValueOrPercent", "percentMulCeil", "100", "0", "0")]
    [InlineData(File + "testPercentMulFloor_Exact", "percentMulFloor", "100 ether", "1e4", "100 ether")]
    [InlineData(File + "testPercentMulFloor_WithTruncation", "percentMulFloor", "1", "1", "0")]
    [InlineData(File + "testPercentMulFloor_ZeroInputs", "percentMulFloor", "0", "1234", "0")]
    [InlineData(File + "testPercentMulFloor_ZeroInputs", "percentMulFloor", "1234", "0", "0")]
    [InlineData(File + "percentDivFloor (reference §1.6.1)", "percentDivFloor", "100 ether", "1e4", "100 ether")]
    [InlineData(File + "percentDivFloor (reference §1.6.1)", "percentDivFloor", "5", "3", "16666")]
    [InlineData(File + "testPercentDivCeil_Exact", "percentDivCeil", "100 ether", "1e4", "100 ether")]
    [InlineData(File + "testPercentDivCeil_WithCeilNeeded", "percentDivCeil", "5", "3", "16667")]
    public void Aave_test_vectors(string source, string function, string value, string percentage, string expected) =>
        Apply(function, U(value), U(percentage)).Should().Be(U(expected), source);

    [Theory]
    [InlineData(File + "percentMul (reference §1.6.1; revert branch of test_percentMul_fuzz)", "percentMul", "max", "2", typeof(OverflowException))]
    [InlineData(File + "percentDiv (reference §1.6.1; revert branch of test_percentDiv_fuzz)", "percentDiv", "1e18", "0", typeof(DivideByZeroException))]
    [InlineData(File + "percentDiv (reference §1.6.1; revert branch of test_percentDiv_fuzz)", "percentDiv", "max", "1", typeof(OverflowException))]
    [InlineData(File + "testPercentMulCeil_RevertOnOverflow", "percentMulCeil", "max", "2", typeof(OverflowException))]
    [InlineData(File + "testPercentMulFloor_RevertOnOverflow", "percentMulFloor", "max", "2", typeof(OverflowException))]
    [InlineData(File + "percentDivFloor (reference §1.6.1)", "percentDivFloor", "1234", "0", typeof(DivideByZeroException))]
    [InlineData(File + "percentDivFloor (reference §1.6.1)", "percentDivFloor", "max", "1", typeof(OverflowException))]
    [InlineData(File + "testPercentDivCeil_RevertOnDivByZero", "percentDivCeil", "1234", "0", typeof(DivideByZeroException))]
    [InlineData(File + "testPercentDivCeil_RevertOnOverflow", "percentDivCeil", "max", "1", typeof(OverflowException))]
    public void Aave_revert_vectors(string source, string function, string value, string percentage, Type revert)
    {
        Action call = () => Apply(function, U(value), U(percentage));
        call.Should().Throw<ArithmeticException>(source).Which.Should().BeOfType(revert);
    }

    [Fact]
    public void Constants_match_test_constants() // PercentageMath.t.sol test_constants
    {
        PercentageMath.PercentageFactor.Should().Be(U("1e4"));
        PercentageMath.HalfPercentageFactor.Should().Be(U("0.5e4"));
    }

    /// <summary>The fuzz tests' revert conditions, at their boundary: the last value that fits and the first that does not.</summary>
    [Fact]
    public void Reverts_exactly_when_the_contract_guard_fails()
    {
        UInt256 max = UInt256.MaxValue;
        UInt256 p = 7_000UL;
        UInt256 limit = (max - PercentageMath.HalfPercentageFactor) / p; // test_percentMul_fuzz: value > (max - HALF) / percentage
        FluentActions.Invoking(() => PercentageMath.PercentMul(limit, p)).Should().NotThrow();
        FluentActions.Invoking(() => PercentageMath.PercentMul(limit + UInt256.One, p)).Should().Throw<OverflowException>();

        UInt256 divLimit = (max - (p / 2UL)) / PercentageMath.PercentageFactor; // test_percentDiv_fuzz
        FluentActions.Invoking(() => PercentageMath.PercentDiv(divLimit, p)).Should().NotThrow();
        FluentActions.Invoking(() => PercentageMath.PercentDiv(divLimit + UInt256.One, p)).Should().Throw<OverflowException>();
    }

    internal static UInt256 Apply(string function, UInt256 a, UInt256 b) => function switch
    {
        "percentMul" => PercentageMath.PercentMul(a, b),
        "percentDiv" => PercentageMath.PercentDiv(a, b),
        "percentMulFloor" => PercentageMath.PercentMulFloor(a, b),
        "percentMulCeil" => PercentageMath.PercentMulCeil(a, b),
        "percentDivFloor" => PercentageMath.PercentDivFloor(a, b),
        "percentDivCeil" => PercentageMath.PercentDivCeil(a, b),
        _ => throw new ArgumentException(function, nameof(function)),
    };
}
