using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.StabilityPool;

namespace LiquidationSim.DeFi.Tests.StabilityPool;

/// <summary>The gas-compensation helpers against liquity/dev <c>packages/contracts/test/GasCompensationTest.js</c> (commit bf638ecb), all <c>assert.equal</c>.</summary>
public sealed class LiquityGasCompensationTests
{
    [Theory]
    [InlineData("1000000000000000000", "5000000000000000")]
    [InlineData("100000000000000000", "500000000000000")]
    [InlineData("5000000000", "25000000")]
    [InlineData("9999000000000000000", "49995000000000000")]
    [InlineData("55000000000000000", "275000000000000")]
    [InlineData("6092324088087235800", "30461620440436179")]
    [InlineData("10000000000000000000", "50000000000000000")]
    [InlineData("100000000000000000000", "500000000000000000")]
    [InlineData("10001000000000000000", "50005000000000000")]
    [InlineData("37500000000000000000", "187500000000000000")]
    [InlineData("300000000000000000000000000", "1500000000000000000000000")]
    public void CollGasCompensation_is_half_a_percent_floored(string collateral, string expected) =>
        LiquityParameters.V1.CollGasCompensation(UInt256.Parse(collateral)).Should().Be(UInt256.Parse(expected));

    [Theory]
    [InlineData("10000000000000000000", "210000000000000000000")]
    [InlineData("0", "200000000000000000000")]
    [InlineData("200000000000000000000", "400000000000000000000")]
    [InlineData("123450000000000000000", "323450000000000000000")]
    [InlineData("2000000000000000000000", "2200000000000000000000")]
    [InlineData("500000000000000000000", "700000000000000000000")]
    [InlineData("54321123456789000000000", "54521123456789000000000")]
    public void CompositeDebt_adds_the_200_LUSD_reserve(string debt, string expected) =>
        LiquityParameters.V1.CompositeDebt(UInt256.Parse(debt)).Should().Be(UInt256.Parse(expected));
}
