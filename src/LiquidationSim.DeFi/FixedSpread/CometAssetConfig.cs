using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// One Comet collateral asset: its configuration (<c>CometConfiguration.AssetConfig</c>) and the price its feed
/// reports now.
/// </summary>
/// <remarks>
/// <para>
/// Sources: compound-finance/comet commit d5a30b0 (reference defi.md §3.1): <c>CometConfiguration.sol</c>,
/// <c>Comet.sol</c> (<c>getPackedAssetInternal</c>, <c>getAssetInfo</c>, <c>getPrice</c>). Factors are scaled by
/// FACTOR_SCALE = 1e18, the price by PRICE_SCALE = 1e8 (feeds must have 8 decimals).
/// </para>
/// <para>
/// Comet stores the three collateral factors as <c>uint16</c> with four decimals: <c>getPackedAssetInternal</c>
/// divides each by <c>FACTOR_SCALE / 1e4</c> = 1e14, truncating, and <c>getAssetInfo</c> multiplies the stored
/// number back by 1e14. This model stores them the same way, so a factor that is not a multiple of 1e14 is truncated
/// to one (0.12345e18 reads back, and is used, as 0.1234e18). The upper bounds below are checked on the factor as
/// given, before truncation, as Comet checks <c>LiquidateCFTooLarge</c>; <c>borrowCF &lt; liquidateCF</c> is checked on
/// the truncated factors, which is Comet's second ("descaled") <c>BorrowCFTooLarge</c> check and implies its first.
/// The supply cap, stored in whole units, is still refused when it is not a whole number of tokens. Also refused
/// (<see cref="ArgumentException"/> naming the property): an empty name; decimals outside 0–18 (the scale
/// 10^decimals is a <c>uint64</c>); a zero price (<c>getPrice</c> reverts <c>BadPrice</c>); a liquidate collateral
/// factor above 1e18 (<c>LiquidateCFTooLarge</c>); a liquidation factor above 1e18 (the model's bound: above 1.0 the
/// protocol would pay out more than the collateral is worth). The rule <c>borrowCF &lt; liquidateCF</c>
/// (<c>BorrowCFTooLarge</c>) is checked by the constructor and again by <see cref="CometMarket"/>, since a
/// <c>with</c> expression can change one factor at a time. Immutable; thread safe.
/// </para>
/// </remarks>
public sealed record CometAssetConfig
{
    private static readonly UInt256 s_factorDescale = UInt256.Pow10(14);

    private readonly string _asset = "";
    private readonly int _decimals;
    private readonly UInt256 _price;
    private readonly UInt256 _borrowCollateralFactor;
    private readonly UInt256 _liquidateCollateralFactor;
    private readonly UInt256 _liquidationFactor;
    private readonly UInt256 _supplyCap;

    /// <summary>Creates an asset configuration.</summary>
    /// <param name="asset">The asset's symbol (for example <c>WETH</c>); accounts refer to it.</param>
    /// <param name="decimals">The asset's decimals, 0 to 18.</param>
    /// <param name="price">The price feed's answer: dollars × 1e8; not zero.</param>
    /// <param name="borrowCollateralFactor">How much of the collateral's value may be borrowed against (1e18 scale; truncated to 4 decimals as Comet stores it); below <paramref name="liquidateCollateralFactor"/> once both are truncated.</param>
    /// <param name="liquidateCollateralFactor">Below this fraction of collateral value the account is liquidatable (1e18 scale; truncated to 4 decimals as Comet stores it); at most 1e18 before truncation.</param>
    /// <param name="liquidationFactor">The fraction of collateral value credited to the user when absorbed (1e18 scale; truncated to 4 decimals as Comet stores it); at most 1e18 before truncation.</param>
    /// <param name="supplyCap">The most of this asset the protocol accepts, in smallest units (a whole number of tokens).</param>
    /// <exception cref="ArgumentException">An argument breaks a rule in the remarks.</exception>
    public CometAssetConfig(
        string asset,
        int decimals,
        UInt256 price,
        UInt256 borrowCollateralFactor,
        UInt256 liquidateCollateralFactor,
        UInt256 liquidationFactor,
        UInt256 supplyCap)
    {
        Asset = asset;
        Decimals = decimals;
        Price = price;
        BorrowCollateralFactor = borrowCollateralFactor;
        LiquidateCollateralFactor = liquidateCollateralFactor;
        LiquidationFactor = liquidationFactor;
        SupplyCap = supplyCap;
        CheckFactorOrder();
    }

    /// <summary>The highest decimals the model accepts (10^decimals is stored as a <c>uint64</c>).</summary>
    public const int MaxDecimals = 18;

    /// <summary>The asset's symbol; unique within a <see cref="CometMarket"/>.</summary>
    public string Asset { get => _asset; init => _asset = CompoundChecks.Name(value, nameof(Asset)); }

    /// <summary>The asset's decimals, 0 to 18.</summary>
    public int Decimals
    {
        get => _decimals;
        init
        {
            _decimals = CompoundChecks.Decimals(value, MaxDecimals, nameof(Decimals));
            CheckSupplyCap(_supplyCap, _decimals);
        }
    }

    /// <summary><c>10^decimals</c>, Comet's <c>AssetInfo.scale</c>.</summary>
    public UInt256 Scale => UInt256.Pow10(_decimals);

    /// <summary>The price feed's answer now: dollars × 1e8 per whole token; not zero.</summary>
    public UInt256 Price { get => _price; init => _price = CompoundChecks.Positive(value, nameof(Price)); }

    /// <summary><c>borrowCollateralFactor</c> (1e18 scale), a multiple of 1e14: the value set, truncated to 4 decimals.</summary>
    public UInt256 BorrowCollateralFactor { get => _borrowCollateralFactor; init => _borrowCollateralFactor = Factor(value, nameof(BorrowCollateralFactor)); }

    /// <summary><c>liquidateCollateralFactor</c> (1e18 scale), a multiple of 1e14: the value set (at most 1e18), truncated to 4 decimals.</summary>
    public UInt256 LiquidateCollateralFactor { get => _liquidateCollateralFactor; init => _liquidateCollateralFactor = Factor(value, nameof(LiquidateCollateralFactor)); }

    /// <summary><c>liquidationFactor</c> (1e18 scale), a multiple of 1e14: the value set (at most 1e18), truncated to 4 decimals. The liquidation penalty is 1 − this.</summary>
    public UInt256 LiquidationFactor { get => _liquidationFactor; init => _liquidationFactor = Factor(value, nameof(LiquidationFactor)); }

    /// <summary><c>supplyCap</c> in smallest units (a whole number of tokens). Kept as data: absorb and buyCollateral do not check it.</summary>
    public UInt256 SupplyCap
    {
        get => _supplyCap;
        init
        {
            CheckSupplyCap(value, _decimals);
            _supplyCap = value;
        }
    }

    internal void CheckFactorOrder()
    {
        if (_borrowCollateralFactor >= _liquidateCollateralFactor)
        {
            ThrowHelper.Argument(nameof(BorrowCollateralFactor), _borrowCollateralFactor, $"must be below the liquidate collateral factor {_liquidateCollateralFactor} of {_asset} (BorrowCFTooLarge)");
        }
    }

    // Bound first, on the value as given (Comet's LiquidateCFTooLarge looks at the raw factor: 1.00005e18 reverts even
    // though it would truncate to 1e18), then keep four decimals as Comet's uint16 storage does.
    private static UInt256 Factor(UInt256 value, string paramName)
    {
        CompoundChecks.AtMost(value, ExponentialNoError.ExpScale, paramName, "must be at most 1e18 (100%)");
        return value - (value % s_factorDescale);
    }

    private static void CheckSupplyCap(UInt256 supplyCap, int decimals)
    {
        if (!(supplyCap % UInt256.Pow10(decimals)).IsZero)
        {
            ThrowHelper.Argument(nameof(SupplyCap), supplyCap, "must be a whole number of tokens (Comet stores the cap in whole units)");
        }
    }
}
