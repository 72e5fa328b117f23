using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>
/// The protocol constants of a Liquity-v1-style system: minimum and critical collateral ratios, the liquidation reserve
/// and the collateral share paid to liquidators. <see cref="V1"/> holds the deployed values.
/// </summary>
/// <remarks>
/// Source: <c>packages/contracts/contracts/Dependencies/LiquityBase.sol</c>, liquity/dev commit
/// bf638ecba62dce275ee7f9d7e74c0f3ecacbfd14. Immutable and thread safe; change one value with <c>with</c> to study a
/// variant (forks of Liquity changed exactly these).
/// </remarks>
public sealed record LiquityParameters
{
    /// <summary>Liquity v1 as deployed: MCR 110 %, CCR 150 %, 200 LUSD reserve, 1,800 LUSD minimum net debt, 0.5 % of the collateral.</summary>
    public static LiquityParameters V1 { get; } = new();

    /// <summary>Minimum collateral ratio: a trove below it can be liquidated (<c>MCR</c>), 18 decimals.</summary>
    /// <value>1.1e18 (110 %).</value>
    public UInt256 Mcr { get; init; } = UInt256.Parse("1100000000000000000");

    /// <summary>Critical collateral ratio: the system is in Recovery Mode while its TCR is below it (<c>CCR</c>), 18 decimals.</summary>
    /// <value>1.5e18 (150 %).</value>
    public UInt256 Ccr { get; init; } = UInt256.Parse("1500000000000000000");

    /// <summary>
    /// The liquidation reserve: LUSD minted to the gas pool when a trove opens, counted in its debt, and paid to whoever
    /// liquidates it (<c>LUSD_GAS_COMPENSATION</c>), in LUSD wei.
    /// </summary>
    /// <value>200e18.</value>
    public UInt256 LusdGasCompensation { get; init; } = UInt256.Parse("200000000000000000000");

    /// <summary>Smallest debt a trove may open with, net of the reserve (<c>MIN_NET_DEBT</c>), in LUSD wei.</summary>
    /// <value>1800e18.</value>
    public UInt256 MinNetDebt { get; init; } = UInt256.Parse("1800000000000000000000");

    /// <summary>
    /// The liquidator's collateral compensation is the trove's collateral divided by this, floored
    /// (<c>PERCENT_DIVISOR</c>; 200 gives 0.5 %).
    /// </summary>
    /// <value>200.</value>
    public ulong PercentDivisor { get; init; } = 200;

    /// <summary>
    /// The collateral a liquidator receives from a trove: <c>entireColl / PERCENT_DIVISOR</c>, floored
    /// (<c>LiquityBase._getCollGasCompensation</c>; 0.5 % in v1, whatever the collateral's value).
    /// </summary>
    /// <param name="entireCollateral">The trove's collateral including pending rewards (in a capped liquidation, the capped portion), in wei.</param>
    /// <returns>Wei.</returns>
    public UInt256 CollGasCompensation(UInt256 entireCollateral) => entireCollateral / PercentDivisor;

    /// <summary>A debt plus the liquidation reserve (<c>LiquityBase._getCompositeDebt</c>): what a trove records and its ICR uses.</summary>
    /// <param name="debt">Drawn LUSD plus borrowing fee, in wei.</param>
    /// <returns>LUSD wei.</returns>
    /// <exception cref="OverflowException">The sum does not fit in uint256.</exception>
    public UInt256 CompositeDebt(UInt256 debt) => debt + LusdGasCompensation;

    internal void Validate()
    {
        if (Mcr.IsZero)
        {
            ThrowHelper.OutOfRange("parameters.Mcr", Mcr, "must be greater than zero");
        }

        if (Ccr < Mcr)
        {
            ThrowHelper.OutOfRange("parameters.Ccr", Ccr, "must be at least parameters.Mcr");
        }

        if (PercentDivisor == 0)
        {
            ThrowHelper.OutOfRange("parameters.PercentDivisor", PercentDivisor, "must be greater than zero");
        }
    }
}
