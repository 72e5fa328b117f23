using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiquidationSim.Internal;

/// <summary>Writes and reads an enum as its camelCase name (<c>linear</c>, <c>cross</c>); integers are refused.</summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
internal sealed class CamelCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public CamelCaseEnumConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
