using System.Numerics;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// dYdX v4 liquidation figures for one position of a subaccount, in decimal units: sizes in base units, prices in
/// USDC per base unit, amounts in USDC. Created by <see cref="DydxLiquidation.ForPosition(decimal, decimal, decimal, decimal, decimal, DydxLiquidationConfig)"/>; every figure is the
/// chain's integer arithmetic on quote quantums (10⁻⁶ USDC), so each amount returned is a whole number of quote
/// quantums and each price is the chain's exact fraction.
/// </summary>
/// <remarks>
/// <para>
/// The rules, units and rounding directions are those of <see cref="DydxLiquidation"/>; this type feeds them the
/// position's net notional and maintenance margin computed as the chain computes them (net notional truncated toward
/// zero, maintenance margin rounded up) and converts the results back to USDC.
/// </para>
/// <para>Immutable; safe to share between threads.</para>
/// </remarks>
public sealed record DydxPositionLiquidation
{
    private readonly Rational _size;
    private readonly Rational _price;
    private readonly Rational _fraction;
    private readonly BigInteger _positionNetNotional;
    private readonly BigInteger _positionMaintenanceMargin;
    private readonly BigInteger _totalNetCollateral;
    private readonly BigInteger _totalMaintenanceMargin;

    internal DydxPositionLiquidation(
        decimal positionSize,
        decimal oraclePrice,
        decimal maintenanceMarginFraction,
        decimal totalNetCollateral,
        decimal totalMaintenanceMargin,
        DydxLiquidationConfig config)
    {
        Config = Preconditions.NotNull(config);
        if (positionSize == 0m)
        {
            ThrowHelper.OutOfRange(nameof(positionSize), positionSize, "must not be zero");
        }

        Preconditions.Positive(oraclePrice);
        if (maintenanceMarginFraction is < 0m or > 1m)
        {
            ThrowHelper.OutOfRange(nameof(maintenanceMarginFraction), maintenanceMarginFraction, "must be between 0 and 1");
        }

        _size = Rational.FromDecimal(positionSize);
        _price = Rational.FromDecimal(oraclePrice);
        _fraction = Rational.FromDecimal(maintenanceMarginFraction);
        _positionNetNotional = NetNotional(_size);
        _positionMaintenanceMargin = MaintenanceMargin(_size);
        _totalNetCollateral = (Rational.FromDecimal(totalNetCollateral) * DydxLiquidation.s_quoteQuantumsPerUsdc).Floor();
        _totalMaintenanceMargin = (Rational.FromDecimal(totalMaintenanceMargin) * DydxLiquidation.s_quoteQuantumsPerUsdc).Ceiling();
        if (_totalMaintenanceMargin.Sign <= 0)
        {
            ThrowHelper.OutOfRange(nameof(totalMaintenanceMargin), totalMaintenanceMargin, "must be greater than zero (a subaccount without maintenance margin is never liquidated)");
        }

        if (_totalMaintenanceMargin < _positionMaintenanceMargin)
        {
            ThrowHelper.OutOfRange(
                nameof(totalMaintenanceMargin),
                totalMaintenanceMargin,
                "must include this position's maintenance margin " + ToUsdc(_positionMaintenanceMargin).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Rational fillable = DydxLiquidation.FillablePriceCore(
            _size, _positionNetNotional, _positionMaintenanceMargin, _totalNetCollateral, _totalMaintenanceMargin, config);
        if (fillable.Sign < 0)
        {
            ThrowHelper.Argument(nameof(maintenanceMarginFraction), maintenanceMarginFraction, "gives a liquidation spread larger than the position's notional (negative fillable price)");
        }

        // Per base quantum the chain's price is in quote quantums; per base unit, divide by quantums per USDC.
        FillablePrice = (fillable / DydxLiquidation.s_quoteQuantumsPerUsdc).ToDecimal(roundUp: IsLong);
        PositionSize = positionSize;
        OraclePrice = oraclePrice;
        MaintenanceMarginFraction = maintenanceMarginFraction;
    }

    /// <summary>Position size S in base units; positive for a long.</summary>
    public decimal PositionSize { get; }

    /// <summary>Oracle price in USDC per base unit.</summary>
    public decimal OraclePrice { get; }

    /// <summary>Maintenance margin as a fraction of notional.</summary>
    public decimal MaintenanceMarginFraction { get; }

    /// <summary>The liquidations configuration the figures use.</summary>
    public DydxLiquidationConfig Config { get; }

    /// <summary>PNNV in USDC: <c>S × oraclePrice</c> truncated toward zero to a quote quantum; negative for a short.</summary>
    public decimal PositionNetNotional => ToUsdc(_positionNetNotional);

    /// <summary>PMMR in USDC: <c>|PNNV| × maintenanceMarginFraction</c> rounded up to a quote quantum.</summary>
    public decimal PositionMaintenanceMargin => ToUsdc(_positionMaintenanceMargin);

    /// <summary>TNC in USDC as used: the value given, rounded down to a quote quantum.</summary>
    public decimal TotalNetCollateral => ToUsdc(_totalNetCollateral);

    /// <summary>TMMR in USDC as used: the value given, rounded up to a quote quantum.</summary>
    public decimal TotalMaintenanceMargin => ToUsdc(_totalMaintenanceMargin);

    /// <summary>Whether the subaccount is liquidatable: TNC &lt; TMMR (TMMR is positive here).</summary>
    public bool IsLiquidatable => _totalNetCollateral < _totalMaintenanceMargin;

    /// <summary>
    /// The fillable price in USDC per base unit, <c>(PNNV − ABR × SMMR × PMMR) ÷ S</c> (see
    /// <see cref="DydxLiquidation.FillablePrice"/>): the oracle price when the subaccount is not liquidatable, otherwise
    /// worse than the oracle price for the liquidated side by up to SMMR × PMMR ÷ |S|. Exact when the fraction has a
    /// decimal expansion of up to 28 places, otherwise rounded toward the oracle price (up for a long, down for a short),
    /// the direction the chain rounds the order's subticks.
    /// </summary>
    public decimal FillablePrice { get; }

    private bool IsLong => _size.Sign > 0;

    /// <summary>
    /// The bankruptcy price, as a signed USDC amount, of closing <paramref name="closeSize"/> of the position:
    /// <c>−DNNV − TNC × |DMMR| ÷ TMMR</c> on quote quantums, rounded toward +∞ (see
    /// <see cref="DydxLiquidation.BankruptcyPriceQuote"/>). Positive: the least a long must receive; negative: the most
    /// a short may pay (as a magnitude).
    /// </summary>
    /// <param name="closeSize">Base units to close; positive and at most |S|.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="closeSize"/> is not in (0, |S|].</exception>
    public decimal BankruptcyQuote(decimal closeSize) => ToUsdc(BankruptcyQuoteQuantums(closeSize));

    /// <summary>
    /// The bankruptcy price of closing <paramref name="closeSize"/>, in USDC per base unit:
    /// <see cref="BankruptcyQuote"/> ÷ closeSize for a long and its negation for a short, rounded on the side that needs
    /// no insurance fund (up for a long, down for a short) when it has more than 28 decimal places. Filling at a better
    /// price than this (higher for a long, lower for a short) leaves a surplus; at a worse one the insurance fund pays.
    /// It can be negative for a long whose collateral covers more than the position: then no fill bankrupts it.
    /// </summary>
    /// <param name="closeSize">Base units to close; positive and at most |S|.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="closeSize"/> is not in (0, |S|].</exception>
    public decimal BankruptcyPrice(decimal closeSize)
    {
        BigInteger quote = BankruptcyQuoteQuantums(closeSize);
        Rational perUnit = new Rational(IsLong ? quote : -quote, DydxLiquidation.s_quoteQuantumsPerUsdc) / Rational.FromDecimal(closeSize);
        return perUnit.ToDecimal(roundUp: IsLong);
    }

    /// <summary>
    /// The insurance fund delta, in USDC, of a liquidation fill closing <paramref name="closeSize"/> at
    /// <paramref name="fillPrice"/> (see <see cref="DydxLiquidation.InsuranceFundDelta"/>): positive is the
    /// liquidation fee paid into the fund, negative what the fund pays. The fill's quote is
    /// <c>fillPrice × closeSize</c> rounded down to a quote quantum, received for a long and paid for a short, as the
    /// chain rounds a fill's quote quantums.
    /// </summary>
    /// <param name="closeSize">Base units filled; positive and at most |S|.</param>
    /// <param name="fillPrice">The fill price in USDC per base unit; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument breaks the rule stated for it.</exception>
    public decimal InsuranceFundDelta(decimal closeSize, decimal fillPrice) => ToUsdc(InsuranceFundDeltaQuantums(closeSize, fillPrice));

    /// <summary>
    /// The liquidation fee, in USDC, the subaccount pays for a fill closing <paramref name="closeSize"/> at
    /// <paramref name="fillPrice"/>: <c>max(InsuranceFundDelta, 0)</c>, never more than the surplus over the bankruptcy
    /// price nor more than MaxLiquidationFeePpm of the fill's quote.
    /// </summary>
    /// <param name="closeSize">Base units filled; positive and at most |S|.</param>
    /// <param name="fillPrice">The fill price in USDC per base unit; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument breaks the rule stated for it.</exception>
    public decimal LiquidationFee(decimal closeSize, decimal fillPrice) => Math.Max(0m, InsuranceFundDelta(closeSize, fillPrice));

    /// <summary>
    /// The largest size, in base units, one liquidation may take from the position under the position limits and the
    /// subaccount's notional block limit (see <see cref="DydxLiquidation.MaxLiquidatableSize"/>): the whole position,
    /// or a whole number of <paramref name="stepSize"/> steps, at least one.
    /// </summary>
    /// <param name="stepSize">The market's size increment in base units; positive.</param>
    /// <param name="liquidatedThisBlock">What the subaccount has had liquidated so far this block, in quote quantums.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="stepSize"/> is not positive, or <paramref name="liquidatedThisBlock"/> is already past the limit.
    /// </exception>
    public decimal MaxLiquidatableSize(decimal stepSize, DydxSubaccountLiquidationInfo liquidatedThisBlock)
    {
        Preconditions.Positive(stepSize);
        BigInteger remaining = DydxLiquidation.RemainingNotionalCore(liquidatedThisBlock, Config, nameof(liquidatedThisBlock));
        Rational size = DydxLiquidation.MaxLiquidatableCore(
            Abs(_size), _price * DydxLiquidation.s_quoteQuantumsPerUsdc, Rational.FromDecimal(stepSize), remaining, Config);
        return size.ToDecimal(roundUp: false);
    }

    /// <summary>
    /// The notional, in USDC, a fill of <paramref name="closeSize"/> counts against the block limit: its size at the
    /// oracle price, truncated to a quote quantum (the chain counts fills at the oracle price, not the fill price).
    /// </summary>
    /// <param name="closeSize">Base units filled; positive and at most |S|.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="closeSize"/> is not in (0, |S|].</exception>
    public decimal FillNotional(decimal closeSize) => ToUsdc(FillNotionalQuantums(closeSize));

    /// <summary>
    /// Whether a fill closing <paramref name="closeSize"/> at <paramref name="fillPrice"/> keeps the subaccount within
    /// its block limits (see <see cref="DydxLiquidation.IsWithinBlockLimits"/>).
    /// </summary>
    /// <param name="liquidatedThisBlock">What the subaccount has had liquidated so far this block.</param>
    /// <param name="closeSize">Base units filled; positive and at most |S|.</param>
    /// <param name="fillPrice">The fill price in USDC per base unit; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument breaks the rule stated for it, or a counter is past its limit.</exception>
    public bool IsWithinBlockLimits(DydxSubaccountLiquidationInfo liquidatedThisBlock, decimal closeSize, decimal fillPrice)
    {
        BigInteger delta = InsuranceFundDeltaQuantums(closeSize, fillPrice);
        return DydxLiquidation.IsWithinBlockLimitsCore(FillNotionalQuantums(closeSize), delta, liquidatedThisBlock, Config, nameof(liquidatedThisBlock));
    }

    /// <summary>
    /// The block counters after a fill closing <paramref name="closeSize"/> at <paramref name="fillPrice"/>, by the
    /// chain's rule (see <see cref="DydxSubaccountLiquidationInfo.Record"/>).
    /// </summary>
    /// <param name="liquidatedThisBlock">What the subaccount has had liquidated so far this block.</param>
    /// <param name="closeSize">Base units filled; positive and at most |S|.</param>
    /// <param name="fillPrice">The fill price in USDC per base unit; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument breaks the rule stated for it, or a counter would overflow.</exception>
    public DydxSubaccountLiquidationInfo RecordFill(DydxSubaccountLiquidationInfo liquidatedThisBlock, decimal closeSize, decimal fillPrice)
    {
        BigInteger delta = InsuranceFundDeltaQuantums(closeSize, fillPrice);
        BigInteger notional = FillNotionalQuantums(closeSize);
        if (notional > long.MaxValue || delta < long.MinValue || delta > long.MaxValue)
        {
            ThrowHelper.OutOfRange(nameof(closeSize), closeSize, "gives a fill too large for the chain's counters");
        }

        return liquidatedThisBlock.Record((long)notional, (long)delta);
    }

    private static Rational Abs(Rational value) => value.Sign < 0 ? -value : value;

    private static decimal ToUsdc(BigInteger quoteQuantums) =>
        new Rational(quoteQuantums, DydxLiquidation.s_quoteQuantumsPerUsdc).ToDecimal(roundUp: false);

    /// <summary>Net notional of a signed size at the oracle price, truncated toward zero, in quote quantums.</summary>
    private BigInteger NetNotional(Rational size) => (size * _price * DydxLiquidation.s_quoteQuantumsPerUsdc).Truncate();

    /// <summary>Maintenance margin of a signed size: |net notional| × fraction, rounded up, in quote quantums.</summary>
    private BigInteger MaintenanceMargin(Rational size) =>
        ((Rational)BigInteger.Abs(NetNotional(size)) * _fraction).Ceiling();

    private Rational ValidCloseSize(decimal closeSize)
    {
        Rational close = Rational.FromDecimal(closeSize);
        if (close.Sign <= 0 || close > Abs(_size))
        {
            ThrowHelper.OutOfRange(nameof(closeSize), closeSize, "must be greater than zero and at most the position size " + Math.Abs(PositionSize).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return close;
    }

    private BigInteger BankruptcyQuoteQuantums(decimal closeSize)
    {
        Rational close = ValidCloseSize(closeSize);
        Rational after = IsLong ? _size - close : _size + close;
        BigInteger deltaNetNotional = NetNotional(after) - _positionNetNotional;
        BigInteger deltaMaintenanceMargin = MaintenanceMargin(after) - _positionMaintenanceMargin;
        return DydxLiquidation.BankruptcyCore(deltaNetNotional, deltaMaintenanceMargin, _totalNetCollateral, _totalMaintenanceMargin);
    }

    private BigInteger InsuranceFundDeltaQuantums(decimal closeSize, decimal fillPrice)
    {
        Rational close = ValidCloseSize(closeSize);
        Preconditions.Positive(fillPrice);
        BigInteger quoteMagnitude = (close * Rational.FromDecimal(fillPrice) * DydxLiquidation.s_quoteQuantumsPerUsdc).Floor();
        BigInteger received = IsLong ? quoteMagnitude : -quoteMagnitude;
        return DydxLiquidation.InsuranceFundDeltaCore(received, BankruptcyQuoteQuantums(closeSize), Config);
    }

    private BigInteger FillNotionalQuantums(decimal closeSize) =>
        (ValidCloseSize(closeSize) * _price * DydxLiquidation.s_quoteQuantumsPerUsdc).Truncate();
}
