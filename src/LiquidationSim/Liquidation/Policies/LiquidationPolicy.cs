using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

namespace LiquidationSim.Liquidation;

/// <summary>
/// How a venue sizes the liquidation orders it sends for a liquidatable position: one sealed type per venue style,
/// each carrying its own parameters (<see cref="FullLiquidationPolicy"/>, <see cref="ImmediateOrCancelToCompliancePolicy"/>,
/// <see cref="RiskTierStepDownPolicy"/>, <see cref="HyperliquidSlicesPolicy"/>, <see cref="DydxFillablePricePolicy"/>).
/// </summary>
/// <remarks>
/// <para>
/// A policy decides only the partial step. What it cannot restore is taken over at the bankruptcy price and worked
/// by the insurance fund, ADL and the venue, which every policy shares (see <see cref="LiquidationEngine"/>).
/// Policies are immutable values: change a parameter with <c>with</c> and put the result in
/// <see cref="VenueProfile.Policy"/>.
/// </para>
/// <para>
/// The set of styles is closed: a new venue style is one new sealed type in this folder plus a profile that uses it.
/// </para>
/// </remarks>
public abstract record LiquidationPolicy
{
    private protected LiquidationPolicy()
    {
    }

    /// <summary>The whole position is taken over at once.</summary>
    public static FullLiquidationPolicy Full { get; } = new();

    /// <summary>Binance: one IOC order toward compliance (<see cref="ImmediateOrCancelToCompliancePolicy"/>).</summary>
    public static ImmediateOrCancelToCompliancePolicy ImmediateOrCancelToCompliance { get; } = new();

    /// <summary>Bybit and BitMEX: step down through the risk tiers (<see cref="RiskTierStepDownPolicy"/>).</summary>
    public static RiskTierStepDownPolicy RiskTierStepDown { get; } = new();

    /// <summary>Checks the policy's own parameters; <paramref name="paramName"/> is the path to report, e.g. <c>profile.Policy</c>.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range; the message names it under <paramref name="paramName"/>.</exception>
    internal virtual void Validate(string paramName)
    {
    }

    /// <summary>
    /// The bracket a position is in for a tier-reducing policy, and the price it is valued at: the entry price under an
    /// entry-valued margin model, the mark otherwise (so each reduction lands where the margin model measures it).
    /// </summary>
    private protected static (int Tier, decimal ValuedAt) TierOf(LiquidationWaterfall waterfall, Position p, string symbol)
    {
        decimal valuedAt = waterfall.Profile.MarginModel.Basis == MaintenanceBasis.EntryValue ? p.EntryPrice : waterfall.Marks[symbol];
        return (p.Instrument.RiskTiers.IndexOf(p.Instrument.NotionalUnchecked(p.Size, valuedAt)), valuedAt);
    }

    /// <summary>Largest whole-lot size whose notional at <paramref name="price"/> lies in bracket <paramref name="tierIndex"/> or below.</summary>
    private protected static decimal LargestSizeWithin(Instrument instrument, int tierIndex, decimal price)
    {
        RiskTierTable tiers = instrument.RiskTiers;
        decimal lot = instrument.LotSize;
        decimal size = Math.Floor(tiers.Tiers[tierIndex].NotionalCap / instrument.NotionalUnchecked(1m, price) / lot) * lot;
        while (size > 0m && tiers.IndexOf(instrument.NotionalUnchecked(size, price)) > tierIndex)
        {
            size -= lot;
        }

        return size;
    }

    /// <summary>Runs the policy's partial step for one liquidatable position, through the shared waterfall.</summary>
    internal abstract void Liquidate(LiquidationWaterfall waterfall, AccountId id, string symbol, PositionSide side, bool cross);
}
