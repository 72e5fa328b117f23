using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// One Compound v2 market (a cToken) as the Comptroller and the cToken see it at a block: the oracle price, the
/// stored exchange rate and borrow index (interest accrual is an input, not modelled), the collateral factor and
/// the cToken's totals. Every number is the protocol's own integer: <c>Exp</c> mantissas scaled by 1e18, amounts in
/// the token's smallest unit.
/// </summary>
/// <remarks>
/// <para>
/// Sources: compound-protocol commit a3214f6 (reference defi.md §0, §2.1): <c>contracts/CToken.sol</c>
/// (<c>exchangeRateStored</c>, <c>borrowIndex</c>, <c>totalSupply</c>, <c>totalBorrows</c>, <c>totalReserves</c>),
/// <c>contracts/Comptroller.sol</c> (<c>markets[cToken].collateralFactorMantissa</c>) and
/// <c>contracts/PriceOracle.sol</c> (<c>getUnderlyingPrice</c>).
/// </para>
/// <para>
/// The oracle price is the protocol's: a 1e18 mantissa applied per <em>smallest unit</em> of the underlying, so a
/// token worth P dollars with d decimals has mantissa P × 1e18 × 10^(18 − d) (see
/// <see cref="CompoundV2Decimal.PriceMantissa"/>). The exchange rate is underlying smallest units per cToken smallest
/// unit, times 1e18.
/// </para>
/// <para>
/// Refused (<see cref="ArgumentException"/> naming the property): an empty name, decimals outside 0–36 (the price
/// scale 10^(36 − d) would not be an integer), a zero price (the Comptroller answers <c>PRICE_ERROR</c>), a zero
/// exchange rate or borrow index, a collateral factor of 1e18 or more. <c>Comptroller._setCollateralFactor</c>
/// caps the factor at <c>collateralFactorMaxMantissa</c> = 0.9e18; this model accepts anything below 1.0 so a what-if
/// run can go past governance's cap, and <see cref="CollateralFactorMaxMantissa"/> states the protocol's cap.
/// Immutable; validation also runs on <c>with</c> expressions; thread safe.
/// </para>
/// </remarks>
public sealed record CompoundV2Market
{
    private readonly string _name = "";
    private readonly int _underlyingDecimals;
    private readonly int _cTokenDecimals;
    private readonly UInt256 _exchangeRateMantissa;
    private readonly UInt256 _collateralFactorMantissa;
    private readonly UInt256 _underlyingPriceMantissa;
    private readonly UInt256 _borrowIndex;

    /// <summary>Creates a market; the totals start at zero and are set with an object initializer or <c>with</c>.</summary>
    /// <param name="name">The market's name (the cToken symbol, for example <c>cUSDC</c>); accounts refer to it.</param>
    /// <param name="underlyingDecimals">The underlying token's decimals, 0 to 36.</param>
    /// <param name="cTokenDecimals">The cToken's decimals (8 on every mainnet cToken), 0 to 36.</param>
    /// <param name="exchangeRateMantissa">Underlying units per cToken unit, scaled by 1e18; not zero.</param>
    /// <param name="collateralFactorMantissa">The collateral factor, scaled by 1e18; below 1e18.</param>
    /// <param name="underlyingPriceMantissa">The oracle price per smallest unit of underlying, scaled by 1e18; not zero.</param>
    /// <param name="borrowIndex">The market's borrow index (1e18 at deployment); not zero.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule in the remarks.</exception>
    public CompoundV2Market(
        string name,
        int underlyingDecimals,
        int cTokenDecimals,
        UInt256 exchangeRateMantissa,
        UInt256 collateralFactorMantissa,
        UInt256 underlyingPriceMantissa,
        UInt256 borrowIndex)
    {
        Name = name;
        UnderlyingDecimals = underlyingDecimals;
        CTokenDecimals = cTokenDecimals;
        ExchangeRateMantissa = exchangeRateMantissa;
        CollateralFactorMantissa = collateralFactorMantissa;
        UnderlyingPriceMantissa = underlyingPriceMantissa;
        BorrowIndex = borrowIndex;
    }

    /// <summary>
    /// <c>Comptroller.collateralFactorMaxMantissa</c> = 0.9e18, the cap governance's <c>_setCollateralFactor</c>
    /// enforces (this model only requires a factor below 1e18).
    /// </summary>
    public static UInt256 CollateralFactorMaxMantissa { get; } = UInt256.Pow10(17) * (UInt256)9UL;

    /// <summary>The highest underlying decimals the model accepts: the price scale is 10^(36 − decimals).</summary>
    public const int MaxDecimals = 36;

    /// <summary>The market's name (cToken symbol); unique within a <see cref="CompoundV2Comptroller"/>.</summary>
    public string Name { get => _name; init => _name = CompoundChecks.Name(value, nameof(Name)); }

    /// <summary>The underlying token's decimals, 0 to <see cref="MaxDecimals"/>.</summary>
    public int UnderlyingDecimals { get => _underlyingDecimals; init => _underlyingDecimals = CompoundChecks.Decimals(value, MaxDecimals, nameof(UnderlyingDecimals)); }

    /// <summary>The cToken's decimals (8 on mainnet), 0 to <see cref="MaxDecimals"/>; used only by the decimal façade.</summary>
    public int CTokenDecimals { get => _cTokenDecimals; init => _cTokenDecimals = CompoundChecks.Decimals(value, MaxDecimals, nameof(CTokenDecimals)); }

    /// <summary><c>exchangeRateStored()</c>: underlying units per cToken unit, scaled by 1e18; not zero.</summary>
    public UInt256 ExchangeRateMantissa { get => _exchangeRateMantissa; init => _exchangeRateMantissa = CompoundChecks.Positive(value, nameof(ExchangeRateMantissa)); }

    /// <summary><c>markets[cToken].collateralFactorMantissa</c>, scaled by 1e18; below 1e18.</summary>
    public UInt256 CollateralFactorMantissa
    {
        get => _collateralFactorMantissa;
        init => _collateralFactorMantissa = CompoundChecks.Below(value, ExponentialNoError.ExpScale, nameof(CollateralFactorMantissa), "must be below 1e18 (a collateral factor under 100%)");
    }

    /// <summary><c>oracle.getUnderlyingPrice(cToken)</c>: price per smallest unit of underlying, scaled by 1e18; not zero.</summary>
    public UInt256 UnderlyingPriceMantissa
    {
        get => _underlyingPriceMantissa;
        init => _underlyingPriceMantissa = CompoundChecks.Positive(value, nameof(UnderlyingPriceMantissa));
    }

    /// <summary><c>borrowIndex</c>: the accumulated borrow interest index, scaled by 1e18; not zero.</summary>
    public UInt256 BorrowIndex { get => _borrowIndex; init => _borrowIndex = CompoundChecks.Positive(value, nameof(BorrowIndex)); }

    /// <summary><c>totalSupply</c>: cTokens in circulation (smallest units). A seize burns the protocol's share from it.</summary>
    public UInt256 TotalSupply { get; init; }

    /// <summary><c>totalBorrows</c>: underlying owed by all borrowers (smallest units). A repay lowers it.</summary>
    public UInt256 TotalBorrows { get; init; }

    /// <summary><c>totalReserves</c>: underlying held as reserves (smallest units). A seize adds the protocol's share.</summary>
    public UInt256 TotalReserves { get; init; }
}
