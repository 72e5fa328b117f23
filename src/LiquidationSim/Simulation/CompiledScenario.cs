using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Kernel;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;

namespace LiquidationSim.Simulation;

/// <summary>
/// A scenario resolved once into the objects every run shares: instruments, the venue, the opening accounts with
/// their behaviours, the book ladders and the price process. Immutable, so Monte Carlo paths share one instance and
/// each builds only its own engine and market state.
/// </summary>
internal sealed class CompiledScenario
{
    /// <summary>Tag mixed into the scenario seed for the population's generator, so it never shares the price path's stream.</summary>
    private const ulong PopulationStream = 0x706F_7075_6C61_7469UL;

    private CompiledScenario(ScenarioDocument document, SimulationOptions options, CancellationToken cancellationToken)
    {
        Document = document;
        Profile = document.Venue.Resolve();
        Instruments = [.. document.Instruments.Select(Build)];
        Market = document.Market ?? new ScenarioMarket();
        StepCount = document.Duration.Ticks / document.Step.Ticks;
        Process = BuildProcess(document.PriceProcess, options, document);
        Ladders = [.. Instruments.Select(i => LadderDefinition.From(document.Liquidity[i.Symbol], document.StartPrices[i.Symbol], i.TickSize))];
        (Accounts, Behaviours, Makers) = BuildAccounts(document, Instruments, Profile, Ladders, Market.Makers ?? new ScenarioMarketMakers(), cancellationToken);
        FundingRules = document.Funding is { FixedRate: null } f ? f.ToRules() : null;
    }

    public ScenarioDocument Document { get; }

    public VenueProfile Profile { get; }

    public ImmutableArray<Instrument> Instruments { get; }

    public ScenarioMarket Market { get; }

    public long StepCount { get; }

    public IPriceProcess Process { get; }

    public ImmutableArray<LadderDefinition> Ladders { get; }

    /// <summary>Opening accounts by id, ascending.</summary>
    public ImmutableArray<KeyValuePair<AccountId, Account>> Accounts { get; }

    /// <summary>Behaviours by account id (only accounts that have any).</summary>
    public ImmutableDictionary<AccountId, ImmutableArray<ScenarioBehaviour>> Behaviours { get; }

    /// <summary>The market makers of each symbol, in level order (none when the scenario switches them off).</summary>
    public ImmutableDictionary<string, ImmutableArray<AccountId>> Makers { get; }

    public FundingRateRules? FundingRules { get; }

    /// <summary>Validates a document (every problem with its JSON path) and compiles it; the token stops the population's drawing.</summary>
    public static CompiledScenario Compile(ScenarioDocument document, SimulationOptions? options, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(document);
        options ??= SimulationOptions.Default;

        // A document built in code has not met the validator: round-trip it through the same checks a file meets.
        ScenarioDocument checkedDocument = ScenarioJson.Parse(ScenarioJson.Save(document));
        return new CompiledScenario(checkedDocument, options, cancellationToken);
    }

    /// <summary>The price of the process's underlying at the start: the first instrument's start price.</summary>
    public decimal StartLevel => Document.StartPrices[Instruments[0].Symbol];

    private static Instrument Build(ScenarioInstrument s) => Build(s.Symbol, s.Kind, s.ResolveTiers(), s.TickSize, s.LotSize, s.ContractSize);

    /// <summary>
    /// The contract a scenario's instrument entry describes, its assets split from the symbol; the validator builds
    /// the same one to check positions and books against it.
    /// </summary>
    internal static Instrument Build(string symbol, ContractKind kind, RiskTierTable tiers, decimal tickSize, decimal lotSize, decimal contractSize)
    {
        (string baseAsset, string quoteAsset) = SplitSymbol(symbol);
        return kind == ContractKind.Linear
            ? Instrument.Linear(symbol, baseAsset, quoteAsset, tiers, tickSize, lotSize, contractSize)
            : Instrument.Inverse(symbol, baseAsset, quoteAsset, tiers, tickSize, lotSize, contractSize);
    }

    /// <summary>BTCUSDT → (BTC, USDT); a symbol without a known quote suffix quotes in USD.</summary>
    internal static (string Base, string Quote) SplitSymbol(string symbol)
    {
        foreach (string quote in (ReadOnlySpan<string>)["USDT", "USDC", "USD"])
        {
            if (symbol.Length > quote.Length && symbol.EndsWith(quote, StringComparison.Ordinal))
            {
                return (symbol[..^quote.Length], quote);
            }
        }

        return (symbol, "USD");
    }

    private static IPriceProcess BuildProcess(ScenarioPriceProcess process, SimulationOptions options, ScenarioDocument document) => process switch
    {
        ScenarioGbmProcess g => new GeometricBrownianMotion(g.Drift, g.Volatility),
        ScenarioJumpDiffusionProcess j => new JumpDiffusion(j.Drift, j.Volatility, j.JumpIntensity, j.JumpMean, j.JumpVolatility),
        ScenarioScriptedProcess s => new ScriptedPath(s.Points),
        ScenarioHistoricalProcess h => HistoricalReplay.Load(h, options.BaseDirectory, document),
        _ => throw new ArgumentException("Unknown price process type.", nameof(process)),
    };

    private static (ImmutableArray<KeyValuePair<AccountId, Account>>, ImmutableDictionary<AccountId, ImmutableArray<ScenarioBehaviour>>, ImmutableDictionary<string, ImmutableArray<AccountId>>) BuildAccounts(
        ScenarioDocument document, ImmutableArray<Instrument> instruments, VenueProfile profile, ImmutableArray<LadderDefinition> ladders, ScenarioMarketMakers makerRules, CancellationToken cancellationToken)
    {
        var bySymbol = instruments.ToDictionary(i => i.Symbol, StringComparer.Ordinal);
        var accounts = new List<KeyValuePair<AccountId, Account>>();
        var behaviours = ImmutableDictionary.CreateBuilder<AccountId, ImmutableArray<ScenarioBehaviour>>();
        long nextId = 1;
        var problems = new List<ScenarioProblem>();
        for (int index = 0; index < document.Accounts.Length; index++)
        {
            ScenarioAccount a = document.Accounts[index];
            bool hedge = a.Behaviours.Any(b => b is ScenarioHedge);
            Account account = Account.Create(bySymbol[a.Positions.IsEmpty ? instruments[0].Symbol : a.Positions[0].Symbol].SettlementAsset, a.Balance, hedge ? PositionMode.Hedge : PositionMode.OneWay);
            for (int j = 0; j < a.Positions.Length; j++)
            {
                ScenarioPosition p = a.Positions[j];
                Instrument instrument = bySymbol[p.Symbol];
                PositionSide side = p.Size > 0m ? PositionSide.Long : PositionSide.Short;
                // The rules that need the instrument's margin model (the leverage allowed at this notional's bracket, a
                // notional beyond the decimal range) are the position's own; report them located. The loader has checked
                // the rest, so Open below only opens.
                if (OpeningProblem(instrument, side, p, a.MarginMode) is { } reason)
                {
                    problems.Add(new ScenarioProblem($"$.accounts[{index}].positions[{j}]", $"cannot be opened: {reason}"));
                    continue;
                }

                Position position = Position.Open(instrument, side, Math.Abs(p.Size), p.EntryPrice, a.MarginMode, p.Leverage);
                if (position.IsolatedMargin > account.WalletBalance)
                {
                    problems.Add(new ScenarioProblem(
                        $"$.accounts[{index}].balance",
                        string.Create(CultureInfo.InvariantCulture, $"must cover the isolated margin of its positions: {position.IsolatedMargin} more is needed for {p.Symbol}, {account.WalletBalance} is left")));
                    continue;
                }

                account = account.WithPosition(position);
            }

            accounts.Add(new(new AccountId(a.Id), account));
            if (!a.Behaviours.IsEmpty)
            {
                behaviours.Add(new AccountId(a.Id), a.Behaviours);
            }

            nextId = Math.Max(nextId, a.Id + 1);
        }

        if (problems.Count > 0)
        {
            throw new ScenarioValidationException(problems);
        }

        if (document.Population is ScenarioPopulation population)
        {
            var random = new SeededRandom(document.Seed ^ PopulationStream);
            try
            {
                PopulationGenerator.Generate(
                    population, bySymbol[population.Symbol], document.StartPrices[population.Symbol], profile.MarginModel, random, nextId, accounts, behaviours, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or OverflowException)
            {
                // Extreme but individually valid sizes (a lot worth more than the decimal range, say) fail here.
                throw new ScenarioValidationException([new ScenarioProblem("$.population", $"cannot be generated: {Reason(e)}")]);
            }

            nextId += population.Count;
        }

        ImmutableDictionary<string, ImmutableArray<AccountId>> makers;
        try
        {
            makers = MarketMakerGenerator.Generate(makerRules, instruments, ladders, document.StartPrices, nextId, accounts);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            // A net position or a book worth more than the decimal range, say.
            throw new ScenarioValidationException([new ScenarioProblem("$.market.makers", $"cannot be opened: {Reason(e)}")]);
        }

        accounts.Sort((x, y) => x.Key.CompareTo(y.Key));
        return ([.. accounts], behaviours.ToImmutable(), makers);
    }

    /// <summary>Why <see cref="Position.Open"/> would refuse a scenario position (the first of its problems), or null.</summary>
    private static string? OpeningProblem(Instrument instrument, PositionSide side, ScenarioPosition p, MarginMode mode)
    {
        try
        {
            return Position.Check(instrument, side, Math.Abs(p.Size), p.EntryPrice, mode, p.Leverage) is [var first, ..] ? first.Describe() : null;
        }
        catch (OverflowException e)
        {
            // An inverse contract's notional, size × contract size ÷ price, can pass the decimal range at a tiny price.
            return e.Message;
        }
    }

    /// <summary>An exception's message without the parameter-name suffix an <see cref="ArgumentException"/> appends.</summary>
    private static string Reason(Exception e) => e is ArgumentException { ParamName: { } name } a
        ? a.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
        : e.Message;
}

/// <summary>
/// A book ladder around the venue's price: level i of a side rests <see cref="BidDistances"/>[i] (or
/// <see cref="AskDistances"/>[i]) × the venue price from the centre and holds up to its full depth. Distances are
/// fractions of the price (the schema gives them as fractions of the start price, and explicit levels as prices
/// whose distance from the start price fixes the fraction), so the ladder keeps its shape in relative terms wherever
/// the price goes: <see cref="Ticks"/> turns them into whole ticks around the current centre, at least one tick apart.
/// </summary>
/// <remarks>
/// Fixing the distances in price instead kept a ladder as wide as it was at the start: after a 99 % fall the deepest
/// bids would sit below zero, and the centre was held up where they fit, far above the index (issue 15).
/// </remarks>
internal sealed record LadderDefinition(ImmutableArray<decimal> BidDistances, ImmutableArray<decimal> BidDepths, ImmutableArray<decimal> AskDistances, ImmutableArray<decimal> AskDepths, decimal RecoveryRate)
{
    public static LadderDefinition From(ScenarioLiquidity liquidity, decimal startPrice, decimal tick)
    {
        if (liquidity.Ladder is ScenarioLadder ladder)
        {
            var distances = new decimal[ladder.Levels];
            var depths = new decimal[ladder.Levels];
            for (int i = 0; i < ladder.Levels; i++)
            {
                distances[i] = ladder.Spacing * (i + 1);
                depths[i] = ladder.SizePerLevel;
            }

            return new LadderDefinition([.. distances], [.. depths], [.. distances], [.. depths], liquidity.RecoveryRate);
        }

        decimal centre = Math.Max(tick, Math.Round(startPrice / tick, MidpointRounding.ToEven) * tick);
        return new LadderDefinition(
            [.. liquidity.Bids.Select(l => (centre - l.Price) / centre)],
            [.. liquidity.Bids.Select(l => l.Size)],
            [.. liquidity.Asks.Select(l => (l.Price - centre) / centre)],
            [.. liquidity.Asks.Select(l => l.Size)],
            liquidity.RecoveryRate);
    }

    /// <summary>
    /// The distances around a centre of <paramref name="centreTicks"/> ticks in whole ticks, written to
    /// <paramref name="ticks"/>: strictly increasing and at least one tick (a level may not sit on the centre).
    /// </summary>
    public static void Ticks(ImmutableArray<decimal> distances, long centreTicks, long[] ticks)
    {
        long previous = 0;
        for (int i = 0; i < distances.Length; i++)
        {
            long t = Math.Max(previous + 1, (long)Math.Round(distances[i] * centreTicks, MidpointRounding.ToEven));
            ticks[i] = t;
            previous = t;
        }
    }
}
