using System.Numerics;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// dYdX v4's liquidation arithmetic, as the chain evaluates it (<c>protocol/x/clob/keeper/liquidations.go</c>,
/// dydxprotocol/v4-chain, reference cefi.md §5): the bankruptcy price of a position delta, the fillable price of a
/// liquidation order, the insurance fund delta and liquidation fee of a fill, and the largest size one liquidation
/// may take under the position and per-subaccount block limits.
/// </summary>
/// <remarks>
/// <para>
/// <b>Units.</b> The methods here take and return the chain's integers: quote quantums (10⁻⁶ USDC; USDC's atomic
/// resolution is −6) for every amount and base quantums (10^atomicResolution of the base asset, per perpetual) for
/// every size, signed as the chain signs them: longs and the quote a subaccount receives are positive, shorts and the
/// quote it pays negative. They are <see cref="long"/>; every product and quotient inside is evaluated exactly on
/// <see cref="BigInteger"/> or an exact fraction, as the chain does on <c>big.Int</c> and <c>big.Rat</c>, and rounded
/// only where the chain rounds, in the chain's direction. For decimal amounts in USDC and sizes in base units, use
/// <see cref="ForPosition(decimal, decimal, decimal, decimal, decimal, DydxLiquidationConfig)"/>.
/// </para>
/// <para>
/// <b>Abbreviations</b> (the chain's): TNC total net collateral of the subaccount (quote balance plus every position's
/// net notional at the oracle price), TMMR its total maintenance margin requirement, PS position size, PNNV position
/// net notional value, PMMR position maintenance margin requirement, DNNV and DMMR their changes when the position
/// goes from PS to PS + delta, BA bankruptcy adjustment, SMMR spread-to-maintenance-margin ratio, ABR adjusted
/// bankruptcy rating. A subaccount is liquidatable when TMMR &gt; 0 and TNC &lt; TMMR.
/// </para>
/// <para>Pure functions of their arguments; thread-safe.</para>
/// </remarks>
public static partial class DydxLiquidation
{
    /// <summary>One quote quantum in USDC: 10⁻⁶, USDC's atomic resolution on dYdX v4 (<c>lib.QuoteCurrencyAtomicResolution</c> = −6).</summary>
    public const decimal QuoteQuantum = 0.000001m;

    internal const int QuoteAtomicResolution = -6;

    internal static readonly BigInteger s_oneMillion = DydxLiquidationConfig.OneMillion;

    internal static readonly BigInteger s_quoteQuantumsPerUsdc = 1_000_000;

    /// <summary>
    /// The bankruptcy price of a position delta, in quote quantums: what the subaccount must receive (positive) or
    /// may pay at most (negative) for the delta so that closing it leaves the subaccount's TNC ÷ TMMR ratio no worse,
    /// <c>−DNNV − TNC × |DMMR| ÷ TMMR</c>, rounded toward +∞ as the chain rounds it
    /// (<c>GetBankruptcyPriceInQuoteQuantums</c>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The only division is <c>TNC × |DMMR| ÷ TMMR</c>; the chain takes it with Go's Euclidean <c>big.Int.Div</c>,
    /// which for the positive TMMR is the floor, also when TNC is negative, and subtracts it, so the result is rounded
    /// toward +∞ (not toward zero): "closing the position at the rounded bankruptcy price does not require any
    /// insurance fund payment". Example from the chain's tests: closing 21,347 of 100,000,000 base quantums of a long
    /// gives 2,776 quote quantums, rounded up from 2,775.11.
    /// </para>
    /// <para>
    /// A long closed at a sell price worth at least this many quote quantums, or a short closed at a buy price costing
    /// at most its magnitude, needs no insurance fund. The result is negative for a long whose collateral covers more
    /// than the position (the chain's tests: −1,000,000 quote quantums for 1 BTC with $1 of spare quote balance).
    /// </para>
    /// </remarks>
    /// <param name="deltaNetNotional">
    /// DNNV = PNNV(PS + delta) − PNNV(PS), in quote quantums: negative when closing a long, positive when closing a
    /// short. The chain computes it as that difference, not from the delta alone, to keep the rounding of each net
    /// notional.
    /// </param>
    /// <param name="deltaMaintenanceMargin">
    /// DMMR = PMMR(PS + delta) − PMMR(PS), in quote quantums; zero or negative, since closing part of a position
    /// never raises its maintenance margin, and no larger in magnitude than <paramref name="totalMaintenanceMargin"/>.
    /// </param>
    /// <param name="totalNetCollateral">TNC of the subaccount before the delta, in quote quantums; any sign.</param>
    /// <param name="totalMaintenanceMargin">TMMR of the subaccount before the delta, in quote quantums; positive.</param>
    /// <returns>The bankruptcy price of the delta in quote quantums, signed as described.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument breaks the rule stated for it, or the result does not fit in a <see cref="long"/>.</exception>
    public static long BankruptcyPriceQuote(
        long deltaNetNotional, long deltaMaintenanceMargin, long totalNetCollateral, long totalMaintenanceMargin)
    {
        ValidateTotalMaintenanceMargin(totalMaintenanceMargin);
        if (deltaMaintenanceMargin > 0)
        {
            ThrowHelper.OutOfRange(nameof(deltaMaintenanceMargin), deltaMaintenanceMargin, "must not be positive: closing part of a position does not raise its maintenance margin");
        }

        if (-(BigInteger)deltaMaintenanceMargin > totalMaintenanceMargin)
        {
            ThrowHelper.OutOfRange(nameof(deltaMaintenanceMargin), deltaMaintenanceMargin, "must not exceed totalMaintenanceMargin in magnitude: the position's margin is part of the total");
        }

        BigInteger result = BankruptcyCore(deltaNetNotional, deltaMaintenanceMargin, totalNetCollateral, totalMaintenanceMargin);
        return ToInt64(result, nameof(deltaNetNotional));
    }

    /// <summary>
    /// The fillable price of a liquidation order for a position, in quote quantums per base quantum:
    /// <c>(PNNV − ABR × SMMR × PMMR) ÷ PS</c> with <c>ABR = clamp(BA × (1 − TNC ÷ TMMR), 0, 1)</c>
    /// (<c>GetFillablePrice</c>). The worst price the liquidation order accepts: below the oracle price for a long
    /// (the order sells), above it for a short (the order buys), by at most SMMR × PMMR ÷ |PS|.
    /// </summary>
    /// <remarks>
    /// <para>
    /// It depends on the whole position, not on the delta being liquidated. ABR is 0 when TNC ≥ TMMR (the order may
    /// fill no worse than the oracle price) and 1 from TNC ≤ TMMR × (1 − 1 ÷ BA) down; the fillable price is then the
    /// oracle price moved by the full SMMR × PMMR. It is <b>not</b> bounded by the bankruptcy price: it is beyond the
    /// bankruptcy price, so that the insurance fund pays for a fill at it, exactly when TNC ÷ TMMR &lt; ABR × SMMR —
    /// for instance at TNC = 0 the chain's test expects a fillable price of 495 against a bankruptcy price of 500.
    /// </para>
    /// <para>
    /// The chain keeps the result as an exact fraction and only rounds when it turns it into an order price in subticks,
    /// up for a liquidation that sells (a long) and down for one that buys (a short), toward the oracle price. This
    /// method returns the fraction as a <see cref="decimal"/>, exact when the fraction has a decimal expansion of up to
    /// 28 places (all of the chain's test values do) and otherwise rounded at the 28th significant place in that same
    /// direction. The ppm parameters enter as exact fractions (<c>lib.BigRatMulPpm</c>); nothing else rounds.
    /// </para>
    /// </remarks>
    /// <param name="positionSize">PS in base quantums; non-zero, positive for a long.</param>
    /// <param name="positionNetNotional">PNNV in quote quantums at the oracle price; same sign as the position or zero.</param>
    /// <param name="positionMaintenanceMargin">PMMR in quote quantums; non-negative and at most <paramref name="totalMaintenanceMargin"/>.</param>
    /// <param name="totalNetCollateral">TNC in quote quantums; any sign.</param>
    /// <param name="totalMaintenanceMargin">TMMR in quote quantums; positive.</param>
    /// <param name="config">Supplies BA and SMMR.</param>
    /// <returns>Quote quantums per base quantum; never negative.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An argument breaks the rule stated for it, or, for a long, the spread ABR × SMMR × PMMR exceeds PNNV so the price
    /// would be negative (the chain panics); the exception then names <paramref name="positionMaintenanceMargin"/>. A
    /// short's fillable price is above its oracle price and never negative.
    /// </exception>
    public static decimal FillablePrice(
        long positionSize,
        long positionNetNotional,
        long positionMaintenanceMargin,
        long totalNetCollateral,
        long totalMaintenanceMargin,
        DydxLiquidationConfig config)
    {
        Preconditions.NotNull(config);
        if (positionSize == 0)
        {
            ThrowHelper.OutOfRange(nameof(positionSize), positionSize, "must not be zero");
        }

        if (positionNetNotional != 0 && Math.Sign(positionNetNotional) != Math.Sign(positionSize))
        {
            ThrowHelper.OutOfRange(nameof(positionNetNotional), positionNetNotional, "must have the sign of positionSize (or be zero)");
        }

        ValidateTotalMaintenanceMargin(totalMaintenanceMargin);
        if (positionMaintenanceMargin < 0 || positionMaintenanceMargin > totalMaintenanceMargin)
        {
            ThrowHelper.OutOfRange(nameof(positionMaintenanceMargin), positionMaintenanceMargin, "must be between 0 and totalMaintenanceMargin");
        }

        Rational price = FillablePriceCore(positionSize, positionNetNotional, positionMaintenanceMargin, totalNetCollateral, totalMaintenanceMargin, config);
        if (price.Sign < 0)
        {
            ThrowHelper.OutOfRange(nameof(positionMaintenanceMargin), positionMaintenanceMargin, "gives a liquidation spread larger than the position's notional (negative fillable price)");
        }

        return price.ToDecimal(roundUp: positionSize > 0);
    }

    /// <summary>
    /// The insurance fund delta of a liquidation fill, in quote quantums (<c>GetLiquidationInsuranceFundDelta</c>):
    /// the surplus <c>deltaQuoteQuantums − bankruptcyPriceQuote</c> when it is zero or negative (the insurance fund
    /// pays its magnitude), and otherwise the liquidation fee the subaccount pays into the fund,
    /// <c>min(⌊|deltaQuoteQuantums| × MaxLiquidationFeePpm ÷ 1,000,000⌋, surplus)</c>.
    /// </summary>
    /// <remarks>
    /// The fee cap is rounded toward −∞ (<c>lib.BigIntMulPpm</c>). The fee the subaccount pays is
    /// <c>max(delta, 0)</c> (<see cref="LiquidationFee"/>); what the fund pays is <c>max(−delta, 0)</c>; any surplus
    /// above the fee stays with the subaccount.
    /// </remarks>
    /// <param name="deltaQuoteQuantums">
    /// Quote quantums the liquidated subaccount receives for the fill: positive for a sell closing a long, negative
    /// for a buy closing a short (the chain takes the fill's quote magnitude rounded down and gives it this sign).
    /// </param>
    /// <param name="bankruptcyPriceQuote">The bankruptcy price of the same delta from <see cref="BankruptcyPriceQuote"/>.</param>
    /// <param name="config">Supplies the fee cap.</param>
    /// <returns>Positive: fee paid into the fund; zero: nothing moves; negative: the fund pays the magnitude.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The result does not fit in a <see cref="long"/>.</exception>
    public static long InsuranceFundDelta(long deltaQuoteQuantums, long bankruptcyPriceQuote, DydxLiquidationConfig config)
    {
        Preconditions.NotNull(config);
        return ToInt64(InsuranceFundDeltaCore(deltaQuoteQuantums, bankruptcyPriceQuote, config), nameof(deltaQuoteQuantums));
    }

    /// <summary>
    /// The liquidation fee the subaccount pays into the insurance fund for a fill, in quote quantums:
    /// <c>max(<see cref="InsuranceFundDelta"/>, 0)</c>, never more than the surplus over the bankruptcy price nor more
    /// than the fee cap.
    /// </summary>
    /// <param name="deltaQuoteQuantums">Quote quantums the liquidated subaccount receives for the fill (negative when it pays).</param>
    /// <param name="bankruptcyPriceQuote">The bankruptcy price of the same delta from <see cref="BankruptcyPriceQuote"/>.</param>
    /// <param name="config">Supplies the fee cap.</param>
    /// <returns>The fee, zero or positive.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    public static long LiquidationFee(long deltaQuoteQuantums, long bankruptcyPriceQuote, DydxLiquidationConfig config) =>
        Math.Max(0L, InsuranceFundDelta(deltaQuoteQuantums, bankruptcyPriceQuote, config));

    /// <summary>
    /// The largest size, in base quantums, one liquidation order may take from a position without passing the
    /// position limits or the subaccount's notional block limit (<c>GetLiquidatablePositionSizeDelta</c>).
    /// </summary>
    /// <remarks>
    /// <para>The chain's steps, each rounding as the chain does:</para>
    /// <list type="number">
    /// <item><description>|PNNV| = |PS| × oracle price, truncated to whole quote quantums.</description></item>
    /// <item><description>
    /// Position limit: <c>max(min(MinPositionNotionalLiquidated, |PNNV|), ⌊|PNNV| × MaxPositionPortionLiquidatedPpm ÷ 1,000,000⌋)</c>
    /// (<c>GetMaxAndMinPositionNotionalLiquidatable</c>).
    /// </description></item>
    /// <item><description>
    /// Subaccount limit: <c>MaxNotionalLiquidatedPerBlock − NotionalLiquidated</c> so far this block
    /// (<c>GetSubaccountMaxNotionalLiquidatable</c>); the smaller of the two applies.
    /// </description></item>
    /// <item><description>The whole position when |PNNV| is within that limit or |PS| is at most one step.</description></item>
    /// <item><description>
    /// Otherwise the limit in base quantums, rounded down (<c>QuoteToBaseQuantums</c>), then down to a whole number of
    /// steps, then clamped to [one step, |PS|].
    /// </description></item>
    /// </list>
    /// <para>
    /// The clamp means the result is at least one step even when the block allowance is smaller (or used up): the chain
    /// then stops the fills themselves at the limits (<c>validateLiquidationAgainstSubaccountBlockLimits</c>, see
    /// <see cref="IsWithinBlockLimits"/>). The insurance block limit is checked per fill, not here.
    /// </para>
    /// </remarks>
    /// <param name="positionSize">PS in base quantums; non-zero, either sign.</param>
    /// <param name="oraclePrice">
    /// Oracle price in quote quantums per base quantum, <c>price × 10^(priceExponent + atomicResolution + 6)</c>
    /// (see <see cref="QuoteQuantumsPerBaseQuantum"/>); positive.
    /// </param>
    /// <param name="stepBaseQuantums">The CLOB pair's <c>StepBaseQuantums</c>; positive.</param>
    /// <param name="liquidatedThisBlock">What the subaccount has had liquidated so far this block.</param>
    /// <param name="config">Supplies the limits.</param>
    /// <returns>Base quantums to liquidate, positive and at most |PS|; the order's delta is this with the sign opposite to PS.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An argument breaks the rule stated for it, or <paramref name="liquidatedThisBlock"/> is already past the block
    /// limit (the chain panics).
    /// </exception>
    public static long MaxLiquidatableSize(
        long positionSize,
        decimal oraclePrice,
        ulong stepBaseQuantums,
        DydxSubaccountLiquidationInfo liquidatedThisBlock,
        DydxLiquidationConfig config)
    {
        Preconditions.NotNull(config);
        if (positionSize == 0)
        {
            ThrowHelper.OutOfRange(nameof(positionSize), positionSize, "must not be zero");
        }

        Preconditions.Positive(oraclePrice);
        if (stepBaseQuantums == 0)
        {
            ThrowHelper.OutOfRange(nameof(stepBaseQuantums), stepBaseQuantums, "must be greater than zero");
        }

        BigInteger remaining = RemainingNotionalCore(liquidatedThisBlock, config, nameof(liquidatedThisBlock));
        Rational size = MaxLiquidatableCore(
            BigInteger.Abs(positionSize), Rational.FromDecimal(oraclePrice), (BigInteger)stepBaseQuantums, remaining, config);
        return (long)size.Numerator;
    }

    /// <summary>
    /// Notional, in quote quantums, the subaccount may still have liquidated this block:
    /// <c>MaxNotionalLiquidatedPerBlock − NotionalLiquidated</c> (<c>GetSubaccountMaxNotionalLiquidatable</c>).
    /// </summary>
    /// <param name="liquidatedThisBlock">What the subaccount has had liquidated so far this block.</param>
    /// <param name="config">Supplies the limit.</param>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The counter is already past the limit (the chain panics).</exception>
    public static ulong RemainingNotionalLiquidatable(DydxSubaccountLiquidationInfo liquidatedThisBlock, DydxLiquidationConfig config)
    {
        Preconditions.NotNull(config);
        return (ulong)RemainingNotionalCore(liquidatedThisBlock, config, nameof(liquidatedThisBlock));
    }

    /// <summary>
    /// Quote quantums the insurance fund may still pay out for the subaccount this block:
    /// <c>MaxQuantumsInsuranceLostPerBlock − QuantumsInsuranceLost</c> (<c>GetSubaccountMaxInsuranceLost</c>).
    /// </summary>
    /// <param name="liquidatedThisBlock">What the subaccount has had liquidated so far this block.</param>
    /// <param name="config">Supplies the limit.</param>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The counter is already past the limit (the chain panics).</exception>
    public static ulong RemainingInsuranceLost(DydxSubaccountLiquidationInfo liquidatedThisBlock, DydxLiquidationConfig config)
    {
        Preconditions.NotNull(config);
        return (ulong)RemainingInsuranceCore(liquidatedThisBlock, config, nameof(liquidatedThisBlock));
    }

    /// <summary>
    /// Whether one more liquidation fill keeps the subaccount within its block limits, as the chain checks each fill
    /// (<c>validateLiquidationAgainstSubaccountBlockLimits</c>): its absolute notional at the oracle price is at most
    /// <see cref="RemainingNotionalLiquidatable"/>, and, when the insurance fund pays (negative delta), the payment is
    /// at most <see cref="RemainingInsuranceLost"/>. A fill that passes, recorded with
    /// <see cref="DydxSubaccountLiquidationInfo.Record"/>, leaves both counters within their limits.
    /// </summary>
    /// <param name="fillNotional">The fill's notional at the oracle price, in quote quantums; either sign.</param>
    /// <param name="insuranceFundDelta">The fill's <see cref="InsuranceFundDelta"/>, in quote quantums.</param>
    /// <param name="liquidatedThisBlock">What the subaccount has had liquidated so far this block.</param>
    /// <param name="config">Supplies the limits.</param>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A counter is already past its limit (the chain panics).</exception>
    public static bool IsWithinBlockLimits(
        long fillNotional, long insuranceFundDelta, DydxSubaccountLiquidationInfo liquidatedThisBlock, DydxLiquidationConfig config)
    {
        Preconditions.NotNull(config);
        return IsWithinBlockLimitsCore(fillNotional, insuranceFundDelta, liquidatedThisBlock, config, nameof(liquidatedThisBlock));
    }

    /// <summary>
    /// An oracle price in quote quantums per base quantum from a dYdX market price and a perpetual's atomic
    /// resolution: <c>priceValue × 10^(priceExponent + atomicResolution + 6)</c> (the factor in
    /// <c>lib.BaseToQuoteQuantums</c>, with USDC's atomic resolution −6). A BTC price of 5,000,000,000 with exponent
    /// −5 ($50,000) and atomic resolution −8 gives 500.
    /// </summary>
    /// <param name="priceValue">The market price's integer value; positive.</param>
    /// <param name="priceExponent">The market price's exponent.</param>
    /// <param name="atomicResolution">The perpetual's atomic resolution (base quantums per coin = 10^−atomicResolution).</param>
    /// <returns>The exact price as a decimal.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="priceValue"/> is zero, or the price needs more than 28 decimal places or more than decimal's
    /// range (the exception then names <paramref name="priceExponent"/>).
    /// </exception>
    public static decimal QuoteQuantumsPerBaseQuantum(ulong priceValue, int priceExponent, int atomicResolution)
    {
        if (priceValue == 0)
        {
            ThrowHelper.OutOfRange(nameof(priceValue), priceValue, "must be greater than zero");
        }

        long exponent = (long)priceExponent + atomicResolution - QuoteAtomicResolution;
        if (exponent is < -28 or > 28)
        {
            ThrowHelper.OutOfRange(nameof(priceExponent), priceExponent, "with this atomic resolution gives a price outside decimal's range or precision");
        }

        BigInteger power = BigInteger.Pow(10, (int)Math.Abs(exponent));
        Rational price = exponent >= 0 ? new Rational(priceValue * power, BigInteger.One) : new Rational(priceValue, power);
        if (price.Numerator / price.Denominator > new BigInteger(decimal.MaxValue))
        {
            ThrowHelper.OutOfRange(nameof(priceExponent), priceExponent, "with this atomic resolution gives a price outside decimal's range or precision");
        }

        return price.ToDecimal(roundUp: false);
    }

    /// <summary>
    /// Liquidation arithmetic for one position in decimal units: sizes in base units (BTC, ETH), prices in USDC per
    /// base unit, amounts in USDC, each rounded to whole quote quantums (10⁻⁶ USDC) exactly where the chain rounds. For
    /// a venue-neutral engine that holds a position of size S at an oracle price with a maintenance-margin fraction.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The position's net notional is <c>S × oraclePrice</c> truncated toward zero to a quote quantum (as
    /// <c>lib.BaseToQuoteQuantums</c> truncates); its maintenance margin is <c>|notional| × maintenanceMarginFraction</c>
    /// rounded up (the chain rounds both its initial-margin and maintenance-fraction steps up). Totals computed
    /// elsewhere are rounded to a quote quantum on the venue-safe side: net collateral down, maintenance margin up.
    /// </para>
    /// <para>
    /// Base units replace base quantums throughout (the formulas are ratios of the two and do not depend on the
    /// base unit); the step size replaces <c>StepBaseQuantums</c>.
    /// </para>
    /// </remarks>
    /// <param name="positionSize">S in base units: positive for a long, negative for a short; non-zero.</param>
    /// <param name="oraclePrice">Oracle price in USDC per base unit; positive.</param>
    /// <param name="maintenanceMarginFraction">Maintenance margin as a fraction of notional (0.03 for 3%); 0 to 1.</param>
    /// <param name="totalNetCollateral">
    /// TNC of the subaccount in USDC: quote balance plus every position's net notional at its oracle price, this one
    /// included; any sign.
    /// </param>
    /// <param name="totalMaintenanceMargin">
    /// TMMR of the subaccount in USDC, this position's maintenance margin included; positive once rounded up to a
    /// quote quantum, and not below this position's.
    /// </param>
    /// <param name="config">The liquidations configuration.</param>
    /// <returns>The position's liquidation figures.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument breaks the rule stated for it.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="maintenanceMarginFraction"/> makes a long's fillable price negative (the chain panics): the spread
    /// ABR × SMMR × PMMR exceeds the notional, possible only when SMMR × fraction &gt; 1.
    /// </exception>
    public static DydxPositionLiquidation ForPosition(
        decimal positionSize,
        decimal oraclePrice,
        decimal maintenanceMarginFraction,
        decimal totalNetCollateral,
        decimal totalMaintenanceMargin,
        DydxLiquidationConfig config) =>
        new(positionSize, oraclePrice, maintenanceMarginFraction, totalNetCollateral, totalMaintenanceMargin, config);

    // -------------------------------------------------------------------------------------------------------------
    // Exact cores shared by the quantum API and the decimal convenience. Arguments are already validated.
    // -------------------------------------------------------------------------------------------------------------

    /// <summary><c>−DNNV − ⌊TNC × |DMMR| ÷ TMMR⌋</c>.</summary>
    internal static BigInteger BankruptcyCore(
        BigInteger deltaNetNotional, BigInteger deltaMaintenanceMargin, BigInteger totalNetCollateral, BigInteger totalMaintenanceMargin)
    {
        BigInteger beforeBankruptcy = Rational.FloorDivide(totalNetCollateral * BigInteger.Abs(deltaMaintenanceMargin), totalMaintenanceMargin);
        return -deltaNetNotional - beforeBankruptcy;
    }

    /// <summary><c>clamp(BA ÷ 10⁶ × (1 − TNC ÷ TMMR), 0, 1)</c>, exact.</summary>
    internal static Rational AdjustedBankruptcyRating(BigInteger totalNetCollateral, BigInteger totalMaintenanceMargin, DydxLiquidationConfig config)
    {
        Rational unbounded = (Rational.One - new Rational(totalNetCollateral, totalMaintenanceMargin))
            * new Rational(config.BankruptcyAdjustmentPpm, s_oneMillion);
        return Rational.Clamp(unbounded, Rational.Zero, Rational.One);
    }

    /// <summary><c>(PNNV − ABR × SMMR ÷ 10⁶ × PMMR) ÷ PS</c>, exact; PS may be any non-zero rational.</summary>
    internal static Rational FillablePriceCore(
        Rational positionSize,
        BigInteger positionNetNotional,
        BigInteger positionMaintenanceMargin,
        BigInteger totalNetCollateral,
        BigInteger totalMaintenanceMargin,
        DydxLiquidationConfig config)
    {
        Rational abr = AdjustedBankruptcyRating(totalNetCollateral, totalMaintenanceMargin, config);
        Rational maxSpread = new Rational(positionMaintenanceMargin * config.SpreadToMaintenanceMarginRatioPpm, s_oneMillion);
        return ((Rational)positionNetNotional - (abr * maxSpread)) / positionSize;
    }

    internal static BigInteger InsuranceFundDeltaCore(BigInteger deltaQuoteQuantums, BigInteger bankruptcyPriceQuote, DydxLiquidationConfig config)
    {
        BigInteger surplus = deltaQuoteQuantums - bankruptcyPriceQuote;
        if (surplus.Sign <= 0)
        {
            return surplus;
        }

        BigInteger feeCap = Rational.FloorDivide(BigInteger.Abs(deltaQuoteQuantums) * config.MaxLiquidationFeePpm, s_oneMillion);
        return BigInteger.Min(feeCap, surplus);
    }

    /// <summary>
    /// The chain's size rule on an absolute size and a price per size unit (quote quantums per base quantum, or per
    /// base unit), with the step in the same size unit. Returns a whole number of steps, or the whole size.
    /// </summary>
    internal static Rational MaxLiquidatableCore(
        Rational absSize, Rational pricePerSizeUnit, Rational step, BigInteger remainingSubaccountNotional, DydxLiquidationConfig config)
    {
        BigInteger absNotional = (absSize * pricePerSizeUnit).Truncate();
        BigInteger minPosition = BigInteger.Min(config.MinPositionNotionalLiquidated, absNotional);
        BigInteger maxPosition = BigInteger.Max(
            minPosition,
            Rational.FloorDivide(absNotional * config.MaxPositionPortionLiquidatedPpm, s_oneMillion));
        BigInteger maxNotional = BigInteger.Min(maxPosition, remainingSubaccountNotional);

        if (absNotional <= maxNotional || absSize <= step)
        {
            return absSize;
        }

        // Rounding down to base quantums and then to whole steps equals rounding down to whole steps once the step
        // is a whole number of base quantums, which it always is on the chain.
        BigInteger steps = ((Rational)maxNotional / pricePerSizeUnit / step).Floor();
        Rational size = steps * step;
        return Rational.Clamp(size, step, absSize);
    }

    internal static BigInteger RemainingNotionalCore(DydxSubaccountLiquidationInfo info, DydxLiquidationConfig config, string paramName)
    {
        if (info.NotionalLiquidated > config.MaxNotionalLiquidatedPerBlock)
        {
            ThrowHelper.OutOfRange(paramName, info, "has more notional liquidated than the block limit allows");
        }

        return (BigInteger)config.MaxNotionalLiquidatedPerBlock - info.NotionalLiquidated;
    }

    internal static BigInteger RemainingInsuranceCore(DydxSubaccountLiquidationInfo info, DydxLiquidationConfig config, string paramName)
    {
        if (info.QuantumsInsuranceLost > config.MaxQuantumsInsuranceLostPerBlock)
        {
            ThrowHelper.OutOfRange(paramName, info, "has more insurance lost than the block limit allows");
        }

        return (BigInteger)config.MaxQuantumsInsuranceLostPerBlock - info.QuantumsInsuranceLost;
    }

    internal static bool IsWithinBlockLimitsCore(
        BigInteger fillNotional, BigInteger insuranceFundDelta, DydxSubaccountLiquidationInfo info, DydxLiquidationConfig config, string paramName)
    {
        BigInteger remainingNotional = RemainingNotionalCore(info, config, paramName);
        BigInteger remainingInsurance = RemainingInsuranceCore(info, config, paramName);
        return BigInteger.Abs(fillNotional) <= remainingNotional
            && (insuranceFundDelta.Sign >= 0 || -insuranceFundDelta <= remainingInsurance);
    }

    private static void ValidateTotalMaintenanceMargin(long totalMaintenanceMargin)
    {
        if (totalMaintenanceMargin <= 0)
        {
            ThrowHelper.OutOfRange(nameof(totalMaintenanceMargin), totalMaintenanceMargin, "must be greater than zero (a subaccount without maintenance margin is never liquidated)");
        }
    }

    private static long ToInt64(BigInteger value, string paramName)
    {
        if (value < long.MinValue || value > long.MaxValue)
        {
            ThrowHelper.OutOfRange(paramName, value, "gives a result outside the range of Int64");
        }

        return (long)value;
    }
}
