using LiquidationSim.Accounts;
using LiquidationSim.Margin;

namespace LiquidationSim.Liquidation;

/// <summary>
/// dYdX v4: an immediate-or-cancel order limited to the fillable price, sized by the position-portion and
/// minimum-notional rules (one tick is one block for the block limits); the insurance fund takes
/// <c>min(fee ppm × |quote|, surplus)</c> over the chain's bankruptcy quote. A position whose total net collateral
/// is negative after the order is taken over. Linear contracts only (dYdX lists only those).
/// </summary>
/// <remarks>
/// Source: dydxprotocol/v4-chain <c>protocol/x/clob/keeper/liquidations.go</c> @ 84d4664b (reference cefi.md §5).
/// </remarks>
/// <param name="Config">The chain's liquidation parameters.</param>
public sealed record DydxFillablePricePolicy(DydxLiquidationConfig Config) : LiquidationPolicy
{
    /// <summary>dYdX v4 mainnet defaults (<see cref="DydxLiquidationConfig.Default"/>).</summary>
    public static DydxFillablePricePolicy Default { get; } = new(DydxLiquidationConfig.Default);

    internal override void Validate(string paramName) => Internal.Preconditions.NotNull(Config, paramName + ".Config");

    internal override void Liquidate(LiquidationWaterfall waterfall, AccountId id, string symbol, PositionSide side, bool cross)
    {
        Position p = waterfall.Held(id, symbol, side)!;
        decimal mark = waterfall.Marks[symbol];
        decimal notional = p.Instrument.NotionalUnchecked(p.Size, mark);
        AccountMarginSnapshot m = AccountMargin.Calculate(waterfall.Account(id), waterfall.Marks);
        decimal tnc = cross ? m.CrossMarginBalance : p.IsolatedMargin + p.UnrealizedPnl(mark);
        decimal positionMm = p.MaintenanceMargin(mark);
        decimal tmmr = cross ? m.CrossMaintenanceMargin : positionMm;
        decimal baseSize = p.Size * p.Instrument.ContractSize;

        // The chain rounds the position's maintenance up to a quote quantum (from a truncated notional); the total
        // must not fall below it, so it is read from the chain's own arithmetic first.
        decimal fraction = positionMm / notional;
        decimal chainPositionMm = DydxLiquidation.ForPosition((int)side * baseSize, mark, fraction, tnc, tmmr + positionMm + 1m, Config).PositionMaintenanceMargin;
        DydxPositionLiquidation d = DydxLiquidation.ForPosition(
            (int)side * baseSize, mark, fraction, tnc, Math.Max(tmmr, chainPositionMm), Config);
        decimal closeBase = d.MaxLiquidatableSize(p.Instrument.LotSize * p.Instrument.ContractSize, DydxSubaccountLiquidationInfo.Empty);
        decimal size = Math.Min(p.Size, closeBase / p.Instrument.ContractSize);
        waterfall.SendLiquidationOrder(
            id, p, size, d.FillablePrice, TimeInForce.ImmediateOrCancel, "dYdX fillable-price order", false, d.BankruptcyPrice(closeBase), Config.MaxLiquidationFeePpm);
        if (waterfall.Held(id, symbol, side) is not null && tnc < 0m)
        {
            waterfall.TakeOver(id, symbol, side, cross);
        }

        waterfall.CoverPositionDeficit(id, symbol, side);
    }
}
