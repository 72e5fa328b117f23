using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.StabilityPool;
using LiquidationSim.Kernel;

using LiquidationSim.DeFi.Simulation;

namespace LiquidationSim.DeFi.Scenarios;

/// <summary>
/// Loads DeFi scenario files (JSON, <c>schemaVersion</c> 1; schema in <c>docs/defi-scenario-schema.md</c>): checks every
/// rule first and reports every problem with its JSON path in one <see cref="ScenarioValidationException"/>, the way the
/// core's scenario files are checked, then builds the runs.
/// </summary>
/// <remarks>Stateless; thread safe. Nothing is built when a problem is found.</remarks>
public static class DefiScenarioJson
{
    /// <summary>The schema version this loader reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The embedded default scenario's JSON text (what <c>liqsim defi</c> runs without a file).</summary>
    public static string DefaultJson => DefiScenarioDefault.Json;

    /// <summary>Loads the embedded default scenario.</summary>
    /// <param name="seed">A seed replacing the file's, or null.</param>
    /// <returns>The scenario.</returns>
    public static DefiScenario LoadDefault(ulong? seed = null) => Parse(DefiScenarioDefault.Json, seed);

    /// <summary>Loads a scenario from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The file's content.</param>
    /// <param name="seed">A seed replacing the file's, or null.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The document breaks a rule; every problem is listed with its JSON path.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static DefiScenario Load(Stream utf8Json, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        return Parse(buffer.ToArray(), seed);
    }

    /// <summary>Loads a scenario from JSON text.</summary>
    /// <param name="json">The document.</param>
    /// <param name="seed">A seed replacing the file's, or null.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The document breaks a rule; every problem is listed with its JSON path.</exception>
    public static DefiScenario Parse(string json, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), seed);
    }

    private static DefiScenario Parse(byte[] utf8, ulong? seed)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {e.BytePositionInLine + 1})") : string.Empty;
            throw new ScenarioValidationException([new ScenarioProblem("$", "is not valid JSON" + where)]);
        }

        using (document)
        {
            var reader = new DefiScenarioReader();
            DefiScenario? scenario = reader.Read(document.RootElement, seed);
            if (reader.Problems.Count > 0 || scenario is null)
            {
                throw new ScenarioValidationException(reader.Problems);
            }

            return scenario with { Fingerprint = Fingerprint(document.RootElement, scenario.Seed) };
        }
    }

    private static string Fingerprint(JsonElement root, ulong seed)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            root.WriteTo(writer);
        }

        byte[] bytes = [.. buffer.ToArray(), .. Encoding.UTF8.GetBytes(seed.ToString(CultureInfo.InvariantCulture))];
        return Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
    }
}

/// <summary>Reads and checks one document, collecting every problem; builds only when there are none.</summary>
internal sealed partial class DefiScenarioReader
{
    /// <summary>The most accounts, vaults or keepers a population may have.</summary>
    internal const int MaxCount = 1_000_000;

    /// <summary>The most steps a run may have.</summary>
    internal const long MaxSteps = 10_000_000;

    /// <summary>The largest amount or price anywhere in a file (tokens, DAI or base currency).</summary>
    internal const decimal MaxAmount = 1_000_000_000_000_000m;

    private static readonly string[] s_rootFields = ["schemaVersion", "name", "seed", "lending", "auction", "liquity", "morpho", "comet", "compoundV2"];
    private static readonly string[] s_liquityFields = ["description", "population", "deposits", "initialPrice", "priceProcess", "duration", "step", "trovesPerCall"];
    private static readonly string[] s_trovePopulationFields = ["count", "collateralMin", "collateralMax", "icrMin", "icrMax"];
    private static readonly string[] s_lendingFields =
        ["description", "market", "collateralAsset", "debtAsset", "population", "priceProcess", "duration", "step", "pool", "oracleCoupling", "arbitrage", "gasCost"];
    private static readonly string[] s_marketFields = ["version", "baseCurrencyDecimals", "reserves"];
    private static readonly string[] s_reserveFields = ["symbol", "decimals", "price", "ltv", "liquidationThreshold", "liquidationBonus", "liquidationProtocolFee"];
    private static readonly string[] s_populationFields = ["count", "collateralMin", "collateralMax", "healthMin", "healthMax"];
    private static readonly string[] s_poolFields = ["base", "quote", "feeBps"];
    private static readonly string[] s_auctionFields =
        ["description", "profile", "hole", "chop", "dust", "rate", "liquidationRatio", "vaults", "priceProcess", "startPrice", "stepSeconds", "steps", "keepers", "pool", "barker"];
    private static readonly string[] s_vaultFields = ["count", "inkMin", "inkMax", "collateralisationMin", "collateralisationMax", "price"];
    private static readonly string[] s_keeperFields = ["name", "capital", "margin", "gasCost"];

    private static readonly Dictionary<string, AaveVersion> s_versions = new(StringComparer.Ordinal)
    {
        ["v3.0"] = AaveVersion.V3_0, ["v3.1"] = AaveVersion.V3_1, ["v3.2"] = AaveVersion.V3_2, ["v3.3"] = AaveVersion.V3_3,
        ["v3.4"] = AaveVersion.V3_4, ["v3.5"] = AaveVersion.V3_5, ["v3.6"] = AaveVersion.V3_6, ["v3.7"] = AaveVersion.V3_7,
    };

    private static readonly Dictionary<string, MakerAuctionProfile> s_profiles = new(StringComparer.Ordinal)
    {
        [MakerAuctionProfile.EthB.Name] = MakerAuctionProfile.EthB,
    };

    private readonly List<ScenarioProblem> _problems = [];

    /// <summary>Every problem found, in document order.</summary>
    public IReadOnlyList<ScenarioProblem> Problems => _problems;

    /// <summary>Reads the document; null (with problems) when it breaks a rule.</summary>
    public DefiScenario? Read(JsonElement root, ulong? seedOverride)
    {
        if (!Fields(root, "$", s_rootFields))
        {
            return null;
        }

        int? version = Int(root, "$", "schemaVersion", null, 1, 1, "must be 1");
        string? name = Text(root, "$", "name", null);
        ulong? seed = Seed(root, "$", "seed");
        bool hasLending = root.TryGetProperty("lending", out JsonElement lendingElement);
        bool hasAuction = root.TryGetProperty("auction", out JsonElement auctionElement);
        bool hasLiquity = root.TryGetProperty("liquity", out JsonElement liquityElement);
        bool hasMorpho = root.TryGetProperty("morpho", out JsonElement morphoElement);
        bool hasComet = root.TryGetProperty("comet", out JsonElement cometElement);
        bool hasCompoundV2 = root.TryGetProperty("compoundV2", out JsonElement compoundV2Element);
        if (!hasLending && !hasAuction && !hasLiquity && !hasMorpho && !hasComet && !hasCompoundV2)
        {
            Add("$", "must have at least one run: \"lending\", \"morpho\", \"comet\", \"compoundV2\", \"auction\" or \"liquity\"");
        }

        ulong runSeed = seedOverride ?? seed ?? 0;
        Func<DefiLendingRun?>? lending = hasLending ? Lending(lendingElement, "$.lending", runSeed) : null;
        Func<DefiAuctionRun?>? auction = hasAuction ? Auction(auctionElement, "$.auction", runSeed) : null;
        Func<DefiLiquityRun?>? liquity = hasLiquity ? Liquity(liquityElement, "$.liquity", runSeed) : null;
        Func<DefiMorphoRun?>? morpho = hasMorpho ? Morpho(morphoElement, "$.morpho", runSeed) : null;
        Func<DefiCometRun?>? comet = hasComet ? Comet(cometElement, "$.comet", runSeed) : null;
        Func<DefiCompoundV2Run?>? compoundV2 = hasCompoundV2 ? CompoundV2(compoundV2Element, "$.compoundV2", runSeed) : null;
        if (_problems.Count > 0 || version is null || name is null || seed is null)
        {
            return null;
        }

        // Every rule held: build (the constructors' own checks are reported with the path of what they built).
        DefiLendingRun? lendingRun = lending?.Invoke();
        DefiAuctionRun? auctionRun = auction?.Invoke();
        DefiLiquityRun? liquityRun = liquity?.Invoke();
        DefiMorphoRun? morphoRun = morpho?.Invoke();
        DefiCometRun? cometRun = comet?.Invoke();
        DefiCompoundV2Run? compoundV2Run = compoundV2?.Invoke();
        return _problems.Count > 0 ? null : new DefiScenario(name, runSeed, lendingRun, auctionRun, string.Empty) { Liquity = liquityRun, Morpho = morphoRun, Comet = cometRun, CompoundV2 = compoundV2Run };
    }

    private Func<DefiLendingRun?>? Lending(JsonElement e, string path, ulong seed)
    {
        if (!Fields(e, path, s_lendingFields))
        {
            return null;
        }

        ImmutableArray<string> description = Description(e, path);

        // Market.
        AaveVersion? version = null;
        int? baseDecimals = null;
        var reserves = new List<(string Symbol, int Decimals, decimal Price, int Ltv, int Lt, int Bonus, int Fee, string Path)>();
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        string marketPath = path + ".market";
        if (Required(e, path, "market", out JsonElement market) && Fields(market, marketPath, s_marketFields))
        {
            string? v = Text(market, marketPath, "version", null);
            if (v is not null)
            {
                if (s_versions.TryGetValue(v, out AaveVersion parsed))
                {
                    version = parsed;
                }
                else
                {
                    Add(marketPath + ".version", $"must be one of {string.Join(", ", s_versions.Keys)}; got \"{v}\"");
                }
            }

            baseDecimals = Int(market, marketPath, "baseCurrencyDecimals", 8, 0, 18, "must be a whole number from 0 to 18");
            string reservesPath = marketPath + ".reserves";
            if (Required(market, marketPath, "reserves", out JsonElement list))
            {
                if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                {
                    Add(reservesPath, "must be an array of at least one reserve");
                }
                else
                {
                    int i = 0;
                    foreach (JsonElement r in list.EnumerateArray())
                    {
                        string rp = string.Create(CultureInfo.InvariantCulture, $"{reservesPath}[{i++}]");
                        if (!Fields(r, rp, s_reserveFields))
                        {
                            continue;
                        }

                        string? symbol = Text(r, rp, "symbol", null);
                        if (symbol is not null && !symbols.Add(symbol))
                        {
                            Add(rp + ".symbol", $"\"{symbol}\" names an earlier reserve; each symbol may appear once");
                        }

                        int? decimals = Int(r, rp, "decimals", null, 0, AaveReserve.MaxDecimals, "must be a whole number from 0 to 36");
                        decimal? price = Dec(r, rp, "price", null, p => p > 0m && p <= MaxAmount, "must be greater than 0 and at most 1e18");
                        int? ltv = Int(r, rp, "ltv", null, 0, 10_000, "must be 0 to 10000 basis points");
                        int? lt = Int(r, rp, "liquidationThreshold", null, 0, 10_000, "must be 0 to 10000 basis points");
                        int? bonus = Int(r, rp, "liquidationBonus", null, 0, 65_535, "must be 0 to 65535 basis points (including the 100 %)");
                        int? fee = Int(r, rp, "liquidationProtocolFee", 0, 0, 10_000, "must be 0 to 10000 basis points");
                        if (symbol is not null && decimals is not null && price is not null && ltv is not null && lt is not null && bonus is not null && fee is not null)
                        {
                            reserves.Add((symbol, decimals.Value, price.Value, ltv.Value, lt.Value, bonus.Value, fee.Value, rp));
                        }
                    }
                }
            }
        }

        string? collateral = Text(e, path, "collateralAsset", null);
        string? debt = Text(e, path, "debtAsset", null);
        // Against every symbol the reserves declare, so one bad reserve does not also fail the asset names.
        HashSet<string> known = symbols;
        if (collateral is not null && known.Count > 0 && !known.Contains(collateral))
        {
            Add(path + ".collateralAsset", $"\"{collateral}\" is not a reserve of the market; it has {string.Join(", ", known)}");
        }

        if (debt is not null && known.Count > 0 && !known.Contains(debt))
        {
            Add(path + ".debtAsset", $"\"{debt}\" is not a reserve of the market; it has {string.Join(", ", known)}");
        }

        if (collateral is not null && string.Equals(collateral, debt, StringComparison.Ordinal))
        {
            Add(path + ".debtAsset", "must differ from collateralAsset");
        }

        // Population.
        string popPath = path + ".population";
        (int? count, decimal? cMin, decimal? cMax, decimal? hMin, decimal? hMax) = BorrowerPopulation(e, path);

        Func<IPriceProcess?>? process = PriceProcess(e, path);
        TimeSpan? duration = Span(e, path, "duration");
        TimeSpan? step = Span(e, path, "step");
        if (duration is { } d && step is { } s)
        {
            if (d.Ticks % s.Ticks != 0)
            {
                Add(path + ".duration", string.Create(CultureInfo.InvariantCulture, $"must be a whole multiple of step ({s:c}); got {d:c}"));
            }
            else if (d.Ticks / s.Ticks > MaxSteps)
            {
                Add(path + ".duration", "must be at most 10000000 steps");
            }
        }

        (decimal Base, decimal Quote, int Fee)? pool = Pool(e, path, required: true);
        decimal? coupling = Dec(e, path, "oracleCoupling", 0m, v => v is >= 0m and <= 1m, "must be from 0 to 1");
        decimal? arbitrage = Dec(e, path, "arbitrage", 1m, v => v is >= 0m and <= 1m, "must be from 0 to 1");
        decimal? gas = Dec(e, path, "gasCost", 0m, v => v is >= 0m and <= MaxAmount, "must be from 0 to 1e18 debt tokens");

        return () =>
        {
            var built = new List<AaveReserve>();
            foreach (var r in reserves)
            {
                AaveReserve? reserve = Build(r.Path, () => new AaveReserve(r.Symbol, r.Decimals, AaveDecimal.Price(r.Price, baseDecimals!.Value), r.Ltv, r.Lt, r.Bonus, r.Fee));
                if (reserve is not null)
                {
                    built.Add(reserve);
                }
            }

            AaveMarket? m = built.Count == reserves.Count ? Build(marketPath, () => new AaveMarket(AaveRules.For(version!.Value), baseDecimals!.Value, built)) : null;
            IPriceProcess? prices = process!();
            if (m is null || prices is null)
            {
                return null;
            }

            AaveReserve c = m.Reserve(collateral!);
            AaveReserve dr = m.Reserve(debt!);
            ImmutableArray<AaveUserAccount>? accounts = Build(popPath, () => LendingPopulation.Generate(m, collateral!, debt!, count!.Value, cMin!.Value, cMax!.Value, hMin!.Value, hMax!.Value, seed));
            ConstantProductPool? p = Build(path + ".pool", () => new ConstantProductPool(
                UInt256.FromDecimal(pool!.Value.Base, c.Decimals, MidpointRounding.ToZero), UInt256.FromDecimal(pool.Value.Quote, dr.Decimals, MidpointRounding.ToZero), pool.Value.Fee));
            UInt256? gasUnits = Build(path + ".gasCost", () => UInt256.FromDecimal(gas!.Value, dr.Decimals, MidpointRounding.ToZero));
            if (accounts is null || p is null || gasUnits is null)
            {
                return null;
            }

            var scenario = new LendingStressScenario
            {
                Market = m,
                CollateralAsset = collateral!,
                DebtAsset = debt!,
                Accounts = accounts.Value,
                CollateralPrice = prices,
                Duration = duration!.Value,
                Step = step!.Value,
                Pool = p,
                OracleCoupling = coupling!.Value,
                Arbitrage = arbitrage!.Value,
                GasCost = gasUnits.Value,
                Seed = seed,
            };
            return new DefiLendingRun(scenario, version!.Value, description);
        };
    }

    private Func<DefiAuctionRun?>? Auction(JsonElement e, string path, ulong seed)
    {
        if (!Fields(e, path, s_auctionFields))
        {
            return null;
        }

        ImmutableArray<string> description = Description(e, path);
        MakerAuctionProfile? profile = null;
        string? profileName = Text(e, path, "profile", null);
        if (profileName is not null && !s_profiles.TryGetValue(profileName, out profile))
        {
            Add(path + ".profile", $"must be one of {string.Join(", ", s_profiles.Keys)}; got \"{profileName}\"");
        }

        decimal? hole = Dec(e, path, "hole", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18 DAI");
        decimal? chop = Dec(e, path, "chop", null, v => v >= 1m && v <= 10m, "must be from 1 to 10 (1.13 is a 13 % penalty)");
        decimal? dust = Dec(e, path, "dust", 0m, v => v >= 0m && v <= MaxAmount, "must be from 0 to 1e18 DAI");
        decimal? rate = Dec(e, path, "rate", 1m, v => v >= 1m && v <= 1_000m, "must be from 1 to 1000");
        decimal? mat = Dec(e, path, "liquidationRatio", null, v => v >= 1m && v <= 1_000m, "must be from 1 to 1000 (1.5 is 150 %)");

        string vaultPath = path + ".vaults";
        int? count = null;
        decimal? inkMin = null, inkMax = null, collMin = null, collMax = null, vaultPrice = null;
        if (Required(e, path, "vaults", out JsonElement vaults) && Fields(vaults, vaultPath, s_vaultFields))
        {
            count = Int(vaults, vaultPath, "count", null, 0, MaxCount, "must be a whole number from 0 to 1000000");
            inkMin = Dec(vaults, vaultPath, "inkMin", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18");
            inkMax = Dec(vaults, vaultPath, "inkMax", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18");
            collMin = Dec(vaults, vaultPath, "collateralisationMin", null, v => v > 0m && v <= 1_000m, "must be greater than 0 and at most 1000");
            collMax = Dec(vaults, vaultPath, "collateralisationMax", null, v => v > 0m && v <= 1_000m, "must be greater than 0 and at most 1000");
            vaultPrice = Dec(vaults, vaultPath, "price", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18");
            if (inkMin is not null && inkMax < inkMin)
            {
                Add(vaultPath + ".inkMax", "must not be below inkMin");
            }

            if (collMin is not null && collMax < collMin)
            {
                Add(vaultPath + ".collateralisationMax", "must not be below collateralisationMin");
            }
        }

        Func<IPriceProcess?>? process = PriceProcess(e, path);
        decimal? startPrice = Dec(e, path, "startPrice", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18");
        int? stepSeconds = Int(e, path, "stepSeconds", 1, 1, 86_400, "must be a whole number of seconds from 1 to 86400");
        int? steps = Int(e, path, "steps", null, 1, (int)MaxSteps, "must be a whole number from 1 to 10000000");

        var keepers = new List<(string Name, decimal Capital, decimal Margin, decimal Gas)>();
        string keepersPath = path + ".keepers";
        if (e.TryGetProperty("keepers", out JsonElement list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                Add(keepersPath, "must be an array of keepers");
            }
            else
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                int i = 0;
                foreach (JsonElement k in list.EnumerateArray())
                {
                    string kp = string.Create(CultureInfo.InvariantCulture, $"{keepersPath}[{i++}]");
                    if (!Fields(k, kp, s_keeperFields))
                    {
                        continue;
                    }

                    string? keeper = Text(k, kp, "name", null);
                    if (keeper is not null && !names.Add(keeper))
                    {
                        Add(kp + ".name", $"\"{keeper}\" names an earlier keeper; each name may appear once");
                    }

                    decimal? capital = Dec(k, kp, "capital", null, v => v >= 0m && v <= MaxAmount, "must be from 0 to 1e18 DAI");
                    decimal? margin = Dec(k, kp, "margin", 0m, v => v is >= 0m and < 1m, "must be from 0 to below 1 (0.02 bids 2 % below market)");
                    decimal? gasCost = Dec(k, kp, "gasCost", 0m, v => v >= 0m && v <= MaxAmount, "must be from 0 to 1e18 DAI");
                    if (keeper is not null && capital is not null && margin is not null && gasCost is not null)
                    {
                        keepers.Add((keeper, capital.Value, margin.Value, gasCost.Value));
                    }
                }
            }
        }

        (decimal Base, decimal Quote, int Fee)? pool = Pool(e, path, required: false);
        string? barker = Text(e, path, "barker", "barker");

        return () =>
        {
            IPriceProcess? prices = process!();
            if (prices is null)
            {
                return null;
            }

            UInt256 rad = MakerMath.Rad;
            UInt256 chopWad = UInt256.FromDecimal(chop!.Value, 18, MidpointRounding.ToZero);
            UInt256 dustRad = UInt256.FromDecimal(dust!.Value, 45, MidpointRounding.ToZero);
            UInt256 rateRay = UInt256.FromDecimal(rate!.Value, 27, MidpointRounding.ToZero);
            Dog? dog = Build(path + ".hole", () => new Dog(UInt256.FromDecimal(hole!.Value, 45, MidpointRounding.ToZero)).WithIlk(profile!.Name, chopWad, profile.IlkHole));
            Clipper? clipper = Build(path + ".profile", () => new Clipper(profile!.ToClipperConfig(ClipperConfig.ChostOf(dustRad, chopWad))));
            ImmutableArray<MakerVault>? generated = Build(vaultPath, () =>
                AuctionSimulation.GenerateVaults(count!.Value, inkMin!.Value, inkMax!.Value, collMin!.Value, collMax!.Value, vaultPrice!.Value, rateRay, new SeededRandom(seed)));
            var builtKeepers = ImmutableArray.CreateBuilder<AuctionKeeper>(keepers.Count);
            for (int i = 0; i < keepers.Count; i++)
            {
                var k = keepers[i];
                AuctionKeeper? keeper = Build(string.Create(CultureInfo.InvariantCulture, $"{keepersPath}[{i}]"), () => new AuctionKeeper(
                    k.Name, UInt256.FromDecimal(k.Capital, 45, MidpointRounding.ToZero), UInt256.FromDecimal(k.Margin, 27, MidpointRounding.ToZero), UInt256.FromDecimal(k.Gas, 45, MidpointRounding.ToZero)));
                if (keeper is not null)
                {
                    builtKeepers.Add(keeper);
                }
            }

            ConstantProductPool? auctionPool = pool is { } pv
                ? Build(path + ".pool", () => new ConstantProductPool(UInt256.FromDecimal(pv.Base, 18, MidpointRounding.ToZero), UInt256.FromDecimal(pv.Quote, 18, MidpointRounding.ToZero), pv.Fee))
                : null;
            if (dog is null || clipper is null || generated is null || builtKeepers.Count != keepers.Count || (pool is not null && auctionPool is null))
            {
                return null;
            }

            var scenario = new AuctionSimulationScenario
            {
                Dog = dog,
                Clipper = clipper,
                Vat = new VatIlk(rateRay, UInt256.Zero, dustRad),
                Mat = UInt256.FromDecimal(mat!.Value, 27, MidpointRounding.ToZero),
                Vaults = generated.Value,
                PriceProcess = prices,
                StartPrice = startPrice!.Value,
                StepSeconds = (ulong)stepSeconds!.Value,
                Steps = steps!.Value,
                Keepers = builtKeepers.MoveToImmutable(),
                Pool = auctionPool,
                Barker = barker!,
                Seed = seed,
            };
            return new DefiAuctionRun(scenario, profile!, description);
        };
    }

    private Func<DefiLiquityRun?>? Liquity(JsonElement e, string path, ulong seed)
    {
        if (!Fields(e, path, s_liquityFields))
        {
            return null;
        }

        ImmutableArray<string> description = Description(e, path);
        string popPath = path + ".population";
        int? count = null;
        decimal? cMin = null, cMax = null, icrMin = null, icrMax = null;
        if (Required(e, path, "population", out JsonElement pop) && Fields(pop, popPath, s_trovePopulationFields))
        {
            count = Int(pop, popPath, "count", null, 2, 100_000, "must be a whole number from 2 to 100000");
            cMin = Dec(pop, popPath, "collateralMin", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18 ETH");
            cMax = Dec(pop, popPath, "collateralMax", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18 ETH");
            icrMin = Dec(pop, popPath, "icrMin", null, v => v > 0m && v <= 1_000m, "must be greater than 0 and at most 1000 (1.5 is 150 %)");
            icrMax = Dec(pop, popPath, "icrMax", null, v => v > 0m && v <= 1_000m, "must be greater than 0 and at most 1000");
            if (cMin is not null && cMax < cMin)
            {
                Add(popPath + ".collateralMax", "must not be below collateralMin");
            }

            if (icrMin is not null && icrMax < icrMin)
            {
                Add(popPath + ".icrMax", "must not be below icrMin");
            }
        }

        var deposits = new List<(string Depositor, decimal Amount)>();
        string depositsPath = path + ".deposits";
        if (e.TryGetProperty("deposits", out JsonElement list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                Add(depositsPath, "must be an array of deposits");
            }
            else
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                int i = 0;
                foreach (JsonElement d in list.EnumerateArray())
                {
                    string dp = string.Create(CultureInfo.InvariantCulture, $"{depositsPath}[{i++}]");
                    if (!Fields(d, dp, ["depositor", "amount"]))
                    {
                        continue;
                    }

                    string? depositor = Text(d, dp, "depositor", null);
                    if (depositor is not null && !names.Add(depositor))
                    {
                        Add(dp + ".depositor", $"\"{depositor}\" names an earlier deposit; each depositor may appear once");
                    }

                    decimal? amount = Dec(d, dp, "amount", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18 LUSD");
                    if (depositor is not null && amount is not null)
                    {
                        deposits.Add((depositor, amount.Value));
                    }
                }
            }
        }

        decimal? initialPrice = Dec(e, path, "initialPrice", null, v => v > 0m && v <= MaxAmount && decimal.Round(v, 8) == v, "must be greater than 0, at most 1e18, with at most 8 decimals");
        Func<IPriceProcess?>? process = PriceProcess(e, path);
        TimeSpan? duration = Span(e, path, "duration");
        TimeSpan? step = Span(e, path, "step");
        if (duration is { } du && step is { } st)
        {
            if (du.Ticks % st.Ticks != 0)
            {
                Add(path + ".duration", string.Create(CultureInfo.InvariantCulture, $"must be a whole multiple of step ({st:c}); got {du:c}"));
            }
            else if (du.Ticks / st.Ticks > MaxSteps)
            {
                Add(path + ".duration", "must be at most 10000000 steps");
            }
        }

        int? perCall = Int(e, path, "trovesPerCall", 50, 1, 10_000, "must be a whole number from 1 to 10000");
        return () =>
        {
            IPriceProcess? prices = process!();
            ImmutableArray<LiquityTroveSpec>? troves = Build(popPath, () =>
                LiquityPopulation.Generate(LiquityParameters.V1, count!.Value, cMin!.Value, cMax!.Value, icrMin!.Value, icrMax!.Value, initialPrice!.Value, seed));
            if (prices is null || troves is null)
            {
                return null;
            }

            var scenario = new LiquityStressScenario
            {
                Troves = troves.Value,
                Deposits = [.. deposits.Select(d => new LiquityDepositSpec(d.Depositor, UInt256.FromDecimal(d.Amount, 18, MidpointRounding.ToZero)))],
                InitialPrice = initialPrice!.Value,
                Price = prices,
                Duration = duration!.Value,
                Step = step!.Value,
                TrovesPerCall = perCall!.Value,
                Seed = seed,
            };

            // Opening the troves and deposits runs the contract's checks (a trove below MCR, a deposit above the LUSD
            // issued): report them here rather than when the run starts.
            return Build(path, () => LiquityStressSimulation.InitialSystem(scenario)) is null ? null : new DefiLiquityRun(scenario, description);
        };
    }

    private Func<IPriceProcess?>? PriceProcess(JsonElement parent, string parentPath)
    {
        string path = parentPath + ".priceProcess";
        if (!Required(parent, parentPath, "priceProcess", out JsonElement e))
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            Add(path, "must be an object with a \"type\"");
            return null;
        }

        string? type = Text(e, path, "type", null);
        switch (type)
        {
            case null:
                return null;
            case "scripted":
            {
                if (!Fields(e, path, ["type", "points"]) || !Required(e, path, "points", out JsonElement list))
                {
                    return null;
                }

                if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                {
                    Add(path + ".points", "must be an array of at least one point");
                    return null;
                }

                var points = new List<PricePoint>();
                int i = 0;
                TimeSpan? previous = null;
                foreach (JsonElement point in list.EnumerateArray())
                {
                    string pp = string.Create(CultureInfo.InvariantCulture, $"{path}.points[{i}]");
                    if (Fields(point, pp, ["offset", "price"]))
                    {
                        TimeSpan? offset = Span(point, pp, "offset", allowZero: true);
                        decimal? price = Dec(point, pp, "price", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18");
                        if (offset is { } o)
                        {
                            if (i == 0 && o != TimeSpan.Zero)
                            {
                                Add(pp + ".offset", string.Create(CultureInfo.InvariantCulture, $"the first point must be at offset 00:00:00; got {o:c}"));
                            }
                            else if (previous is { } p && o <= p)
                            {
                                Add(pp + ".offset", string.Create(CultureInfo.InvariantCulture, $"must be after the previous point's offset ({p:c}); got {o:c}"));
                            }

                            previous = o;
                        }

                        if (offset is not null && price is not null)
                        {
                            points.Add(new PricePoint(offset.Value, price.Value));
                        }
                    }

                    i++;
                }

                return () => Build(path, () => (IPriceProcess)new ScriptedPath(points));
            }

            case "gbm":
            {
                if (!Fields(e, path, ["type", "drift", "volatility"]))
                {
                    return null;
                }

                decimal? drift = Dec(e, path, "drift", 0m, v => Math.Abs(v) <= GeometricBrownianMotion.MaxAbsoluteDrift, "must be from -100 to 100 (a yearly rate)");
                decimal? vol = Dec(e, path, "volatility", null, v => v is >= 0m and <= GeometricBrownianMotion.MaxVolatility, "must be from 0 to 100 (yearly)");
                return () => Build(path, () => (IPriceProcess)new GeometricBrownianMotion(drift!.Value, vol!.Value));
            }

            case "jump-diffusion":
            {
                if (!Fields(e, path, ["type", "drift", "volatility", "jumpIntensity", "jumpMean", "jumpVolatility"]))
                {
                    return null;
                }

                decimal? drift = Dec(e, path, "drift", 0m, v => Math.Abs(v) <= GeometricBrownianMotion.MaxAbsoluteDrift, "must be from -100 to 100 (a yearly rate)");
                decimal? vol = Dec(e, path, "volatility", null, v => v is >= 0m and <= GeometricBrownianMotion.MaxVolatility, "must be from 0 to 100 (yearly)");
                decimal? intensity = Dec(e, path, "jumpIntensity", null, v => v is >= 0m and <= 1_000_000m, "must be from 0 to 1000000 jumps a year");
                decimal? mean = Dec(e, path, "jumpMean", null, v => v is >= -5m and <= 5m, "must be from -5 to 5");
                decimal? jumpVol = Dec(e, path, "jumpVolatility", null, v => v is >= 0m and <= 3m, "must be from 0 to 3");
                return () => Build(path, () => (IPriceProcess)new JumpDiffusion(drift!.Value, vol!.Value, intensity!.Value, mean!.Value, jumpVol!.Value));
            }

            default:
                Add(path + ".type", $"must be \"scripted\", \"gbm\" or \"jump-diffusion\"; got \"{type}\"");
                return null;
        }
    }

    private (decimal Base, decimal Quote, int Fee)? Pool(JsonElement parent, string parentPath, bool required)
    {
        string path = parentPath + ".pool";
        if (!parent.TryGetProperty("pool", out JsonElement e))
        {
            if (required)
            {
                Add(path, "is required");
            }

            return null;
        }

        if (!Fields(e, path, s_poolFields))
        {
            return null;
        }

        decimal? b = Dec(e, path, "base", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18 tokens");
        decimal? q = Dec(e, path, "quote", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18 tokens");
        int? fee = Int(e, path, "feeBps", 30, 0, 9_999, "must be a whole number of basis points from 0 to 9999");
        return b is null || q is null || fee is null ? null : (b.Value, q.Value, fee.Value);
    }

    private ImmutableArray<string> Description(JsonElement e, string path)
    {
        if (!e.TryGetProperty("description", out JsonElement d))
        {
            return [];
        }

        if (d.ValueKind != JsonValueKind.Array || d.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            Add(path + ".description", "must be an array of strings");
            return [];
        }

        return [.. d.EnumerateArray().Select(x => x.GetString()!)];
    }

    /// <summary>Checks that <paramref name="e"/> is an object with only <paramref name="allowed"/> fields, each once.</summary>
    private bool Fields(JsonElement e, string path, string[] allowed)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Add(path, $"must be an object; got {Kind(e)}");
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool ok = true;
        foreach (JsonProperty p in e.EnumerateObject())
        {
            string at = Child(path, p.Name);
            if (!seen.Add(p.Name))
            {
                Add(at, "duplicate field; a field may appear only once in its object");
                ok = false;
            }
            else if (!allowed.Contains(p.Name, StringComparer.Ordinal))
            {
                Add(at, $"unknown field; allowed here: {string.Join(", ", allowed)}");
            }
        }

        return ok;
    }

    private bool Required(JsonElement e, string path, string name, out JsonElement value)
    {
        if (e.TryGetProperty(name, out value))
        {
            return true;
        }

        Add(Child(path, name), "is required");
        return false;
    }

    private string? Text(JsonElement e, string path, string name, string? fallback)
    {
        if (!e.TryGetProperty(name, out JsonElement v))
        {
            if (fallback is null)
            {
                Add(Child(path, name), "is required");
            }

            return fallback;
        }

        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
        {
            Add(Child(path, name), $"must be a non-empty string; got {Kind(v)}");
            return null;
        }

        return v.GetString();
    }

    /// <summary>
    /// The borrowers of a lending run (<c>population</c>: count, collateralMin/Max, healthMin/Max), every field checked
    /// and every problem added with its path; a field with a problem comes back null.
    /// </summary>
    private (int? Count, decimal? CollateralMin, decimal? CollateralMax, decimal? HealthMin, decimal? HealthMax) BorrowerPopulation(JsonElement e, string path)
    {
        string popPath = path + ".population";
        int? count = null;
        decimal? cMin = null, cMax = null, hMin = null, hMax = null;
        if (Required(e, path, "population", out JsonElement pop) && Fields(pop, popPath, s_populationFields))
        {
            count = Int(pop, popPath, "count", null, 1, MaxCount, "must be a whole number from 1 to 1000000");
            cMin = Dec(pop, popPath, "collateralMin", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18 tokens");
            cMax = Dec(pop, popPath, "collateralMax", null, v => v > 0m && v <= MaxAmount, "must be greater than 0 and at most 1e18 tokens");
            hMin = Dec(pop, popPath, "healthMin", null, v => v > 1m && v <= 1_000m, "must be above 1 and at most 1000");
            hMax = Dec(pop, popPath, "healthMax", null, v => v > 1m && v <= 1_000m, "must be above 1 and at most 1000");
            if (cMin is not null && cMax < cMin)
            {
                Add(popPath + ".collateralMax", "must not be below collateralMin");
            }

            if (hMin is not null && hMax < hMin)
            {
                Add(popPath + ".healthMax", "must not be below healthMin");
            }
        }

        return (count, cMin, cMax, hMin, hMax);
    }

    private int? Int(JsonElement e, string path, string name, int? fallback, int min, int max, string rule)
    {
        if (!e.TryGetProperty(name, out JsonElement v))
        {
            if (fallback is null)
            {
                Add(Child(path, name), "is required");
            }

            return fallback;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out decimal d) || d != decimal.Truncate(d) || d < min || d > max)
        {
            Add(Child(path, name), $"{rule}; got {Raw(v)}");
            return null;
        }

        return (int)d;
    }

    private ulong? Seed(JsonElement e, string path, string name)
    {
        if (!e.TryGetProperty(name, out JsonElement v))
        {
            Add(Child(path, name), "is required");
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetUInt64(out ulong seed))
        {
            Add(Child(path, name), $"must be a whole number from 0 to 18446744073709551615; got {Raw(v)}");
            return null;
        }

        return seed;
    }

    private decimal? Dec(JsonElement e, string path, string name, decimal? fallback, Func<decimal, bool> ok, string rule)
    {
        if (!e.TryGetProperty(name, out JsonElement v))
        {
            if (fallback is null)
            {
                Add(Child(path, name), "is required");
            }

            return fallback;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out decimal d) || !ok(d))
        {
            Add(Child(path, name), $"{rule}; got {Raw(v)}");
            return null;
        }

        return d;
    }

    private TimeSpan? Span(JsonElement e, string path, string name, bool allowZero = false)
    {
        if (!e.TryGetProperty(name, out JsonElement v))
        {
            Add(Child(path, name), "is required");
            return null;
        }

        if (v.ValueKind != JsonValueKind.String
            || !TimeSpan.TryParseExact(v.GetString(), "c", CultureInfo.InvariantCulture, out TimeSpan span)
            || span < TimeSpan.Zero || (!allowZero && span == TimeSpan.Zero))
        {
            Add(Child(path, name), $"must be a {(allowZero ? "non-negative" : "positive")} time span such as \"00:10:00\" or \"1.00:00:00\" ([d.]hh:mm:ss[.fffffff]); got {Raw(v)}");
            return null;
        }

        return span;
    }

    /// <summary>Runs a constructor whose own checks all passed above; a rule only it knows becomes a problem at <paramref name="path"/>.</summary>
    private T? Build<T>(string path, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException or InvalidOperationException)
        {
            Add(path, ex.Message.Split('\n')[0].Trim());
            return default;
        }
    }

    private void Add(string path, string message) => _problems.Add(new ScenarioProblem(path, message));

    private static string Child(string path, string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && name.Length > 0 ? path + "." + name : path + "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Raw(JsonElement e)
    {
        string raw = e.GetRawText();
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }
}
