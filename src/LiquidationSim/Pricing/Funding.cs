using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Pricing;

/// <summary>A price level of an order book: a price and the size resting there, in contracts.</summary>
/// <param name="Price">Level price; positive.</param>
/// <param name="Size">Resting size in contracts; positive.</param>
public readonly record struct PriceLevel(decimal Price, decimal Size);

/// <summary>
/// Funding-rate rules: the interest component, the clamp around it and an optional cap
/// (<c>F = P + clamp(I − P, −clamp, +clamp)</c>, Binance futures pages, 2019/2020 copy; reference cefi.md §1.6).
/// </summary>
public sealed record FundingRateRules
{
    private FundingRateRules(decimal interestRate, decimal clampLimit, decimal? rateCap, TimeSpan interval, SourceReference source)
    {
        DomainProblem.ThrowFirst(Check(clampLimit, rateCap, interval, source));
        InterestRate = interestRate;
        ClampLimit = clampLimit;
        RateCap = rateCap;
        Interval = interval;
        Source = source;
    }

    /// <summary>Interest component per funding interval (0.01% per 8 hours on Binance USDⓈ-M).</summary>
    public decimal InterestRate { get; }

    /// <summary>Half-width of the clamp applied to <c>I − P</c> (0.05%).</summary>
    public decimal ClampLimit { get; }

    /// <summary>Largest absolute funding rate, or <see langword="null"/> for none.</summary>
    public decimal? RateCap { get; }

    /// <summary>Funding interval.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Where the rules come from.</summary>
    public SourceReference Source { get; }

    /// <summary>
    /// Binance USDⓈ-M as published in 2019/2020: interest 0.01% per 8 hours, clamp ±0.05%, no cap
    /// (copy in bradkyle/Qenv logic/binance.md, reference cefi.md §1.6).
    /// </summary>
    public static FundingRateRules Binance { get; } = new(
        0.0001m,
        0.0005m,
        null,
        TimeSpan.FromHours(8),
        new SourceReference("Binance futures funding rate, copy in bradkyle/Qenv logic/binance.md (reference cefi.md §1.6)", new DateOnly(2020, 1, 1)));

    /// <summary>Creates rules.</summary>
    /// <param name="interestRate">Interest component per interval.</param>
    /// <param name="clampLimit">Clamp half-width; not negative.</param>
    /// <param name="rateCap">Largest absolute rate; positive, or <see langword="null"/>.</param>
    /// <param name="interval">Funding interval; positive.</param>
    /// <param name="source">Where the rules come from.</param>
    public static FundingRateRules Create(decimal interestRate, decimal clampLimit, decimal? rateCap, TimeSpan interval, SourceReference source) =>
        new(interestRate, clampLimit, rateCap, interval, source);

    /// <summary>
    /// Every rule the inputs of <see cref="Create"/> break, in the order it checks them (the first is what it throws);
    /// empty when they make rules. The interest rate may be any number.
    /// </summary>
    /// <param name="clampLimit">Clamp half-width; not negative.</param>
    /// <param name="rateCap">Largest absolute rate; positive, or <see langword="null"/>.</param>
    /// <param name="interval">Funding interval; positive.</param>
    /// <param name="source">Where the rules come from; a citation that is not blank.</param>
    internal static IReadOnlyList<DomainProblem> Check(decimal clampLimit, decimal? rateCap, TimeSpan interval, SourceReference source)
    {
        List<DomainProblem>? problems = null;
        DomainChecks.NonNegative(ref problems, clampLimit, nameof(clampLimit));
        if (rateCap is decimal cap)
        {
            DomainChecks.Positive(ref problems, cap, nameof(rateCap));
        }

        if (interval <= TimeSpan.Zero)
        {
            DomainChecks.Add(ref problems, new DomainProblem(nameof(interval), "must be positive", interval, DomainRule.Positive));
        }

        source.Check(ref problems, nameof(source));
        return DomainChecks.Result(problems);
    }

    /// <summary>A copy with another cap.</summary>
    /// <param name="rateCap">Largest absolute rate; positive, or <see langword="null"/>.</param>
    public FundingRateRules WithRateCap(decimal? rateCap) => new(InterestRate, ClampLimit, rateCap, Interval, Source);
}

/// <summary>A funding payment to (positive) or from (negative) one position.</summary>
/// <param name="Symbol">Instrument symbol.</param>
/// <param name="Side">Position side.</param>
/// <param name="Notional">Position notional at the mark price, in the settlement asset.</param>
/// <param name="Rate">Funding rate applied.</param>
/// <param name="Amount">Amount credited to the position's margin (negative when it pays).</param>
public readonly record struct FundingPayment(string Symbol, PositionSide Side, decimal Notional, decimal Rate, decimal Amount);

/// <summary>The account after a funding settlement, and the payments that explain the change.</summary>
/// <param name="Account">The account after settlement.</param>
/// <param name="Payments">One payment per position in the symbol.</param>
public sealed record FundingSettlement(Account Account, ImmutableArray<FundingPayment> Payments);

/// <summary>Funding: premium index, funding rate, impact prices, the funding clock and settlement.</summary>
public static class Funding
{
    /// <summary>
    /// Premium index <c>[max(0, impact bid − index) − max(0, index − impact ask)] ÷ index</c> (Binance futures
    /// pages; the division applies to the whole difference; reference cefi.md §1.6).
    /// </summary>
    /// <param name="impactBid">Average fill price of selling the impact notional; positive.</param>
    /// <param name="impactAsk">Average fill price of buying the impact notional; positive, not below the bid.</param>
    /// <param name="indexPrice">Index price; positive.</param>
    public static decimal PremiumIndex(decimal impactBid, decimal impactAsk, decimal indexPrice)
    {
        Preconditions.Positive(impactBid);
        Preconditions.Positive(impactAsk);
        Preconditions.Positive(indexPrice);
        if (impactAsk < impactBid)
        {
            ThrowHelper.Argument(nameof(impactAsk), impactAsk, "must not be below the impact bid");
        }

        return (Math.Max(0m, impactBid - indexPrice) - Math.Max(0m, indexPrice - impactAsk)) / indexPrice;
    }

    /// <summary>
    /// Funding rate <c>F = P + clamp(I − P, −clamp, +clamp)</c>, then capped to <see cref="FundingRateRules.RateCap"/>.
    /// </summary>
    /// <param name="premiumIndex">Premium index averaged over the interval; above −1, as <see cref="PremiumIndex"/> always is.</param>
    /// <param name="rules">The rules.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="premiumIndex"/> is −1 or below (an impact price at or below zero).</exception>
    public static decimal Rate(decimal premiumIndex, FundingRateRules rules)
    {
        Preconditions.NotNull(rules);
        if (premiumIndex <= -1m)
        {
            // (max(0, bid − index) − max(0, index − ask)) ÷ index is above −1 for any positive ask: this is no premium.
            ThrowHelper.OutOfRange(nameof(premiumIndex), premiumIndex, "must be above -1 (an impact ask above zero)");
        }

        decimal rate = premiumIndex + Math.Clamp(rules.InterestRate - premiumIndex, -rules.ClampLimit, rules.ClampLimit);
        return rules.RateCap is decimal cap ? Math.Clamp(rate, -cap, cap) : rate;
    }

    /// <summary>
    /// Average fill price of a market order for <paramref name="impactNotional"/> of quote currency walking
    /// <paramref name="levels"/> from the best (the impact bid or ask; Binance: impact margin notional 200 USDT ×
    /// 20 = 4,000 USDT, reference cefi.md §1.6). Linear contracts.
    /// </summary>
    /// <param name="levels">One side of the book, best first: asks ascending or bids descending.</param>
    /// <param name="impactNotional">Quote notional to fill; positive.</param>
    /// <param name="contractSize">Base units per contract; positive.</param>
    /// <returns>The average price, or <see langword="null"/> when the book is too thin to fill the notional.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive argument or level, or a level whose notional (price × size × contract size) is beyond the decimal range.</exception>
    public static decimal? ImpactPrice(ReadOnlySpan<PriceLevel> levels, decimal impactNotional, decimal contractSize = 1m)
    {
        Preconditions.Positive(impactNotional);
        Preconditions.Positive(contractSize);
        ValidateLevels(levels, nameof(levels));
        decimal remaining = impactNotional, filledSize = 0m;
        for (int i = 0; i < levels.Length; i++)
        {
            PriceLevel level = levels[i];
            try
            {
                decimal levelNotional = level.Price * level.Size * contractSize;
                if (levelNotional >= remaining)
                {
                    filledSize += remaining / (level.Price * contractSize);
                    return impactNotional / (filledSize * contractSize);
                }

                remaining -= levelNotional;
                filledSize += level.Size;
            }
            catch (OverflowException)
            {
                string at = string.Create(CultureInfo.InvariantCulture, $"levels[{i}].Size");
                throw BeyondRange(at, level.Size, string.Create(CultureInfo.InvariantCulture, $"gives, at price {level.Price} and contract size {contractSize}, a notional or filled size beyond the decimal range"));
            }
        }

        return null;
    }

    /// <summary>The next funding time strictly after <paramref name="now"/> on a clock of <paramref name="interval"/> anchored at <paramref name="anchor"/>.</summary>
    /// <param name="now">Current time.</param>
    /// <param name="anchor">Any funding time (e.g. 00:00 UTC of some day).</param>
    /// <param name="interval">Funding interval; positive.</param>
    public static DateTimeOffset NextFundingTime(DateTimeOffset now, DateTimeOffset anchor, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            ThrowHelper.OutOfRange(nameof(interval), interval, "must be positive");
        }

        long elapsed = (now - anchor).Ticks;
        long completed = elapsed >= 0 ? elapsed / interval.Ticks : -((-elapsed + interval.Ticks - 1) / interval.Ticks);
        long periods = completed + 1;
        return anchor + TimeSpan.FromTicks(periods * interval.Ticks);
    }

    /// <summary>
    /// Settles funding on every position of <paramref name="account"/> in <paramref name="symbol"/>: each pays
    /// <c>side × notional at mark × rate</c> (longs pay a positive rate, shorts receive it). An isolated position's
    /// margin absorbs its payment, which moves its liquidation price (Bybit: Y1's 19,700 becomes 19,900 after 200
    /// USDT of funding, reference cefi.md §2.1 Y3); a cross position's payment goes to the wallet. An isolated
    /// margin may become negative: that is a bankrupt position for the liquidation engine, not an input error.
    /// Payments are booked to the settlement precision, half to even, so a long and a short of equal size pay and
    /// receive exactly the same amount.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="symbol">Symbol being funded.</param>
    /// <param name="fundingRate">Rate for this interval.</param>
    /// <param name="markPrice">Mark price at the funding time; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="markPrice"/> is not positive or gives a notional beyond the decimal range, or <paramref name="fundingRate"/> gives a payment or margin beyond it.</exception>
    public static FundingSettlement Settle(Account account, string symbol, decimal fundingRate, decimal markPrice)
    {
        Preconditions.NotNull(account);
        Preconditions.NotBlank(symbol);
        Preconditions.Positive(markPrice);
        var payments = ImmutableArray.CreateBuilder<FundingPayment>();
        Account next = account;
        foreach (Position p in account.Positions)
        {
            if (p.Symbol != symbol)
            {
                continue;
            }

            decimal notional, amount;
            try
            {
                notional = p.Instrument.NotionalUnchecked(p.Size, markPrice);
            }
            catch (OverflowException)
            {
                throw BeyondRange(nameof(markPrice), markPrice, "gives a notional beyond the decimal range for " + p);
            }

            try
            {
                amount = Payment(p, markPrice, fundingRate);
                next = next.CreditPosition(p, amount);
            }
            catch (OverflowException)
            {
                throw BeyondRange(nameof(fundingRate), fundingRate, "gives a payment or balance beyond the decimal range for " + p);
            }

            payments.Add(new FundingPayment(symbol, p.Side, notional, fundingRate, amount));
        }

        return new FundingSettlement(next, payments.ToImmutable());
    }

    /// <summary>
    /// A position's funding payment, credited to it (negative when it pays): <c>−side × notional at mark × rate</c>,
    /// booked at the settlement precision half to even.
    /// </summary>
    private static ArgumentOutOfRangeException BeyondRange(string paramName, decimal value, string rule) =>
        new(paramName, value, ThrowHelper.Describe(paramName, value, rule));

    internal static decimal Payment(Position position, decimal markPrice, decimal fundingRate) =>
        position.Instrument.RoundAmount(-(int)position.Side * position.Instrument.NotionalUnchecked(position.Size, markPrice) * fundingRate, MidpointRounding.ToEven);

    internal static void ValidateLevels(ReadOnlySpan<PriceLevel> levels, string paramName)
    {
        int direction = 0;
        for (int i = 0; i < levels.Length; i++)
        {
            Preconditions.Positive(levels[i].Price, $"{paramName}[{i}].Price");
            Preconditions.Positive(levels[i].Size, $"{paramName}[{i}].Size");
            if (i == 0)
            {
                continue;
            }

            int step = levels[i].Price.CompareTo(levels[i - 1].Price);
            if (step == 0 || (direction != 0 && step != direction))
            {
                ThrowHelper.Argument(
                    $"{paramName}[{i}].Price",
                    levels[i].Price,
                    string.Create(CultureInfo.InvariantCulture, $"must continue the strict order of the side (previous {levels[i - 1].Price})"));
            }

            direction = step;
        }
    }
}
