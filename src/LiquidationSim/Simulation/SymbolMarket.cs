using System.Collections.Immutable;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;

namespace LiquidationSim.Simulation;

/// <summary>
/// One instrument's market around the engine during a run: spot, index sources, the venue's displacement from the
/// spot, the quoted ladder and its remaining depth, the mark method and the funding premium.
/// </summary>
internal sealed class SymbolMarket
{
    /// <summary>Prices the runner derives (spot, index, mark) are kept to this many decimal places.</summary>
    private const int PriceDecimals = 8;

    private readonly LadderDefinition _ladder;
    private readonly decimal[] _bidRemaining;
    private readonly decimal[] _askRemaining;
    private readonly decimal[] _bidQuoted;
    private readonly decimal[] _askQuoted;
    private readonly IndexPriceCalculator? _index;
    private readonly ImmutableArray<ScenarioIndexSource> _sources;
    private readonly SourceQuote[] _quotes;
    private readonly IMarkPriceMethod? _markMethod;
    private readonly ScenarioMarkPrice _markKind;
    private readonly ScenarioFunding? _funding;
    private readonly FundingRateRules? _fundingRules;
    private readonly PriceLevel[] _bidBuffer;
    private readonly PriceLevel[] _askBuffer;
    private decimal _premiumSum;
    private int _premiumCount;

    public SymbolMarket(CompiledScenario scenario, int position)
    {
        Instrument = scenario.Instruments[position];
        _ladder = scenario.Ladders[position];
        _bidRemaining = [.. _ladder.BidDepths];
        _askRemaining = [.. _ladder.AskDepths];
        _bidQuoted = new decimal[_bidRemaining.Length];
        _askQuoted = new decimal[_askRemaining.Length];
        _bidBuffer = new PriceLevel[_bidRemaining.Length];
        _askBuffer = new PriceLevel[_askRemaining.Length];
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

    /// <summary>The opening book: the full ladder around the start price.</summary>
    public OrderBook OpeningBook() => Quote(Spot, refill: false);

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

        Index = Round(_index.Compute(_quotes, time, Index).Price);
    }

    /// <summary>Re-quotes the ladder around the centre after reading what the last step consumed.</summary>
    public OrderBook Requote(OrderBook current)
    {
        ReadConsumption(current.Bids, _bidQuoted, _bidRemaining);
        ReadConsumption(current.Asks, _askQuoted, _askRemaining);
        return Quote(Centre, refill: true);
    }

    /// <summary>Computes the mark from the index, the last price and the book.</summary>
    public void MarkAt(DateTimeOffset time, OrderBook book, DateTimeOffset start)
    {
        if (NeedsPremium && book.Bids.Length > 0 && book.Asks.Length > 0)
        {
            decimal? impactBid = Funding.ImpactPrice(book.Bids.AsSpan(), _funding!.ImpactNotional, Instrument.ContractSize);
            decimal? impactAsk = Funding.ImpactPrice(book.Asks.AsSpan(), _funding.ImpactNotional, Instrument.ContractSize);
            if (impactBid is decimal ib && impactAsk is decimal ia && ia >= ib)
            {
                _premiumSum += Funding.PremiumIndex(ib, ia, Index);
                _premiumCount++;
            }
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
                BestBid = book.BestBid ?? Last,
                BestAsk = book.BestAsk ?? Last,
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
        Displacement = Round((((1m + displacement) / (1m + adopted)) - 1m) * (1m - arbitrage));
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

    private OrderBook Quote(decimal centre, bool refill)
    {
        int bids = Side(centre, _ladder.BidOffsets, _ladder.BidDepths, _bidRemaining, _bidQuoted, _bidBuffer, bid: true, refill);
        int asks = Side(centre, _ladder.AskOffsets, _ladder.AskDepths, _askRemaining, _askQuoted, _askBuffer, bid: false, refill);
        return OrderBook.Create(Symbol, new ArraySegment<PriceLevel>(_bidBuffer, 0, bids), new ArraySegment<PriceLevel>(_askBuffer, 0, asks));
    }

    private int Side(decimal centre, ImmutableArray<decimal> offsets, ImmutableArray<decimal> depths, decimal[] remaining, decimal[] quoted, PriceLevel[] buffer, bool bid, bool refill)
    {
        decimal tick = Instrument.TickSize, lot = Instrument.LotSize, rate = _ladder.RecoveryRate;
        decimal previous = 0m;
        int count = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            decimal raw = centre * (bid ? 1m - offsets[i] : 1m + offsets[i]);
            decimal price = bid ? Math.Floor(raw / tick) * tick : Math.Ceiling(raw / tick) * tick;

            // Keep levels strictly apart after rounding to the tick.
            if (i > 0 && (bid ? price >= previous : price <= previous))
            {
                price = bid ? previous - tick : previous + tick;
            }

            previous = price;
            quoted[i] = price;
            if (refill && remaining[i] < depths[i] && rate > 0m)
            {
                decimal refilled = remaining[i] + (rate * (depths[i] - remaining[i]));
                remaining[i] = Math.Min(depths[i], Math.Ceiling(refilled / lot) * lot);
            }

            if (price > 0m && remaining[i] > 0m)
            {
                buffer[count++] = new PriceLevel(price, remaining[i]);
            }
        }

        return count;
    }

    /// <summary>What is left of each quoted level: matched by price, a level missing from the book was taken whole.</summary>
    private static void ReadConsumption(ImmutableArray<PriceLevel> book, decimal[] quoted, decimal[] remaining)
    {
        int j = 0;
        for (int i = 0; i < quoted.Length; i++)
        {
            if (remaining[i] <= 0m)
            {
                continue;
            }

            if (j < book.Length && book[j].Price == quoted[i])
            {
                remaining[i] = book[j].Size;
                j++;
            }
            else
            {
                remaining[i] = 0m;
            }
        }
    }

    private static decimal Round(decimal price) => Math.Round(price, PriceDecimals, MidpointRounding.ToEven);

    /// <summary>The library's mapping of each venue profile to its mark method, sampled once per step.</summary>
    private static IMarkPriceMethod? VenueMark(string profile, TimeSpan step)
    {
        // Binance averages the basis over 5 minutes (60 samples 5 s apart); the other basis methods use the same span.
        int window = (int)Math.Clamp(TimeSpan.FromMinutes(5).Ticks / step.Ticks, 1, 10_000);
        return profile switch
        {
            "binance" => new BinanceMarkPrice(window),
            "bitmex" => new BitMexPerpetualFairPrice(),
            "bybit" or "hyperliquid" => new EmaBasisMarkPrice(2m / (window + 1m)),
            _ => null,
        };
    }
}
