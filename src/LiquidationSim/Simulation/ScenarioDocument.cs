using System.Globalization;
using System.Collections.Immutable;
using System.Text.Json.Serialization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Kernel;
using LiquidationSim.Liquidation;

namespace LiquidationSim.Simulation;

/// <summary>
/// A complete simulation scenario as stored in a JSON file: the market, the venue, the price process, the
/// liquidity and the positions. Load and save it with <see cref="ScenarioJson"/>; the field reference is
/// <c>docs/scenario-schema.md</c>.
/// </summary>
/// <remarks>
/// Immutable and thread safe. Equality is structural, collections included, so a document that round-trips
/// through <see cref="ScenarioJson.Save"/> and <see cref="ScenarioJson.Parse"/> compares equal.
/// Durations (<see cref="Duration"/>, <see cref="Step"/>, offsets) are written in the invariant
/// <c>[d.]hh:mm:ss[.fffffff]</c> form of <see cref="TimeSpan"/>, e.g. <c>"1.00:00:00"</c> for one day and
/// <c>"00:01:00"</c> for one minute.
/// </remarks>
public sealed record ScenarioDocument
{
    /// <summary>The schema version this library reads and writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Schema version of the document; must equal <see cref="CurrentSchemaVersion"/>.</summary>
    public required int SchemaVersion { get; init; }

    /// <summary>Human-readable scenario name.</summary>
    public required string Name { get; init; }

    /// <summary>Root seed of every random draw in the scenario (price process, population).</summary>
    public required ulong Seed { get; init; }

    /// <summary>Wall-clock time of the first step.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Simulated time span; a positive whole multiple of <see cref="Step"/>.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Time between two steps; positive.</summary>
    public required TimeSpan Step { get; init; }

    /// <summary>The venue profile and its overrides.</summary>
    public required ScenarioVenue Venue { get; init; }

    /// <summary>The traded instruments; symbols are unique.</summary>
    public required ImmutableArray<ScenarioInstrument> Instruments { get; init; }

    /// <summary>How the index price moves.</summary>
    public required ScenarioPriceProcess PriceProcess { get; init; }

    /// <summary>Deterministic one-step price shocks applied on top of <see cref="PriceProcess"/>; empty for none.</summary>
    public ImmutableArray<ScenarioShock> Shocks
    {
        get => _shocks.IsDefault ? [] : _shocks;
        init => _shocks = value;
    }

    private readonly ImmutableArray<ScenarioShock> _shocks = [];

    /// <summary>Price of each instrument at <see cref="Start"/>, keyed by symbol; one entry per instrument.</summary>
    public required ImmutableSortedDictionary<string, decimal> StartPrices { get; init; }

    /// <summary>Order-book liquidity of each instrument, keyed by symbol; one entry per instrument.</summary>
    public required ImmutableSortedDictionary<string, ScenarioLiquidity> Liquidity { get; init; }

    /// <summary>Opening insurance-fund balance in the settlement currency; not negative.</summary>
    public required decimal InsuranceFund { get; init; }

    /// <summary>A generated population of positions, or <see langword="null"/> for none.</summary>
    public ScenarioPopulation? Population { get; init; }

    /// <summary>Explicitly listed accounts; empty for none. A scenario has a population, accounts, or both.</summary>
    public ImmutableArray<ScenarioAccount> Accounts
    {
        get => _accounts.IsDefault ? [] : _accounts;
        init => _accounts = value;
    }

    private readonly ImmutableArray<ScenarioAccount> _accounts = [];

    /// <summary>Market coupling, index sources and mark method, or <see langword="null"/> for the defaults of <see cref="ScenarioMarket"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScenarioMarket? Market { get; init; }

    /// <summary>Funding rounds, or <see langword="null"/> for none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScenarioFunding? Funding { get; init; }

    /// <summary>
    /// The embedded default scenario: a one-day BTCUSDT perpetual market on the Binance profile with GBM prices,
    /// a −25 % one-step wick at 12:00 and a 100,000-account population.
    /// </summary>
    public static ScenarioDocument Default => ScenarioJson.LoadDefault();

    /// <summary>
    /// The scenario in one line, for consoles and reports: instruments and venue profile, period and step count,
    /// accounts and seed, e.g. <c>BTCUSDT on the binance profile; 2026-01-01 00:00 UTC for 1 day in 1,440 steps of
    /// 1 min; 100,000 generated accounts; seed 20260101</c>.
    /// </summary>
    /// <returns>The description (invariant culture).</returns>
    public string Describe()
    {
        string symbols = string.Join(", ", Instruments.Select(i => i.Symbol));
        long steps = Step > TimeSpan.Zero ? Duration.Ticks / Step.Ticks : 0;
        string accounts = (Population, Accounts.Length) switch
        {
            ({ } p, 0) => string.Create(CultureInfo.InvariantCulture, $"{p.Count:N0} generated accounts"),
            ({ } p, int listed) => string.Create(CultureInfo.InvariantCulture, $"{p.Count:N0} generated and {listed:N0} listed accounts"),
            (null, int listed) => string.Create(CultureInfo.InvariantCulture, $"{listed:N0} listed accounts"),
        };
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{symbols} on the {Venue.Profile} profile; {Start.UtcDateTime:yyyy-MM-dd HH:mm} UTC for {DurationText.Format(Duration)} in {steps:N0} steps of {DurationText.Format(Step)}; {accounts}; seed {Seed}");
    }

    /// <inheritdoc />
    public bool Equals(ScenarioDocument? other) =>
        other is not null
        && SchemaVersion == other.SchemaVersion
        && Name == other.Name
        && Seed == other.Seed
        && Start.Equals(other.Start)
        && Start.Offset == other.Start.Offset
        && Duration == other.Duration
        && Step == other.Step
        && Venue == other.Venue
        && ScenarioEquality.Sequence(Instruments, other.Instruments)
        && PriceProcess == other.PriceProcess
        && ScenarioEquality.Sequence(Shocks, other.Shocks)
        && ScenarioEquality.Map(StartPrices, other.StartPrices)
        && ScenarioEquality.Map(Liquidity, other.Liquidity)
        && InsuranceFund == other.InsuranceFund
        && Population == other.Population
        && ScenarioEquality.Sequence(Accounts, other.Accounts)
        && Market == other.Market
        && Funding == other.Funding;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(SchemaVersion, Name, Seed, Start, Duration, Step, Instruments.Length);
}

/// <summary>The venue a scenario runs on: a named built-in profile plus optional overrides.</summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record ScenarioVenue
{
    /// <summary>
    /// Profile name: <c>binance</c>, <c>bybit</c>, <c>bitmex</c>, <c>hyperliquid</c> or <c>dydx-v4</c>
    /// (<see cref="VenueProfile.Binance"/> … <see cref="VenueProfile.DydxV4"/>).
    /// </summary>
    public required string Profile { get; init; }

    /// <summary>Every name <see cref="Profile"/> accepts, in the catalogue's order (what <c>liqsim venues</c> lists).</summary>
    public static ImmutableArray<string> ProfileNames { get; } = [.. ScenarioCatalogue.VenueNames];

    /// <summary>Overrides <see cref="VenueProfile.ClearanceFeeRate"/> when set; in [0, 1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? ClearanceFeeRate { get; init; }

    /// <summary>Overrides <see cref="VenueProfile.AdlAtMarkPrice"/> when set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? AdlAtMarkPrice { get; init; }

    /// <summary>The built-in profile named by <see cref="Profile"/> with the overrides applied.</summary>
    /// <returns>The resolved profile.</returns>
    /// <exception cref="ArgumentException">The profile name is unknown.</exception>
    public VenueProfile Resolve()
    {
        var profile = ScenarioCatalogue.Venue(Profile)
            ?? throw new ArgumentException($"Unknown venue profile '{Profile}'.", nameof(Profile));
        return profile with
        {
            ClearanceFeeRate = ClearanceFeeRate ?? profile.ClearanceFeeRate,
            AdlAtMarkPrice = AdlAtMarkPrice ?? profile.AdlAtMarkPrice,
        };
    }
}

/// <summary>A traded instrument of a scenario.</summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record ScenarioInstrument
{
    /// <summary>Symbol, unique within the scenario, e.g. <c>BTCUSDT</c>.</summary>
    public required string Symbol { get; init; }

    /// <summary>Linear (quote-margined) or inverse (coin-margined); written <c>linear</c> / <c>inverse</c>.</summary>
    [JsonConverter(typeof(CamelCaseEnumConverter<ContractKind>))]
    public required ContractKind Kind { get; init; }

    /// <summary>Risk-tier catalogue name, e.g. <c>binance-btcusdt</c>; see <c>docs/scenario-schema.md</c> for the list.</summary>
    public required string Tiers { get; init; }

    /// <summary>Every name <see cref="Tiers"/> accepts, in the catalogue's order (what <c>liqsim venues</c> lists).</summary>
    public static ImmutableArray<string> TierTableNames { get; } = [.. ScenarioCatalogue.TierNames];

    /// <summary>Price tick in quote currency; positive.</summary>
    public required decimal TickSize { get; init; }

    /// <summary>Quantity step in contracts; positive.</summary>
    public required decimal LotSize { get; init; }

    /// <summary>Value of one contract (base units for linear, quote currency for inverse); positive.</summary>
    public required decimal ContractSize { get; init; }

    /// <summary>The risk-tier table named by <see cref="Tiers"/>.</summary>
    /// <returns>The catalogue table.</returns>
    /// <exception cref="ArgumentException">The catalogue name is unknown.</exception>
    public RiskTierTable ResolveTiers() =>
        ScenarioCatalogue.Tiers(Tiers) ?? throw new ArgumentException($"Unknown tier catalogue '{Tiers}'.", nameof(Tiers));

    /// <summary>
    /// The contract this entry describes, as the simulator builds it: base and quote assets split from the symbol
    /// (<c>BTCUSDT</c> → BTC, USDT; a symbol without a USDT, USDC or USD suffix quotes in USD), so that reports can name
    /// the currency of prices (<see cref="Instrument.QuoteAsset"/>) and amounts (<see cref="Instrument.SettlementAsset"/>).
    /// </summary>
    /// <returns>The instrument.</returns>
    /// <exception cref="ArgumentException">The tier catalogue name is unknown, or a size or tick is invalid.</exception>
    public Instrument ToInstrument() => CompiledScenario.Build(Symbol, Kind, ResolveTiers(), TickSize, LotSize, ContractSize);
}

/// <summary>
/// How the index price moves; the JSON <c>type</c> field selects <c>gbm</c>, <c>jump-diffusion</c>,
/// <c>scripted</c> or <c>historical</c>.
/// </summary>
/// <remarks>Immutable and thread safe.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ScenarioGbmProcess), "gbm")]
[JsonDerivedType(typeof(ScenarioJumpDiffusionProcess), "jump-diffusion")]
[JsonDerivedType(typeof(ScenarioScriptedProcess), "scripted")]
[JsonDerivedType(typeof(ScenarioHistoricalProcess), "historical")]
public abstract record ScenarioPriceProcess
{
    private protected ScenarioPriceProcess()
    {
    }
}

/// <summary>Geometric Brownian motion (<see cref="GeometricBrownianMotion"/>).</summary>
public sealed record ScenarioGbmProcess : ScenarioPriceProcess
{
    /// <summary>Annualised drift.</summary>
    public required decimal Drift { get; init; }

    /// <summary>Annualised volatility; not negative.</summary>
    public required decimal Volatility { get; init; }
}

/// <summary>Merton jump diffusion (<see cref="JumpDiffusion"/>).</summary>
public sealed record ScenarioJumpDiffusionProcess : ScenarioPriceProcess
{
    /// <summary>Annualised drift.</summary>
    public required decimal Drift { get; init; }

    /// <summary>Annualised diffusion volatility; not negative.</summary>
    public required decimal Volatility { get; init; }

    /// <summary>Expected jumps per year; not negative.</summary>
    public required decimal JumpIntensity { get; init; }

    /// <summary>Mean of the log jump size.</summary>
    public required decimal JumpMean { get; init; }

    /// <summary>Standard deviation of the log jump size; not negative.</summary>
    public required decimal JumpVolatility { get; init; }
}

/// <summary>A scripted path (<see cref="ScriptedPath"/>): prices at offsets from the start, linear in between.</summary>
public sealed record ScenarioScriptedProcess : ScenarioPriceProcess
{
    /// <summary>The points; at least one, the first at offset zero, offsets strictly increasing, prices positive.</summary>
    public required ImmutableArray<PricePoint> Points { get; init; }

    /// <inheritdoc />
    public bool Equals(ScenarioScriptedProcess? other) => other is not null && ScenarioEquality.Sequence(Points, other.Points);

    /// <inheritdoc />
    public override int GetHashCode() => Points.Length;
}

/// <summary>Historical replay (<see cref="HistoricalPriceSeries"/>) from a CSV file.</summary>
public sealed record ScenarioHistoricalProcess : ScenarioPriceProcess
{
    /// <summary>Path of the CSV file, relative to the scenario file's directory or absolute; not empty.</summary>
    public required string CsvPath { get; init; }
}

/// <summary>A one-step multiplicative price shock, e.g. a wick.</summary>
/// <param name="Offset">Time from the start; within the duration and a whole multiple of the step.</param>
/// <param name="Change">Relative price change, e.g. <c>-0.25</c> for −25 %; greater than −1 and not zero.</param>
/// <param name="Source">
/// An index source's name (<see cref="ScenarioMarket.IndexSources"/>) to shock only that exchange's quote, e.g. a wick on
/// one constituent; null to shock the spot price itself.
/// </param>
public readonly record struct ScenarioShock(
    TimeSpan Offset,
    decimal Change,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Source = null);

/// <summary>One price level of an order book.</summary>
/// <param name="Price">Price in quote currency; positive.</param>
/// <param name="Size">Resting quantity in contracts; positive.</param>
public readonly record struct ScenarioBookLevel(decimal Price, decimal Size);

/// <summary>
/// The order book liquidation orders hit: explicit <see cref="Bids"/> and <see cref="Asks"/>, or a generated
/// <see cref="Ladder"/> around the venue price — exactly one of the two.
/// </summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record ScenarioLiquidity
{
    /// <summary>Fraction of consumed depth that refills per step; in [0, 1].</summary>
    public required decimal RecoveryRate { get; init; }

    /// <summary>Bid levels, best (highest) first, prices strictly decreasing; empty with a ladder.</summary>
    public ImmutableArray<ScenarioBookLevel> Bids
    {
        get => _bids.IsDefault ? [] : _bids;
        init => _bids = value;
    }

    private readonly ImmutableArray<ScenarioBookLevel> _bids = [];

    /// <summary>Ask levels, best (lowest) first, prices strictly increasing and above the best bid; empty with a ladder.</summary>
    public ImmutableArray<ScenarioBookLevel> Asks
    {
        get => _asks.IsDefault ? [] : _asks;
        init => _asks = value;
    }

    private readonly ImmutableArray<ScenarioBookLevel> _asks = [];

    /// <summary>A generated symmetric ladder, or <see langword="null"/> when levels are explicit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScenarioLadder? Ladder { get; init; }

    /// <inheritdoc />
    public bool Equals(ScenarioLiquidity? other) =>
        other is not null
        && RecoveryRate == other.RecoveryRate
        && ScenarioEquality.Sequence(Bids, other.Bids)
        && ScenarioEquality.Sequence(Asks, other.Asks)
        && Ladder == other.Ladder;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RecoveryRate, Bids.Length, Asks.Length, Ladder);
}

/// <summary>
/// A generated book: <see cref="Levels"/> levels per side, <see cref="Spacing"/> apart, each <see cref="SizePerLevel"/> deep.
/// The runner quotes level i at i × spacing × the venue's price (whole ticks) from that price, re-centred and
/// re-spaced every step, so the ladder keeps its relative shape wherever the price goes; a bid that would sit at or
/// below zero is not quoted until the price rises again.
/// </summary>
/// <param name="Levels">Levels per side; at least 1.</param>
/// <param name="Spacing">Distance between levels as a fraction of the venue's price, e.g. <c>0.0005</c>; in (0, 1).</param>
/// <param name="SizePerLevel">Quantity per level in contracts; positive.</param>
public sealed record ScenarioLadder(int Levels, decimal Spacing, decimal SizePerLevel);

/// <summary>A range of values, both ends included.</summary>
/// <param name="Min">Lower end.</param>
/// <param name="Max">Upper end; not below <paramref name="Min"/>.</param>
public readonly record struct ScenarioRange(decimal Min, decimal Max);

/// <summary>A population of positions drawn from seeded uniform distributions.</summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record ScenarioPopulation
{
    /// <summary>Symbol the positions trade; one of the scenario's instruments.</summary>
    public required string Symbol { get; init; }

    /// <summary>Number of accounts, one position each; at least 1.</summary>
    public required int Count { get; init; }

    /// <summary>Fraction of positions that are long; in [0, 1].</summary>
    public required decimal LongShare { get; init; }

    /// <summary>Leverage range; 1 ≤ min ≤ max ≤ the first tier's maximum leverage of the instrument.</summary>
    public required ScenarioRange Leverage { get; init; }

    /// <summary>Position notional range in quote currency; 0 &lt; min ≤ max.</summary>
    public required ScenarioRange Notional { get; init; }

    /// <summary>Entry prices are uniform within ± this fraction of the start price; in [0, 1).</summary>
    public required decimal EntrySpread { get; init; }

    /// <summary>Fraction of accounts in isolated margin (the rest are cross); in [0, 1].</summary>
    public required decimal IsolatedShare { get; init; }

    /// <summary>Behaviours handed to shares of the population; empty for none.</summary>
    public ImmutableArray<ScenarioBehaviourShare> Behaviours
    {
        get => _behaviours.IsDefault ? [] : _behaviours;
        init => _behaviours = value;
    }

    private readonly ImmutableArray<ScenarioBehaviourShare> _behaviours = [];

    /// <inheritdoc />
    public bool Equals(ScenarioPopulation? other) =>
        other is not null
        && Symbol == other.Symbol
        && Count == other.Count
        && LongShare == other.LongShare
        && Leverage == other.Leverage
        && Notional == other.Notional
        && EntrySpread == other.EntrySpread
        && IsolatedShare == other.IsolatedShare
        && ScenarioEquality.Sequence(Behaviours, other.Behaviours);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Symbol, Count, LongShare, Leverage, Notional, EntrySpread, IsolatedShare, Behaviours.Length);
}

/// <summary>An explicitly listed account.</summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record ScenarioAccount
{
    /// <summary>Account id; not negative, unique within the scenario.</summary>
    public required long Id { get; init; }

    /// <summary>Opening wallet balance in the settlement currency; not negative. Isolated positions take their initial margin (notional ÷ leverage) from it.</summary>
    public required decimal Balance { get; init; }

    /// <summary>Margin mode, written <c>cross</c> / <c>isolated</c>.</summary>
    [JsonConverter(typeof(CamelCaseEnumConverter<MarginMode>))]
    public required MarginMode MarginMode { get; init; }

    /// <summary>Open positions; at most one per symbol.</summary>
    public ImmutableArray<ScenarioPosition> Positions
    {
        get => _positions.IsDefault ? [] : _positions;
        init => _positions = value;
    }

    private readonly ImmutableArray<ScenarioPosition> _positions = [];

    /// <summary>What the trader does by themselves (stops, top-ups, …); empty for nothing.</summary>
    public ImmutableArray<ScenarioBehaviour> Behaviours
    {
        get => _behaviours.IsDefault ? [] : _behaviours;
        init => _behaviours = value;
    }

    private readonly ImmutableArray<ScenarioBehaviour> _behaviours = [];

    /// <inheritdoc />
    public bool Equals(ScenarioAccount? other) =>
        other is not null
        && Id == other.Id
        && Balance == other.Balance
        && MarginMode == other.MarginMode
        && ScenarioEquality.Sequence(Positions, other.Positions)
        && ScenarioEquality.Sequence(Behaviours, other.Behaviours);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Balance, MarginMode, Positions.Length);
}

/// <summary>An open position of an explicit account.</summary>
/// <param name="Symbol">One of the scenario's instruments.</param>
/// <param name="Size">Signed quantity in contracts, positive long and negative short; not zero.</param>
/// <param name="EntryPrice">Average entry price; positive.</param>
/// <param name="Leverage">Leverage; 1 ≤ leverage ≤ the first tier's maximum leverage of the instrument.</param>
public readonly record struct ScenarioPosition(string Symbol, decimal Size, decimal EntryPrice, decimal Leverage);
