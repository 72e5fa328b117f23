using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// The rules of one Aave v3 version that the health factor and the liquidation call depend on, as data: load a
/// version with <see cref="For(AaveVersion)"/>, change one rule with a <c>with</c> expression, and compare.
/// </summary>
/// <remarks>
/// <para>
/// Sources: reference/defi.md §1.3 (health factor), §1.4 (close factor, dust, bad debt) and §1.5 (rounding of the
/// collateral to seize), read from aave-v3-core <c>GenericLogic.sol</c> / <c>LiquidationLogic.sol</c> (v3.0) and
/// aave-v3-origin <c>LiquidationLogic.sol</c> (v3.3.0, v3.5.0, main). Constants are in base-currency units, which
/// the contracts assume to be USD with 8 decimals (<c>MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 2000e8</c>); a market in
/// another base currency needs them rescaled, as the contract comment says.
/// </para>
/// <para>Not modelled: stable-rate debt (v3.0–v3.1), isolation mode, the PriceOracleSentinel (v3.0–v3.6).</para>
/// <para>Immutable; safe to share between threads.</para>
/// </remarks>
public sealed record AaveRules
{
    private readonly int _defaultCloseFactor = 5_000;

    /// <summary>The version these rules were loaded from (informational: the other properties are what is applied).</summary>
    public required AaveVersion Version { get; init; }

    /// <summary>Which close-factor rule applies.</summary>
    public required AaveCloseFactorRule CloseFactorRule { get; init; }

    /// <summary>
    /// <c>DEFAULT_LIQUIDATION_CLOSE_FACTOR</c> in basis points, 1 to 10000.
    /// </summary>
    /// <value>5000 (50%) in every version.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set outside 1 to 10000.</exception>
    public int DefaultCloseFactor
    {
        get => _defaultCloseFactor;
        init
        {
            if (value is < 1 or > 10_000)
            {
                ThrowHelper.OutOfRange(nameof(DefaultCloseFactor), value, "must be 1 to 10000 basis points");
            }

            _defaultCloseFactor = value;
        }
    }

    /// <summary>
    /// <c>CLOSE_FACTOR_HF_THRESHOLD</c> (wad): at or below it, 100% of the debt may be repaid.
    /// </summary>
    /// <value>0.95e18 in every version.</value>
    public UInt256 CloseFactorHealthFactorThreshold { get; init; } = 950_000_000_000_000_000UL;

    /// <summary>
    /// <c>MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD</c> (base currency): under the <see cref="AaveCloseFactorRule.WholePosition"/>
    /// rule, a reserve whose collateral or debt is worth less than this may be liquidated 100%.
    /// </summary>
    /// <value>2000e8 (v3.3+); unused under <see cref="AaveCloseFactorRule.PerReserve"/>.</value>
    public UInt256 MinBaseMaxCloseFactorThreshold { get; init; }

    /// <summary>
    /// <c>MIN_LEFTOVER_BASE</c> (base currency): a partial liquidation must leave at least this much of both the
    /// repaid debt and the seized collateral, when <see cref="DustRule"/> is on.
    /// </summary>
    /// <value>1000e8 (v3.3+, half the threshold above).</value>
    public UInt256 MinLeftoverBase { get; init; }

    /// <summary>Whether the <c>MUST_NOT_LEAVE_DUST</c> check applies (v3.3+).</summary>
    public required bool DustRule { get; init; }

    /// <summary>How a liquidation detects that no collateral is left and books the remaining debt as a deficit.</summary>
    public required AaveBadDebtDetection BadDebt { get; init; }

    /// <summary>
    /// v3.5+ directional rounding: token balances are read with <c>rayMulFloor</c> (aToken) / <c>rayMulCeil</c>
    /// (variable debt), debt is valued in base currency with <c>mulDivCeil</c>, and the health factor is
    /// <c>wadDiv(Σ value·LT, totalDebt) / 1e4</c>. Off: half-up <c>rayMul</c>, floor valuation, and
    /// <c>wadDiv(percentMul(totalCollateral, avgLT), totalDebt)</c>.
    /// </summary>
    public required bool DirectionalRounding { get; init; }

    /// <summary>Whether an eMode category's price source replaces the oracle price of its assets for its users (v3.0–v3.1).</summary>
    public required bool EModePriceSource { get; init; }

    /// <summary>Rounding of <c>maxCollateralToLiquidate = baseCollateral (x) liquidationBonus</c>.</summary>
    public required AaveRounding MaxCollateralRounding { get; init; }

    /// <summary>Rounding of <c>debtAmountNeeded = collateralValueInDebt (/) liquidationBonus</c> when the collateral caps the seizure.</summary>
    public required AaveRounding DebtNeededRounding { get; init; }

    /// <summary>Rounding of the base part of the seized collateral, <c>collateralAmount (/) liquidationBonus</c>.</summary>
    public required AaveRounding BonusBaseRounding { get; init; }

    /// <summary>Rounding of the protocol fee, <c>bonusCollateral (x) liquidationProtocolFee</c>.</summary>
    public required AaveRounding ProtocolFeeRounding { get; init; }

    /// <summary>The rules of <paramref name="version"/>, as reference/defi.md §1.3–§1.5 describe them.</summary>
    /// <param name="version">The Aave v3 version.</param>
    /// <returns>The version's rules.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is not a defined version.</exception>
    public static AaveRules For(AaveVersion version)
    {
        if (version is < AaveVersion.V3_0 or > AaveVersion.V3_7)
        {
            ThrowHelper.OutOfRange(nameof(version), version, "must be a defined AaveVersion");
        }

        bool wholePosition = version >= AaveVersion.V3_3;
        bool directional = version >= AaveVersion.V3_5;
        bool v37 = version >= AaveVersion.V3_7;
        return new AaveRules
        {
            Version = version,
            CloseFactorRule = wholePosition ? AaveCloseFactorRule.WholePosition : AaveCloseFactorRule.PerReserve,
            MinBaseMaxCloseFactorThreshold = wholePosition ? 200_000_000_000UL : UInt256.Zero,
            MinLeftoverBase = wholePosition ? 100_000_000_000UL : UInt256.Zero,
            DustRule = wholePosition,
            BadDebt = !wholePosition ? AaveBadDebtDetection.None
                : v37 ? AaveBadDebtDetection.CollateralExhausted : AaveBadDebtDetection.BaseCurrencyEquality,
            DirectionalRounding = directional,
            EModePriceSource = version <= AaveVersion.V3_1,
            MaxCollateralRounding = v37 ? AaveRounding.Floor : AaveRounding.HalfUp,
            DebtNeededRounding = directional ? AaveRounding.Ceil : AaveRounding.HalfUp,
            BonusBaseRounding = v37 ? AaveRounding.Floor : AaveRounding.HalfUp,
            ProtocolFeeRounding = v37 ? AaveRounding.Ceil : AaveRounding.HalfUp,
        };
    }
}
