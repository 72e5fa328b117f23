using System.Collections.Immutable;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Kernel;
using LiquidationSim.Margin;

namespace LiquidationSim.Simulation;

/// <summary>
/// Draws a scenario's population: one account and one position each, from seeded uniform distributions.
/// </summary>
/// <remarks>
/// <para>
/// For account k the draws are taken in a fixed order — side, leverage, notional, entry, margin mode, then one per
/// behaviour share — so adding a behaviour share never changes the positions. Leverage is drawn to 0.01 and capped at
/// the tier maximum for the drawn notional; the entry price is the start price ± the entry spread, rounded to the
/// tick; the size is notional ÷ entry rounded down to the lot (at least one lot).
/// </para>
/// <para>
/// Every account deposits exactly its position's initial margin: an isolated position takes it from the wallet
/// into its own margin, a cross account keeps it in the wallet. A position that would already be liquidatable at the start price (an entry far from it at high
/// leverage) has its leverage halved until it is not: a population starts solvent.
/// </para>
/// </remarks>
internal static class PopulationGenerator
{
    public static void Generate(
        ScenarioPopulation population,
        Instrument instrument,
        decimal startPrice,
        MarginModel model,
        SeededRandom random,
        long firstId,
        List<KeyValuePair<AccountId, Account>> accounts,
        ImmutableDictionary<AccountId, ImmutableArray<ScenarioBehaviour>>.Builder behaviours,
        CancellationToken cancellationToken = default)
    {
        ImmutableArray<ScenarioBehaviourShare> shares = population.Behaviours;
        var chosen = new List<ScenarioBehaviour>(shares.Length);
        for (int k = 0; k < population.Count; k++)
        {
            if ((k & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            PositionSide side = random.NextDecimalUnit() < population.LongShare ? PositionSide.Long : PositionSide.Short;
            decimal leverage = Math.Round(Between(random, population.Leverage), 2, MidpointRounding.ToZero);
            decimal notional = Between(random, population.Notional);
            decimal entry = RoundToTick(startPrice * (1m + (population.EntrySpread * ((2m * random.NextDecimalUnit()) - 1m))), instrument.TickSize);
            MarginMode mode = random.NextDecimalUnit() < population.IsolatedShare ? MarginMode.Isolated : MarginMode.Cross;
            chosen.Clear();
            foreach (ScenarioBehaviourShare share in shares)
            {
                if (random.NextDecimalUnit() < share.Share)
                {
                    chosen.Add(share.Behaviour);
                }
            }

            decimal size = SizeFor(instrument, notional, entry);
            leverage = Math.Max(1m, Math.Min(leverage, instrument.RiskTiers.MaxLeverage(instrument.Notional(size, entry))));
            Position position;
            while (true)
            {
                position = Position.Open(instrument, side, size, entry, mode, leverage);
                if (leverage <= 1m || !LiquidatableAt(position, startPrice, model))
                {
                    break;
                }

                leverage = Math.Max(1m, Math.Round(leverage / 2m, 2, MidpointRounding.ToZero));
            }

            decimal initialMargin = instrument.InitialMargin(position.EntryNotional, leverage);
            bool hedge = chosen.Exists(b => b is ScenarioHedge);
            var id = new AccountId(firstId + k);
            Account account = Account.Create(instrument.SettlementAsset, initialMargin, hedge ? PositionMode.Hedge : PositionMode.OneWay)
                .WithPosition(position);
            accounts.Add(new(id, account));
            if (chosen.Count > 0)
            {
                behaviours.Add(id, [.. chosen]);
            }
        }
    }

    private static decimal Between(SeededRandom random, ScenarioRange range) =>
        range.Min + ((range.Max - range.Min) * random.NextDecimalUnit());

    private static decimal RoundToTick(decimal price, decimal tick) => Math.Max(tick, PriceRounding.ToTick(price, tick, MidpointRounding.ToEven));

    private static decimal SizeFor(Instrument instrument, decimal notional, decimal entry)
    {
        decimal contracts = instrument.Kind == ContractKind.Linear
            ? notional / (entry * instrument.ContractSize)
            : notional / instrument.ContractSize;
        decimal lots = Math.Floor(contracts / instrument.LotSize);
        return Math.Max(1m, lots) * instrument.LotSize;
    }

    /// <summary>Whether the position, alone in its account with only its initial margin, is liquidatable at <paramref name="price"/>.</summary>
    private static bool LiquidatableAt(Position position, decimal price, MarginModel model)
    {
        LiquidationEstimate e = LiquidationPriceSolver.IsolatedUnchecked(
            position.Instrument, position.Side, position.Size, position.EntryPrice, position.Instrument.InitialMargin(position.EntryNotional, position.Leverage), model);
        return e.IsCrossedAt(position.Side, price);
    }
}
