using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// The protocol's holdings and obligations in one Comet collateral asset: <c>totalsCollateral[asset].totalSupplyAsset</c>
/// (what users have supplied) and the asset's <c>balanceOf(comet)</c> (what the contract holds). The difference is
/// the collateral reserves that <c>buyCollateral</c> sells.
/// </summary>
/// <param name="Asset">The asset's symbol.</param>
/// <param name="TotalSupplyAsset">Collateral supplied by users (smallest units).</param>
/// <param name="Balance">The contract's token balance of the asset (smallest units).</param>
public readonly record struct CometCollateralTotals(string Asset, UInt256 TotalSupplyAsset, UInt256 Balance);

/// <summary>
/// A Comet (Compound v3) market at a block: the base token and its price, the collateral assets, the store-front
/// price factor and target reserves, the base indices (interest accrual is an input, not modelled) and the totals
/// that reserves are computed from.
/// </summary>
/// <remarks>
/// <para>
/// Sources: compound-finance/comet commit d5a30b0 (reference defi.md §3.1): <c>Comet.sol</c> (constructor,
/// <c>getReserves</c>, <c>getCollateralReserves</c>), <c>CometStorage.sol</c> (<c>baseSupplyIndex</c>,
/// <c>baseBorrowIndex</c>, <c>totalSupplyBase</c>, <c>totalBorrowBase</c>, <c>totalsCollateral</c>). The base indices
/// start at BASE_INDEX_SCALE = 1e15, as Comet's constructor sets them; <see cref="BaseBalance"/> is the base token's
/// <c>balanceOf(comet)</c>.
/// </para>
/// <para>
/// Refused (<see cref="ArgumentException"/> naming the property): an empty base token name or one shared with an
/// asset; base decimals outside 6–18 (<c>BadDecimals</c>); a zero base price (<c>BadPrice</c>); a store-front price factor above 1e18
/// (<c>BadDiscount</c>); more than 15 assets (<c>TooManyAssets</c>); two assets with the same name; an asset whose
/// borrow collateral factor is not below its liquidate collateral factor; zero indices; totals that name an unknown
/// asset or name one twice; total principals above <c>uint104</c>. Immutable; validation also runs on
/// <c>with</c>; thread safe.
/// </para>
/// </remarks>
public sealed record CometMarket
{
    private static readonly UInt256 s_uint104Max = (UInt256)((System.Numerics.BigInteger.One << 104) - 1);
    private static readonly UInt256 s_uint64Max = ulong.MaxValue;

    private readonly string _baseToken = "";
    private readonly int _baseDecimals;
    private readonly UInt256 _basePrice;
    private readonly UInt256 _storeFrontPriceFactor;
    private readonly ImmutableArray<CometAssetConfig> _assets = [];
    private readonly UInt256 _baseSupplyIndex = BaseIndexScale;
    private readonly UInt256 _baseBorrowIndex = BaseIndexScale;
    private readonly UInt256 _totalSupplyBase;
    private readonly UInt256 _totalBorrowBase;
    private readonly ImmutableArray<CometCollateralTotals> _collateralTotals = [];

    /// <summary>Creates a market with indices at 1e15 and all totals zero; set them with an object initializer or <c>with</c>.</summary>
    /// <param name="baseToken">The base token's symbol (for example <c>USDC</c>).</param>
    /// <param name="baseDecimals">The base token's decimals, 6 to 18.</param>
    /// <param name="basePrice">The base token's price feed answer, dollars × 1e8; not zero.</param>
    /// <param name="storeFrontPriceFactor">The share of the liquidation penalty passed to collateral buyers as a discount (1e18 scale); at most 1e18.</param>
    /// <param name="targetReserves">Collateral is sold only while reserves are below this (base smallest units).</param>
    /// <param name="assets">The collateral assets, in Comet's asset order (at most 15).</param>
    /// <exception cref="ArgumentException">An argument breaks a rule in the remarks.</exception>
    public CometMarket(string baseToken, int baseDecimals, UInt256 basePrice, UInt256 storeFrontPriceFactor, UInt256 targetReserves, IEnumerable<CometAssetConfig> assets)
    {
        Assets = [.. assets ?? throw new ArgumentNullException(nameof(assets))];
        BaseToken = baseToken;
        BaseDecimals = baseDecimals;
        BasePrice = basePrice;
        StoreFrontPriceFactor = storeFrontPriceFactor;
        TargetReserves = targetReserves;
    }

    /// <summary>BASE_INDEX_SCALE = 1e15.</summary>
    public static UInt256 BaseIndexScale { get; } = UInt256.Pow10(15);

    /// <summary>PRICE_SCALE = 1e8: price feeds report dollars with 8 decimals.</summary>
    public static UInt256 PriceScale { get; } = UInt256.Pow10(8);

    /// <summary>MAX_ASSETS = 15.</summary>
    public const int MaxAssets = 15;

    /// <summary>The base token's symbol.</summary>
    public string BaseToken
    {
        get => _baseToken;
        init
        {
            CompoundChecks.Name(value, nameof(BaseToken));
            foreach (CometAssetConfig asset in _assets)
            {
                if (string.Equals(asset.Asset, value, StringComparison.Ordinal))
                {
                    ThrowHelper.Argument(nameof(BaseToken), value, "must not also be a collateral asset");
                }
            }

            _baseToken = value;
        }
    }

    /// <summary>
    /// The base token's decimals, 6 to 18: Comet's constructor reverts <c>BadDecimals</c> above
    /// <c>MAX_BASE_DECIMALS</c> = 18 and when <c>baseScale</c> is below <c>BASE_ACCRUAL_SCALE</c> = 1e6.
    /// </summary>
    public int BaseDecimals { get => _baseDecimals; init => _baseDecimals = CompoundChecks.Decimals(value, MinBaseDecimals, CometAssetConfig.MaxDecimals, nameof(BaseDecimals)); }

    /// <summary>The fewest base token decimals Comet accepts (<c>baseScale</c> ≥ <c>BASE_ACCRUAL_SCALE</c> = 1e6).</summary>
    public const int MinBaseDecimals = 6;

    /// <summary><c>baseScale</c> = 10^baseDecimals.</summary>
    public UInt256 BaseScale => UInt256.Pow10(_baseDecimals);

    /// <summary>The base token's price feed answer now: dollars × 1e8; not zero.</summary>
    public UInt256 BasePrice { get => _basePrice; init => _basePrice = CompoundChecks.Positive(value, nameof(BasePrice)); }

    /// <summary><c>storeFrontPriceFactor</c> (1e18 scale); at most 1e18.</summary>
    public UInt256 StoreFrontPriceFactor
    {
        get => _storeFrontPriceFactor;
        init => _storeFrontPriceFactor = CompoundChecks.AtMost(value, ExponentialNoError.ExpScale, nameof(StoreFrontPriceFactor), "must be at most 1e18 (BadDiscount)");
    }

    /// <summary><c>targetReserves</c> in base smallest units.</summary>
    public UInt256 TargetReserves { get; init; }

    /// <summary>The collateral assets in Comet's order (the order <c>isLiquidatable</c> and <c>absorb</c> visit them).</summary>
    public ImmutableArray<CometAssetConfig> Assets
    {
        get => _assets;
        init
        {
            if (value.IsDefault)
            {
                ThrowHelper.Argument(nameof(Assets), null, "must not be a default array");
            }

            if (value.Length > MaxAssets)
            {
                ThrowHelper.OutOfRange(nameof(Assets), value.Length, "must hold at most 15 assets (TooManyAssets)");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (CometAssetConfig asset in value)
            {
                if (asset is null)
                {
                    ThrowHelper.Argument(nameof(Assets), null, "must not contain null assets");
                }

                if (!seen.Add(asset.Asset) || string.Equals(asset.Asset, _baseToken, StringComparison.Ordinal))
                {
                    ThrowHelper.Argument(nameof(Assets), asset.Asset, "must name each asset once and not the base token");
                }

                asset.CheckFactorOrder();
            }

            _assets = value;
        }
    }

    /// <summary><c>baseSupplyIndex</c> (1e15 scale, a <c>uint64</c>); not zero.</summary>
    public UInt256 BaseSupplyIndex { get => _baseSupplyIndex; init => _baseSupplyIndex = Index(value, nameof(BaseSupplyIndex)); }

    /// <summary><c>baseBorrowIndex</c> (1e15 scale, a <c>uint64</c>); not zero.</summary>
    public UInt256 BaseBorrowIndex { get => _baseBorrowIndex; init => _baseBorrowIndex = Index(value, nameof(BaseBorrowIndex)); }

    /// <summary><c>totalSupplyBase</c>: the sum of positive principals (a <c>uint104</c>).</summary>
    public UInt256 TotalSupplyBase { get => _totalSupplyBase; init => _totalSupplyBase = CompoundChecks.AtMost(value, s_uint104Max, nameof(TotalSupplyBase), "must fit in uint104"); }

    /// <summary><c>totalBorrowBase</c>: the sum of negative principals' magnitudes (a <c>uint104</c>).</summary>
    public UInt256 TotalBorrowBase { get => _totalBorrowBase; init => _totalBorrowBase = CompoundChecks.AtMost(value, s_uint104Max, nameof(TotalBorrowBase), "must fit in uint104"); }

    /// <summary>The base token's <c>balanceOf(comet)</c> (smallest units).</summary>
    public UInt256 BaseBalance { get; init; }

    /// <summary>Per-asset totals; an asset not listed has zero supplied and zero held.</summary>
    public ImmutableArray<CometCollateralTotals> CollateralTotals
    {
        get => _collateralTotals;
        init
        {
            if (value.IsDefault)
            {
                ThrowHelper.Argument(nameof(CollateralTotals), null, "must not be a default array");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (CometCollateralTotals totals in value)
            {
                if (IndexOfAsset(totals.Asset) < 0 || !seen.Add(totals.Asset))
                {
                    ThrowHelper.Argument(nameof(CollateralTotals), totals.Asset, "must name each known asset at most once");
                }
            }

            _collateralTotals = value;
        }
    }

    /// <summary>The asset called <paramref name="asset"/>.</summary>
    /// <param name="asset">An asset symbol.</param>
    /// <returns>Its configuration.</returns>
    /// <exception cref="ArgumentException">The market has no such asset (Comet's <c>BadAsset</c>).</exception>
    public CometAssetConfig GetAsset(string asset) => GetAsset(asset, nameof(asset));

    /// <summary>The totals of <paramref name="asset"/> (zeros when none were given).</summary>
    /// <param name="asset">An asset symbol.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="ArgumentException">The market has no such asset.</exception>
    public CometCollateralTotals GetCollateralTotals(string asset)
    {
        GetAsset(asset, nameof(asset));
        foreach (CometCollateralTotals totals in _collateralTotals)
        {
            if (string.Equals(totals.Asset, asset, StringComparison.Ordinal))
            {
                return totals;
            }
        }

        return new CometCollateralTotals(asset, UInt256.Zero, UInt256.Zero);
    }

    /// <summary>A copy with the totals of <paramref name="totals"/>'s asset replaced.</summary>
    /// <param name="totals">The new totals of a known asset.</param>
    /// <returns>The new market.</returns>
    /// <exception cref="ArgumentException">The market has no such asset.</exception>
    public CometMarket WithCollateralTotals(CometCollateralTotals totals)
    {
        GetAsset(totals.Asset, nameof(totals));
        for (int i = 0; i < _collateralTotals.Length; i++)
        {
            if (string.Equals(_collateralTotals[i].Asset, totals.Asset, StringComparison.Ordinal))
            {
                return this with { CollateralTotals = _collateralTotals.SetItem(i, totals) };
            }
        }

        return this with { CollateralTotals = _collateralTotals.Add(totals) };
    }

    internal CometAssetConfig GetAsset(string asset, string paramName)
    {
        int index = IndexOfAsset(asset);
        if (index < 0)
        {
            ThrowHelper.Argument(paramName, asset, "must name a collateral asset of the market (BadAsset)");
        }

        return _assets[index];
    }

    internal int IndexOfAsset(string asset)
    {
        for (int i = 0; i < _assets.Length; i++)
        {
            if (string.Equals(_assets[i].Asset, asset, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static UInt256 Index(UInt256 value, string paramName) =>
        CompoundChecks.AtMost(CompoundChecks.Positive(value, paramName), s_uint64Max, paramName, "must fit in uint64");
}
