using System.Globalization;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Pricing;

/// <summary>
/// One observation of the market, the inputs every mark-price method draws from. Fields a method does not use may
/// be left at their defaults; each method checks the ones it needs.
/// </summary>
public readonly record struct MarkPriceInputs
{
    /// <summary>Observation time; must not go backwards between updates of one method.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Index (spot) price.</summary>
    public decimal IndexPrice { get; init; }

    /// <summary>Last traded price of the contract.</summary>
    public decimal LastPrice { get; init; }

    /// <summary>Best bid of the contract's book.</summary>
    public decimal BestBid { get; init; }

    /// <summary>Best ask of the contract's book.</summary>
    public decimal BestAsk { get; init; }

    /// <summary>Last (or predicted) funding rate per funding interval, as a fraction.</summary>
    public decimal FundingRate { get; init; }

    /// <summary>Time until the next funding.</summary>
    public TimeSpan TimeToFunding { get; init; }

    /// <summary>Length of a funding interval (8 hours on most venues).</summary>
    public TimeSpan FundingInterval { get; init; }

    /// <summary>Average fill price of a sell of the impact notional (dated futures fair price).</summary>
    public decimal ImpactBid { get; init; }

    /// <summary>Average fill price of a buy of the impact notional (dated futures fair price).</summary>
    public decimal ImpactAsk { get; init; }

    /// <summary>Time until a dated future expires.</summary>
    public TimeSpan TimeToExpiry { get; init; }
}

/// <summary>
/// A way of forming the mark price, the price liquidations are checked on. Implementations keep windows of past
/// observations, so one instance belongs to one instrument on one simulation path.
/// </summary>
/// <remarks>
/// Implementations are not thread-safe. <see cref="Update"/> validates its inputs before changing any state, and
/// does not allocate.
/// </remarks>
public interface IMarkPriceMethod
{
    /// <summary>Method name.</summary>
    string Name { get; }

    /// <summary>Where the method is published.</summary>
    SourceReference Source { get; }

    /// <summary>Feeds one observation and returns the mark price at it.</summary>
    /// <param name="inputs">The observation; its time must not precede the previous one.</param>
    decimal Update(in MarkPriceInputs inputs);

    /// <summary>A new instance with the same parameters and no history (for another path or instrument).</summary>
    IMarkPriceMethod Fresh();
}

/// <summary>
/// Why the mark is where it is: the figures a mark-price method combined at its last update (issue 16). A field the
/// method does not use is <see langword="null"/>; <see cref="Candidates"/> are the prices it took the median of (or
/// the one price it used), in the order its source lists them.
/// </summary>
/// <param name="MarkPrice">The mark the update returned.</param>
/// <param name="IndexPrice">The index (oracle) price of the update; <see langword="null"/> for a method that ignores it (last price).</param>
/// <param name="FundingBasis">
/// <c>funding rate × time to funding ÷ interval</c>, the funding-adjusted index's premium (Binance "Price 1", BitMEX
/// "Funding Basis"); <see langword="null"/> when the method has no funding term.
/// </param>
/// <param name="BasisAverage">
/// The averaged basis the method adds to the index: Binance's moving average of <c>mid − index</c>, the EMA of the
/// basis (Hyperliquid, the EMA method), or BitMEX's averaged annualised basis of a dated future; <see langword="null"/> otherwise.
/// </param>
/// <param name="Candidates">
/// The prices combined: Binance (Price 1, Price 2, last); Hyperliquid (oracle + EMA of basis, median of best bid, best
/// ask and last, external perpetuals taken as the oracle); one price for the other methods.
/// </param>
public readonly record struct MarkPriceComponents(
    decimal MarkPrice, decimal? IndexPrice, decimal? FundingBasis, decimal? BasisAverage, System.Collections.Immutable.ImmutableArray<decimal> Candidates)
{
    /// <summary>Value equality: every figure, the candidates element by element.</summary>
    /// <param name="other">The components to compare with.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(MarkPriceComponents other) =>
        MarkPrice == other.MarkPrice
        && IndexPrice == other.IndexPrice
        && FundingBasis == other.FundingBasis
        && BasisAverage == other.BasisAverage
        && Candidates.AsSpan().SequenceEqual(other.Candidates.AsSpan());

    /// <summary>A hash code consistent with <see cref="Equals(MarkPriceComponents)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(MarkPrice, IndexPrice, FundingBasis, BasisAverage, Candidates.Length);
}

/// <summary>Shared validation and time ordering for the mark-price methods.</summary>
public abstract class MarkPriceMethodBase : IMarkPriceMethod
{
    private DateTimeOffset? _lastTime;
    private decimal _mark;
    private decimal? _index;
    private decimal? _fundingBasis;
    private decimal? _basisAverage;
    private decimal _candidate0;
    private decimal _candidate1;
    private decimal _candidate2;
    private int _candidateCount;

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract SourceReference Source { get; }

    /// <summary>Time of the last accepted observation, if any.</summary>
    public DateTimeOffset? LastTime => _lastTime;

    /// <summary>
    /// The figures the last update combined into its mark (<see cref="MarkPriceComponents"/>), or
    /// <see langword="null"/> before the first. Built when read, so <see cref="Update"/> still allocates nothing.
    /// </summary>
    public MarkPriceComponents? LastComponents => _lastTime is null
        ? null
        : new MarkPriceComponents(
            _mark,
            _index,
            _fundingBasis,
            _basisAverage,
            _candidateCount switch
            {
                0 => [],
                1 => [_candidate0],
                2 => [_candidate0, _candidate1],
                _ => [_candidate0, _candidate1, _candidate2],
            });

    /// <inheritdoc/>
    public decimal Update(in MarkPriceInputs inputs)
    {
        if (_lastTime is DateTimeOffset previous && inputs.Time < previous)
        {
            ThrowHelper.OutOfRange(
                "inputs.Time",
                inputs.Time,
                string.Create(CultureInfo.InvariantCulture, $"must not precede the previous observation at {previous:O} (time does not go backwards)"));
        }

        Validate(inputs);
        decimal mark = Apply(inputs);
        _lastTime = inputs.Time;
        _mark = mark;
        return mark;
    }

    /// <summary>
    /// Records what <see cref="Apply"/> combined, for <see cref="LastComponents"/>; up to three candidates (a method
    /// that never records reports its mark with no candidates).
    /// </summary>
    /// <param name="index">The index price used, or null.</param>
    /// <param name="fundingBasis">The funding basis used, or null.</param>
    /// <param name="basisAverage">The averaged basis used, or null.</param>
    /// <param name="candidates">The prices combined, in the source's order.</param>
    protected void Record(decimal? index, decimal? fundingBasis, decimal? basisAverage, params ReadOnlySpan<decimal> candidates)
    {
        _index = index;
        _fundingBasis = fundingBasis;
        _basisAverage = basisAverage;
        _candidateCount = candidates.Length;
        _candidate0 = candidates.Length > 0 ? candidates[0] : 0m;
        _candidate1 = candidates.Length > 1 ? candidates[1] : 0m;
        _candidate2 = candidates.Length > 2 ? candidates[2] : 0m;
    }

    /// <inheritdoc/>
    public abstract IMarkPriceMethod Fresh();

    /// <summary>Checks the inputs this method needs; must throw before any state changes.</summary>
    /// <param name="inputs">The observation.</param>
    protected abstract void Validate(in MarkPriceInputs inputs);

    /// <summary>Updates state and returns the mark; called only with validated inputs.</summary>
    /// <param name="inputs">The observation.</param>
    protected abstract decimal Apply(in MarkPriceInputs inputs);

    /// <summary>Checks the index price.</summary>
    /// <param name="inputs">The observation.</param>
    protected static void RequireIndex(in MarkPriceInputs inputs) => Preconditions.Positive(inputs.IndexPrice, "inputs.IndexPrice");

    /// <summary>Checks the last price.</summary>
    /// <param name="inputs">The observation.</param>
    protected static void RequireLast(in MarkPriceInputs inputs) => Preconditions.Positive(inputs.LastPrice, "inputs.LastPrice");

    /// <summary>Checks best bid and ask: positive and not crossed.</summary>
    /// <param name="inputs">The observation.</param>
    protected static void RequireBook(in MarkPriceInputs inputs)
    {
        Preconditions.Positive(inputs.BestBid, "inputs.BestBid");
        Preconditions.Positive(inputs.BestAsk, "inputs.BestAsk");
        if (inputs.BestAsk < inputs.BestBid)
        {
            ThrowHelper.Argument("inputs.BestAsk", inputs.BestAsk, "must not be below the best bid (crossed book)");
        }
    }

    /// <summary>
    /// Checks the funding interval, the time to funding (0 ≤ time to funding ≤ interval) and the funding rate: the
    /// basis <c>rate × time to funding ÷ interval</c> must be above −1, so the funding-adjusted index stays positive.
    /// </summary>
    /// <param name="inputs">The observation.</param>
    protected static void RequireFunding(in MarkPriceInputs inputs)
    {
        if (inputs.FundingInterval <= TimeSpan.Zero)
        {
            ThrowHelper.OutOfRange("inputs.FundingInterval", inputs.FundingInterval, "must be positive");
        }

        if (inputs.TimeToFunding < TimeSpan.Zero || inputs.TimeToFunding > inputs.FundingInterval)
        {
            ThrowHelper.OutOfRange("inputs.TimeToFunding", inputs.TimeToFunding, "must be between zero and the funding interval");
        }

        // The index is scaled by 1 + basis: a rate that takes it to zero or below is no funding rate (issue 15: the
        // BitMEX perpetual fair price came out zero or negative).
        decimal basis;
        try
        {
            basis = FundingBasis(inputs);
        }
        catch (OverflowException)
        {
            ThrowHelper.OutOfRange("inputs.FundingRate", inputs.FundingRate, "gives a funding basis beyond the decimal range");
            throw;
        }

        if (basis <= -1m)
        {
            ThrowHelper.OutOfRange("inputs.FundingRate", inputs.FundingRate, "must leave 1 + rate × time to funding ÷ interval above zero");
        }
    }

    /// <summary>
    /// Funding basis <c>rate × time until funding ÷ interval</c> (BitMEX "Funding Basis"; Binance "Price 1" term),
    /// with the time ratio exact in ticks.
    /// </summary>
    /// <param name="inputs">The observation.</param>
    protected static decimal FundingBasis(in MarkPriceInputs inputs) =>
        inputs.FundingRate * inputs.TimeToFunding.Ticks / inputs.FundingInterval.Ticks;
}

/// <summary>
/// Binance perpetual mark price: <c>Median(Price 1, Price 2, Last Price)</c> with
/// <c>Price 1 = Index × (1 + Last Funding Rate × Time Until Funding ÷ Interval)</c> and
/// <c>Price 2 = Index + Moving Average(basis)</c>, basis <c>(Bid1 + Ask1) ÷ 2 − Index</c> sampled at each update
/// (Binance COIN-M FAQ fff6ec1b…: 30 samples every 5 s; USDⓈ-M clones: 60 samples every 5 s; reference cefi.md §1.6).
/// </summary>
/// <remarks>The window is a ring buffer with a running sum: an update costs O(1) and allocates nothing.</remarks>
public sealed class BinanceMarkPrice : MarkPriceMethodBase
{
    private readonly RollingMean _basis;

    /// <summary>Creates the method.</summary>
    /// <param name="basisWindow">Number of basis samples in the moving average; positive (30 on COIN-M, 60 on USDⓈ-M clones).</param>
    public BinanceMarkPrice(int basisWindow)
    {
        _basis = new RollingMean(basisWindow, nameof(basisWindow));
    }

    /// <inheritdoc/>
    public override string Name => "Binance median of (funding-adjusted index, index + basis MA, last)";

    /// <inheritdoc/>
    public override SourceReference Source { get; } =
        new("Binance COIN-M FAQ fff6ec1b3f5845d19f1fb924644a0877 'Mark Price' (reference cefi.md §1.6; page undated, AsOf is the reference snapshot)", new DateOnly(2026, 3, 4));

    /// <summary>Number of samples averaged.</summary>
    public int BasisWindow => _basis.Capacity;

    /// <inheritdoc/>
    public override IMarkPriceMethod Fresh() => new BinanceMarkPrice(BasisWindow);

    /// <inheritdoc/>
    protected override void Validate(in MarkPriceInputs inputs)
    {
        RequireIndex(inputs);
        RequireLast(inputs);
        RequireBook(inputs);
        RequireFunding(inputs);
    }

    /// <inheritdoc/>
    protected override decimal Apply(in MarkPriceInputs inputs)
    {
        decimal index = inputs.IndexPrice;
        _basis.Add(((inputs.BestBid + inputs.BestAsk) / 2m) - index);
        decimal fundingBasis = FundingBasis(inputs);
        decimal price1 = index * (1m + fundingBasis);
        decimal price2 = index + _basis.Mean;
        Record(index, fundingBasis, _basis.Mean, price1, price2, inputs.LastPrice);
        return Statistics.Median(price1, price2, inputs.LastPrice);
    }
}

/// <summary>
/// BitMEX fair price of a perpetual: <c>Index × (1 + Funding Rate × Time Until Funding ÷ Funding Interval)</c>
/// (bitmex.com/app/fairPriceMarking; the same formula is Binance's 2019/2020 USDⓈ-M mark price, whose example
/// gives 10,000 × (1 + 0.03% × 4 ÷ 8) = 10,001.5; reference cefi.md §1.6, §4.1).
/// </summary>
public sealed class BitMexPerpetualFairPrice : MarkPriceMethodBase
{
    /// <inheritdoc/>
    public override string Name => "BitMEX perpetual fair price";

    /// <inheritdoc/>
    public override SourceReference Source { get; } =
        new("bitmex.com/app/fairPriceMarking (reference cefi.md §4.1)", new DateOnly(2026, 3, 4));

    /// <inheritdoc/>
    public override IMarkPriceMethod Fresh() => new BitMexPerpetualFairPrice();

    /// <inheritdoc/>
    protected override void Validate(in MarkPriceInputs inputs)
    {
        RequireIndex(inputs);
        RequireFunding(inputs);
    }

    /// <inheritdoc/>
    protected override decimal Apply(in MarkPriceInputs inputs)
    {
        decimal fundingBasis = FundingBasis(inputs);
        decimal fair = inputs.IndexPrice * (1m + fundingBasis);
        Record(inputs.IndexPrice, fundingBasis, null, fair);
        return fair;
    }
}

/// <summary>
/// BitMEX fair price of a dated future: <c>% Fair Basis = (Impact Mid ÷ Index − 1) ÷ (Time To Expiry ÷ 365)</c>,
/// averaged over a window of samples, then <c>Fair Price = Index + Index × % Fair Basis × (Time To Expiry ÷ 365)</c>
/// (bitmex.com/app/fairPriceMarking via the Gate clone, whose example gives index 10,000, impact 10,049 / 10,051,
/// 30 days → 6.0833%, fair price 10,050; reference cefi.md §4.1).
/// </summary>
/// <remarks>
/// Averaging the annualised basis, not the price, lets the premium decay towards expiry while smoothing spikes in
/// the impact prices. A window of one sample gives the impact mid price itself.
/// </remarks>
public sealed class BitMexFuturesFairPrice : MarkPriceMethodBase
{
    private static readonly decimal s_ticksPerYear = TimeSpan.TicksPerDay * 365m;
    private readonly RollingMean _annualBasis;

    /// <summary>Creates the method.</summary>
    /// <param name="basisWindow">Number of annualised-basis samples averaged; positive.</param>
    public BitMexFuturesFairPrice(int basisWindow)
    {
        _annualBasis = new RollingMean(basisWindow, nameof(basisWindow));
    }

    /// <inheritdoc/>
    public override string Name => "BitMEX dated-future fair price";

    /// <inheritdoc/>
    public override SourceReference Source { get; } =
        new("bitmex.com/app/fairPriceMarking; Gate example gate.com/help/futures/delivery/17601 (reference cefi.md §4.1)", new DateOnly(2026, 3, 4));

    /// <summary>Number of samples averaged.</summary>
    public int BasisWindow => _annualBasis.Capacity;

    /// <inheritdoc/>
    public override IMarkPriceMethod Fresh() => new BitMexFuturesFairPrice(BasisWindow);

    /// <inheritdoc/>
    protected override void Validate(in MarkPriceInputs inputs)
    {
        RequireIndex(inputs);
        Preconditions.Positive(inputs.ImpactBid, "inputs.ImpactBid");
        Preconditions.Positive(inputs.ImpactAsk, "inputs.ImpactAsk");
        if (inputs.ImpactAsk < inputs.ImpactBid)
        {
            ThrowHelper.Argument("inputs.ImpactAsk", inputs.ImpactAsk, "must not be below the impact bid");
        }

        if (inputs.TimeToExpiry <= TimeSpan.Zero)
        {
            ThrowHelper.OutOfRange("inputs.TimeToExpiry", inputs.TimeToExpiry, "must be positive (the future has not expired)");
        }
    }

    /// <inheritdoc/>
    protected override decimal Apply(in MarkPriceInputs inputs)
    {
        decimal years = inputs.TimeToExpiry.Ticks / s_ticksPerYear;
        decimal impactMid = (inputs.ImpactBid + inputs.ImpactAsk) / 2m;
        _annualBasis.Add(((impactMid / inputs.IndexPrice) - 1m) / years);
        decimal fair = inputs.IndexPrice + (inputs.IndexPrice * _annualBasis.Mean * years);
        Record(inputs.IndexPrice, null, _annualBasis.Mean, fair);
        return fair;
    }
}

/// <summary>
/// Index plus an exponential moving average of the basis <c>(bid + ask) ÷ 2 − index</c>: a smoother alternative to
/// a windowed average (used by several venues in place of Binance's moving average).
/// </summary>
public sealed class EmaBasisMarkPrice : MarkPriceMethodBase
{
    private decimal _ema;
    private bool _seeded;

    /// <summary>Creates the method.</summary>
    /// <param name="smoothing">Weight of the newest sample, in (0, 1]; 2 ÷ (N + 1) matches an N-sample average's lag.</param>
    public EmaBasisMarkPrice(decimal smoothing)
    {
        if (smoothing <= 0m || smoothing > 1m)
        {
            ThrowHelper.OutOfRange(nameof(smoothing), smoothing, "must be above 0 and at most 1");
        }

        Smoothing = smoothing;
    }

    /// <summary>Weight of the newest sample.</summary>
    public decimal Smoothing { get; }

    /// <inheritdoc/>
    public override string Name => "Index + EMA of basis";

    /// <inheritdoc/>
    public override SourceReference Source { get; } = new("library method: exponential smoothing of the Binance basis", new DateOnly(2026, 11, 21));

    /// <inheritdoc/>
    public override IMarkPriceMethod Fresh() => new EmaBasisMarkPrice(Smoothing);

    /// <inheritdoc/>
    protected override void Validate(in MarkPriceInputs inputs)
    {
        RequireIndex(inputs);
        RequireBook(inputs);
    }

    /// <inheritdoc/>
    protected override decimal Apply(in MarkPriceInputs inputs)
    {
        decimal basis = ((inputs.BestBid + inputs.BestAsk) / 2m) - inputs.IndexPrice;
        _ema = _seeded ? _ema + (Smoothing * (basis - _ema)) : basis;
        _seeded = true;
        Record(inputs.IndexPrice, null, _ema, inputs.IndexPrice + _ema);
        return inputs.IndexPrice + _ema;
    }
}

/// <summary>
/// Hyperliquid mark price: the median of <c>Oracle + 150 s EMA(Mid − Oracle)</c>, <c>Median(Best Bid, Best Ask,
/// Last Trade)</c> on the venue's own book, and the median of external perpetuals' mid prices (Binance, OKX, Bybit,
/// Gate IO, MEXC) — paraphrased from the Hyperliquid docs (hyperliquid.gitbook.io/hyperliquid-docs: HyperCore →
/// Oracle, Trading → Robust price indices; summarised with the same three components in
/// hyperliquid-co.gitbook.io/wiki/architecture/hypercore/dex/oracle).
/// </summary>
/// <remarks>
/// The library models one venue, so the external perpetuals' median is taken as the index (the oracle): the other
/// venues' perpetuals are arbitraged to the same spot. With the oracle one of the three, the mark always lies between
/// the oracle and the book's <c>Median(Best Bid, Best Ask, Last)</c>: it can never be further from the oracle than the
/// venue's own quote is. The EMA is per sample: its weight is <see cref="Smoothing"/>, 2 ÷ (N + 1) for N samples in
/// 150 seconds.
/// </remarks>
public sealed class HyperliquidMarkPrice : MarkPriceMethodBase
{
    private decimal _ema;
    private bool _seeded;

    /// <summary>Creates the method.</summary>
    /// <param name="smoothing">Weight of the newest basis sample in the EMA, in (0, 1]; 2 ÷ (N + 1) for N samples in 150 seconds.</param>
    public HyperliquidMarkPrice(decimal smoothing)
    {
        if (smoothing <= 0m || smoothing > 1m)
        {
            ThrowHelper.OutOfRange(nameof(smoothing), smoothing, "must be above 0 and at most 1");
        }

        Smoothing = smoothing;
    }

    /// <summary>Weight of the newest basis sample.</summary>
    public decimal Smoothing { get; }

    /// <inheritdoc/>
    public override string Name => "Hyperliquid median of (oracle + EMA of basis, median of bid, ask and last, external perps)";

    /// <inheritdoc/>
    public override SourceReference Source { get; } =
        new("hyperliquid.gitbook.io/hyperliquid-docs/trading/robust-price-indices (external perpetuals taken as the oracle)", new DateOnly(2026, 12, 7));

    /// <inheritdoc/>
    public override IMarkPriceMethod Fresh() => new HyperliquidMarkPrice(Smoothing);

    /// <inheritdoc/>
    protected override void Validate(in MarkPriceInputs inputs)
    {
        RequireIndex(inputs);
        RequireLast(inputs);
        RequireBook(inputs);
    }

    /// <inheritdoc/>
    protected override decimal Apply(in MarkPriceInputs inputs)
    {
        decimal oracle = inputs.IndexPrice;
        decimal basis = ((inputs.BestBid + inputs.BestAsk) / 2m) - oracle;
        _ema = _seeded ? _ema + (Smoothing * (basis - _ema)) : basis;
        _seeded = true;
        decimal book = Statistics.Median(inputs.BestBid, inputs.BestAsk, inputs.LastPrice);
        Record(oracle, null, _ema, oracle + _ema, book, oracle);
        return Statistics.Median(oracle + _ema, book, oracle);
    }
}

/// <summary>Marks at the last traded price: what a venue without a mark price does, for comparison.</summary>
public sealed class LastPriceMark : MarkPriceMethodBase
{
    /// <inheritdoc/>
    public override string Name => "Last price";

    /// <inheritdoc/>
    public override SourceReference Source { get; } = new("library method: no mark price, liquidation on last trade", new DateOnly(2026, 11, 21));

    /// <inheritdoc/>
    public override IMarkPriceMethod Fresh() => new LastPriceMark();

    /// <inheritdoc/>
    protected override void Validate(in MarkPriceInputs inputs) => RequireLast(inputs);

    /// <inheritdoc/>
    protected override decimal Apply(in MarkPriceInputs inputs)
    {
        Record(null, null, null, inputs.LastPrice);
        return inputs.LastPrice;
    }
}
