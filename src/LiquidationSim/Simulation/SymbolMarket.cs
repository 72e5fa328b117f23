using System.Collections.Immutable;
using LiquidationSim.Instruments;
using LiquidationSim.Kernel;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;

namespace LiquidationSim.Simulation;

/// <summary>
/// One instrument's market around the engine during a run: spot, index sources, the venue's displacement from the
/// spot, the quoted ladder and its remaining depth, the mark method and the funding premium.
/// </summary>
internal sealed class SymbolMarket
{
    /// <summary>Decimal places kept beyond the tick's for derived prices (spot, index, mark) and the displacement.</summary>
    private const int ExtraDecimals = 4;

    /// <summary>Marks a level left out of the installed book (a bid that would sit at or below zero).</summary>
    private const long NotQuoted = long.MinValue;

    /// <summary>Derived prices keep the tick's decimal places plus <see cref="ExtraDecimals"/> (BTCUSDT, tick 0.1: 5).</summary>
    private readonly int _priceDecimals;

    private readonly LadderDefinition _ladder;
    private readonly decimal[] _bidRemaining;
    private readonly decimal[] _askRemaining;
    private readonly long[] _bidQuoted;
    private readonly long[] _askQuoted;
    private readonly long[] _bidTicks;
    private readonly long[] _askTicks;
    private readonly IndexPriceCalculator? _index;
    private readonly ImmutableArray<ScenarioIndexSource> _sources;
    private readonly SourceQuote[] _quotes;
    private readonly IMarkPriceMethod? _markMethod;
    private readonly ScenarioMarkPrice _markKind;
    private readonly ScenarioFunding? _funding;
    private readonly FundingRateRules? _fundingRules;
    private decimal _premiumSum;
    private int _premiumCount;

    public SymbolMarket(CompiledScenario scenario, int position)
    {
        Instrument = scenario.Instruments[position];
        _priceDecimals = Math.Min(28, (Instrument.TickSize / 1.0000000000000000000000000000m).Scale + ExtraDecimals); // scale without trailing zeros
        _ladder = scenario.Ladders[position];
        _bidRemaining = [.. _ladder.BidDepths];
        _askRemaining = [.. _ladder.AskDepths];
        _bidQuoted = new long[_bidRemaining.Length];
        _askQuoted = new long[_askRemaining.Length];
        _bidTicks = new long[_bidRemaining.Length];
        _askTicks = new long[_askRemaining.Length];
        Ratio = scenario.Document.StartPrices[Instrument.Symbol];
        ScenarioMarket market = scenario.Market;
        _sources = market.IndexSources;
        _quotes = new SourceQuote[_sources.Length];
        if (!_sources.IsEmpty)
        {
            _index = new IndexPriceCalculator(_sources.Select(s => new IndexSource(s.Name, s.Weight)), IndexPriceRules.Binance);
        }

        _markKind = market.MarkPrice;
        _markMethod = market.MarkPrice == ScenarioMarkPrice.Venue ? VenueMark(scenario.Document.Venue.Profile, scenario.Document.Step) : null;
        _funding = scenario.Document.Funding;
        _fundingRules = scenario.FundingRules;
        Spot = Index = Mark = Last = Ratio;
        Impact = 1m;
    }

    public Instrument Instrument { get; }

    public string Symbol => Instrument.Symbol;

    /// <summary>Start price ÷ the process's start level: spot = level × ratio × impact.</summary>
    public decimal Ratio { get; set; }

    /// <summary>Permanent impact the spot adopted from the venue's displacement (coupling), as a factor.</summary>
    public decimal Impact { get; private set; }

    /// <summary>The venue's relative displacement from the spot that arbitrage has not closed yet.</summary>
    public decimal Displacement { get; private set; }

    public decimal Spot { get; private set; }

    public decimal Index { get; private set; }

    public decimal Mark { get; private set; }

    public decimal Last { get; set; }

    /// <summary>Where the venue quotes: spot × (1 + displacement).</summary>
    public decimal Centre => Round(Spot * (1m + Displacement));

    public bool NeedsPremium => _fundingRules is not null;

    /// <summary>Whether the engine holds the book quoted at the current centre (it is installed only when a trade may need it).</summary>
    public bool Installed { get; private set; }

    /// <summary>The centre in whole ticks; set through <see cref="MoveCentre"/>, which re-spaces the ladder.</summary>
    private long CentreTicks { get; set; }

    /// <summary>The opening book: the full ladder around the start price.</summary>
    public OrderBook OpeningBook()
    {
        MoveCentre(Spot);
        Installed = true;
        return Build();
    }

    /// <summary>Moves the spot to the process level and computes the index from its sources.</summary>
    public void Price(decimal level, SeededRandom random, DateTimeOffset time, ReadOnlySpan<ScenarioShock> sourceShocks)
    {
        Spot = Round(level * Ratio * Impact);
        if (_index is null)
        {
            Index = Spot;
            return;
        }

        for (int j = 0; j < _sources.Length; j++)
        {
            ScenarioIndexSource source = _sources[j];
            decimal quote = source.Noise == 0m ? Spot : Spot * (1m + (source.Noise * random.NextStandardNormal()));
            foreach (ScenarioShock shock in sourceShocks)
            {
                if (shock.Source == source.Name)
                {
                    quote *= 1m + shock.Change;
                }
            }

            _quotes[j] = new SourceQuote(Round(Math.Max(quote, Instrument.TickSize)), time);
        }

        Index = Round(_index.Calculate(_quotes, time, Index).Price);
    }

    /// <summary>
    /// Starts a step's quote: reads what the engine's book lost since it was installed, refills each level by the
    /// recovery rate and moves the ladder to the new centre. The engine keeps its old book until <see cref="Build"/>
    /// is installed.
    /// </summary>
    public void Requote(OrderBook? installedBook, bool refill = true)
    {
        if (installedBook is not null)
        {
            ReadConsumption(installedBook, bid: true, _bidQuoted, _bidRemaining);
            ReadConsumption(installedBook, bid: false, _askQuoted, _askRemaining);
        }

        if (refill)
        {
            Refill(_ladder.BidDepths, _bidRemaining);
            Refill(_ladder.AskDepths, _askRemaining);
        }
        MoveCentre(Centre);
        Installed = false;
    }

    /// <summary>The book the ladder quotes now; marks it installed.</summary>
    public OrderBook Build()
    {
        Installed = true;
        return OrderBook.CreateTrusted(Symbol, Side(_bidTicks, _bidRemaining, _bidQuoted, bid: true), Side(_askTicks, _askRemaining, _askQuoted, bid: false));
    }

    /// <summary>The best bid the ladder quotes now, or null when the side is empty.</summary>
    public decimal? BestBid => Best(_bidTicks, _bidRemaining, bid: true);

    /// <summary>The best ask the ladder quotes now, or null when the side is empty.</summary>
    public decimal? BestAsk => Best(_askTicks, _askRemaining, bid: false);

    /// <summary>Computes the mark from the index, the last price and the ladder's quote.</summary>
    public void MarkAt(DateTimeOffset time, DateTimeOffset start)
    {
        decimal? bestBid = BestBid, bestAsk = BestAsk;
        if (NeedsPremium && bestBid is not null && bestAsk is not null
            && ImpactPrice(_bidTicks, _bidRemaining, bid: true) is decimal ib
            && ImpactPrice(_askTicks, _askRemaining, bid: false) is decimal ia && ia >= ib)
        {
            _premiumSum += Funding.PremiumIndex(ib, ia, Index);
            _premiumCount++;
        }

        Mark = _markKind switch
        {
            ScenarioMarkPrice.Index => Index,
            ScenarioMarkPrice.Last => Last,
            _ when _markMethod is null => Index,
            _ => Round(_markMethod.Update(new MarkPriceInputs
            {
                Time = time,
                IndexPrice = Index,
                LastPrice = Last,
                BestBid = bestBid ?? Last,
                BestAsk = bestAsk ?? Last,
                FundingRate = PredictedFundingRate(),
                TimeToFunding = TimeToFunding(time, start),
                FundingInterval = _funding?.Interval ?? TimeSpan.FromHours(8),
            })),
        };
    }

    /// <summary>The rate of the funding round due now: fixed, or from the interval's average premium; resets the average.</summary>
    public decimal SettleFundingRate()
    {
        decimal rate = PredictedFundingRate();
        _premiumSum = 0m;
        _premiumCount = 0;
        return rate;
    }

    /// <summary>
    /// After a step: the spot adopts the coupling share of the venue's displacement and arbitrage closes its share of
    /// the rest.
    /// </summary>
    public void Couple(decimal coupling, decimal arbitrage)
    {
        decimal displacement = (Last / Spot) - 1m;
        decimal adopted = coupling * displacement;
        Impact *= 1m + adopted;
        Displacement = Math.Round((((1m + displacement) / (1m + adopted)) - 1m) * (1m - arbitrage), 12, MidpointRounding.ToEven);
    }

    private decimal PredictedFundingRate() => _funding switch
    {
        null => 0m,
        { FixedRate: decimal fixedRate } => fixedRate,
        _ => Funding.Rate(_premiumCount == 0 ? 0m : _premiumSum / _premiumCount, _fundingRules!),
    };

    private TimeSpan TimeToFunding(DateTimeOffset time, DateTimeOffset start)
    {
        TimeSpan interval = _funding?.Interval ?? TimeSpan.FromHours(8);
        long elapsed = (time - start).Ticks % interval.Ticks;
        return TimeSpan.FromTicks(interval.Ticks - elapsed);
    }

    /// <summary>
    /// Centres the ladder on <paramref name="price"/> (at least one tick) and re-spaces its levels as fractions of it,
    /// so the book's mid follows the price however far it moves from the start.
    /// </summary>
    private void MoveCentre(decimal price)
    {
        long centre = Math.Max(1, (long)Math.Round(price / Instrument.TickSize, MidpointRounding.ToEven));
        if (centre == CentreTicks)
        {
            return;
        }

        CentreTicks = centre;
        LadderDefinition.Ticks(_ladder.BidDistances, centre, _bidTicks);
        LadderDefinition.Ticks(_ladder.AskDistances, centre, _askTicks);
    }

    /// <summary>
    /// Whether level <paramref name="i"/> is quoted around the current centre: a bid as far as the centre or further
    /// would be at or below zero, so it waits (keeping its depth) until the price is high enough again.
    /// </summary>
    private bool Quoted(long[] ticks, int i, bool bid) => !bid || ticks[i] < CentreTicks;

    private decimal PriceAt(long ticks, bool bid) => (bid ? CentreTicks - ticks : CentreTicks + ticks) * Instrument.TickSize;

    private ImmutableArray<PriceLevel> Side(long[] ticks, decimal[] remaining, long[] quoted, bool bid)
    {
        int count = 0;
        for (int i = 0; i < remaining.Length; i++)
        {
            count += remaining[i] > 0m && Quoted(ticks, i, bid) ? 1 : 0;
        }

        var levels = ImmutableArray.CreateBuilder<PriceLevel>(count);
        for (int i = 0; i < remaining.Length; i++)
        {
            bool shown = Quoted(ticks, i, bid);
            quoted[i] = shown ? (bid ? CentreTicks - ticks[i] : CentreTicks + ticks[i]) : NotQuoted;
            if (remaining[i] > 0m && shown)
            {
                levels.Add(new PriceLevel(quoted[i] * Instrument.TickSize, remaining[i]));
            }
        }

        return levels.MoveToImmutable();
    }

    private decimal? Best(long[] ticks, decimal[] remaining, bool bid)
    {
        for (int i = 0; i < remaining.Length; i++)
        {
            if (remaining[i] > 0m && Quoted(ticks, i, bid))
            {
                return PriceAt(ticks[i], bid);
            }
        }

        return null;
    }

    /// <summary>Average price of filling the funding impact notional on one side of the ladder; null when too thin.</summary>
    private decimal? ImpactPrice(long[] ticks, decimal[] remaining, bool bid)
    {
        decimal target = _funding!.ImpactNotional, notional = 0m, size = 0m;
        for (int i = 0; i < remaining.Length && notional < target; i++)
        {
            if (remaining[i] <= 0m || !Quoted(ticks, i, bid))
            {
                continue;
            }

            decimal price = PriceAt(ticks[i], bid);
            decimal levelNotional = price * remaining[i] * Instrument.ContractSize;
            decimal take = Math.Min(levelNotional, target - notional);
            notional += take;
            size += take / price;
        }

        return notional < target ? null : notional / size;
    }

    private void Refill(ImmutableArray<decimal> depths, decimal[] remaining)
    {
        decimal rate = _ladder.RecoveryRate, lot = Instrument.LotSize;
        if (rate == 0m)
        {
            return;
        }

        for (int i = 0; i < remaining.Length; i++)
        {
            if (remaining[i] < depths[i])
            {
                decimal refilled = remaining[i] + (rate * (depths[i] - remaining[i]));
                remaining[i] = Math.Min(depths[i], Math.Ceiling(refilled / lot) * lot);
            }
        }
    }

    /// <summary>
    /// What is left of each installed level: matched by price, a level missing from the book was taken whole; a level
    /// that was not quoted keeps its depth.
    /// </summary>
    private void ReadConsumption(OrderBook book, bool bid, long[] quoted, decimal[] remaining)
    {
        int j = 0, count = bid ? book.BidCount : book.AskCount;
        for (int i = 0; i < quoted.Length; i++)
        {
            if (remaining[i] <= 0m || quoted[i] == NotQuoted)
            {
                continue;
            }

            PriceLevel level = j < count ? book.Level(bid, j) : default;
            if (j < count && level.Price == quoted[i] * Instrument.TickSize)
            {
                remaining[i] = level.Size;
                j++;
            }
            else
            {
                remaining[i] = 0m;
            }
        }
    }

    private decimal Round(decimal price) => Math.Round(price, _priceDecimals, MidpointRounding.ToEven);

    /// <summary>The library's mapping of each venue profile to its mark method, sampled once per step.</summary>
    private static IMarkPriceMethod? VenueMark(string profile, TimeSpan step)
    {
        // Binance averages the basis over 5 minutes (60 samples 5 s apart). Bybit publishes the same median of
        // (funding-adjusted index, index + 5-minute basis average, last) (help center "Mark Price Calculation
        // (Perpetual Contract)", 2024-10-16). Hyperliquid's median has a 150 s EMA of the basis. Each method anchors
        // the mark to the index: see the bounds in docs/scenario-schema.md. OKX (index + basis moving average alone) and
        // dYdX are marked at the index (no method).
        int window = (int)Math.Clamp(TimeSpan.FromMinutes(5).Ticks / step.Ticks, 1, 10_000);
        int emaSamples = (int)Math.Clamp(TimeSpan.FromSeconds(150).Ticks / step.Ticks, 1, 10_000);
        return profile switch
        {
            "binance" or "bybit" => new BinanceMarkPrice(window),
            "bitmex" => new BitMexPerpetualFairPrice(),
            "hyperliquid" => new HyperliquidMarkPrice(2m / (emaSamples + 1m)),
            _ => null,
        };
    }
}
