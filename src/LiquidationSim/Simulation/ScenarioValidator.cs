using System.Globalization;
using System.Text.Json;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Kernel;
using LiquidationSim.Pricing;

namespace LiquidationSim.Simulation;

/// <summary>
/// Checks a parsed scenario document against every rule of the schema before anything is deserialized,
/// collecting each problem with its JSON path instead of stopping at the first.
/// </summary>
/// <remarks>
/// The rules of the domain types a scenario builds (an instrument's tick, lot and contract sizes, a position size on the
/// lot grid, the funding rules) are not restated here: their <c>Check</c> methods answer, and each problem's parameter
/// is reported at the JSON path of the field it came from. Positions and books are checked against the
/// <see cref="Instrument"/> built from each valid instrument entry.
/// </remarks>
internal sealed class ScenarioValidator
{
    private static readonly string[] s_rootFields =
    [
        "schemaVersion", "name", "seed", "start", "duration", "step", "venue", "instruments", "priceProcess",
        "shocks", "startPrices", "liquidity", "insuranceFund", "population", "accounts", "market", "funding",
    ];

    /// <summary>
    /// The most ticks a start price or book price may span (10^12): prices are counted in whole ticks as 64-bit
    /// integers, and a ladder of <see cref="MaxLadderLevels"/> levels must still fit.
    /// </summary>
    internal const decimal MaxPriceTicks = 1_000_000_000_000m;

    /// <summary>The largest price anywhere in a scenario (start, book, entry and scripted prices), in quote currency.</summary>
    internal const decimal MaxPrice = 1_000_000_000_000m;

    /// <summary>
    /// The largest notional of one position (explicit, generated, or one lot at the start price) or book level, and the
    /// largest balance, insurance fund and funding impact notional: 10^15 in quote or settlement currency.
    /// </summary>
    internal const decimal MaxNotional = 1_000_000_000_000_000m;

    /// <summary>The smallest scripted price: start prices are scaled by 1 ÷ the first point's price.</summary>
    internal const decimal MinScriptedPrice = 0.000000000001m;

    /// <summary>How far a scripted point's price may lie from the first point's, as a factor either way.</summary>
    internal const decimal MaxScriptedRatio = 1_000_000m;

    /// <summary>The largest take-profit distance and add-margin amount (multiples of the entry price or initial margin).</summary>
    internal const decimal MaxMultiple = 1_000m;

    /// <summary>The most lots in one position or book level (sizes are counted in whole lots as 64-bit integers).</summary>
    internal const decimal MaxLots = 1_000_000_000_000m;

    /// <summary>The most slices a scheduled exit may have.</summary>
    internal const int MaxSlices = 10_000;

    /// <summary>Most market makers per instrument.</summary>
    internal const int MaxMakers = 1_000;

    /// <summary>The largest upward shock (+1,000 %): a larger one sends prices beyond the range of a tick count.</summary>
    internal const decimal MaxShock = 10m;

    /// <summary>The largest index-source weight; weights are relative, so this only keeps their sum in range.</summary>
    internal const decimal MaxWeight = 1_000_000m;

    /// <summary>The largest account id: 2^53 − 1, exact in every JSON reader, leaving room for population ids after it.</summary>
    internal const long MaxAccountId = 9_007_199_254_740_991;

    /// <summary>The most levels per side a generated ladder may have.</summary>
    internal const int MaxLadderLevels = 100_000;

    private static readonly string[] s_markPrices = ["venue", "index", "last"];
    private static readonly string[] s_triggers = ["mark", "last"];
    private static readonly string[] s_behaviourTypes = ["stop-loss", "take-profit", "add-margin", "reduce", "scheduled-exit", "hedge"];
    private static readonly string[] s_instrumentFields = ["symbol", "kind", "tiers", "tickSize", "lotSize", "contractSize"];
    private static readonly string[] s_fundingFields = ["interval", "fixedRate", "interestRate", "clampLimit", "rateCap", "impactNotional"];

    private readonly List<ScenarioProblem> _problems = [];
    private readonly HashSet<string> _symbols = new(StringComparer.Ordinal);

    // The contract of each symbol whose entry is valid; rules that need one are skipped for the others.
    private readonly Dictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _startPrice = new(StringComparer.Ordinal);

    // Names of market.indexSources, gathered before the shocks that refer to them are checked.
    private readonly List<string> _indexSources = [];
    private TimeSpan? _duration;
    private TimeSpan? _step;

    public static IReadOnlyList<ScenarioProblem> Validate(JsonElement root)
    {
        var validator = new ScenarioValidator();
        validator.Readable(root, "$");
        if (validator._problems.Count > 0)
        {
            // The rules below read names and strings freely and see only one of two equal names; stop here.
            return validator._problems;
        }

        validator.Root(root);
        return validator._problems;
    }

    /// <summary>
    /// Reports, anywhere in the document, a field given twice in one object (ambiguous: the serializer would keep one,
    /// the rules would check another) and a name or string that is not valid Unicode text (invalid UTF-8, or an
    /// escaped lone surrogate such as <c>"\ud800"</c>), which .NET cannot read as a string.
    /// </summary>
    private void Readable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                var index = 0;
                foreach (var property in element.EnumerateObject())
                {
                    index++;
                    if (!TryRead(() => property.Name, out var name))
                    {
                        Add(path, $"the name of field {index} is not valid Unicode text (invalid UTF-8 or a lone surrogate)");
                        continue;
                    }

                    var at = Child(path, name);
                    if (!names.Add(name))
                    {
                        Add(at, "duplicate field; a field may appear only once in its object");
                    }

                    Readable(property.Value, at);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Readable(item, $"{path}[{i++}]");
                }

                break;
            case JsonValueKind.String when !TryRead(element.GetString, out _):
                Add(path, "is not valid Unicode text (invalid UTF-8 or a lone surrogate)");
                break;
        }
    }

    /// <summary>
    /// Whether an ISO 8601 date-time that <see cref="JsonElement.TryGetDateTimeOffset"/> accepted names its offset:
    /// <c>Z</c>, or a sign after the time of day (a date alone, or a time without either, is local time).
    /// </summary>
    private static bool HasOffset(string text)
    {
        var t = text.IndexOfAny(['T', 't']);
        return t >= 0 && text.AsSpan(t + 1).IndexOfAny("Zz+-") >= 0;
    }

    private static bool TryRead(Func<string?> read, out string text)
    {
        try
        {
            text = read() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private void Root(JsonElement root)
    {
        const string Path = "$";
        if (!IsObject(root, Path))
        {
            return;
        }

        Unknown(root, Path, s_rootFields);
        if (Get(root, Path, "schemaVersion") is { } version)
        {
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v))
            {
                Add(Child(Path, "schemaVersion"), "must be an integer");
            }
            else if (v != ScenarioDocument.CurrentSchemaVersion)
            {
                Add(Child(Path, "schemaVersion"), $"unsupported schema version {v}; this library reads version {ScenarioDocument.CurrentSchemaVersion}");
            }
        }

        String(root, Path, "name", required: true);
        if (Get(root, Path, "seed") is { } seed && (seed.ValueKind != JsonValueKind.Number || !seed.TryGetUInt64(out _)))
        {
            Add(Child(Path, "seed"), "must be an integer in [0, 18446744073709551615]");
        }

        DateTimeOffset? startTime = null;
        if (Get(root, Path, "start") is { } start)
        {
            if (start.ValueKind != JsonValueKind.String || !start.TryGetDateTimeOffset(out var instant))
            {
                Add(Child(Path, "start"), "must be an ISO 8601 date and time with offset, e.g. \"2026-01-01T00:00:00+00:00\"");
            }
            else if (!HasOffset(start.GetString()!))
            {
                // Without an offset the reader takes the machine's local time zone, so one file would start at a
                // different instant (and hash differently) in Tokyo and in London.
                Add(Child(Path, "start"), $"must carry an offset (Z or ±hh:mm), e.g. \"2026-01-01T00:00:00+00:00\", was \"{start.GetString()}\"");
            }
            else
            {
                startTime = instant;
            }
        }

        var duration = Time(root, Path, "duration", required: true);
        var step = Time(root, Path, "step", required: true);
        if (step is { } s && s <= TimeSpan.Zero)
        {
            Add(Child(Path, "step"), $"must be positive, was {Format(s)}");
            step = null;
        }

        if (duration is { } d)
        {
            if (d <= TimeSpan.Zero)
            {
                Add(Child(Path, "duration"), $"must be positive, was {Format(d)}");
            }
            else if (step is { } st && d.Ticks % st.Ticks != 0)
            {
                Add(Child(Path, "duration"), $"must be a whole multiple of the step {Format(st)}, was {Format(d)}");
            }
            else if (startTime is { } t0 && DateTimeOffset.MaxValue - t0 < d)
            {
                // Every step's time must be representable (a step at 10000-01-01 threw mid-run).
                Add(Child(Path, "duration"), $"must end by {DateTimeOffset.MaxValue.ToString("O", CultureInfo.InvariantCulture)}, was {Format(d)} from the start");
            }
        }

        _duration = duration > TimeSpan.Zero ? duration : null;
        _step = step;
        IndexSourceNames(root);
        Venue(root, Path);
        Instruments(root, Path);
        PriceProcess(root, Path);
        Shocks(root, Path, duration, step);
        StartPrices(root, Path);
        LiquidityMap(root, Path);
        Number(root, Path, "insuranceFund", required: true, Rule.Amount);

        var hasPopulation = Property(root, "population") is { ValueKind: not JsonValueKind.Null };
        if (hasPopulation)
        {
            Population(root.GetProperty("population"), Child(Path, "population"));
        }

        var accounts = Accounts(root, Path);
        if (!hasPopulation && accounts == 0)
        {
            Add(Path, "a scenario needs a population, at least one account, or both");
        }

        Market(root, Path);
        Funding(root, Path);
    }

    private void Venue(JsonElement root, string parent)
    {
        if (Get(root, parent, "venue") is not { } venue)
        {
            return;
        }

        var path = Child(parent, "venue");
        if (!IsObject(venue, path))
        {
            return;
        }

        Unknown(venue, path, ["profile", "clearanceFeeRate", "adlAtMarkPrice"]);
        if (String(venue, path, "profile", required: true) is { } profile && ScenarioCatalogue.Venue(profile) is null)
        {
            Add(Child(path, "profile"), $"unknown venue '{profile}'; expected one of {List(ScenarioCatalogue.VenueNames)}");
        }

        Number(venue, path, "clearanceFeeRate", required: false, Rule.Fraction);
        if (Property(venue, "adlAtMarkPrice") is { } adl && adl.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Add(Child(path, "adlAtMarkPrice"), "must be true or false");
        }
    }

    private void Instruments(JsonElement root, string parent)
    {
        if (Array(root, parent, "instruments", required: true) is not { } items)
        {
            return;
        }

        var path = Child(parent, "instruments");
        if (items.GetArrayLength() == 0)
        {
            Add(path, "must list at least one instrument");
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (!IsObject(item, at))
            {
                continue;
            }

            Unknown(item, at, s_instrumentFields);
            var mark = _problems.Count;
            var symbol = String(item, at, "symbol", required: true);
            if (symbol is not null && !_symbols.Add(symbol))
            {
                Add(Child(at, "symbol"), $"duplicate symbol '{symbol}'");
            }

            ContractKind? contractKind = null;
            if (String(item, at, "kind", required: true) is { } kind)
            {
                if (kind is not ("linear" or "inverse"))
                {
                    Add(Child(at, "kind"), $"unknown contract kind '{kind}'; expected \"linear\" or \"inverse\"");
                }
                else
                {
                    contractKind = kind == "inverse" ? ContractKind.Inverse : ContractKind.Linear;
                }
            }

            RiskTierTable? table = null;
            if (String(item, at, "tiers", required: true) is { } tiers && (table = ScenarioCatalogue.Tiers(tiers)) is null)
            {
                Add(Child(at, "tiers"), $"unknown tier catalogue '{tiers}'; expected one of {List(ScenarioCatalogue.TierNames)}");
            }

            var tick = Number(item, at, "tickSize", required: true, Rule.Any);
            var lot = Number(item, at, "lotSize", required: true, Rule.Any);
            var contract = Number(item, at, "contractSize", required: true, Rule.Any);
            if (InstrumentProblems(at, symbol, tick, lot, contract, table) && symbol is not null && contractKind is { } k
                && table is not null && tick is { } t && lot is { } l && contract is { } c)
            {
                _instruments[symbol] = CompiledScenario.Build(symbol, k, table, t, l, c);
            }

            InFieldOrder(mark, at, s_instrumentFields);
        }
    }

    /// <summary>
    /// Reports what <see cref="Instrument.Check"/> finds in an entry's fields, each at its field (the base and quote
    /// assets the symbol splits into at the symbol); a field that is missing or not a number was reported already and
    /// is checked with a valid stand-in. Returns whether the fields make a contract.
    /// </summary>
    private bool InstrumentProblems(string at, string? symbol, decimal? tick, decimal? lot, decimal? contract, RiskTierTable? table)
    {
        var (baseAsset, quoteAsset) = symbol is null ? ("-", "-") : CompiledScenario.SplitSymbol(symbol);
        var problems = Instrument.Check(symbol ?? "-", baseAsset, quoteAsset, contract ?? 1m, tick ?? 1m, lot ?? 1m, table, settlementDecimals: 8);
        foreach (var problem in problems)
        {
            switch (problem.Parameter)
            {
                case "riskTiers":
                    break; // an unknown or missing catalogue name, reported at "tiers" already
                case "symbol" or "baseAsset" or "quoteAsset":
                    var what = problem.Parameter == "symbol" ? "" : problem.Parameter == "baseAsset" ? "its base asset " : "its quote asset ";
                    Add(Child(at, "symbol"), $"{what}{Wording(problem)}, was \"{symbol}\"");
                    break;
                default:
                    Add(Child(at, problem.Parameter), problem);
                    break;
            }
        }

        return problems.Count == 0;
    }

    private void PriceProcess(JsonElement root, string parent)
    {
        if (Get(root, parent, "priceProcess") is not { } process)
        {
            return;
        }

        var path = Child(parent, "priceProcess");
        if (!IsObject(process, path))
        {
            return;
        }

        var type = String(process, path, "type", required: true);
        TypeFirst(process, path, type);
        switch (type)
        {
            case null:
                return;
            case "gbm":
                Unknown(process, path, ["type", "drift", "volatility"]);
                Diffusion(process, path);
                break;
            case "jump-diffusion":
                Unknown(process, path, ["type", "drift", "volatility", "jumpIntensity", "jumpMean", "jumpVolatility"]);
                Diffusion(process, path);
                Bounded(process, path, "jumpIntensity", 0m, 1_000_000m);
                if (Property(process, "jumpIntensity") is { ValueKind: JsonValueKind.Number } intensity
                    && intensity.TryGetDecimal(out var lambda) && lambda is >= 0m and <= 1_000_000m
                    && _step is { } jumpStep && lambda * YearFraction.Of(jumpStep) > SeededRandom.MaxPoissonMean)
                {
                    // The jump count per step is drawn from a Poisson law of mean λ × step, which the generator caps.
                    Add(
                        Child(path, "jumpIntensity"),
                        $"times the step in years (365-day years) must be at most {Format(SeededRandom.MaxPoissonMean)} expected jumps per step, was {Format(lambda)} × {Format(YearFraction.Of(jumpStep))}; use a shorter step or a lower intensity");
                }

                Bounded(process, path, "jumpMean", -5m, 5m);
                Bounded(process, path, "jumpVolatility", 0m, 3m);
                break;
            case "scripted":
                Unknown(process, path, ["type", "points"]);
                ScriptedPoints(process, path);
                break;
            case "historical":
                Unknown(process, path, ["type", "csvPath"]);
                if (String(process, path, "csvPath", required: true) is { Length: 0 })
                {
                    Add(Child(path, "csvPath"), "must not be empty");
                }

                break;
            default:
                Add(Child(path, "type"), $"unknown price-process type '{type}'; expected \"gbm\", \"jump-diffusion\", \"scripted\" or \"historical\"");
                break;
        }
    }

    // The bounds are those of the GeometricBrownianMotion and JumpDiffusion constructors, so a loaded scenario
    // always builds its process.
    private void Diffusion(JsonElement process, string path)
    {
        Bounded(process, path, "drift", -GeometricBrownianMotion.MaxAbsoluteDrift, GeometricBrownianMotion.MaxAbsoluteDrift);
        Bounded(process, path, "volatility", 0m, GeometricBrownianMotion.MaxVolatility);
    }

    private void Bounded(JsonElement obj, string path, string name, decimal min, decimal max)
    {
        if (Number(obj, path, name, required: true, Rule.Any) is { } value && (value < min || value > max))
        {
            Add(Child(path, name), $"must be in [{Format(min)}, {Format(max)}], was {Format(value)}");
        }
    }

    private void ScriptedPoints(JsonElement process, string path)
    {
        if (Array(process, path, "points", required: true) is not { } points)
        {
            return;
        }

        var at = Child(path, "points");
        if (points.GetArrayLength() == 0)
        {
            Add(at, "must list at least one point");
        }

        TimeSpan? previous = null;
        decimal? first = null;
        var index = 0;
        foreach (var point in points.EnumerateArray())
        {
            var p = $"{at}[{index++}]";
            if (!IsObject(point, p))
            {
                continue;
            }

            Unknown(point, p, ["offset", "price"]);
            if (Time(point, p, "offset", required: true) is { } offset)
            {
                if (index == 1 && offset != TimeSpan.Zero)
                {
                    Add(Child(p, "offset"), $"the first point must be at 00:00:00, was {Format(offset)}");
                }
                else if (previous is { } prev && offset <= prev)
                {
                    Add(Child(p, "offset"), $"must be later than the previous point's {Format(prev)}, was {Format(offset)}");
                }

                previous = offset;
            }

            if (Number(point, p, "price", required: true, Rule.Price) is { } price)
            {
                // Every instrument moves by price ÷ the first point's price, so that ratio stays in a range the
                // start prices can be scaled by without overflowing or rounding to zero.
                if (price < MinScriptedPrice)
                {
                    Add(Child(p, "price"), $"must be at least {Format(MinScriptedPrice)}, was {Format(price)}");
                }
                else if (first is not { } reference)
                {
                    first = price;
                }
                else if (price > reference * MaxScriptedRatio || price * MaxScriptedRatio < reference)
                {
                    Add(Child(p, "price"), $"must be within a factor of {Format(MaxScriptedRatio)} of the first point's {Format(reference)}, was {Format(price)}");
                }
            }
        }
    }

    private void Shocks(JsonElement root, string parent, TimeSpan? duration, TimeSpan? step)
    {
        if (Array(root, parent, "shocks", required: false) is not { } shocks)
        {
            return;
        }

        var path = Child(parent, "shocks");
        var index = 0;
        foreach (var shock in shocks.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (!IsObject(shock, at))
            {
                continue;
            }

            Unknown(shock, at, ["offset", "change", "source"]);
            if (Time(shock, at, "offset", required: true) is { } offset)
            {
                if (offset < TimeSpan.Zero || (duration is { } d && offset > d))
                {
                    Add(Child(at, "offset"), $"must lie within the scenario duration, was {Format(offset)}");
                }
                else if (step is { } s && offset.Ticks % s.Ticks != 0)
                {
                    Add(Child(at, "offset"), $"must be a whole multiple of the step {Format(s)}, was {Format(offset)}");
                }
            }

            if (Number(shock, at, "change", required: true, Rule.Any) is { } change && (change <= -1m || change == 0m || change > MaxShock))
            {
                Add(Child(at, "change"), $"must be greater than -1, at most {Format(MaxShock)} and not zero, was {Format(change)}");
            }

            if (String(shock, at, "source", required: false) is { } source && !_indexSources.Contains(source, StringComparer.Ordinal))
            {
                Add(Child(at, "source"), _indexSources.Count == 0
                    ? $"unknown index source '{source}'; market.indexSources lists none"
                    : $"unknown index source '{source}'; expected one of {List([.. _indexSources])}");
            }
        }
    }

    private void StartPrices(JsonElement root, string parent)
    {
        if (Get(root, parent, "startPrices") is not { } prices)
        {
            return;
        }

        var path = Child(parent, "startPrices");
        if (!IsObject(prices, path))
        {
            return;
        }

        foreach (var entry in prices.EnumerateObject())
        {
            var at = Child(path, entry.Name);
            KnownSymbol(entry.Name, at);
            if (Value(entry.Value, at, Rule.Price) is { } price && _instruments.TryGetValue(entry.Name, out var instrument))
            {
                var tick = instrument.TickSize;
                _startPrice[entry.Name] = price;
                // Prices are kept in whole ticks (and a few decimals more): below one tick the venue's price is zero,
                // and a price of more ticks than a 64-bit count holds cannot be quoted.
                if (price < tick)
                {
                    Add(at, $"must be at least the instrument's tick size {Format(tick)}, was {Format(price)}");
                }
                else if (TooManyTicks(price, tick))
                {
                    Add(at, $"must be at most {Format(MaxPriceTicks)} ticks of {Format(tick)}, was {Format(price)}");
                }
            }
        }

        foreach (var symbol in _symbols.Where(s => Property(prices, s) is null).Order(StringComparer.Ordinal))
        {
            Add(path, $"missing start price for instrument '{symbol}'");
        }
    }

    private void LiquidityMap(JsonElement root, string parent)
    {
        if (Get(root, parent, "liquidity") is not { } liquidity)
        {
            return;
        }

        var path = Child(parent, "liquidity");
        if (!IsObject(liquidity, path))
        {
            return;
        }

        foreach (var entry in liquidity.EnumerateObject())
        {
            var at = Child(path, entry.Name);
            KnownSymbol(entry.Name, at);
            Book(entry.Value, at, entry.Name);
        }

        foreach (var symbol in _symbols.Where(s => Property(liquidity, s) is null).Order(StringComparer.Ordinal))
        {
            Add(path, $"missing liquidity for instrument '{symbol}'");
        }
    }

    private void Book(JsonElement book, string path, string symbol)
    {
        decimal? tick = _instruments.TryGetValue(symbol, out var instrument) ? instrument.TickSize : null;
        if (!IsObject(book, path))
        {
            return;
        }

        Unknown(book, path, ["recoveryRate", "bids", "asks", "ladder"]);
        Number(book, path, "recoveryRate", required: true, Rule.UnitInterval);
        var hasLadder = Property(book, "ladder") is { ValueKind: not JsonValueKind.Null };
        var bids = Array(book, path, "bids", required: false);
        var asks = Array(book, path, "asks", required: false);
        var hasLevels = (bids is { } b && b.GetArrayLength() > 0) || (asks is { } a && a.GetArrayLength() > 0);
        if (hasLadder && hasLevels)
        {
            Add(path, "give either explicit bids and asks or a ladder, not both");
        }
        else if (!hasLadder && !hasLevels)
        {
            Add(path, "give explicit bids and asks or a ladder");
        }

        if (hasLadder)
        {
            var ladder = book.GetProperty("ladder");
            var at = Child(path, "ladder");
            if (IsObject(ladder, at))
            {
                Unknown(ladder, at, ["levels", "spacing", "sizePerLevel"]);
                if (Get(ladder, at, "levels") is { } levels && (!levels.TryGetInt32Safe(out var n) || n < 1 || n > MaxLadderLevels))
                {
                    Add(Child(at, "levels"), $"must be an integer in [1, {MaxLadderLevels}], was {Kind(levels)}");
                }

                Number(ladder, at, "spacing", required: true, Rule.OpenFraction);
                if (Number(ladder, at, "sizePerLevel", required: true, Rule.Positive) is { } depth)
                {
                    LevelSize(depth, Child(at, "sizePerLevel"), symbol, _startPrice.TryGetValue(symbol, out var start) ? start : null);
                }
            }
        }

        var bestBid = Levels(bids, Child(path, "bids"), descending: true, symbol, tick);
        var bestAsk = Levels(asks, Child(path, "asks"), descending: false, symbol, tick);
        if (bestBid is { } bid && bestAsk is { } ask && bid >= ask)
        {
            Add(Child(path, "asks") + "[0].price", $"best ask {Format(ask)} must be above the best bid {Format(bid)}");
        }
    }

    /// <summary>A book level's size must be whole lots (fills are) and its notional within <see cref="MaxNotional"/>.</summary>
    private void LevelSize(decimal size, string path, string symbol, decimal? price)
    {
        if (SizeProblems(size, path, symbol))
        {
            return;
        }

        if (TooManyLots(symbol, size))
        {
            Add(path, $"must be at most {Format(MaxLots)} lots, was {Format(size)}");
        }
        else if (price is { } p && Notional(symbol, size, p) is > MaxNotional)
        {
            Add(path, $"a level's notional must be at most {Format(MaxNotional)}, was {Format(size)} at {Format(p)}");
        }
    }

    private decimal? Levels(JsonElement? levels, string path, bool descending, string symbol, decimal? tick)
    {
        if (levels is not { } array)
        {
            return null;
        }

        decimal? best = null;
        decimal? previous = null;
        var index = 0;
        foreach (var level in array.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (!IsObject(level, at))
            {
                continue;
            }

            Unknown(level, at, ["price", "size"]);
            var price = Number(level, at, "price", required: true, Rule.Price);
            if (price is { } far && tick is { } t && TooManyTicks(far, t))
            {
                Add(Child(at, "price"), $"must be at most {Format(MaxPriceTicks)} ticks of {Format(t)}, was {Format(far)}");
            }

            if (Number(level, at, "size", required: true, Rule.Positive) is { } size)
            {
                LevelSize(size, Child(at, "size"), symbol, price);
            }

            if (price is { } p and > 0m)
            {
                if (previous is { } prev && (descending ? p >= prev : p <= prev))
                {
                    Add(Child(at, "price"), $"prices must be strictly {(descending ? "decreasing" : "increasing")}; {Format(p)} follows {Format(prev)}");
                }

                best ??= p;
                previous = p;
            }
        }

        return best;
    }

    private void Population(JsonElement population, string path)
    {
        if (!IsObject(population, path))
        {
            return;
        }

        Unknown(population, path, ["symbol", "count", "longShare", "leverage", "notional", "entrySpread", "isolatedShare", "behaviours"]);
        var symbol = String(population, path, "symbol", required: true);
        if (symbol is not null)
        {
            KnownSymbol(symbol, Child(path, "symbol"));
        }

        if (Get(population, path, "count") is { } count && (!count.TryGetInt32Safe(out var n) || n < 1))
        {
            Add(Child(path, "count"), "must be an integer of at least 1");
        }

        Number(population, path, "longShare", required: true, Rule.UnitInterval);
        Number(population, path, "entrySpread", required: true, Rule.Fraction);
        Number(population, path, "isolatedShare", required: true, Rule.UnitInterval);
        if (Range(population, path, "leverage") is var (min, max))
        {
            CheckLeverage(min, Child(Child(path, "leverage"), "min"), symbol);
            CheckLeverage(max, Child(Child(path, "leverage"), "max"), symbol);
        }

        if (Range(population, path, "notional") is var (low, high))
        {
            if (low <= 0m)
            {
                Add(Child(Child(path, "notional"), "min"), $"must be positive, was {Format(low)}");
            }

            if (high > MaxNotional)
            {
                Add(Child(Child(path, "notional"), "max"), $"must be at most {Format(MaxNotional)}, was {Format(high)}");
            }
        }

        // Every generated position holds at least one lot, and at most notional.max ÷ one lot's notional of them (the
        // entry spread can raise that count by 1 ÷ (1 − spread), which the margin under MaxLots absorbs).
        if (symbol is not null && _instruments.TryGetValue(symbol, out var instrument) && _startPrice.TryGetValue(symbol, out var start)
            && Notional(symbol, instrument.LotSize, start) is { } lotValue)
        {
            if (lotValue > MaxNotional)
            {
                Add(Child(path, "symbol"), $"one lot of '{symbol}' at its start price is worth more than {Format(MaxNotional)}");
            }
            else if (Range(population, path, "notional", quiet: true) is var (_, most) && most > lotValue * MaxLots)
            {
                Add(Child(Child(path, "notional"), "max"), $"must be at most {Format(MaxLots)} lots of '{symbol}' at its start price, was {Format(most)}");
            }
        }

        BehaviourShares(population, path);
    }

    private void BehaviourShares(JsonElement population, string parent)
    {
        if (Array(population, parent, "behaviours", required: false) is not { } shares)
        {
            return;
        }

        var path = Child(parent, "behaviours");
        var index = 0;
        foreach (var share in shares.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (!IsObject(share, at))
            {
                continue;
            }

            Unknown(share, at, ["share", "behaviour"]);
            Number(share, at, "share", required: true, Rule.UnitInterval);
            if (Get(share, at, "behaviour") is { } behaviour)
            {
                Behaviour(behaviour, Child(at, "behaviour"));
            }
        }
    }

    private void Behaviours(JsonElement account, string parent)
    {
        if (Array(account, parent, "behaviours", required: false) is not { } behaviours)
        {
            return;
        }

        var path = Child(parent, "behaviours");
        var index = 0;
        foreach (var behaviour in behaviours.EnumerateArray())
        {
            Behaviour(behaviour, $"{path}[{index++}]");
        }
    }

    private void Behaviour(JsonElement behaviour, string path)
    {
        if (!IsObject(behaviour, path))
        {
            return;
        }

        var type = String(behaviour, path, "type", required: true);
        TypeFirst(behaviour, path, type);
        switch (type)
        {
            case null:
                return;
            case "stop-loss":
                Unknown(behaviour, path, ["type", "trigger", "distance"]);
                Trigger(behaviour, path);
                Number(behaviour, path, "distance", required: true, Rule.OpenFraction);
                break;
            case "take-profit":
                // A long's target may lie beyond twice the entry; a short's target at or below zero is never reached.
                Unknown(behaviour, path, ["type", "trigger", "distance"]);
                Trigger(behaviour, path);
                if (Number(behaviour, path, "distance", required: true, Rule.Positive) is { } target && target > MaxMultiple)
                {
                    Add(Child(path, "distance"), $"must be at most {Format(MaxMultiple)}, was {Format(target)}");
                }

                break;
            case "add-margin":
                Unknown(behaviour, path, ["type", "marginRatio", "amount", "maxTimes"]);
                Number(behaviour, path, "marginRatio", required: true, Rule.OpenFraction);
                if (Number(behaviour, path, "amount", required: true, Rule.Positive) is { } amount && amount > MaxMultiple)
                {
                    Add(Child(path, "amount"), $"must be at most {Format(MaxMultiple)}, was {Format(amount)}");
                }

                AtLeastOne(behaviour, path, "maxTimes", required: false);
                break;
            case "reduce":
                Unknown(behaviour, path, ["type", "distance", "fraction", "maxTimes"]);
                Number(behaviour, path, "distance", required: true, Rule.OpenFraction);
                Number(behaviour, path, "fraction", required: true, Rule.PositiveFraction);
                AtLeastOne(behaviour, path, "maxTimes", required: false);
                break;
            case "scheduled-exit":
                Unknown(behaviour, path, ["type", "start", "interval", "slices"]);
                var begin = Time(behaviour, path, "start", required: true);
                if (begin is { } start)
                {
                    if (start < TimeSpan.Zero)
                    {
                        Add(Child(path, "start"), $"must not be negative, was {Format(start)}");
                    }
                    else if (_duration is { } duration && start > duration)
                    {
                        Add(Child(path, "start"), $"must lie within the scenario duration {Format(duration)}, was {Format(start)}");
                    }
                }

                var interval = Time(behaviour, path, "interval", required: true);
                if (interval is { } every && every <= TimeSpan.Zero)
                {
                    Add(Child(path, "interval"), $"must be positive, was {Format(every)}");
                }

                AtLeastOne(behaviour, path, "slices", required: true);
                var count = Property(behaviour, "slices") is { } slices && slices.TryGetInt32Safe(out var n) ? n : 0;
                if (count > MaxSlices)
                {
                    // The exit walks its slices one by one: int.MaxValue of them hung the first step.
                    Add(Child(path, "slices"), $"must be at most {MaxSlices}, was {count}");
                }
                else if (interval is { } gap && gap > TimeSpan.Zero && count > 1 && begin is { } first && first >= TimeSpan.Zero
                    && first.Ticks + ((decimal)gap.Ticks * (count - 1)) > TimeSpan.MaxValue.Ticks)
                {
                    // Every slice's time is computed up front (an overflow at Create otherwise).
                    Add(Child(path, "interval"), $"the last slice, start + interval × (slices − 1), must be a representable time span, was {Format(gap)} × {count - 1}");
                }

                break;
            case "hedge":
                Unknown(behaviour, path, ["type", "distance", "fraction"]);
                Number(behaviour, path, "distance", required: true, Rule.OpenFraction);
                Number(behaviour, path, "fraction", required: true, Rule.PositiveFraction);
                break;
            default:
                Add(Child(path, "type"), $"unknown behaviour type '{type}'; expected one of {List(s_behaviourTypes)}");
                break;
        }
    }

    private void Trigger(JsonElement behaviour, string path)
    {
        if (String(behaviour, path, "trigger", required: true) is { } trigger && System.Array.IndexOf(s_triggers, trigger) < 0)
        {
            Add(Child(path, "trigger"), $"unknown trigger price '{trigger}'; expected one of {List(s_triggers)}");
        }
    }

    private (decimal Min, decimal Max)? Range(JsonElement parent, string parentPath, string name, bool quiet = false)
    {
        if (quiet)
        {
            // A second read of a range already checked: its values only, problems already reported.
            return Property(parent, name) is { ValueKind: JsonValueKind.Object } r
                && Property(r, "min") is { ValueKind: JsonValueKind.Number } low && low.TryGetDecimal(out var least)
                && Property(r, "max") is { ValueKind: JsonValueKind.Number } high && high.TryGetDecimal(out var most)
                ? (least, most)
                : null;
        }

        if (Get(parent, parentPath, name) is not { } range)
        {
            return null;
        }

        var path = Child(parentPath, name);
        if (!IsObject(range, path))
        {
            return null;
        }

        Unknown(range, path, ["min", "max"]);
        var min = Number(range, path, "min", required: true, Rule.Any);
        var max = Number(range, path, "max", required: true, Rule.Any);
        if (min is not { } lo || max is not { } hi)
        {
            return null;
        }

        if (lo > hi)
        {
            Add(Child(path, "max"), $"must not be below min {Format(lo)}, was {Format(hi)}");
        }

        return (lo, hi);
    }

    private void CheckLeverage(decimal leverage, string path, string? symbol)
    {
        var max = symbol is not null && _instruments.TryGetValue(symbol, out var instrument) ? instrument.RiskTiers.MaxLeverage(0m) : (decimal?)null;
        if (leverage < 1m || leverage > max)
        {
            Add(path, max is { } bound
                ? $"leverage must be in [1, {Format(bound)}] (the maximum of '{symbol}''s first tier), was {Format(leverage)}"
                : $"leverage must be at least 1, was {Format(leverage)}");
        }
    }

    private int Accounts(JsonElement root, string parent)
    {
        if (Array(root, parent, "accounts", required: false) is not { } accounts)
        {
            return 0;
        }

        var path = Child(parent, "accounts");
        var ids = new HashSet<long>();
        var index = 0;
        foreach (var account in accounts.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (!IsObject(account, at))
            {
                continue;
            }

            Unknown(account, at, ["id", "balance", "marginMode", "positions", "behaviours"]);
            if (Get(account, at, "id") is { } id)
            {
                if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var value) || value < 0 || value > MaxAccountId)
                {
                    Add(Child(at, "id"), $"must be an integer in [0, {MaxAccountId}]");
                }
                else if (!ids.Add(value))
                {
                    Add(Child(at, "id"), $"duplicate account id {value}");
                }
            }

            Number(account, at, "balance", required: true, Rule.Amount);
            if (String(account, at, "marginMode", required: true) is { } mode && mode is not ("cross" or "isolated"))
            {
                Add(Child(at, "marginMode"), $"unknown margin mode '{mode}'; expected \"cross\" or \"isolated\"");
            }

            Positions(account, at);
            Behaviours(account, at);
        }

        return index;
    }

    private void Positions(JsonElement account, string parent)
    {
        if (Array(account, parent, "positions", required: false) is not { } positions)
        {
            return;
        }

        var path = Child(parent, "positions");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var position in positions.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (!IsObject(position, at))
            {
                continue;
            }

            Unknown(position, at, ["symbol", "size", "entryPrice", "leverage"]);
            var symbol = String(position, at, "symbol", required: true);
            if (symbol is not null)
            {
                KnownSymbol(symbol, Child(at, "symbol"));
                if (!seen.Add(symbol))
                {
                    Add(Child(at, "symbol"), $"a second position in '{symbol}'; an account holds at most one per symbol");
                }
            }

            var size = Number(position, at, "size", required: true, Rule.Any);
            if (size is { } signed)
            {
                if (signed == 0m)
                {
                    Add(Child(at, "size"), "must not be zero");
                }
                else if (symbol is not null && !SizeProblems(signed, Child(at, "size"), symbol) && TooManyLots(symbol, signed))
                {
                    Add(Child(at, "size"), $"must be at most {Format(MaxLots)} lots, was {Format(signed)}");
                }
            }

            if (Number(position, at, "entryPrice", required: true, Rule.Price) is { } entry && size is { } held && symbol is not null
                && Notional(symbol, held, entry) is > MaxNotional)
            {
                Add(at, $"notional must be at most {Format(MaxNotional)}, was size {Format(held)} at {Format(entry)}");
            }

            if (Number(position, at, "leverage", required: true, Rule.Any) is { } leverage)
            {
                CheckLeverage(leverage, Child(at, "leverage"), symbol);
            }
        }
    }

    private void IndexSourceNames(JsonElement root)
    {
        if (Property(root, "market") is not { } market || Property(market, "indexSources") is not { ValueKind: JsonValueKind.Array } sources)
        {
            return;
        }

        foreach (var source in sources.EnumerateArray())
        {
            if (Property(source, "name") is { ValueKind: JsonValueKind.String } name && name.GetString() is { } text && !_indexSources.Contains(text, StringComparer.Ordinal))
            {
                _indexSources.Add(text);
            }
        }
    }

    private void Makers(JsonElement market, string parent)
    {
        if (Optional(market, parent, "makers", required: false) is not { } makers)
        {
            return;
        }

        var path = Child(parent, "makers");
        if (!IsObject(makers, path))
        {
            return;
        }

        Unknown(makers, path, ["count", "leverage", "capital"]);
        if (Optional(makers, path, "count", required: false) is { } count && (!count.TryGetInt32Safe(out var n) || n is < 0 or > MaxMakers))
        {
            Add(Child(path, "count"), $"must be an integer in [0, {MaxMakers}]");
        }

        if (Number(makers, path, "leverage", required: false, Rule.Any) is { } leverage && leverage is < 1m or > MaxMultiple)
        {
            Add(Child(path, "leverage"), $"must be in [1, {Format(MaxMultiple)}], was {Format(leverage)}");
        }

        if (Number(makers, path, "capital", required: false, Rule.Positive) is { } capital && capital > MaxNotional)
        {
            Add(Child(path, "capital"), $"must be at most {Format(MaxNotional)}, was {Format(capital)}");
        }
    }

    private void Market(JsonElement root, string parent)
    {
        if (Optional(root, parent, "market", required: false) is not { } market)
        {
            return;
        }

        var path = Child(parent, "market");
        if (!IsObject(market, path))
        {
            return;
        }

        Unknown(market, path, ["impactCoupling", "arbitrage", "markPrice", "indexSources", "makers"]);
        Makers(market, path);
        Number(market, path, "impactCoupling", required: false, Rule.UnitInterval);
        Number(market, path, "arbitrage", required: false, Rule.UnitInterval);
        if (String(market, path, "markPrice", required: false) is { } mark && System.Array.IndexOf(s_markPrices, mark) < 0)
        {
            Add(Child(path, "markPrice"), $"unknown mark price '{mark}'; expected one of {List(s_markPrices)}");
        }

        if (Array(market, path, "indexSources", required: false) is not { } sources)
        {
            return;
        }

        var at = Child(path, "indexSources");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var source in sources.EnumerateArray())
        {
            var p = $"{at}[{index++}]";
            if (!IsObject(source, p))
            {
                continue;
            }

            Unknown(source, p, ["name", "weight", "noise"]);
            if (String(source, p, "name", required: true) is { } name)
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    Add(Child(p, "name"), "must not be blank");
                }
                else if (!names.Add(name))
                {
                    Add(Child(p, "name"), $"duplicate index source '{name}'");
                }
            }

            if (Number(source, p, "weight", required: true, Rule.Positive) is { } weight && weight > MaxWeight)
            {
                Add(Child(p, "weight"), $"must be at most {Format(MaxWeight)}, was {Format(weight)}");
            }

            Bounded(source, p, "noise", 0m, 0.5m);
        }
    }

    private void Funding(JsonElement root, string parent)
    {
        if (Optional(root, parent, "funding", required: false) is not { } funding)
        {
            return;
        }

        var path = Child(parent, "funding");
        if (!IsObject(funding, path))
        {
            return;
        }

        Unknown(funding, path, s_fundingFields);
        var mark = _problems.Count;
        var interval = Time(funding, path, "interval", required: true);
        if (interval is { } every && every > TimeSpan.Zero && _step is { } step && every.Ticks % step.Ticks != 0)
        {
            Add(Child(path, "interval"), $"must be a whole multiple of the step {Format(step)}, was {Format(every)}");
        }

        if (Number(funding, path, "fixedRate", required: false, Rule.Any) is { } rate && (rate <= -1m || rate >= 1m))
        {
            Add(Child(path, "fixedRate"), $"must be in (-1, 1), was {Format(rate)}");
        }

        Number(funding, path, "interestRate", required: false, Rule.Any);
        var clampLimit = Number(funding, path, "clampLimit", required: false, Rule.Any);
        var rateCap = Number(funding, path, "rateCap", required: false, Rule.Any);
        if (Number(funding, path, "impactNotional", required: false, Rule.Positive) is { } impact && impact > MaxNotional)
        {
            Add(Child(path, "impactNotional"), $"must be at most {Format(MaxNotional)}, was {Format(impact)}");
        }

        // A missing interval was reported above; a valid stand-in keeps it out of the rules' check.
        foreach (var problem in FundingRateRules.Check(clampLimit ?? 0m, rateCap, interval ?? TimeSpan.MaxValue, ScenarioFunding.RulesSource))
        {
            Add(Child(path, problem.Parameter), problem);
        }

        InFieldOrder(mark, path, s_fundingFields);
    }

    private void KnownSymbol(string symbol, string path)
    {
        if (!_symbols.Contains(symbol))
        {
            Add(path, $"'{symbol}' is not one of the scenario's instruments");
        }
    }

    // ---- primitives -------------------------------------------------------------------------------------

    private enum Rule
    {
        Any,
        Positive,
        NonNegative,
        UnitInterval,
        Fraction,
        OpenFraction,
        PositiveFraction,
        Price,
        Amount,
    }

    private void Add(string path, string message) => _problems.Add(new ScenarioProblem(path, message));

    /// <summary>Reports a domain type's problem at <paramref name="path"/> in this validator's wording: "must be positive, was 0".</summary>
    private void Add(string path, DomainProblem problem) => Add(path, $"{Wording(problem)}, was {Format(problem.Value)}");

    /// <summary>A domain rule as the scenario schema words it.</summary>
    private static string Wording(DomainProblem problem) => problem.Rule == DomainRule.Positive ? "must be positive" : problem.Message;

    /// <summary>
    /// Puts the problems added since <paramref name="mark"/> in the order of <paramref name="fields"/>, the order a reader
    /// meets them, whether a rule of the schema or of a domain type's <c>Check</c> found them (a stable sort).
    /// </summary>
    private void InFieldOrder(int mark, string path, string[] fields)
    {
        var added = _problems.GetRange(mark, _problems.Count - mark);
        _problems.RemoveRange(mark, added.Count);
        _problems.AddRange(added.OrderBy(p => System.Array.FindIndex(fields, f => p.Path == Child(path, f))));
    }

    /// <summary>
    /// Reports, in the instrument's words, why <paramref name="size"/> contracts (a signed position size, or a book
    /// level) are not a tradable size of <paramref name="symbol"/>: off its lot grid. Returns whether there was a problem.
    /// </summary>
    private bool SizeProblems(decimal size, string path, string symbol)
    {
        if (!_instruments.TryGetValue(symbol, out var instrument))
        {
            return false;
        }

        var problems = instrument.CheckSize(Math.Abs(size));
        foreach (var problem in problems)
        {
            Add(path, $"{Wording(problem)}, was {Format(size)}");
        }

        return problems.Count > 0;
    }

    private bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Add(path, $"must be an object, was {Kind(element)}");
        return false;
    }

    private static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? value : null;

    /// <summary>A required property, reporting it missing (or null) when absent.</summary>
    private JsonElement? Get(JsonElement obj, string path, string name)
    {
        if (Property(obj, name) is { ValueKind: not JsonValueKind.Null } value)
        {
            return value;
        }

        Add(Child(path, name), "required field is missing");
        return null;
    }

    private JsonElement? Optional(JsonElement obj, string path, string name, bool required) =>
        required ? Get(obj, path, name) : Property(obj, name) is { ValueKind: not JsonValueKind.Null } value ? value : null;

    private void Unknown(JsonElement obj, string path, string[] known)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (System.Array.IndexOf(known, property.Name) < 0)
            {
                Add(Child(path, property.Name), $"unknown field; expected one of {List(known)}");
            }
        }
    }

    private string? String(JsonElement obj, string path, string name, bool required)
    {
        if (Optional(obj, path, name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(Child(path, name), $"must be a string, was {Kind(value)}");
            return null;
        }

        return value.GetString();
    }

    private JsonElement? Array(JsonElement obj, string path, string name, bool required)
    {
        if (Optional(obj, path, name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Add(Child(path, name), $"must be an array, was {Kind(value)}");
            return null;
        }

        return value;
    }

    private TimeSpan? Time(JsonElement obj, string path, string name, bool required)
    {
        if (Optional(obj, path, name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && TimeSpan.TryParseExact(value.GetString(), "c", CultureInfo.InvariantCulture, out var time))
        {
            return time;
        }

        Add(Child(path, name), $"must be a time span \"[d.]hh:mm:ss[.fffffff]\", e.g. \"00:01:00\", was {Kind(value)}");
        return null;
    }

    private void AtLeastOne(JsonElement obj, string path, string name, bool required)
    {
        if (Optional(obj, path, name, required) is { } value && (!value.TryGetInt32Safe(out var n) || n < 1))
        {
            Add(Child(path, name), $"must be an integer of at least 1, was {Kind(value)}");
        }
    }

    // Without AllowOutOfOrderMetadataProperties (.NET 9+) the serializer reads a polymorphic object only when its
    // discriminator comes first; say so here rather than fail later with a serializer message.
#if NET9_0_OR_GREATER
    private static bool TypeMayComeLater => true;
#else
    private static bool TypeMayComeLater => false;
#endif

    private void TypeFirst(JsonElement obj, string path, string? type)
    {
        if (!TypeMayComeLater && type is not null && obj.EnumerateObject().First().Name != "type")
        {
            Add(Child(path, "type"), "must be the first field of its object on .NET 8");
        }
    }

    private decimal? Number(JsonElement obj, string path, string name, bool required, Rule rule) =>
        Optional(obj, path, name, required) is { } value ? Value(value, Child(path, name), rule) : null;

    private decimal? Value(JsonElement value, string path, Rule rule)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            Add(path, value.ValueKind == JsonValueKind.Number ? "number is out of the decimal range" : $"must be a number, was {Kind(value)}");
            return null;
        }

        var problem = rule switch
        {
            Rule.Positive when number <= 0m => "must be positive",
            Rule.NonNegative when number < 0m => "must not be negative",
            Rule.UnitInterval when number is < 0m or > 1m => "must be in [0, 1]",
            Rule.Fraction when number is < 0m or >= 1m => "must be in [0, 1)",
            Rule.OpenFraction when number is <= 0m or >= 1m => "must be in (0, 1)",
            Rule.PositiveFraction when number is <= 0m or > 1m => "must be in (0, 1]",
            Rule.Price when number is <= 0m or > MaxPrice => $"must be in (0, {Format(MaxPrice)}]",
            Rule.Amount when number is < 0m or > MaxNotional => $"must be in [0, {Format(MaxNotional)}]",
            _ => null,
        };

        if (problem is not null)
        {
            Add(path, $"{problem}, was {Format(number)}");
            return null;
        }

        return number;
    }

    /// <summary>
    /// The quote-currency notional of <paramref name="size"/> contracts at <paramref name="price"/> (size × contract
    /// size × price for a linear instrument, size × contract size for an inverse one); the largest decimal when it
    /// overflows, null when the instrument's fields are themselves invalid.
    /// </summary>
    private decimal? Notional(string symbol, decimal size, decimal price)
    {
        if (!_instruments.TryGetValue(symbol, out var instrument))
        {
            return null;
        }

        try
        {
            return Math.Abs(size) * instrument.ContractSize * (instrument.Kind == ContractKind.Inverse ? 1m : price);
        }
        catch (OverflowException)
        {
            return decimal.MaxValue;
        }
    }

    /// <summary>Whether a size spans more than <see cref="MaxLots"/> lots of its instrument, computed without overflowing.</summary>
    private bool TooManyLots(string symbol, decimal size) =>
        _instruments.TryGetValue(symbol, out var instrument) && MoreThan(Math.Abs(size), instrument.LotSize, MaxLots);

    /// <summary>Whether a price spans more than <see cref="MaxPriceTicks"/> ticks, computed without overflowing.</summary>
    private static bool TooManyTicks(decimal price, decimal tick) => MoreThan(price, tick, MaxPriceTicks);

    /// <summary>Whether <paramref name="amount"/> spans more than <paramref name="most"/> units, computed without overflowing.</summary>
    private static bool MoreThan(decimal amount, decimal unit, decimal most) => unit >= 1m ? amount / unit > most : amount > most * unit;

    private static string Child(string path, string name)
    {
        var simple = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        return simple ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Number => value.GetRawText(),
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string List(string[] names) => string.Join(", ", names.Select(n => $"\"{n}\""));

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Format(object? value) => value switch
    {
        decimal d => Format(d),
        TimeSpan t => Format(t),
        string text => $"\"{text}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };
}

/// <summary>Integer reads that do not throw on non-numbers.</summary>
internal static class ScenarioJsonElementExtensions
{
    public static bool TryGetInt32Safe(this JsonElement element, out int value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }
}
