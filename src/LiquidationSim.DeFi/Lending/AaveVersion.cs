namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// An Aave v3 pool release whose health-factor and liquidation rules differ from its neighbours'. The rules each
/// version implies are data: <see cref="AaveRules.For(AaveVersion)"/>.
/// </summary>
/// <remarks>
/// Sources (reference/defi.md §0): aave-v3-core 782f519 (v3.0–v3.1); aave-v3-origin tags v3.2.0–v3.4.0, v3.5.0
/// (6138e1f), v3.6.0 (5a230ec) and main fd1fbd9 (the v3.7 work).
/// </remarks>
public enum AaveVersion
{
    /// <summary>v3.0 (aave-v3-core): per-reserve close factor 50%, or 100% at HF ≤ 0.95; half-up math.</summary>
    V3_0 = 0,

    /// <summary>v3.1: the v3.0 liquidation rules (the eMode price source still exists).</summary>
    V3_1 = 1,

    /// <summary>v3.2: the v3.0 liquidation rules; eMode categories lose their price source.</summary>
    V3_2 = 2,

    /// <summary>v3.3: close factor over the whole position with the 2000e8 / 1000e8 base thresholds, dust rule, bad-debt deficit.</summary>
    V3_3 = 3,

    /// <summary>v3.4: the v3.3 liquidation rules.</summary>
    V3_4 = 4,

    /// <summary>v3.5: directional rounding (collateral down, debt up) in valuation and token balances.</summary>
    V3_5 = 5,

    /// <summary>v3.6: the v3.5 rules.</summary>
    V3_6 = 6,

    /// <summary>v3.7 (aave-v3-origin main): floor/ceil in the collateral-to-seize computation; bad debt detected from the collateral actually left.</summary>
    V3_7 = 7,
}

/// <summary>How a protocol percentage operation rounds (reference/defi.md §1.1).</summary>
public enum AaveRounding
{
    /// <summary>Half up (<c>percentMul</c> / <c>percentDiv</c>): a remainder of one half or more rounds up.</summary>
    HalfUp = 0,

    /// <summary>Toward zero (<c>percentMulFloor</c> / <c>percentDivFloor</c>).</summary>
    Floor = 1,

    /// <summary>Away from zero when there is a remainder (<c>percentMulCeil</c> / <c>percentDivCeil</c>).</summary>
    Ceil = 2,
}

/// <summary>Which close-factor rule caps the debt one liquidation call may repay (reference/defi.md §1.4).</summary>
public enum AaveCloseFactorRule
{
    /// <summary>
    /// v3.0–v3.2: a share of the user's debt in the repaid reserve — the default close factor, or 100% when the health
    /// factor is at or below the close-factor threshold.
    /// </summary>
    PerReserve = 0,

    /// <summary>
    /// v3.3+: 100% of the reserve's debt, unless the reserve's collateral and debt are both worth at least the
    /// minimum base threshold and HF is above the close-factor threshold; then the repaid reserve's debt is capped at
    /// the default close factor of the user's <em>total</em> debt in base currency.
    /// </summary>
    WholePosition = 1,
}

/// <summary>How a liquidation decides that the user has no collateral left, so the remaining debt is bad debt.</summary>
public enum AaveBadDebtDetection
{
    /// <summary>Before v3.3: no bad-debt handling; the remaining debt stays on the account.</summary>
    None = 0,

    /// <summary>
    /// v3.3–v3.6: the collateral seized, valued in base currency (floor), equals the user's total collateral in base
    /// currency (<c>hasNoCollateralLeft = totalCollateralInBaseCurrency == collateralToLiquidateInBaseCurrency</c>).
    /// </summary>
    BaseCurrencyEquality = 1,

    /// <summary>
    /// v3.7: the liquidation consumes the whole balance of the seized reserve and the user holds no other counted
    /// collateral. The contract detects this from scaled-balance consumption (docs/3.7); this model uses the balances
    /// it keeps, which is the same condition when the scaled balance is fully consumed.
    /// </summary>
    CollateralExhausted = 2,
}
