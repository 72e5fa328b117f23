using LiquidationSim.Accounts;
using LiquidationSim.Liquidation;

namespace LiquidationSim.Simulation;

/// <summary>The account an engine event changes, if any.</summary>
internal static class EventAccounts
{
    public static AccountId? Of(LiquidationEvent e) => e switch
    {
        PositionClosed c => c.Account,
        CollateralTransfer c => c.Account,
        FundingPaid f => f.Account,
        OrderFilled f => f.Account,
        Deposited d => d.Account,
        IsolatedMarginAdded m => m.Account,
        BadDebtRecorded b => b.Account,
        BackstopTransfer b => b.Account,
        OrderCancelled c => c.Account,
        LiquidationTriggered t => t.Account,
        LiquidationOrderPlaced o => o.Account,
        _ => null,
    };
}
