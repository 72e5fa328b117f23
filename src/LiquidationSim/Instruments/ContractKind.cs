namespace LiquidationSim.Instruments;

/// <summary>How a contract's value and profit are denominated.</summary>
public enum ContractKind
{
    /// <summary>
    /// Quote-margined (USDⓈ-M, USDT perpetuals): size is in base units times the contract size, notional is
    /// <c>size × contractSize × price</c> in the quote asset, and PnL is linear in price.
    /// </summary>
    Linear = 0,

    /// <summary>
    /// Coin-margined (COIN-M, BitMEX XBTUSD): each contract is worth a fixed amount of quote currency
    /// (the contract size, e.g. 100 USD), notional is <c>size × contractSize ÷ price</c> in the base coin, and
    /// PnL is <c>size × contractSize × (1/entry − 1/exit)</c> (Binance COIN-M FAQ ceccfc…; BitMEX guide).
    /// </summary>
    Inverse = 1,
}
