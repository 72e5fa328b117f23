using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.Internal;

namespace LiquidationSim.Instruments;

/// <summary>
/// An ordered, validated table of maintenance-margin brackets for one instrument, with its source and date.
/// </summary>
/// <remarks>
/// <para>
/// Invariants checked on construction: at least one tier; the first floor is zero; each tier starts where the
/// previous one ends (no gaps, no overlaps); caps are above floors; maintenance rates are in [0, 1) and never
/// decrease; maximum leverage is positive and never increases; under
/// <see cref="MaintenanceAmountRule.Cumulative"/> every supplied maintenance amount equals the recurrence
/// <c>cum(n) = cum(n−1) + floor(n) × (MMR(n) − MMR(n−1))</c> exactly.
/// </para>
/// <para>
/// A notional above the last cap is charged at the last tier: venues enforce position limits when orders are
/// placed, not when the mark price moves, so a position may drift past the last cap and is still margined.
/// </para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class RiskTierTable : IEquatable<RiskTierTable>
{
    private readonly decimal[] _floors;
    private readonly decimal[] _rates;
    private readonly decimal[] _amounts;
    private readonly decimal[] _risingKeys;
    private readonly decimal[] _fallingKeys;

    private RiskTierTable(string name, ImmutableArray<RiskTier> tiers, MaintenanceAmountRule rule, TierBoundary boundary, SourceReference source)
    {
        Name = name;
        Boundary = boundary;
        Tiers = tiers;
        AmountRule = rule;
        Source = source;
        _floors = new decimal[tiers.Length];
        _rates = new decimal[tiers.Length];
        _amounts = new decimal[tiers.Length];
        _risingKeys = new decimal[tiers.Length];
        _fallingKeys = new decimal[tiers.Length];
        for (int i = 0; i < tiers.Length; i++)
        {
            _floors[i] = tiers[i].NotionalFloor;
            _rates[i] = tiers[i].MaintenanceMarginRate;
            _amounts[i] = tiers[i].MaintenanceAmount;
            decimal maintenanceAtFloor = (tiers[i].NotionalFloor * tiers[i].MaintenanceMarginRate) - tiers[i].MaintenanceAmount;
            _risingKeys[i] = tiers[i].NotionalFloor - maintenanceAtFloor;
            _fallingKeys[i] = tiers[i].NotionalFloor + maintenanceAtFloor;
        }
    }

    /// <summary>Human-readable name, e.g. "Binance BTCUSDT".</summary>
    public string Name { get; }

    /// <summary>The brackets, lowest notional first.</summary>
    public ImmutableArray<RiskTier> Tiers { get; }

    /// <summary>Whether maintenance amounts are cumulative deductions or absent.</summary>
    public MaintenanceAmountRule AmountRule { get; }

    /// <summary>Which bracket a notional exactly on a boundary belongs to.</summary>
    public TierBoundary Boundary { get; }

    /// <summary>Where the numbers come from and the date they describe.</summary>
    public SourceReference Source { get; }

    /// <summary>Number of brackets.</summary>
    public int Count => Tiers.Length;

    internal ReadOnlySpan<decimal> Floors => _floors;

    internal ReadOnlySpan<decimal> Rates => _rates;

    internal ReadOnlySpan<decimal> Amounts => _amounts;

    /// <summary><c>F − MM(F)</c> at each floor: the liquidation-price solver's search key for a rising margin function.</summary>
    internal ReadOnlySpan<decimal> RisingKeys => _risingKeys;

    /// <summary><c>F + MM(F)</c> at each floor: the search key for a falling margin function.</summary>
    internal ReadOnlySpan<decimal> FallingKeys => _fallingKeys;

    /// <summary>
    /// Builds a table from brackets as published (Binance <c>leverageBracket</c>: floor, cap, initial leverage,
    /// maintenance ratio, cum).
    /// </summary>
    /// <param name="name">Table name.</param>
    /// <param name="tiers">Brackets, lowest first.</param>
    /// <param name="rule">Whether amounts follow the cumulative recurrence (checked exactly) or are all zero.</param>
    /// <param name="source">Source and date of the numbers.</param>
    /// <param name="boundary">Which bracket a notional on a boundary belongs to.</param>
    /// <exception cref="ArgumentException">The table has a gap, an overlap, a decreasing rate, an increasing
    /// leverage, or an amount that disagrees with <paramref name="rule"/>; the message names the tier.</exception>
    public static RiskTierTable Create(
        string name, IEnumerable<RiskTier> tiers, MaintenanceAmountRule rule, SourceReference source, TierBoundary boundary = TierBoundary.FloorInclusive)
    {
        Preconditions.NotBlank(name);
        Preconditions.NotNull(tiers);
        source.Validate(nameof(source));
        if (boundary is not (TierBoundary.FloorInclusive or TierBoundary.CapInclusive))
        {
            ThrowHelper.Argument(nameof(boundary), boundary, "must be FloorInclusive or CapInclusive");
        }

        ImmutableArray<RiskTier> array = tiers.ToImmutableArray();
        Validate(array, rule);
        return new RiskTierTable(name, array, rule, boundary, source);
    }

    /// <summary>
    /// The maintenance amount of a bracket from the one below it:
    /// <c>cum(n) = cum(n−1) + floor(n) × (MMR(n) − MMR(n−1))</c> (Binance §1.2; Bybit's "Maintenance Margin
    /// Deduction"; Hyperliquid's "maintenance_deduction").
    /// </summary>
    /// <param name="previousAmount">cum(n−1).</param>
    /// <param name="previousRate">MMR(n−1).</param>
    /// <param name="floor">floor(n), the notional where bracket n starts.</param>
    /// <param name="rate">MMR(n).</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="previousAmount"/> or <paramref name="floor"/> is negative, a rate is not in [0, 1), or the amount
    /// is beyond the decimal range (issue 15: these gave a nonsense amount or an <see cref="OverflowException"/>).
    /// </exception>
    public static decimal NextMaintenanceAmount(decimal previousAmount, decimal previousRate, decimal floor, decimal rate)
    {
        Preconditions.NonNegative(previousAmount);
        Preconditions.Fraction(previousRate);
        Preconditions.NonNegative(floor);
        Preconditions.Fraction(rate);
        try
        {
            return NextMaintenanceAmountUnchecked(previousAmount, previousRate, floor, rate);
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(
                nameof(previousAmount), previousAmount, ThrowHelper.Describe(nameof(previousAmount), previousAmount, "gives, with floor × rate step, a maintenance amount beyond the decimal range"));
        }
    }

    /// <summary>The recurrence without argument checks, for the table builders, which check the tiers themselves.</summary>
    internal static decimal NextMaintenanceAmountUnchecked(decimal previousAmount, decimal previousRate, decimal floor, decimal rate) =>
        previousAmount + (floor * (rate - previousRate));

    /// <summary>
    /// Builds a cumulative table from floors, rates and leverages, computing each maintenance amount with the
    /// recurrence. Use this when a venue publishes rates but not deductions.
    /// </summary>
    /// <param name="name">Table name.</param>
    /// <param name="brackets">(floor, maximum leverage, maintenance rate as a fraction), lowest floor first;
    /// each bracket's cap is the next floor and the last is open-ended unless <paramref name="lastCap"/> is given.</param>
    /// <param name="source">Source and date.</param>
    /// <param name="lastCap">Cap of the last bracket; <see langword="null"/> for open-ended.</param>
    /// <param name="boundary">
    /// Which bracket a notional exactly on a boundary belongs to: <see cref="TierBoundary.FloorInclusive"/> (Binance's
    /// brackets, the default) or <see cref="TierBoundary.CapInclusive"/> for a venue whose limits include their upper
    /// bound (Bybit's risk limits, BitMEX's steps).
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="boundary"/> is not a defined rule, or a bracket breaks the table's invariants.</exception>
    public static RiskTierTable FromRates(
        string name,
        IEnumerable<(decimal Floor, decimal MaxLeverage, decimal MaintenanceMarginRate)> brackets,
        SourceReference source,
        decimal? lastCap = null,
        TierBoundary boundary = TierBoundary.FloorInclusive)
    {
        Preconditions.NotNull(brackets);
        var list = brackets.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            ValidateRate(list[i].MaintenanceMarginRate, i == 0 ? null : list[i - 1].MaintenanceMarginRate, $"brackets[{i}].MaintenanceMarginRate");
            Preconditions.Positive(list[i].MaxLeverage, $"brackets[{i}].MaxLeverage");
            if (i > 0 && list[i].Floor <= list[i - 1].Floor)
            {
                ThrowHelper.Argument($"brackets[{i}].Floor", list[i].Floor, Rule("must be above the previous floor", list[i - 1].Floor));
            }
        }

        var tiers = new List<RiskTier>(list.Count);
        decimal cum = 0m;
        for (int i = 0; i < list.Count; i++)
        {
            decimal cap = i + 1 < list.Count ? list[i + 1].Floor : lastCap ?? decimal.MaxValue;
            if (i > 0)
            {
                cum = NextMaintenanceAmountUnchecked(cum, list[i - 1].MaintenanceMarginRate, list[i].Floor, list[i].MaintenanceMarginRate);
            }

            tiers.Add(new RiskTier(list[i].Floor, cap, list[i].MaxLeverage, list[i].MaintenanceMarginRate, cum));
        }

        return Create(name, tiers, MaintenanceAmountRule.Cumulative, source, boundary);
    }

    /// <summary>
    /// Builds a table from Bybit risk limits as returned by <c>GET /v5/market/risk-limit</c>: each limit's
    /// <c>riskLimitValue</c> is the cap of its tier, the next tier starting there; the maintenance deduction is
    /// computed with Bybit's recurrence (Bybit "Margin Parameters", reference cefi.md §2.3).
    /// </summary>
    /// <remarks>
    /// A risk limit includes its upper bound: a position value equal to the limit is within that risk limit (Bybit
    /// "Risk Limit (Perpetual and Futures Contracts)": the limit is the maximum position value the tier allows; the
    /// "Maintenance Margin (USDT Contract)" example writes the tiers 0–1,000, &gt;1,000–2,000, …). The table is
    /// therefore <see cref="TierBoundary.CapInclusive"/>, so <see cref="TierFor"/>(limit) answers that tier, not the
    /// next. Maintenance margin is continuous at a boundary, so only the tier, its leverage and rates there differ
    /// from a floor-inclusive reading.
    /// </remarks>
    /// <param name="name">Table name.</param>
    /// <param name="limits">Risk limits, lowest first.</param>
    /// <param name="unit">Unit of the rates in <paramref name="limits"/>. Bybit's API returns percent (0.5 = 0.5%).</param>
    /// <param name="source">Source and date.</param>
    public static RiskTierTable Bybit(string name, IEnumerable<BybitRiskLimit> limits, RateUnit unit, SourceReference source)
    {
        Preconditions.NotNull(limits);
        decimal scale = ScaleOf(unit);
        var tiers = new List<RiskTier>();
        decimal floor = 0m;
        decimal cum = 0m;
        decimal previousRate = 0m;
        int index = 0;
        foreach (BybitRiskLimit limit in limits)
        {
            decimal mmr = limit.MaintenanceMarginRate * scale;
            decimal imr = limit.InitialMarginRate * scale;
            ValidateRate(mmr, index == 0 ? null : previousRate, $"limits[{index}].MaintenanceMarginRate", unit, limit.MaintenanceMarginRate, scale);
            if (imr <= 0m || imr > 1m)
            {
                ThrowHelper.OutOfRange($"limits[{index}].InitialMarginRate", limit.InitialMarginRate, $"must be above 0% and at most 100% in the stated unit ({unit})");
            }

            if (limit.RiskLimitValue <= floor)
            {
                ThrowHelper.Argument($"limits[{index}].RiskLimitValue", limit.RiskLimitValue, Rule("must be above the previous risk limit", floor));
            }

            if (index > 0)
            {
                cum = NextMaintenanceAmountUnchecked(cum, previousRate, floor, mmr);
            }

            if (limit.MaintenanceDeduction is decimal published && published != cum)
            {
                ThrowHelper.Argument(
                    $"limits[{index}].MaintenanceDeduction",
                    published,
                    string.Create(CultureInfo.InvariantCulture, $"must equal the recurrence value {cum}"));
            }

            tiers.Add(RiskTier.FromInitialMarginRate(floor, limit.RiskLimitValue, imr, mmr, cum));
            previousRate = mmr;
            floor = limit.RiskLimitValue;
            index++;
        }

        return Create(name, tiers, MaintenanceAmountRule.Cumulative, source, TierBoundary.CapInclusive);
    }

    /// <summary>
    /// Builds a Hyperliquid-style table: the maintenance rate of each tier is half the initial-margin rate at its
    /// maximum leverage (<c>1 ÷ (2 × maxLeverage)</c>) and the deduction follows the recurrence
    /// (Hyperliquid docs, "Margin tiers", reference cefi.md §6).
    /// </summary>
    /// <param name="name">Table name.</param>
    /// <param name="tiers">(lower bound of position notional, maximum leverage), lowest first, starting at 0.</param>
    /// <param name="source">Source and date.</param>
    public static RiskTierTable Hyperliquid(string name, IEnumerable<(decimal LowerBound, int MaxLeverage)> tiers, SourceReference source)
    {
        Preconditions.NotNull(tiers);
        var list = tiers.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].MaxLeverage <= 0)
            {
                ThrowHelper.OutOfRange($"tiers[{i}].MaxLeverage", list[i].MaxLeverage, "must be greater than zero");
            }
        }

        return FromRates(name, list.Select(t => (t.LowerBound, (decimal)t.MaxLeverage, 1m / (2m * t.MaxLeverage))), source);
    }

    /// <summary>
    /// Builds BitMEX-style risk-limit steps: below the base risk limit the base rates apply; each further step of
    /// <paramref name="stepSize"/> adds one base maintenance rate to both the maintenance and the initial rate
    /// (<c>New MM% = Base MM% + Steps × Base MM%</c>, <c>New IM% = Base IM% + Steps × Base MM%</c>,
    /// <c>bitmex.com/app/riskLimitsExamples</c>). The rate applies to the whole position
    /// (<see cref="MaintenanceAmountRule.WholePosition"/>) and a position equal to a risk limit fits in it
    /// (<see cref="TierBoundary.CapInclusive"/>).
    /// </summary>
    /// <param name="name">Table name.</param>
    /// <param name="baseMaintenanceRate">Base maintenance rate.</param>
    /// <param name="baseInitialRate">Base initial rate.</param>
    /// <param name="baseRiskLimit">Position size up to which the base rates apply (exclusive).</param>
    /// <param name="stepSize">Size of each further step.</param>
    /// <param name="steps">Number of steps above the base tier.</param>
    /// <param name="unit">Unit of the two rates (BitMEX publishes percent).</param>
    /// <param name="source">Source and date.</param>
    public static RiskTierTable BitMexSteps(
        string name,
        decimal baseMaintenanceRate,
        decimal baseInitialRate,
        decimal baseRiskLimit,
        decimal stepSize,
        int steps,
        RateUnit unit,
        SourceReference source)
    {
        Preconditions.Positive(baseMaintenanceRate);
        Preconditions.Positive(baseInitialRate);
        Preconditions.Positive(baseRiskLimit);
        Preconditions.Positive(stepSize);
        if (steps < 0)
        {
            ThrowHelper.OutOfRange(nameof(steps), steps, "must not be negative");
        }

        decimal scale = ScaleOf(unit);
        decimal mm = baseMaintenanceRate * scale;
        decimal im = baseInitialRate * scale;
        var tiers = new List<RiskTier>(steps + 1);
        decimal floor = 0m;
        for (int k = 0; k <= steps; k++)
        {
            decimal cap = k == steps ? decimal.MaxValue : baseRiskLimit + (k * stepSize);
            tiers.Add(RiskTier.FromInitialMarginRate(floor, cap, im + (k * mm), mm + (k * mm), 0m));
            floor = cap;
        }

        return Create(name, tiers, MaintenanceAmountRule.WholePosition, source, TierBoundary.CapInclusive);
    }

    /// <summary>Index of the bracket that contains <paramref name="notional"/>, with <see cref="Boundary"/> deciding exact boundaries.</summary>
    /// <param name="notional">Absolute notional in the settlement asset; must not be negative.</param>
    public int IndexOf(decimal notional)
    {
        Preconditions.NonNegative(notional);
        return IndexOfUnchecked(notional);
    }

    /// <summary>The bracket that contains <paramref name="notional"/>.</summary>
    /// <param name="notional">Absolute notional in the settlement asset; must not be negative.</param>
    public RiskTier TierFor(decimal notional) => Tiers[IndexOf(notional)];

    /// <summary>Maintenance margin for a position of absolute <paramref name="notional"/>: <c>notional × MMR − amount</c> of its bracket.</summary>
    /// <param name="notional">Absolute notional in the settlement asset; must not be negative.</param>
    public decimal MaintenanceMargin(decimal notional)
    {
        int i = IndexOf(notional);
        return (notional * _rates[i]) - _amounts[i];
    }

    /// <summary>Maximum leverage allowed for a position of absolute <paramref name="notional"/>.</summary>
    /// <param name="notional">Absolute notional in the settlement asset; must not be negative.</param>
    public decimal MaxLeverage(decimal notional) => TierFor(notional).MaxLeverage;

    internal int IndexOfUnchecked(decimal notional) => IndexOf(_floors, notional, Boundary == TierBoundary.CapInclusive);

    /// <summary>
    /// Highest bracket whose floor is at or below the notional (strictly below for cap-inclusive tables). Tables are
    /// short and most positions small, so a scan up from the first bracket beats a binary search.
    /// </summary>
    internal static int IndexOf(ReadOnlySpan<decimal> floors, decimal notional, bool capInclusive)
    {
        int i = 1;
        if (capInclusive)
        {
            while (i < floors.Length && floors[i] < notional)
            {
                i++;
            }
        }
        else
        {
            while (i < floors.Length && floors[i] <= notional)
            {
                i++;
            }
        }

        return i - 1;
    }

    internal decimal MaintenanceMarginUnchecked(decimal notional)
    {
        int i = IndexOfUnchecked(notional);
        return (notional * _rates[i]) - _amounts[i];
    }

    /// <inheritdoc/>
    public bool Equals(RiskTierTable? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Name == other.Name && AmountRule == other.AmountRule && Boundary == other.Boundary && Source == other.Source
                && Tiers.AsSpan().SequenceEqual(other.Tiers.AsSpan())));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RiskTierTable);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Tiers.Length, Boundary, Source);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} ({Count} tiers, {Source.Citation}, {Source.AsOf:yyyy-MM-dd})");

    private static decimal ScaleOf(RateUnit unit) => unit switch
    {
        RateUnit.Fraction => 1m,
        RateUnit.Percent => 0.01m,
        _ => ThrowHelper.Argument<decimal>(nameof(unit), unit, "must be Fraction or Percent"),
    };

    private static void Validate(ImmutableArray<RiskTier> tiers, MaintenanceAmountRule rule)
    {
        if (tiers.IsEmpty)
        {
            ThrowHelper.Argument(nameof(tiers), "[]", "must contain at least one tier");
        }

        if (rule is not (MaintenanceAmountRule.Cumulative or MaintenanceAmountRule.WholePosition))
        {
            ThrowHelper.Argument(nameof(rule), rule, "must be Cumulative or WholePosition");
        }

        if (tiers[0].NotionalFloor != 0m)
        {
            ThrowHelper.Argument("tiers[0].NotionalFloor", tiers[0].NotionalFloor, "must be 0");
        }

        for (int i = 0; i < tiers.Length; i++)
        {
            RiskTier t = tiers[i];
            string at = string.Create(CultureInfo.InvariantCulture, $"tiers[{i}]");
            if (t.NotionalCap <= t.NotionalFloor)
            {
                ThrowHelper.Argument(at + ".NotionalCap", t.NotionalCap, Rule("must be above the floor", t.NotionalFloor));
            }

            if (t.MaintenanceMarginRate < 0m || t.MaintenanceMarginRate >= 1m)
            {
                ThrowHelper.OutOfRange(at + ".MaintenanceMarginRate", t.MaintenanceMarginRate, "must be at least 0 and below 1");
            }

            if (t.MaxLeverage <= 0m)
            {
                ThrowHelper.OutOfRange(at + ".MaxLeverage", t.MaxLeverage, "must be greater than zero");
            }

            if (t.InitialMarginRate <= t.MaintenanceMarginRate)
            {
                ThrowHelper.Argument(at + ".InitialMarginRate", t.InitialMarginRate, Rule("must be above the maintenance rate", t.MaintenanceMarginRate));
            }

            if (i > 0)
            {
                RiskTier p = tiers[i - 1];
                if (t.NotionalFloor != p.NotionalCap)
                {
                    ThrowHelper.Argument(at + ".NotionalFloor", t.NotionalFloor, Rule("must equal the previous tier's cap (no gap or overlap)", p.NotionalCap));
                }

                if (t.MaintenanceMarginRate < p.MaintenanceMarginRate)
                {
                    ThrowHelper.Argument(at + ".MaintenanceMarginRate", t.MaintenanceMarginRate, Rule("must not be below the previous tier's rate", p.MaintenanceMarginRate));
                }

                if (t.MaxLeverage > p.MaxLeverage)
                {
                    ThrowHelper.Argument(at + ".MaxLeverage", t.MaxLeverage, Rule("must not exceed the previous tier's maximum leverage", p.MaxLeverage));
                }
            }

            decimal expected = rule == MaintenanceAmountRule.WholePosition || i == 0
                ? 0m
                : NextMaintenanceAmountUnchecked(tiers[i - 1].MaintenanceAmount, tiers[i - 1].MaintenanceMarginRate, t.NotionalFloor, t.MaintenanceMarginRate);
            if (t.MaintenanceAmount != expected)
            {
                ThrowHelper.Argument(
                    at + ".MaintenanceAmount",
                    t.MaintenanceAmount,
                    rule == MaintenanceAmountRule.WholePosition
                        ? "must be 0 when the rate applies to the whole position"
                        : Rule("must equal cum(n-1) + floor(n) x (MMR(n) - MMR(n-1))", expected));
            }
        }
    }

    /// <summary>Checks a rate (as a fraction) and reports the caller's own figure in the caller's unit.</summary>
    private static void ValidateRate(decimal rate, decimal? previous, string paramName, RateUnit unit = RateUnit.Fraction, decimal? asGiven = null, decimal scale = 1m)
    {
        decimal shown = asGiven ?? rate;
        if (rate < 0m || rate >= 1m)
        {
            ThrowHelper.OutOfRange(paramName, shown, $"must be at least 0% and below 100% (read as {unit})");
        }

        if (previous is decimal p && rate < p)
        {
            ThrowHelper.Argument(paramName, shown, Rule($"must not be below the previous bracket's rate (in {unit})", p / scale));
        }
    }

    private static string Rule(string text, decimal value) =>
        string.Create(CultureInfo.InvariantCulture, $"{text} ({value})");
}

/// <summary>
/// One row of Bybit's <c>GET /v5/market/risk-limit</c> response, in the units the API uses (see
/// <see cref="RateUnit"/>).
/// </summary>
/// <param name="RiskLimitValue">Cap of the tier's position value (<c>riskLimitValue</c>).</param>
/// <param name="MaintenanceMarginRate">Maintenance rate (<c>maintenanceMargin</c>).</param>
/// <param name="InitialMarginRate">Initial rate (<c>initialMargin</c>).</param>
/// <param name="MaintenanceDeduction">The published <c>mmDeduction</c>, if any; checked against the recurrence.</param>
public readonly record struct BybitRiskLimit(
    decimal RiskLimitValue,
    decimal MaintenanceMarginRate,
    decimal InitialMarginRate,
    decimal? MaintenanceDeduction = null);
