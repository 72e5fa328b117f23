namespace LiquidationSim.Accounts;

/// <summary>Direction of a position. The numeric value is the sign used in PnL formulas (+1 long, −1 short).</summary>
public enum PositionSide
{
    /// <summary>Profits when the price rises.</summary>
    Long = 1,

    /// <summary>Profits when the price falls.</summary>
    Short = -1,
}

/// <summary>Direction of an order or fill.</summary>
public enum OrderSide
{
    /// <summary>Buys contracts: opens or adds to a long, reduces a short.</summary>
    Buy = 1,

    /// <summary>Sells contracts: opens or adds to a short, reduces a long.</summary>
    Sell = -1,
}

/// <summary>Which collateral backs a position.</summary>
public enum MarginMode
{
    /// <summary>The position has its own margin; a loss beyond it liquidates only this position.</summary>
    Isolated = 0,

    /// <summary>The account's cross wallet backs every cross position together.</summary>
    Cross = 1,
}

/// <summary>Whether an account may hold a long and a short in the same symbol at once.</summary>
public enum PositionMode
{
    /// <summary>At most one position per symbol; a buy reduces a short and may flip it long (Binance "one-way", Bybit "merged single").</summary>
    OneWay = 0,

    /// <summary>A long and a short per symbol, each with its own size and entry (Binance and Bybit "hedge mode").</summary>
    Hedge = 1,
}

/// <summary>Sign helpers for the side enums.</summary>
public static class SideExtensions
{
    /// <summary>+1 for long, −1 for short.</summary>
    /// <param name="side">The side.</param>
    public static int Sign(this PositionSide side) => (int)side;

    /// <summary>The other side.</summary>
    /// <param name="side">The side.</param>
    public static PositionSide Opposite(this PositionSide side) => side == PositionSide.Long ? PositionSide.Short : PositionSide.Long;

    /// <summary>The position side a fill of <paramref name="side"/> opens or adds to.</summary>
    /// <param name="side">The order side.</param>
    public static PositionSide Opens(this OrderSide side) => side == OrderSide.Buy ? PositionSide.Long : PositionSide.Short;
}
