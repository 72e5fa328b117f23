using System.Text.Json.Serialization;
using LiquidationSim.Accounts;
using LiquidationSim.Internal;
using LiquidationSim.Liquidation;

namespace LiquidationSim.Serialization;

/// <summary>
/// Source-generated serializer metadata for the engine's event log (<see cref="EventLogJson"/>): every
/// <see cref="LiquidationEvent"/> subtype, camelCase names, enums as camelCase strings, <see cref="AccountId"/> as a
/// number, <see cref="OrderBook"/> as <c>{"symbol","bids":[[price,size],…],"asks":[…]}</c>, unknown properties refused.
/// </summary>
/// <remarks>
/// The subtypes and their discriminators are listed on <see cref="LiquidationEvent"/>
/// (<see cref="JsonDerivedTypeAttribute"/>); a new event type needs a line there and one here.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters =
    [
        typeof(AccountIdJsonConverter),
        typeof(OrderBookJsonConverter),
        typeof(NonNullStringJsonConverter),
        typeof(CamelCaseEnumConverter<PositionSide>),
        typeof(CamelCaseEnumConverter<OrderSide>),
        typeof(CamelCaseEnumConverter<MarginMode>),
        typeof(CamelCaseEnumConverter<TimeInForce>),
        typeof(CamelCaseEnumConverter<FillKind>),
        typeof(CamelCaseEnumConverter<TransferKind>),
    ])]
[JsonSerializable(typeof(LiquidationEvent))]
[JsonSerializable(typeof(PriceTicked))]
[JsonSerializable(typeof(LiquidationTriggered))]
[JsonSerializable(typeof(OrderCancelled))]
[JsonSerializable(typeof(LiquidationOrderPlaced))]
[JsonSerializable(typeof(PositionClosed))]
[JsonSerializable(typeof(CollateralTransfer))]
[JsonSerializable(typeof(BackstopTransfer))]
[JsonSerializable(typeof(BadDebtRecorded))]
[JsonSerializable(typeof(InsuranceFundTrade))]
[JsonSerializable(typeof(FundingRound))]
[JsonSerializable(typeof(FundingPaid))]
[JsonSerializable(typeof(BookUpdated))]
[JsonSerializable(typeof(OrderFilled))]
[JsonSerializable(typeof(Deposited))]
[JsonSerializable(typeof(IsolatedMarginAdded))]
internal sealed partial class EventLogJsonContext : JsonSerializerContext
{
}
