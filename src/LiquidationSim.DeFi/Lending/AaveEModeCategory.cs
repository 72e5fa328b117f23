using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// An Aave v3 efficiency-mode (eMode) category: for a user who chose it, its LTV, liquidation threshold and bonus
/// replace those of the reserves in it, and (v3.0–v3.1) its price source replaces their oracle price.
/// </summary>
/// <remarks>
/// <para>
/// Source: reference/defi.md §1.2 and aave-v3-core <c>GenericLogic.calculateUserAccountData</c> /
/// <c>LiquidationLogic._getConfigurationData</c>. From v3.2 a category lists its collateral assets in a bitmap; here
/// a reserve names the one category it belongs to (<see cref="AaveReserve.EMode"/>), the v3.0 layout, which covers
/// the common case of an asset in one category.
/// </para>
/// <para>Immutable; safe to share between threads.</para>
/// </remarks>
public sealed record AaveEModeCategory
{
    /// <summary>Creates a category, checking the parameters as <c>PoolConfigurator.setEModeCategory</c> does.</summary>
    /// <param name="id">The category id, 1 to 255 (0 means "no eMode").</param>
    /// <param name="label">A label such as "ETH correlated".</param>
    /// <param name="ltv">LTV in basis points, at most <paramref name="liquidationThreshold"/>.</param>
    /// <param name="liquidationThreshold">Liquidation threshold in basis points, 1 to 10000.</param>
    /// <param name="liquidationBonus">Liquidation bonus in basis points including the 100%: above 10000, with LT × bonus ≤ 100%.</param>
    /// <param name="priceSource">Optional price (base-currency units) that replaces the oracle price for the category's users (v3.0–v3.1 only); not zero.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter breaks the rule stated for it.</exception>
    /// <exception cref="ArgumentException"><paramref name="label"/> is null or empty.</exception>
    public AaveEModeCategory(int id, string label, int ltv, int liquidationThreshold, int liquidationBonus, UInt256? priceSource = null)
    {
        if (id is < 1 or > 255)
        {
            ThrowHelper.OutOfRange(nameof(id), id, "must be 1 to 255 (0 means no eMode)");
        }

        if (string.IsNullOrEmpty(label))
        {
            ThrowHelper.Argument(nameof(label), label, "must not be empty");
        }

        AaveReserve.CheckRiskParameters(ltv, liquidationThreshold, liquidationBonus, nameof(ltv), nameof(liquidationThreshold), nameof(liquidationBonus));
        if (liquidationThreshold == 0)
        {
            ThrowHelper.OutOfRange(nameof(liquidationThreshold), liquidationThreshold, "must be above 0 for an eMode category");
        }

        if (priceSource is { IsZero: true })
        {
            ThrowHelper.OutOfRange(nameof(priceSource), priceSource.Value, "must not be zero (use null for no price source)");
        }

        Id = id;
        Label = label;
        Ltv = ltv;
        LiquidationThreshold = liquidationThreshold;
        LiquidationBonus = liquidationBonus;
        PriceSource = priceSource;
    }

    /// <summary>The category id, 1 to 255.</summary>
    public int Id { get; }

    /// <summary>The label.</summary>
    public string Label { get; }

    /// <summary>LTV in basis points.</summary>
    public int Ltv { get; }

    /// <summary>Liquidation threshold in basis points.</summary>
    public int LiquidationThreshold { get; }

    /// <summary>Liquidation bonus in basis points, including the 100% (10500 = 5% bonus).</summary>
    public int LiquidationBonus { get; }

    /// <summary>The price that replaces the oracle price for the category's users and assets (v3.0–v3.1), or null.</summary>
    public UInt256? PriceSource { get; }
}
