using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiquidationSim.Accounts;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;

namespace LiquidationSim.Serialization;

/// <summary>Writes and reads an <see cref="AccountId"/> as a bare JSON integer.</summary>
internal sealed class AccountIdJsonConverter : JsonConverter<AccountId>
{
    public override AccountId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value))
        {
            throw new JsonException($"An account id must be an integer; found {reader.TokenType}.");
        }

        return new AccountId(value);
    }

    public override void Write(Utf8JsonWriter writer, AccountId value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}

/// <summary>Reads a JSON string and refuses <c>null</c> (every string of an event is required); writes as usual.</summary>
internal sealed class NonNullStringJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"Expected a string; found {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// Writes and reads an <see cref="OrderBook"/> as <c>{"symbol":"BTCUSDT","bids":[[price,size],…],"asks":[[price,size],…]}</c>,
/// best level first. Reading is strict: every property is required, unknown ones are refused, each level is a
/// two-number array, and the book must satisfy <see cref="OrderBook.Create"/>.
/// </summary>
internal sealed class OrderBookJsonConverter : JsonConverter<OrderBook>
{
    /// <summary>True, so a <c>null</c> book is refused rather than passed through.</summary>
    public override bool HandleNull => true;

    public override OrderBook Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject, "an order book object");
        string? symbol = null;
        List<PriceLevel>? bids = null;
        List<PriceLevel>? asks = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            Next(ref reader);
            switch (name)
            {
                case "symbol" when symbol is null:
                    Expect(ref reader, JsonTokenType.String, "the book's symbol as a string");
                    symbol = reader.GetString()!;
                    break;
                case "bids" when bids is null:
                    bids = ReadLevels(ref reader, name);
                    break;
                case "asks" when asks is null:
                    asks = ReadLevels(ref reader, name);
                    break;
                case "symbol" or "bids" or "asks":
                    throw new JsonException($"The order book has \"{name}\" twice.");
                default:
                    throw new JsonException($"Unknown property \"{name}\" in an order book.");
            }
        }

        if (symbol is null || bids is null || asks is null)
        {
            throw new JsonException("An order book needs symbol, bids and asks.");
        }

        try
        {
            return OrderBook.Create(symbol, bids, asks);
        }
        catch (ArgumentException ex)
        {
            throw new JsonException($"Invalid order book: {ex.Message}", ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, OrderBook value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("symbol", value.Symbol);
        WriteLevels(writer, "bids", value.Bids.AsSpan());
        WriteLevels(writer, "asks", value.Asks.AsSpan());
        writer.WriteEndObject();
    }

    private static void WriteLevels(Utf8JsonWriter writer, string name, ReadOnlySpan<PriceLevel> levels)
    {
        writer.WriteStartArray(name);
        foreach (PriceLevel level in levels)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(level.Price);
            writer.WriteNumberValue(level.Size);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static List<PriceLevel> ReadLevels(ref Utf8JsonReader reader, string side)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"{side} as an array of [price, size]");
        var levels = new List<PriceLevel>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            string where = string.Create(CultureInfo.InvariantCulture, $"{side}[{levels.Count}]");
            Expect(ref reader, JsonTokenType.StartArray, $"{where} as [price, size]");
            Next(ref reader);
            decimal price = Number(ref reader, where);
            Next(ref reader);
            decimal size = Number(ref reader, where);
            if (Next(ref reader) != JsonTokenType.EndArray)
            {
                throw new JsonException($"{where} must be exactly [price, size].");
            }

            levels.Add(new PriceLevel(price, size));
        }

        return levels;
    }

    private static decimal Number(ref Utf8JsonReader reader, string where) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out decimal value)
            ? value
            : throw new JsonException($"{where} must be [price, size] with decimal numbers; found {reader.TokenType}.");

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("Unexpected end of JSON in an order book.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {what}; found {reader.TokenType}.");
        }
    }
}
