using System.Globalization;

namespace LiquidationSim.Accounts;

/// <summary>
/// An open limit order that reserves initial margin (Binance "order margin"; BitMEX "order IM"). Liquidation
/// cancels an account's resting orders first, which returns their reserved margin to the wallet (Binance
/// "Liquidation Protocols": "all open orders are cancelled"; Bybit and BitMEX step (b), reference cefi.md §1.9,
/// §2.3, §4.2).
/// </summary>
/// <param name="Id">Order id, unique within the account.</param>
/// <param name="Symbol">Instrument symbol.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Size">Contracts; positive.</param>
/// <param name="Price">Limit price; positive.</param>
/// <param name="ReservedMargin">Initial margin held for the order, moved out of the wallet while it rests.</param>
public readonly record struct RestingOrder(long Id, string Symbol, OrderSide Side, decimal Size, decimal Price, decimal ReservedMargin)
{
    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"#{Id} {Side} {Size} {Symbol} @ {Price} (reserves {ReservedMargin})");
}
