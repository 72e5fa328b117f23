using System.Collections.Immutable;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

namespace LiquidationSim.Simulation;

/// <summary>
/// Opens a scenario's market makers (<see cref="ScenarioMarketMakers"/>): per instrument, the accounts that hold the
/// opposite of the traders' net position and quote the book.
/// </summary>
internal static class MarketMakerGenerator
{
    /// <summary>
    /// Adds <paramref name="makers"/>.Count accounts per instrument to <paramref name="accounts"/>, from id
    /// <paramref name="firstId"/> on, and returns their ids by symbol (empty when the count is 0).
    /// </summary>
    public static ImmutableDictionary<string, ImmutableArray<AccountId>> Generate(
        ScenarioMarketMakers makers,
        ImmutableArray<Instrument> instruments,
        ImmutableArray<LadderDefinition> ladders,
        IReadOnlyDictionary<string, decimal> startPrices,
        long firstId,
        List<KeyValuePair<AccountId, Account>> accounts)
    {
        var bySymbol = ImmutableDictionary.CreateBuilder<string, ImmutableArray<AccountId>>(StringComparer.Ordinal);
        if (makers.Count == 0)
        {
            return bySymbol.ToImmutable();
        }

        long next = firstId;
        for (int i = 0; i < instruments.Length; i++)
        {
            Instrument instrument = instruments[i];
            decimal start = startPrices[instrument.Symbol];
            decimal entry = Math.Max(instrument.TickSize, PriceRounding.ToTick(start, instrument.TickSize, MidpointRounding.ToEven));

            // The traders' net position: the makers open the opposite, shared in whole lots.
            decimal net = 0m;
            foreach (KeyValuePair<AccountId, Account> pair in accounts)
            {
                foreach (Position p in pair.Value.Positions)
                {
                    if (p.Symbol == instrument.Symbol)
                    {
                        net += p.Side == PositionSide.Long ? p.Size : -p.Size;
                    }
                }
            }

            PositionSide side = net > 0m ? PositionSide.Short : PositionSide.Long;
            decimal lots = Math.Abs(net) / instrument.LotSize;
            decimal each = Math.Floor(lots / makers.Count);
            decimal extra = lots - (each * makers.Count);
            decimal bookShare = DeeperSideNotional(instrument, ladders[i], start) / makers.Count;
            var ids = ImmutableArray.CreateBuilder<AccountId>(makers.Count);
            for (int k = 0; k < makers.Count; k++)
            {
                decimal size = (each + (k < extra ? 1m : 0m)) * instrument.LotSize;
                decimal capital = makers.Capital ?? instrument.RoundAmount(
                    ((size > 0m ? instrument.Notional(size, entry) : 0m) + bookShare) / makers.Leverage, MidpointRounding.ToPositiveInfinity);
                Account account = Account.Create(instrument.SettlementAsset, capital);
                if (size > 0m)
                {
                    account = account.WithPosition(Position.Open(instrument, side, size, entry, MarginMode.Cross, 1m));
                }

                var id = new AccountId(next++);
                accounts.Add(new(id, account));
                ids.Add(id);
            }

            bySymbol.Add(instrument.Symbol, ids.MoveToImmutable());
        }

        return bySymbol.ToImmutable();
    }

    /// <summary>The notional resting on the deeper side of the opening book, each level at its price.</summary>
    private static decimal DeeperSideNotional(Instrument instrument, LadderDefinition ladder, decimal start) =>
        Math.Max(
            SideNotional(instrument, ladder.BidDistances, ladder.BidDepths, start, -1m),
            SideNotional(instrument, ladder.AskDistances, ladder.AskDepths, start, 1m));

    private static decimal SideNotional(Instrument instrument, ImmutableArray<decimal> distances, ImmutableArray<decimal> depths, decimal start, decimal sign)
    {
        decimal total = 0m;
        for (int i = 0; i < distances.Length; i++)
        {
            decimal price = start * (1m + (sign * distances[i]));
            if (price > 0m)
            {
                total += instrument.Notional(depths[i], price);
            }
        }

        return total;
    }
}
