using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Internal;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.DeFi.Simulation;

/// <summary>The state of a lending stress run rebuilt from its log (<see cref="LendingStressReplay.Replay"/>).</summary>
/// <param name="Market">The market (the collateral's oracle price as last moved).</param>
/// <param name="Pool">The DEX pool.</param>
/// <param name="Accounts">The borrowers, in the scenario's order.</param>
/// <param name="StepsRun">Steps the log covers.</param>
/// <param name="Liquidations">Liquidation calls in the log.</param>
/// <param name="ProtocolFees">Collateral sent to the treasury, by reserve (smallest units).</param>
/// <param name="Deficits">Debt written off as reserve deficits, by reserve (smallest units).</param>
/// <remarks>Immutable.</remarks>
public sealed record LendingReplayState(
    AaveMarket Market,
    ConstantProductPool Pool,
    ImmutableArray<AaveUserAccount> Accounts,
    long StepsRun,
    long Liquidations,
    ImmutableSortedDictionary<string, UInt256> ProtocolFees,
    ImmutableSortedDictionary<string, UInt256> Deficits);

/// <summary>
/// Rebuilds a <see cref="LendingStressSimulation"/>'s state from its scenario and its event log
/// (<see cref="LendingStressSimulation.Events"/>), applying each event's amounts as the run did: the oracle price, the
/// pool's reserves, the borrowers' scaled balances, the treasury's fees and the reserves' deficits.
/// </summary>
/// <remarks>
/// Nothing is recomputed from protocol rules: the log alone moves the state, so a replay equal to the live run shows
/// that the log explains every change (principle 4 of the design, as the core engine's
/// <c>LiquidationEngine.Replay</c>). Thread safe.
/// </remarks>
public static class LendingStressReplay
{
    /// <summary>Applies <paramref name="events"/> to the scenario's starting state.</summary>
    /// <param name="scenario">The scenario the run started from.</param>
    /// <param name="events">The log, or a prefix of it: sequence 1, 2, 3, … without gaps, steps in order.</param>
    /// <returns>The state after the last event.</returns>
    /// <exception cref="ArgumentException">
    /// An inconsistent scenario; a sequence gap; a step out of order; an unknown account or reserve; or an event that
    /// does not continue from the state (a pool arbitraged from other reserves, a balance burned below zero).
    /// </exception>
    public static LendingReplayState Replay(LendingStressScenario scenario, IEnumerable<LendingRunEvent> events)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(events);
        LendingStressSimulation.Validate(scenario);
        AaveMarket market = scenario.Market;
        ConstantProductPool pool = scenario.Pool;
        AaveUserAccount[] accounts = [.. scenario.Accounts];
        var fees = ImmutableSortedDictionary.CreateBuilder<string, UInt256>(StringComparer.Ordinal);
        var deficits = ImmutableSortedDictionary.CreateBuilder<string, UInt256>(StringComparer.Ordinal);
        long next = 1, step = 0, liquidations = 0;
        foreach (LendingRunEvent e in events)
        {
            if (e is null || e.Sequence != next)
            {
                ThrowHelper.Argument(nameof(events), e?.Sequence, Rule($"must number events 1, 2, 3, … without gaps (expected {next})"));
            }

            if (e is LendingPriceMoved ? e.Step != step + 1 : e.Step != step)
            {
                ThrowHelper.Argument(nameof(events), e.Step, Rule($"must give event {e.Sequence} step {step} (a price move opens step {step + 1})"));
            }

            switch (e)
            {
                case LendingPriceMoved p:
                    step = p.Step;
                    market = market.WithPrice(scenario.CollateralAsset, p.OraclePrice);
                    break;
                case LendingPoolArbitraged a:
                    if (a.BaseBefore != pool.BaseReserve || a.QuoteBefore != pool.QuoteReserve)
                    {
                        ThrowHelper.Argument(nameof(events), a.Sequence, "must arbitrage the pool from its reserves at that point");
                    }

                    pool = new ConstantProductPool(a.BaseAfter, a.QuoteAfter, pool.FeeBps);
                    break;
                case LendingAccountLiquidated l:
                    if ((uint)l.Account >= (uint)accounts.Length)
                    {
                        ThrowHelper.Argument(nameof(events), l.Account, "must name an account of the scenario");
                    }

                    accounts[l.Account] = Applied(accounts[l.Account], l);
                    Add(fees, scenario.CollateralAsset, l.ProtocolFee);
                    foreach (AaveDeficit d in l.Deficits)
                    {
                        Add(deficits, d.Symbol, d.Amount);
                    }

                    liquidations++;
                    break;
                case LendingCollateralSold s:
                    if (s.Proceeds >= pool.QuoteReserve)
                    {
                        ThrowHelper.Argument(nameof(events), s.Sequence, "must not take the whole quote reserve out of the pool");
                    }

                    pool = new ConstantProductPool(pool.BaseReserve + s.Amount, pool.QuoteReserve - s.Proceeds, pool.FeeBps);
                    break;
                default:
                    ThrowHelper.Argument(nameof(events), e.GetType().Name, "must hold only the lending run's event types");
                    break;
            }

            next++;
        }

        return new LendingReplayState(market, pool, [.. accounts], step, liquidations, fees.ToImmutable(), deficits.ToImmutable());
    }

    /// <summary>The changes between an account before and after a liquidation (same positions, same order).</summary>
    internal static ImmutableArray<LendingPositionChange> Changes(AaveUserAccount before, AaveUserAccount after)
    {
        ImmutableArray<AavePosition> b = before.Positions, a = after.Positions;
        var changes = ImmutableArray.CreateBuilder<LendingPositionChange>();
        for (int i = 0; i < b.Length; i++)
        {
            if (b[i] != a[i])
            {
                changes.Add(new LendingPositionChange(b[i].Symbol, b[i].ScaledCollateral - a[i].ScaledCollateral, b[i].ScaledDebt - a[i].ScaledDebt, a[i].CollateralEnabled));
            }
        }

        return changes.ToImmutable();
    }

    private static AaveUserAccount Applied(AaveUserAccount account, LendingAccountLiquidated l)
    {
        AavePosition[] positions = [.. account.Positions];
        foreach (LendingPositionChange c in l.Changes)
        {
            int i = account.IndexOf(c.Symbol);
            if (i < 0)
            {
                ThrowHelper.Argument("events", c.Symbol, "must change a position the account holds");
            }

            AavePosition p = positions[i];
            if (c.ScaledCollateralBurned > p.ScaledCollateral || c.ScaledDebtBurned > p.ScaledDebt)
            {
                ThrowHelper.Argument("events", l.Sequence, "must not burn more than the account holds");
            }

            positions[i] = p with
            {
                ScaledCollateral = p.ScaledCollateral - c.ScaledCollateralBurned,
                ScaledDebt = p.ScaledDebt - c.ScaledDebtBurned,
                CollateralEnabled = c.CollateralEnabled,
            };
        }

        return account.WithPositions([.. positions]);
    }

    private static void Add(ImmutableSortedDictionary<string, UInt256>.Builder totals, string symbol, UInt256 amount)
    {
        if (!amount.IsZero)
        {
            totals[symbol] = (totals.TryGetValue(symbol, out UInt256 sum) ? sum : UInt256.Zero) + amount;
        }
    }

    private static string Rule(FormattableString rule) => rule.ToString(CultureInfo.InvariantCulture);
}
