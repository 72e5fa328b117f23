using System.Globalization;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// One Compound v2 market (a cToken) as the Comptroller and the cToken store it at a block: the oracle price, the
/// collateral factor, the cToken's cash, totals and borrow index, its interest rate model and the block it last
/// accrued. The exchange rate is computed from that state (<c>exchangeRateStored</c>), and
/// <see cref="AccrueInterest"/> moves it to a later block as <c>CToken.accrueInterest</c> does. Every number is the
/// protocol's own integer: <c>Exp</c> mantissas scaled by 1e18, amounts in the token's smallest unit.
/// </summary>
/// <remarks>
/// <para>
/// Sources: compound-protocol commit a3214f67b73310d547e00fc578e8355911c9d376 (reference defi.md §0, §2.1):
/// <c>contracts/CToken.sol</c> (<c>exchangeRateStoredInternal</c>, <c>accrueInterest</c>, <c>getCashPrior</c>,
/// <c>borrowIndex</c>, <c>totalSupply</c>, <c>totalBorrows</c>, <c>totalReserves</c>),
/// <c>contracts/CTokenInterfaces.sol</c> (<c>initialExchangeRateMantissa</c>, <c>reserveFactorMantissa</c>,
/// <c>accrualBlockNumber</c>, <c>borrowRateMaxMantissa</c>, <c>reserveFactorMaxMantissa</c>),
/// <c>contracts/Comptroller.sol</c> (<c>markets[cToken].collateralFactorMantissa</c>) and
/// <c>contracts/PriceOracle.sol</c> (<c>getUnderlyingPrice</c>).
/// </para>
/// <para>
/// The oracle price is the protocol's: a 1e18 mantissa applied per <em>smallest unit</em> of the underlying, so a
/// token worth P dollars with d decimals has mantissa P × 1e18 × 10^(18 − d) (see
/// <see cref="CompoundV2Decimal.PriceMantissa"/>). A zero price is accepted, as an oracle can answer zero: the
/// Comptroller reports <c>PRICE_ERROR</c> when it reads it (see <see cref="CompoundV2LiquidationError.PriceError"/>).
/// The exchange rate is underlying smallest units per cToken smallest unit, times 1e18.
/// </para>
/// <para>
/// Refused (<see cref="ArgumentException"/> naming the property): an empty name, decimals outside 0–36 (the price
/// scale 10^(36 − d) would not be an integer), a zero initial exchange rate (<c>CToken.initialize</c> requires it
/// above zero) or borrow index, a collateral factor of 1e18 or more, a reserve factor above 1e18
/// (<c>reserveFactorMaxMantissa</c>). <c>Comptroller._setCollateralFactor</c> caps the factor at
/// <c>collateralFactorMaxMantissa</c> = 0.9e18; this model accepts anything below 1.0 so a what-if run can go past
/// governance's cap, and <see cref="CollateralFactorMaxMantissa"/> states the protocol's cap. State the contract
/// cannot hold together (reserves above cash plus borrows) is not refused up front: reading the exchange rate then
/// throws <see cref="OverflowException"/>, as the contract's subtraction reverts. Immutable; validation also runs on
/// <c>with</c> expressions; thread safe.
/// </para>
/// </remarks>
public sealed record CompoundV2Market
{
    private readonly string _name = "";
    private readonly int _underlyingDecimals;
    private readonly int _cTokenDecimals;
    private readonly UInt256 _initialExchangeRateMantissa;
    private readonly UInt256 _collateralFactorMantissa;
    private readonly UInt256 _borrowIndex;
    private readonly UInt256 _reserveFactorMantissa;

    /// <summary>
    /// Creates a market; cash, the totals and the reserve factor start at zero, the accrual block at 0 and the rate
    /// model unset; set them with an object initializer or <c>with</c>.
    /// </summary>
    /// <param name="name">The market's name (the cToken symbol, for example <c>cUSDC</c>); accounts refer to it.</param>
    /// <param name="underlyingDecimals">The underlying token's decimals, 0 to 36.</param>
    /// <param name="cTokenDecimals">The cToken's decimals (8 on every mainnet cToken), 0 to 36.</param>
    /// <param name="initialExchangeRateMantissa"><c>initialExchangeRateMantissa</c>: the exchange rate while no cTokens exist (underlying units per cToken unit, scaled by 1e18); not zero.</param>
    /// <param name="collateralFactorMantissa">The collateral factor, scaled by 1e18; below 1e18.</param>
    /// <param name="underlyingPriceMantissa">The oracle price per smallest unit of underlying, scaled by 1e18; zero is the oracle failing.</param>
    /// <param name="borrowIndex">The market's borrow index (1e18 at deployment); not zero.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule in the remarks.</exception>
    public CompoundV2Market(
        string name,
        int underlyingDecimals,
        int cTokenDecimals,
        UInt256 initialExchangeRateMantissa,
        UInt256 collateralFactorMantissa,
        UInt256 underlyingPriceMantissa,
        UInt256 borrowIndex)
    {
        Name = name;
        UnderlyingDecimals = underlyingDecimals;
        CTokenDecimals = cTokenDecimals;
        InitialExchangeRateMantissa = initialExchangeRateMantissa;
        CollateralFactorMantissa = collateralFactorMantissa;
        UnderlyingPriceMantissa = underlyingPriceMantissa;
        BorrowIndex = borrowIndex;
    }

    /// <summary>
    /// <c>Comptroller.collateralFactorMaxMantissa</c> = 0.9e18, the cap governance's <c>_setCollateralFactor</c>
    /// enforces (this model only requires a factor below 1e18).
    /// </summary>
    public static UInt256 CollateralFactorMaxMantissa { get; } = UInt256.Pow10(17) * (UInt256)9UL;

    /// <summary><c>CTokenInterfaces.borrowRateMaxMantissa</c> = 0.0005e16 (0.0005% per block): a model rate above it makes <c>accrueInterest</c> revert.</summary>
    public static UInt256 BorrowRateMaxMantissa { get; } = UInt256.Pow10(12) * (UInt256)5UL;

    /// <summary>The highest underlying decimals the model accepts: the price scale is 10^(36 − decimals).</summary>
    public const int MaxDecimals = 36;

    /// <summary>The market's name (cToken symbol); unique within a <see cref="CompoundV2Comptroller"/>.</summary>
    public string Name { get => _name; init => _name = CompoundChecks.Name(value, nameof(Name)); }

    /// <summary>The underlying token's decimals, 0 to <see cref="MaxDecimals"/>.</summary>
    public int UnderlyingDecimals { get => _underlyingDecimals; init => _underlyingDecimals = CompoundChecks.Decimals(value, MaxDecimals, nameof(UnderlyingDecimals)); }

    /// <summary>The cToken's decimals (8 on mainnet), 0 to <see cref="MaxDecimals"/>; used only by the decimal façade.</summary>
    public int CTokenDecimals { get => _cTokenDecimals; init => _cTokenDecimals = CompoundChecks.Decimals(value, MaxDecimals, nameof(CTokenDecimals)); }

    /// <summary><c>initialExchangeRateMantissa</c>: the exchange rate while <see cref="TotalSupply"/> is zero, scaled by 1e18; not zero.</summary>
    public UInt256 InitialExchangeRateMantissa
    {
        get => _initialExchangeRateMantissa;
        init => _initialExchangeRateMantissa = CompoundChecks.Positive(value, nameof(InitialExchangeRateMantissa));
    }

    /// <summary>
    /// <c>exchangeRateStored()</c> (<c>CToken.exchangeRateStoredInternal</c>): <see cref="InitialExchangeRateMantissa"/>
    /// while no cTokens exist, else <c>(cash + totalBorrows − totalReserves) × 1e18 / totalSupply</c>, truncated.
    /// Computed from the stored state on every read; it does not accrue interest first.
    /// </summary>
    /// <exception cref="OverflowException">Reserves exceed cash plus borrows, or the product overflows (reverts on chain).</exception>
    public UInt256 ExchangeRateMantissa
    {
        get
        {
            if (TotalSupply.IsZero)
            {
                return _initialExchangeRateMantissa;
            }

            UInt256 underlying = Cash + TotalBorrows - TotalReserves;
            return ExponentialNoError.Div(underlying, TotalSupply);
        }
    }

    /// <summary><c>markets[cToken].collateralFactorMantissa</c>, scaled by 1e18; below 1e18.</summary>
    public UInt256 CollateralFactorMantissa
    {
        get => _collateralFactorMantissa;
        init => _collateralFactorMantissa = CompoundChecks.Below(value, ExponentialNoError.ExpScale, nameof(CollateralFactorMantissa), "must be below 1e18 (a collateral factor under 100%)");
    }

    /// <summary>
    /// <c>oracle.getUnderlyingPrice(cToken)</c>: price per smallest unit of underlying, scaled by 1e18. Zero is what a
    /// failing oracle answers; the Comptroller reports <c>PRICE_ERROR</c> when a liquidity check or a seize
    /// calculation reads it.
    /// </summary>
    public UInt256 UnderlyingPriceMantissa { get; init; }

    /// <summary><c>borrowIndex</c>: the accumulated borrow interest index, scaled by 1e18; not zero. <see cref="AccrueInterest"/> raises it.</summary>
    public UInt256 BorrowIndex { get => _borrowIndex; init => _borrowIndex = CompoundChecks.Positive(value, nameof(BorrowIndex)); }

    /// <summary><c>totalSupply</c>: cTokens in circulation (smallest units). A seize burns the protocol's share from it.</summary>
    public UInt256 TotalSupply { get; init; }

    /// <summary><c>totalBorrows</c>: underlying owed by all borrowers (smallest units). A repay lowers it; accrual raises it.</summary>
    public UInt256 TotalBorrows { get; init; }

    /// <summary><c>totalReserves</c>: underlying held as reserves (smallest units). A seize adds the protocol's share; accrual adds the reserve factor's part of the interest.</summary>
    public UInt256 TotalReserves { get; init; }

    /// <summary><c>getCashPrior()</c>: the cToken's balance of the underlying (smallest units). A repay adds to it.</summary>
    public UInt256 Cash { get; init; }

    /// <summary><c>reserveFactorMantissa</c>: the share of accrued interest set aside as reserves, scaled by 1e18; at most 1e18.</summary>
    public UInt256 ReserveFactorMantissa
    {
        get => _reserveFactorMantissa;
        init => _reserveFactorMantissa = CompoundChecks.AtMost(value, ExponentialNoError.ExpScale, nameof(ReserveFactorMantissa), "must be at most 1e18 (reserveFactorMaxMantissa)");
    }

    /// <summary><c>interestRateModel</c>, or <see langword="null"/> when accrual is not modelled (then <see cref="AccrueInterest"/> accepts only the current block).</summary>
    public CompoundV2InterestRateModel? InterestRateModel { get; init; }

    /// <summary><c>accrualBlockNumber</c>: the block interest was last accrued at.</summary>
    public ulong AccrualBlockNumber { get; init; }

    /// <summary>
    /// <c>CToken.accrueInterest</c> at <paramref name="blockNumber"/>: the rate model's borrow rate for the stored
    /// cash, borrows and reserves, then with <c>simpleInterestFactor = borrowRate × blockDelta</c>:
    /// <c>interestAccumulated = truncate(simpleInterestFactor × totalBorrows)</c>,
    /// <c>totalBorrows += interestAccumulated</c>,
    /// <c>totalReserves += truncate(reserveFactor × interestAccumulated)</c>,
    /// <c>borrowIndex += truncate(simpleInterestFactor × borrowIndex)</c>, and the accrual block becomes
    /// <paramref name="blockNumber"/>. Cash and supply do not change.
    /// </summary>
    /// <param name="blockNumber">The current block; not before <see cref="AccrualBlockNumber"/>.</param>
    /// <returns>The accrued market; this same instance when <paramref name="blockNumber"/> is the accrual block (the contract's short-circuit).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockNumber"/> is before <see cref="AccrualBlockNumber"/> (the block delta underflows on chain).</exception>
    /// <exception cref="InvalidOperationException">
    /// Blocks have elapsed and no <see cref="InterestRateModel"/> is set, or the model's rate is above
    /// <see cref="BorrowRateMaxMantissa"/> (the contract's <c>require</c>, "borrow rate is absurdly high").
    /// </exception>
    /// <exception cref="OverflowException">A product or sum does not fit in uint256 (reverts on chain).</exception>
    public CompoundV2Market AccrueInterest(ulong blockNumber)
    {
        if (blockNumber < AccrualBlockNumber)
        {
            ThrowHelper.OutOfRange(nameof(blockNumber), blockNumber, string.Create(CultureInfo.InvariantCulture, $"must not be before the accrual block {AccrualBlockNumber} of {Name}"));
        }

        if (blockNumber == AccrualBlockNumber)
        {
            return this;
        }

        if (InterestRateModel is null)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{Name} has no InterestRateModel, so interest cannot accrue past block {AccrualBlockNumber}."));
        }

        UInt256 borrowRate = InterestRateModel.GetBorrowRate(Cash, TotalBorrows, TotalReserves);
        if (borrowRate > BorrowRateMaxMantissa)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{Name}: borrow rate {borrowRate} is absurdly high (above borrowRateMaxMantissa 5e12 per block); accrueInterest reverts."));
        }

        UInt256 simpleInterestFactor = borrowRate * (blockNumber - AccrualBlockNumber);
        UInt256 interestAccumulated = ExponentialNoError.MulScalarTruncate(simpleInterestFactor, TotalBorrows);
        return this with
        {
            AccrualBlockNumber = blockNumber,
            BorrowIndex = ExponentialNoError.MulScalarTruncateAddUInt(simpleInterestFactor, BorrowIndex, BorrowIndex),
            TotalBorrows = interestAccumulated + TotalBorrows,
            TotalReserves = ExponentialNoError.MulScalarTruncateAddUInt(ReserveFactorMantissa, interestAccumulated, TotalReserves),
        };
    }
}
