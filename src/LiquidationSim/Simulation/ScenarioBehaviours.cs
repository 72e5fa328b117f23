using System.Collections.Immutable;
using System.Text.Json.Serialization;
using LiquidationSim.Internal;
using LiquidationSim.Pricing;

namespace LiquidationSim.Simulation;

/// <summary>
/// How the venue's own trading couples to the external market, how the index is formed from its sources, and
/// which mark price the venue uses. Absent from a scenario: no coupling, full arbitrage, one source equal to the
/// spot price, the venue's own mark method.
/// </summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record ScenarioMarket
{
    /// <summary>
    /// Share of the venue's price displacement (its last price pushed away from the spot by liquidation and trader
    /// orders) that the external spot adopts at the next step; in [0, 1]. Zero: forced selling moves only the venue.
    /// </summary>
    /// <value>0.</value>
    public decimal ImpactCoupling { get; init; }

    /// <summary>Share of the remaining venue displacement that arbitrage closes per step; in [0, 1].</summary>
    /// <value>1 (the venue's price returns to the spot at the next step).</value>
    public decimal Arbitrage { get; init; } = 1m;

    /// <summary>Which mark price the engine liquidates on: <c>venue</c> (the profile's method), <c>index</c> or <c>last</c>.</summary>
    /// <value><see cref="ScenarioMarkPrice.Venue"/>.</value>
    [JsonConverter(typeof(CamelCaseEnumConverter<ScenarioMarkPrice>))]
    public ScenarioMarkPrice MarkPrice { get; init; } = ScenarioMarkPrice.Venue;

    /// <summary>Index constituents; empty for one source equal to the spot. Names unique, weights positive.</summary>
    public ImmutableArray<ScenarioIndexSource> IndexSources
    {
        get => _indexSources.IsDefault ? [] : _indexSources;
        init => _indexSources = value;
    }

    private readonly ImmutableArray<ScenarioIndexSource> _indexSources = [];

    /// <summary>
    /// The market makers who quote each instrument's book and hold the rest of the market's side of every position,
    /// or <see langword="null"/> for the defaults of <see cref="ScenarioMarketMakers"/> (on).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScenarioMarketMakers? Makers { get; init; }

    /// <inheritdoc />
    public bool Equals(ScenarioMarket? other) =>
        other is not null
        && ImpactCoupling == other.ImpactCoupling
        && Arbitrage == other.Arbitrage
        && MarkPrice == other.MarkPrice
        && ScenarioEquality.Sequence(IndexSources, other.IndexSources)
        && Makers == other.Makers;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ImpactCoupling, Arbitrage, MarkPrice, IndexSources.Length);
}

/// <summary>
/// The other side of the market: accounts that quote each instrument's book (they take the other side of every book
/// fill) and open holding the opposite of the traders' net position, so open interest starts and stays balanced
/// (long = short), as on a real venue where every long has a short.
/// </summary>
/// <remarks>
/// <para>
/// For each instrument, <see cref="Count"/> accounts open (ids after every listed and generated account, in
/// instrument order) with an equal share, in lots, of the opposite of the net position all traders hold there (the
/// first makers take the lots that do not divide evenly), entered at the start price rounded to the tick, cross
/// margined. Each deposits <see cref="Capital"/>, or by default its share of that position's notional plus its share
/// of the deeper side of the opening book's notional, divided by <see cref="Leverage"/>.
/// </para>
/// <para>
/// They are ordinary accounts: liquidated when their margin falls to maintenance and auto-deleveraged like anyone else.
/// Level k of the book (best price first) is quoted by maker k modulo the makers able to quote; a maker whose wallet
/// is not positive, or that is liquidatable, stops quoting, and when none can quote the book fills nothing
/// (<see cref="Liquidation.LiquidationEngineBuilder.AddMarketMaker"/> states the engine's rules).
/// </para>
/// <para>Immutable and thread safe.</para>
/// </remarks>
public sealed record ScenarioMarketMakers
{
    /// <summary>Makers per instrument; 0 switches them off (the book is anonymous liquidity, open interest may drift apart).</summary>
    /// <value>4.</value>
    public int Count { get; init; } = 4;

    /// <summary>The leverage the default capital is sized at; at least 1.</summary>
    /// <value>5.</value>
    public decimal Leverage { get; init; } = 5m;

    /// <summary>Each maker's opening wallet in the settlement asset, or <see langword="null"/> to size it from <see cref="Leverage"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Capital { get; init; }
}

/// <summary>Which price a scenario's engine marks positions at.</summary>
public enum ScenarioMarkPrice
{
    /// <summary>The venue's published method (Binance median, BitMEX fair price, …).</summary>
    Venue = 0,

    /// <summary>The index price itself.</summary>
    Index = 1,

    /// <summary>The venue's last traded price.</summary>
    Last = 2,
}

/// <summary>An index constituent: an external exchange whose price is the spot plus independent noise.</summary>
/// <param name="Name">Source name; unique, not blank.</param>
/// <param name="Weight">Index weight; positive.</param>
/// <param name="Noise">Standard deviation of the source's relative deviation from the spot at each step; in [0, 0.5].</param>
public readonly record struct ScenarioIndexSource(string Name, decimal Weight, decimal Noise);

/// <summary>
/// Funding rounds: every <see cref="Interval"/> from the start, at a fixed rate or at the rate the premium index
/// gives (<see cref="Pricing.Funding.Rate"/> over the average premium of the interval's steps).
/// </summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record ScenarioFunding
{
    /// <summary>Time between funding rounds; a positive whole multiple of the scenario step.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>A fixed rate per interval (magnitude below 1), or null to compute it from the premium index.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FixedRate { get; init; }

    /// <summary>Interest component per interval.</summary>
    /// <value>0.0001 (0.01 %, Binance).</value>
    public decimal InterestRate { get; init; } = 0.0001m;

    /// <summary>Half-width of the clamp on interest − premium; not negative.</summary>
    /// <value>0.0005 (0.05 %, Binance).</value>
    public decimal ClampLimit { get; init; } = 0.0005m;

    /// <summary>Largest absolute rate, or null for none; positive.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? RateCap { get; init; }

    /// <summary>Quote notional the impact bid and ask are measured over; positive.</summary>
    /// <value>4,000 (Binance: 200 USDT × 20).</value>
    public decimal ImpactNotional { get; init; } = 4_000m;

    /// <summary>The funding-rate rules these settings describe.</summary>
    /// <returns>Rules with this interval, interest, clamp and cap.</returns>
    public FundingRateRules ToRules() => FundingRateRules.Create(InterestRate, ClampLimit, RateCap, Interval, RulesSource);

    /// <summary>The source the rules of every scenario's funding settings cite.</summary>
    internal static Instruments.SourceReference RulesSource { get; } = new("scenario funding settings", new DateOnly(2026, 11, 21));
}

/// <summary>
/// What a trader does by themselves, before the liquidation engine has to: the JSON <c>type</c> field selects
/// <c>stop-loss</c>, <c>take-profit</c>, <c>add-margin</c>, <c>reduce</c>, <c>scheduled-exit</c> or <c>hedge</c>.
/// Each is armed on every position of the account it belongs to.
/// </summary>
/// <remarks>Immutable and thread safe.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ScenarioStopLoss), "stop-loss")]
[JsonDerivedType(typeof(ScenarioTakeProfit), "take-profit")]
[JsonDerivedType(typeof(ScenarioAddMargin), "add-margin")]
[JsonDerivedType(typeof(ScenarioReduce), "reduce")]
[JsonDerivedType(typeof(ScenarioScheduledExit), "scheduled-exit")]
[JsonDerivedType(typeof(ScenarioHedge), "hedge")]
public abstract record ScenarioBehaviour
{
    private protected ScenarioBehaviour()
    {
    }
}

/// <summary>A stop-loss: close the whole position with a market order when the trigger price crosses the stop.</summary>
public sealed record ScenarioStopLoss : ScenarioBehaviour
{
    /// <summary>Which price triggers it: <c>mark</c> or <c>last</c>.</summary>
    [JsonConverter(typeof(CamelCaseEnumConverter<TriggerPriceSource>))]
    public required TriggerPriceSource Trigger { get; init; }

    /// <summary>Stop distance from the entry price as a fraction of it (long: entry × (1 − d)); in (0, 1).</summary>
    public required decimal Distance { get; init; }
}

/// <summary>A take-profit: close the whole position with a market order when the trigger price reaches the target.</summary>
public sealed record ScenarioTakeProfit : ScenarioBehaviour
{
    /// <summary>Which price triggers it: <c>mark</c> or <c>last</c>.</summary>
    [JsonConverter(typeof(CamelCaseEnumConverter<TriggerPriceSource>))]
    public required TriggerPriceSource Trigger { get; init; }

    /// <summary>Target distance from the entry price as a fraction of it (long: entry × (1 + d)); positive, below 1 for shorts.</summary>
    public required decimal Distance { get; init; }
}

/// <summary>
/// Add margin when the margin ratio (maintenance margin ÷ margin balance) reaches a level: deposit
/// <see cref="Amount"/> × the position's initial margin, into the isolated margin of an isolated position.
/// </summary>
public sealed record ScenarioAddMargin : ScenarioBehaviour
{
    /// <summary>The margin-ratio level that triggers a top-up; in (0, 1).</summary>
    public required decimal MarginRatio { get; init; }

    /// <summary>Top-up as a fraction of the position's initial margin (notional at entry ÷ leverage); positive.</summary>
    public required decimal Amount { get; init; }

    /// <summary>How many top-ups at most; at least 1.</summary>
    /// <value>1.</value>
    public int MaxTimes { get; init; } = 1;
}

/// <summary>Reduce the position by a fraction when the mark comes within a distance of the liquidation price.</summary>
public sealed record ScenarioReduce : ScenarioBehaviour
{
    /// <summary>Distance to liquidation, as a fraction of the mark, that triggers it; in (0, 1).</summary>
    public required decimal Distance { get; init; }

    /// <summary>Fraction of the current position to close; in (0, 1].</summary>
    public required decimal Fraction { get; init; }

    /// <summary>How many reductions at most; at least 1.</summary>
    /// <value>1.</value>
    public int MaxTimes { get; init; } = 1;
}

/// <summary>A voluntary exit in slices: from <see cref="Start"/>, every <see cref="Interval"/>, close 1/<see cref="Slices"/> of the opening size.</summary>
public sealed record ScenarioScheduledExit : ScenarioBehaviour
{
    /// <summary>Offset from the scenario start of the first slice; not negative, within the duration.</summary>
    public required TimeSpan Start { get; init; }

    /// <summary>Time between slices; positive.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>Number of slices; at least 1.</summary>
    public required int Slices { get; init; }
}

/// <summary>Open an opposite position of a fraction of the size when the mark comes within a distance of liquidation (the account trades in hedge mode).</summary>
public sealed record ScenarioHedge : ScenarioBehaviour
{
    /// <summary>Distance to liquidation, as a fraction of the mark, that triggers it; in (0, 1).</summary>
    public required decimal Distance { get; init; }

    /// <summary>Hedge size as a fraction of the position; in (0, 1].</summary>
    public required decimal Fraction { get; init; }
}

/// <summary>A behaviour given to a share of a generated population (drawn independently per behaviour).</summary>
/// <param name="Share">Fraction of accounts that get it; in [0, 1].</param>
/// <param name="Behaviour">The behaviour.</param>
public sealed record ScenarioBehaviourShare(decimal Share, ScenarioBehaviour Behaviour);
