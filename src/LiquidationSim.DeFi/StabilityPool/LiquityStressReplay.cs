using System.Globalization;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>The state of a Liquity stress run rebuilt from its log (<see cref="LiquityStressReplay.Replay"/>).</summary>
/// <param name="System">The system: troves, active, default, gas and surplus pools, stakes, L terms, stability pool.</param>
/// <param name="Price">ETH:USD of the last step the log covers (the scenario's initial price before any).</param>
/// <param name="StepsRun">Steps the log covers.</param>
/// <remarks>Immutable.</remarks>
public sealed record LiquityReplayState(LiquitySystem System, decimal Price, long StepsRun);

/// <summary>
/// Rebuilds a <see cref="LiquityStressSimulation"/>'s system from its scenario and its event log
/// (<see cref="LiquityStressSimulation.Events"/>): the troves' closing, pending rewards, stakes, offsets against the
/// stability pool, redistributions and gas compensation, applied as the run applied them.
/// </summary>
/// <remarks>
/// Nothing is recomputed from protocol rules (no ICRs, no ordering, no offset arithmetic): the log alone moves the
/// state, and each event is checked to continue from the state it is applied to (the trove as recorded, the pool's
/// product, epoch and scale, the total stakes). A replay equal to the live run shows that the log explains every
/// change (principle 4 of the design, as the core engine's <c>LiquidationEngine.Replay</c>). Thread safe.
/// </remarks>
public static class LiquityStressReplay
{
    /// <summary>Applies <paramref name="events"/> to the system the scenario opens (<see cref="LiquityStressSimulation.InitialSystem"/>).</summary>
    /// <param name="scenario">The scenario the run started from.</param>
    /// <param name="events">The log, or a prefix of it: sequence 1, 2, 3, … without gaps, steps in order.</param>
    /// <returns>The state after the last event.</returns>
    /// <exception cref="ArgumentException">
    /// An inconsistent scenario; a sequence gap; a step out of order; or an event that does not continue from the state
    /// (a trove not active or recorded otherwise, an offset from another product, epoch or scale, a redistribution over
    /// other stakes).
    /// </exception>
    /// <exception cref="OverflowException">An event moves more than a pool holds (a log that is not the run's).</exception>
    public static LiquityReplayState Replay(LiquityStressScenario scenario, IEnumerable<LiquityRunEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        LiquityLedger ledger = LiquityStressSimulation.InitialSystem(scenario).Ledger.Clone();
        decimal price = scenario.InitialPrice;
        long next = 1, step = 0;
        foreach (LiquityRunEvent e in events)
        {
            if (e is null || e.Sequence != next)
            {
                ThrowHelper.Argument(nameof(events), e?.Sequence, Rule($"must number events 1, 2, 3, … without gaps (expected {next})"));
            }

            if (e is LiquityPriceMoved ? e.Step != step + 1 : e.Step != step)
            {
                ThrowHelper.Argument(nameof(events), e.Step, Rule($"must give event {e.Sequence} step {step} (a price move opens step {step + 1})"));
            }

            switch (e)
            {
                case LiquityPriceMoved p:
                    step = p.Step;
                    price = p.Price;
                    break;
                case LiquityTroveClosed c:
                    ledger.ApplyTroveClosed(c);
                    break;
                case LiquityDebtOffset o:
                    ledger.ApplyOffset(o);
                    break;
                case LiquityDebtRedistributed r:
                    ledger.ApplyRedistribution(r);
                    break;
                case LiquityLiquidationSettled s:
                    ledger.ApplySettled(s);
                    break;
                default:
                    ThrowHelper.Argument(nameof(events), e.GetType().Name, "must hold only the Liquity run's event types");
                    break;
            }

            next++;
        }

        return new LiquityReplayState(LiquitySystem.Wrap(ledger), price, step);
    }

    private static string Rule(FormattableString rule) => rule.ToString(CultureInfo.InvariantCulture);
}
