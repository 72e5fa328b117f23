namespace LiquidationSim.Liquidation;

/// <summary>
/// How a venue orders the opposite-side positions that auto-deleveraging closes. Scores are computed by
/// <see cref="AdlScoring.Score"/>; the formulas and their sources are on each member.
/// </summary>
public enum AdlRankingMethod
{
    /// <summary>
    /// BitMEX (official <c>bitmex.com/app/autoDeleveraging</c>, reference cefi.md §4.3): <c>PnL% × effective
    /// leverage</c> for a profit, <c>PnL% ÷ effective leverage</c> for a loss, 0 for neither, with
    /// <c>PnL% = (mark value − entry value) ÷ |entry value|</c> and
    /// <c>effective leverage = |mark value| ÷ (mark value − bankrupt value)</c>. Also Bybit's historical rule
    /// (§2.4: "highest profit and effective leverage") and MEXC's. Fills at the bankrupt position's bankruptcy price.
    /// See <see cref="AdlScoring.BitMexPnlPercentage"/> and <see cref="AdlScoring.BitMexEffectiveLeverage"/>.
    /// </summary>
    BitMex = 0,

    /// <summary>
    /// Binance (reference cefi.md §1.8): <c>Leverage Pnl = Pnl Percent × Margin Ratio</c>, with
    /// <c>Pnl Percent = max(0, unrealised profit) ÷ max(1, wallet balance)</c> and
    /// <c>Margin Ratio = maintenance margin ÷ (wallet balance + unrealised profit)</c>, or 0 when that sum is not
    /// positive. Fills "at bankruptcy price of the initial liquidated order", without fees.
    /// See <see cref="AdlScoring.BinanceLeveragePnl"/> and <see cref="AutoDeleveraging.Quantile"/>.
    /// </summary>
    Binance = 1,

    /// <summary>
    /// Hyperliquid (official docs, "Auto-deleveraging", reference cefi.md §6): positions are "ranked by unrealized
    /// pnl and leverage used", with no published formula. This library's assumption, documented on
    /// <see cref="AdlScoring.HyperliquidScore"/>: BitMEX's shape with leverage used =
    /// <c>notional at mark ÷ (wallet balance + unrealised PnL)</c>. Fills at the previous oracle price, not the
    /// bankruptcy price: pass that price to <see cref="AutoDeleveraging.Allocate(System.Collections.Immutable.ImmutableArray{AdlRankedCandidate}, decimal, decimal)"/>.
    /// </summary>
    Hyperliquid = 2,

    /// <summary>
    /// dYdX v4 (<c>dydxprotocol/v4-chain</c> <c>protocol/x/clob/keeper/deleveraging.go</c>, reference cefi.md §5):
    /// no ranking. The protocol walks the subaccounts holding the opposite side from a pseudo-random starting
    /// index, wrapping around; here the list is in ascending account order and the start comes from the caller's
    /// seed (see <see cref="AutoDeleveraging.Rank"/>). Fills at the bankruptcy price of the liquidated position.
    /// </summary>
    Dydx = 3,
}
