using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Internal;
using LiquidationSim.Liquidation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// A subaccount seen from one position, in quote and base quantums: PS, its oracle price per base quantum, PNNV and
/// PMMR derived from them as the chain derives them, the subaccount's TNC and TMMR, and a config.
/// </summary>
internal sealed record DydxCase(long PositionSize, decimal Price, long Pnnv, long Pmmr, long Tnc, long Tmmr, DydxLiquidationConfig Config)
{
    public bool IsLong => PositionSize > 0;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"PS {PositionSize} @ {Price}, PNNV {Pnnv}, PMMR {Pmmr}, TNC {Tnc}, TMMR {Tmmr}, fee {Config.MaxLiquidationFeePpm}, BA {Config.BankruptcyAdjustmentPpm}, SMMR {Config.SpreadToMaintenanceMarginRatioPpm}, min {Config.MinPositionNotionalLiquidated}, portion {Config.MaxPositionPortionLiquidatedPpm}, block {Config.MaxNotionalLiquidatedPerBlock}/{Config.MaxQuantumsInsuranceLostPerBlock}");
}

/// <summary>
/// Properties of the dYdX rules over random subaccounts and configs. Expected values are computed here from the rules
/// as written in reference cefi.md §5, on exact fractions (<see cref="Rational"/>) or <see cref="BigInteger"/>.
/// </summary>
public sealed partial class DydxLiquidationTests
{
    private const int Cases = 400;

    private static readonly Gen<long> _ppm = Gen.Choose(0, 1_000_000).Select(i => (long)i);

    private static Property Run<T>(Gen<T> gen, Action<T> property) =>
        Prop.ForAll(gen.ToArbitrary(), property);

    /// <summary>Log-uniform positive long in [10^lo, 10^(hi+1)), four significant digits.</summary>
    private static Gen<long> LogLong(int lo, int hi) =>
        from e in Gen.Choose(lo, hi)
        from m in Gen.Choose(1000, 9999)
        select (long)(m * MarginCases.Pow10(e) / 1000m);

    private static Gen<T> Either<T>(Gen<T> usual, params T[] edges) => Gen.Frequency((3, usual), (1, Gen.Elements(edges)));

    private static Gen<DydxLiquidationConfig> AnyConfig { get; } =
        from fee in Either(Gen.Choose(1, 1_000_000).Select(i => (uint)i), 1u, 5_000u, 15_000u, 1_000_000u)
        from ba in Either(Gen.Choose(1_000_000, 5_000_000).Select(i => (uint)i), 1_000_000u, 2_000_000u, uint.MaxValue)
        from smmr in Either(Gen.Choose(1, 2_000_000).Select(i => (uint)i), 1u, 100_000u, 1_000_000u, 1_500_000u)
        from min in Either(LogLong(0, 11).Select(l => (ulong)l), 0ul, 1ul, 1_000ul, 1_000_000_000ul)
        from portion in Either(Gen.Choose(1, 1_000_000).Select(i => (uint)i), 1u, 100_000u, 500_000u, 1_000_000u)
        from maxNotional in Either(LogLong(0, 13).Select(l => (ulong)l), 1ul, 100_000_000_000ul, ulong.MaxValue)
        from maxInsurance in Either(LogLong(0, 13).Select(l => (ulong)l), 1ul, 1_000_000_000_000ul, ulong.MaxValue)
        select new DydxLiquidationConfig(fee, ba, smmr, min, portion, maxNotional, maxInsurance, DydxLiquidationConfig.Default.Source);

    /// <summary>
    /// Positions of 1 to 10^10 base quantums at 0.001 to 10^4 quote quantums per base quantum (four significant
    /// digits), maintenance fractions up to 50%, other positions' margin up to 10^12, and TNC from −2 to +2 times TMMR
    /// with the edges 0 and TMMR drawn often.
    /// </summary>
    private static Gen<DydxCase> AnyCase { get; } =
        from size in LogLong(0, 9)
        from isLong in Gen.Elements(true, false)
        from price in MarginCases.LogUniform(-3, 3)
        from mmPpm in Gen.Choose(0, 500_000)
        from otherMargin in Either(LogLong(0, 11), 0L)
        from ratioPermille in Either(Gen.Choose(-2_000, 2_000), 0, 999, 1_000, 1_001)
        from config in AnyConfig
        let ps = isLong ? size : -size
        let pnnv = (long)decimal.Truncate(ps * price)
        let pmmr = (long)decimal.Ceiling(Math.Abs((decimal)pnnv) * mmPpm / 1_000_000m)
        let tmmr = Math.Max(1L, pmmr + otherMargin)
        let tnc = (long)decimal.Truncate(tmmr * (ratioPermille / 1_000m))
        select new DydxCase(ps, price, pnnv, pmmr, tnc, tmmr, config);

    private static Rational Ppm(long ppm) => new(ppm, 1_000_000);

    /// <summary>ABR = clamp(BA × (1 − TNC ÷ TMMR), 0, 1), written out for the tests.</summary>
    private static Rational Abr(DydxCase c)
    {
        Rational raw = (Rational.One - new Rational(c.Tnc, c.Tmmr)) * Ppm(c.Config.BankruptcyAdjustmentPpm);
        return raw < Rational.Zero ? Rational.Zero : raw > Rational.One ? Rational.One : raw;
    }

    /// <summary>SMMR × PMMR in quote quantums (the largest liquidation spread of the whole position).</summary>
    private static Rational MaxSpread(DydxCase c) => Ppm(c.Config.SpreadToMaintenanceMarginRatioPpm) * c.Pmmr;

    /// <summary>
    /// The fillable price always lies between the oracle price (PNNV ÷ PS) and the oracle price moved against the
    /// liquidated side by the full spread SMMR × PMMR ÷ |PS|, and equals the oracle price when the subaccount is not
    /// liquidatable; for a long whose spread would exceed its notional it is refused (a negative price: the chain panics).
    /// A short's fillable price is above the oracle price and never negative.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Property_fillable_price_lies_between_the_oracle_price_and_the_full_spread() =>
        Run(AnyCase, c =>
        {
            Rational spread = Abr(c) * MaxSpread(c);
            Func<decimal> act = () => DydxLiquidation.FillablePrice(c.PositionSize, c.Pnnv, c.Pmmr, c.Tnc, c.Tmmr, c.Config);
            if (c.IsLong && spread > (Rational)c.Pnnv)
            {
                act.ShouldRefuse("positionMaintenanceMargin", c.Pmmr.ToString(CultureInfo.InvariantCulture));
                return;
            }

            decimal fillable = act();
            Rational oracle = new(c.Pnnv, c.PositionSize);
            Rational worst = oracle - (MaxSpread(c) / Math.Abs(c.PositionSize) * Math.Sign(c.PositionSize));

            // Rounding toward the oracle (up for a long, down for a short) is monotone, so the bounds are rounded alike.
            decimal oracleRounded = oracle.ToDecimal(roundUp: c.IsLong);
            decimal worstRounded = worst.ToDecimal(roundUp: c.IsLong);
            if (c.IsLong)
            {
                fillable.Should().BeLessThanOrEqualTo(oracleRounded, c.ToString());
                if (worst >= Rational.Zero)
                {
                    fillable.Should().BeGreaterThanOrEqualTo(worstRounded, c.ToString());
                }
            }
            else
            {
                fillable.Should().BeGreaterThanOrEqualTo(oracleRounded, c.ToString()).And.BeLessThanOrEqualTo(worstRounded, c.ToString());
            }

            if (c.Tnc >= c.Tmmr)
            {
                fillable.Should().Be(oracleRounded, "ABR is 0 when TNC ≥ TMMR: " + c);
            }

            // The library's value is the rule's exact fraction, rounded toward the oracle.
            fillable.Should().Be((((Rational)c.Pnnv - spread) / c.PositionSize).ToDecimal(roundUp: c.IsLong), c.ToString());
        });

    /// <summary>
    /// The fillable price lies between the oracle price and the bankruptcy price exactly when TNC ÷ TMMR ≥ ABR × SMMR;
    /// below that it is beyond the bankruptcy price (worse for the liquidated side) and a fill there draws on the
    /// insurance fund. Compared on the exact fractions, with the whole-position bankruptcy price
    /// (PNNV − TNC × PMMR ÷ TMMR) ÷ PS; the rounded chain value (toward +∞ in quote quantums) never lies on the other
    /// side of the exact one by more than one quote quantum.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Property_fillable_price_is_within_bankruptcy_exactly_when_collateral_ratio_covers_the_spread() =>
        Run(AnyCase.Where(c => c.Pmmr > 0 && (!c.IsLong || Abr(c) * MaxSpread(c) <= (Rational)c.Pnnv)), c =>
        {
            Rational fillable = ((Rational)c.Pnnv - (Abr(c) * MaxSpread(c))) / c.PositionSize;
            Rational bankruptcy = ((Rational)c.Pnnv - (new Rational(c.Tnc, c.Tmmr) * c.Pmmr)) / c.PositionSize;
            Rational oracle = new(c.Pnnv, c.PositionSize);
            bool coversSpread = new Rational(c.Tnc, c.Tmmr) >= Abr(c) * Ppm(c.Config.SpreadToMaintenanceMarginRatioPpm);

            // "No worse than bankruptcy" is ≥ for a long (it sells) and ≤ for a short (it buys).
            bool noWorseThanBankruptcy = c.IsLong ? fillable >= bankruptcy : fillable <= bankruptcy;
            noWorseThanBankruptcy.Should().Be(coversSpread, c.ToString());
            bool betweenOracleAndBankruptcy = c.IsLong
                ? fillable <= oracle && fillable >= Rational.Min(oracle, bankruptcy)
                : fillable >= oracle && fillable <= Rational.Max(oracle, bankruptcy);
            if (c.Tnc >= 0)
            {
                betweenOracleAndBankruptcy.Should().Be(coversSpread, c.ToString());
            }

            // The chain's rounded bankruptcy quote for closing the whole position.
            long chain = DydxLiquidation.BankruptcyPriceQuote(-c.Pnnv, -c.Pmmr, c.Tnc, c.Tmmr);
            Rational exactQuote = bankruptcy * c.PositionSize;
            ((Rational)chain - exactQuote).Should().Match<Rational>(d => d >= Rational.Zero && d < Rational.One, c.ToString());
        });

    /// <summary>
    /// For any fill, the liquidation fee is non-negative, never exceeds the surplus over the bankruptcy quote nor
    /// ⌊|quote received| × MaxLiquidationFeePpm ÷ 10⁶⌋, and is the smaller of the two when there is a surplus; the
    /// insurance fund pays (negative delta) exactly when the fill receives less than the bankruptcy quote, and then pays
    /// exactly the shortfall.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Property_fee_is_capped_and_the_fund_pays_exactly_below_bankruptcy() =>
        Run(
            from received in LogLong(0, 12)
            from receivedSign in Gen.Elements(-1L, 0L, 1L)
            from bankruptcy in LogLong(0, 12)
            from bankruptcySign in Gen.Elements(-1L, 1L)
            from near in Gen.Elements(false, true)
            from nudge in Gen.Choose(-3, 3)
            from fee in _ppm.Where(p => p > 0)
            let bp = bankruptcy * bankruptcySign
            let q = near ? bp + nudge : received * receivedSign
            select (Received: q, Bankruptcy: bp, Config: DydxLiquidationConfig.Default with { MaxLiquidationFeePpm = (uint)fee }),
            t =>
            {
                long delta = DydxLiquidation.InsuranceFundDelta(t.Received, t.Bankruptcy, t.Config);
                long feePaid = DydxLiquidation.LiquidationFee(t.Received, t.Bankruptcy, t.Config);
                BigInteger surplus = (BigInteger)t.Received - t.Bankruptcy;
                BigInteger cap = BigInteger.Abs(t.Received) * t.Config.MaxLiquidationFeePpm / 1_000_000;
                string because = string.Create(CultureInfo.InvariantCulture, $"received {t.Received}, bankruptcy {t.Bankruptcy}, fee ppm {t.Config.MaxLiquidationFeePpm}");

                feePaid.Should().BeGreaterThanOrEqualTo(0, because);
                ((BigInteger)feePaid <= BigInteger.Max(surplus, 0)).Should().BeTrue(because);
                ((BigInteger)feePaid <= cap).Should().BeTrue(because);
                (delta < 0).Should().Be(t.Received < t.Bankruptcy, because);
                if (surplus.Sign > 0)
                {
                    ((BigInteger)delta).Should().Be(BigInteger.Min(surplus, cap), because);
                }
                else
                {
                    ((BigInteger)delta).Should().Be(surplus, because);
                }
            });

    /// <summary>
    /// The same through the decimal convenience with prices: for a fill of any size at any price, the fund pays exactly
    /// when the quote received (price × size rounded down to a quote quantum, negative for a short) is below the
    /// bankruptcy quote; a fill at or better than <see cref="DydxPositionLiquidation.BankruptcyPrice"/> never needs
    /// the fund; the fee stays within the surplus and the cap.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Property_fund_pays_exactly_when_the_fill_is_worse_than_bankruptcy_in_usdc() =>
        Run(
            from size in MarginCases.LogUniform(-3, 2)
            from isLong in Gen.Elements(true, false)
            from price in MarginCases.LogUniform(0, 4)
            from mm in MarginCases.Fraction(0.005m, 0.2m)
            from ratio in MarginCases.Fraction(-1m, 1.2m)
            from closePart in MarginCases.Fraction(0.0001m, 1m)
            from fillFactor in MarginCases.Fraction(0.8m, 1.2m)
            from config in Gen.Elements(DydxLiquidationConfig.Default, DydxLiquidationConfig.SamplePregenesis)
            let notional = size * price
            let tmmr = notional * mm * 1.5m
            select (Size: isLong ? size : -size, Price: price, Mm: mm, Tnc: tmmr * ratio, Tmmr: tmmr, Close: size * closePart, Fill: price * fillFactor, Config: config),
            t =>
            {
                DydxPositionLiquidation p;
                try
                {
                    p = DydxLiquidation.ForPosition(t.Size, t.Price, t.Mm, t.Tnc, t.Tmmr, t.Config);
                }
                catch (ArgumentException)
                {
                    return; // spread beyond the notional, or TMMR rounding to zero: refused, covered by the bad-input tests
                }

                decimal delta = p.InsuranceFundDelta(t.Close, t.Fill);
                decimal bankruptcyQuote = p.BankruptcyQuote(t.Close);
                decimal magnitude = decimal.Floor(t.Fill * t.Close * 1_000_000m) / 1_000_000m;
                decimal received = t.Size > 0 ? magnitude : -magnitude;
                string because = string.Create(CultureInfo.InvariantCulture, $"{t}, received {received}, bankruptcy {bankruptcyQuote}, delta {delta}");

                (delta < 0m).Should().Be(received < bankruptcyQuote, because);
                bool atOrBetter = t.Size > 0 ? t.Fill >= p.BankruptcyPrice(t.Close) : t.Fill <= p.BankruptcyPrice(t.Close);
                if (atOrBetter)
                {
                    delta.Should().BeGreaterThanOrEqualTo(0m, because);
                }

                decimal fee = p.LiquidationFee(t.Close, t.Fill);
                fee.Should().BeLessThanOrEqualTo(Math.Max(0m, received - bankruptcyQuote), because)
                    .And.BeLessThanOrEqualTo(decimal.Floor(magnitude * t.Config.MaxLiquidationFeePpm) / 1_000_000m, because);
            });

    /// <summary>
    /// The size rule: between one step (or the whole position when smaller) and the whole position; a whole number of
    /// steps unless it is the whole position; and its notional within the position limit and the remaining block
    /// allowance unless the rule fell back to its one-step minimum. The limits are recomputed here from the config.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Property_max_liquidatable_size_keeps_within_the_limits() =>
        Run(
            from c in AnyCase
            from step in Either(LogLong(0, 5).Select(l => (ulong)l), 1ul, 5ul)
            from usedPermille in Gen.Choose(0, 1_000)
            let used = (ulong)(c.Config.MaxNotionalLiquidatedPerBlock * (decimal)usedPermille / 1_000m)
            select (Case: c, Step: step, Info: new DydxSubaccountLiquidationInfo(used, 0)),
            t =>
            {
                DydxCase c = t.Case;
                long size = DydxLiquidation.MaxLiquidatableSize(c.PositionSize, c.Price, t.Step, t.Info, c.Config);
                long abs = Math.Abs(c.PositionSize);
                BigInteger absNotional = BigInteger.Abs(c.Pnnv);
                BigInteger positionLimit = BigInteger.Max(
                    BigInteger.Min(c.Config.MinPositionNotionalLiquidated, absNotional),
                    absNotional * c.Config.MaxPositionPortionLiquidatedPpm / 1_000_000);
                BigInteger remaining = (BigInteger)c.Config.MaxNotionalLiquidatedPerBlock - t.Info.NotionalLiquidated;
                BigInteger limit = BigInteger.Min(positionLimit, remaining);
                string because = string.Create(CultureInfo.InvariantCulture, $"{c}, step {t.Step}, used {t.Info.NotionalLiquidated} -> {size}");

                size.Should().BeGreaterThan(0, because).And.BeLessThanOrEqualTo(abs, because);
                if (size != abs)
                {
                    ((ulong)size % t.Step).Should().Be(0, because);
                }

                BigInteger sizeNotional = (BigInteger)decimal.Truncate(size * c.Price);
                bool isMinimum = size == (long)Math.Min(t.Step, (ulong)abs);
                if (!isMinimum)
                {
                    (sizeNotional <= limit).Should().BeTrue(because);
                }

                if (absNotional <= limit)
                {
                    size.Should().Be(abs, "the whole position fits: " + because);
                }
            });

    /// <summary>
    /// Block limits are never exceeded: a block of liquidation fills, each sized by the rule, with a random insurance
    /// fund delta, applied only when <see cref="DydxLiquidation.IsWithinBlockLimits"/> lets it through and recorded
    /// with <see cref="DydxSubaccountLiquidationInfo.Record"/>, keeps both counters within their limits after every fill,
    /// and a fill is let through exactly when recording it stays within both limits.
    /// </summary>
    [CiProperty(MaxTest = 200)]
    public Property Property_block_limits_are_never_exceeded() =>
        Run(
            from config in AnyConfig
            from fills in Gen.ListOf(
                from c in AnyCase
                from delta in LogLong(0, 12)
                from sign in Gen.Elements(-1L, 1L)
                select (Case: c, Delta: delta * sign))
            select (Config: config, Fills: fills),
            t =>
            {
                DydxSubaccountLiquidationInfo info = DydxSubaccountLiquidationInfo.Empty;
                foreach ((DydxCase c, long delta) in t.Fills)
                {
                    long size = DydxLiquidation.MaxLiquidatableSize(c.PositionSize, c.Price, 5, info, t.Config);
                    long notional = (long)decimal.Truncate(size * c.Price);
                    bool allowed = DydxLiquidation.IsWithinBlockLimits(notional, delta, info, t.Config);
                    DydxSubaccountLiquidationInfo next = info.Record(notional, delta);
                    bool fits = next.NotionalLiquidated <= t.Config.MaxNotionalLiquidatedPerBlock
                        && next.QuantumsInsuranceLost <= t.Config.MaxQuantumsInsuranceLostPerBlock;

                    allowed.Should().Be(fits, $"{info} + ({notional}, {delta})");
                    if (allowed)
                    {
                        info = next;
                    }

                    info.NotionalLiquidated.Should().BeLessThanOrEqualTo(t.Config.MaxNotionalLiquidatedPerBlock);
                    info.QuantumsInsuranceLost.Should().BeLessThanOrEqualTo(t.Config.MaxQuantumsInsuranceLostPerBlock);
                }
            });

    /// <summary>
    /// The bankruptcy quote is the formula evaluated exactly and rounded up: it is at least the exact value and less
    /// than one quote quantum above it, for partial and whole closes of either side.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Property_bankruptcy_quote_is_the_exact_value_rounded_toward_positive_infinity() =>
        Run(
            from c in AnyCase
            from part in Gen.Choose(1, 1_000)
            select (Case: c, Part: part),
            t =>
            {
                DydxCase c = t.Case;
                long delta = -Math.Sign(c.PositionSize) * Math.Max(1L, Math.Abs(c.PositionSize) * t.Part / 1_000);
                long after = c.PositionSize + delta;
                long dnnv = (long)decimal.Truncate(after * c.Price) - c.Pnnv;
                long mmAfter = c.Pnnv == 0 ? 0 : (long)decimal.Ceiling(decimal.Truncate(Math.Abs(after * c.Price)) * c.Pmmr / Math.Abs(c.Pnnv));
                long dmmr = Math.Min(0, mmAfter - c.Pmmr);

                long quote = DydxLiquidation.BankruptcyPriceQuote(dnnv, dmmr, c.Tnc, c.Tmmr);
                Rational exact = (Rational)(-dnnv) - (new Rational(c.Tnc, c.Tmmr) * -dmmr);
                string because = string.Create(CultureInfo.InvariantCulture, $"{c}, DNNV {dnnv}, DMMR {dmmr} -> {quote}");

                ((Rational)quote >= exact).Should().BeTrue(because);
                ((Rational)quote - exact < Rational.One).Should().BeTrue(because);
            });
}
