using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LiquidationSim.Internal;
using LiquidationSim.Liquidation;

namespace LiquidationSim.Serialization;

/// <summary>
/// Writes and reads the liquidation engine's event log (<see cref="LiquidationEngine.Events"/>) as JSON Lines: one
/// compact JSON object per event, each line ended by <c>\n</c>, so a log can be streamed, appended to, grepped and
/// replayed (<see cref="LiquidationEngine.Replay"/>) on another machine.
/// </summary>
/// <remarks>
/// <para>
/// Each line starts with <c>"type"</c>, the event's discriminator (its type name in camelCase:
/// <c>priceTicked</c>, <c>positionClosed</c>, <c>insuranceFundTrade</c>, …, listed on <see cref="LiquidationEvent"/>),
/// followed by <c>sequence</c>, <c>time</c> and the event's other properties in declaration order, camelCase:
/// </para>
/// <code>
/// {"type":"priceTicked","sequence":1,"time":"2026-11-21T00:00:01+00:00","symbol":"BTCUSDT","markPrice":95,"lastPrice":null}
/// {"type":"positionClosed","sequence":5,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"BTCUSDT","side":"long","size":3,"price":89.0,"realizedPnl":-33.0,"releasedMargin":0,"kind":"book","consumesBook":true}
/// {"type":"bookUpdated","sequence":9,"time":"2026-11-21T00:00:02+00:00","book":{"symbol":"BTCUSDT","bids":[[99.5,10]],"asks":[[100.5,10]]}}
/// </code>
/// <para>
/// Decimals are JSON numbers written exactly as the <see cref="decimal"/> formats them (all 28–29 significant digits,
/// trailing zeros kept, never an exponent) and read back to the same value and scale. Times are ISO 8601 with their
/// offset. Enums are camelCase strings (integers are refused), an <see cref="Accounts.AccountId"/> is a bare
/// integer, a <see cref="Accounts.RestingOrder"/> is an object of its properties, an <see cref="OrderBook"/> is
/// <c>{"symbol","bids":[[price,size],…],"asks":[…]}</c> best level first, and a missing optional value is
/// <c>null</c>. Text is UTF-8; only characters JSON requires are escaped (the log is not meant for embedding in HTML).
/// </para>
/// <para>
/// Reading is strict, one line at a time: a line that is blank, not a single JSON object, does not start with
/// <c>"type"</c>, names an unknown type, lacks any property (every property is written, so every one is required),
/// has an unknown or ill-typed property, or holds values the event or book refuses, stops the read with an
/// <see cref="EventLogFormatException"/> naming the line. Events read before it have already been yielded. The
/// reader does not check sequence numbers; <see cref="LiquidationEngine.Replay"/> does.
/// </para>
/// <para>
/// Writing streams: the events are serialized through one reused <see cref="Utf8JsonWriter"/> into a small buffer
/// that is handed to the output every 16 KiB, so memory does not grow with the log. All members are thread safe;
/// a single output or input must not be shared between concurrent calls.
/// </para>
/// </remarks>
public static class EventLogJson
{
    private const int FlushThreshold = 16 * 1024;

    private static readonly JsonSerializerOptions _options = CreateOptions();

    private static readonly JsonTypeInfo<LiquidationEvent> _eventInfo =
        (JsonTypeInfo<LiquidationEvent>)_options.GetTypeInfo(typeof(LiquidationEvent));

    private static readonly FrozenSet<string> _typeNames =
        _eventInfo.PolymorphismOptions!.DerivedTypes.Select(d => (string)d.TypeDiscriminator!).ToFrozenSet(StringComparer.Ordinal);

    private static readonly JsonWriterOptions _writerOptions = new() { Encoder = _options.Encoder, Indented = false };

    private static readonly UTF8Encoding _utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The event type names (discriminators) this format knows, e.g. <c>priceTicked</c>.</summary>
    public static IReadOnlySet<string> TypeNames => _typeNames;

    /// <summary>Writes <paramref name="events"/> to <paramref name="utf8Json"/> as UTF-8 JSON Lines, then flushes it.</summary>
    /// <param name="utf8Json">The output; left open.</param>
    /// <param name="events">The events, written in the order given (a null event is refused when reached).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An event is null (found when reached; lines before it may already be in the output).</exception>
    public static void Write(Stream utf8Json, IEnumerable<LiquidationEvent> events)
    {
        Preconditions.NotNull(utf8Json);
        Preconditions.NotNull(events);
        using var lines = new LineWriter();
        foreach (LiquidationEvent e in events)
        {
            lines.Append(e);
            if (lines.Written.Length >= FlushThreshold)
            {
                utf8Json.Write(lines.Written);
                lines.Clear();
            }
        }

        utf8Json.Write(lines.Written);
        utf8Json.Flush();
    }

    /// <summary>Writes <paramref name="events"/> to <paramref name="writer"/> as JSON Lines (<c>\n</c>-terminated), then flushes it.</summary>
    /// <param name="writer">The output; left open.</param>
    /// <param name="events">The events, written in the order given (a null event is refused when reached).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An event is null (found when reached; lines before it may already be in the output).</exception>
    public static void Write(TextWriter writer, IEnumerable<LiquidationEvent> events)
    {
        Preconditions.NotNull(writer);
        Preconditions.NotNull(events);
        using var lines = new LineWriter();
        foreach (LiquidationEvent e in events)
        {
            lines.Append(e);
            if (lines.Written.Length >= FlushThreshold)
            {
                lines.CopyTo(writer);
            }
        }

        lines.CopyTo(writer);
        writer.Flush();
    }

    /// <summary>
    /// Writes <paramref name="events"/> to <paramref name="utf8Json"/> as UTF-8 JSON Lines as they arrive, then
    /// flushes it.
    /// </summary>
    /// <param name="utf8Json">The output; left open.</param>
    /// <param name="events">The events, written in the order they arrive (a null event is refused when reached).</param>
    /// <param name="cancellationToken">Stops the enumeration and the writes.</param>
    /// <returns>A task that completes when every event is written and the stream flushed.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An event is null (found when reached; lines before it may already be in the output).</exception>
    public static Task WriteAsync(Stream utf8Json, IAsyncEnumerable<LiquidationEvent> events, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(utf8Json);
        Preconditions.NotNull(events);
        return WriteAsyncCore(utf8Json, events, cancellationToken);
    }

    /// <summary>
    /// Reads a JSON Lines event log lazily: each event is parsed when the enumeration reaches its line, so a log of
    /// any length streams in constant memory.
    /// </summary>
    /// <param name="reader">The input; left open, read from its current position to its end.</param>
    /// <returns>The events, in line order; enumerate once.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="EventLogFormatException">During enumeration, a line is not a valid event (see the remarks on <see cref="EventLogJson"/>).</exception>
    public static IEnumerable<LiquidationEvent> Read(TextReader reader)
    {
        Preconditions.NotNull(reader);
        return ReadCore(reader);
    }

    /// <summary>Reads a UTF-8 JSON Lines event log lazily; see <see cref="Read(TextReader)"/>.</summary>
    /// <param name="utf8Json">The input; left open, read from its current position to its end.</param>
    /// <returns>The events, in line order; enumerate once.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is null.</exception>
    /// <exception cref="EventLogFormatException">During enumeration, a line is not a valid event.</exception>
    public static IEnumerable<LiquidationEvent> Read(Stream utf8Json)
    {
        Preconditions.NotNull(utf8Json);
        return ReadStreamCore(utf8Json);
    }

    /// <summary>Reads a JSON Lines event log asynchronously, one line at a time; see <see cref="Read(TextReader)"/>.</summary>
    /// <param name="reader">The input; left open, read from its current position to its end.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The events, in line order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="EventLogFormatException">During enumeration, a line is not a valid event.</exception>
    public static IAsyncEnumerable<LiquidationEvent> ReadAsync(TextReader reader, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(reader);
        return ReadAsyncCore(reader, cancellationToken);
    }

    /// <summary>Reads a UTF-8 JSON Lines event log asynchronously; see <see cref="Read(TextReader)"/>.</summary>
    /// <param name="utf8Json">The input; left open, read from its current position to its end.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The events, in line order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is null.</exception>
    /// <exception cref="EventLogFormatException">During enumeration, a line is not a valid event.</exception>
    public static IAsyncEnumerable<LiquidationEvent> ReadAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(utf8Json);
        return ReadStreamAsyncCore(utf8Json, cancellationToken);
    }

    /// <summary>One event as its JSON Lines line, without the terminating <c>\n</c>.</summary>
    /// <param name="e">The event.</param>
    /// <returns>The compact JSON object.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="e"/> is null.</exception>
    public static string Serialize(LiquidationEvent e)
    {
        Preconditions.NotNull(e);
        return JsonSerializer.Serialize(e, _eventInfo);
    }

    /// <summary>Parses one event from one line (a trailing <c>\n</c> or <c>\r\n</c> is allowed).</summary>
    /// <param name="line">The JSON object.</param>
    /// <returns>The event, equal to the one that was serialized.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    /// <exception cref="EventLogFormatException">The line is not a valid event; <see cref="EventLogFormatException.LineNumber"/> is 1.</exception>
    public static LiquidationEvent Deserialize(string line)
    {
        Preconditions.NotNull(line);
        ReadOnlySpan<char> text = line.AsSpan();
        if (text.EndsWith("\n", StringComparison.Ordinal))
        {
            text = text[..^1];
            if (text.EndsWith("\r", StringComparison.Ordinal))
            {
                text = text[..^1];
            }
        }

        if (text.IndexOfAny('\n', '\r') >= 0)
        {
            throw new EventLogFormatException(1, "holds more than one line.");
        }

        return ParseLine(text, 1);
    }

    private static async Task WriteAsyncCore(Stream utf8Json, IAsyncEnumerable<LiquidationEvent> events, CancellationToken cancellationToken)
    {
        using var lines = new LineWriter();
        await foreach (LiquidationEvent e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            lines.Append(e);
            if (lines.Written.Length >= FlushThreshold)
            {
                await utf8Json.WriteAsync(lines.WrittenMemory, cancellationToken).ConfigureAwait(false);
                lines.Clear();
            }
        }

        await utf8Json.WriteAsync(lines.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await utf8Json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<LiquidationEvent> ReadCore(TextReader reader)
    {
        long lineNumber = 0;
        while (reader.ReadLine() is string line)
        {
            lineNumber++;
            yield return ParseLine(line, lineNumber);
        }
    }

    private static IEnumerable<LiquidationEvent> ReadStreamCore(Stream utf8Json)
    {
        using var reader = new StreamReader(utf8Json, _utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        foreach (LiquidationEvent e in ReadCore(reader))
        {
            yield return e;
        }
    }

    private static async IAsyncEnumerable<LiquidationEvent> ReadAsyncCore(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is string line)
        {
            lineNumber++;
            yield return ParseLine(line, lineNumber);
        }
    }

    private static async IAsyncEnumerable<LiquidationEvent> ReadStreamAsyncCore(Stream utf8Json, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(utf8Json, _utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        await foreach (LiquidationEvent e in ReadAsyncCore(reader, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    private static LiquidationEvent ParseLine(ReadOnlySpan<char> line, long lineNumber)
    {
        if (line.IsWhiteSpace())
        {
            throw new EventLogFormatException(lineNumber, "is blank; every line must be one event.");
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(_utf8.GetMaxByteCount(line.Length));
        try
        {
            int count;
            try
            {
                count = _utf8.GetBytes(line, rented);
            }
            catch (EncoderFallbackException ex)
            {
                throw new EventLogFormatException(lineNumber, "is not valid Unicode text.", ex);
            }

            ReadOnlySpan<byte> utf8 = rented.AsSpan(0, count);
            CheckType(utf8, lineNumber);
            try
            {
                return JsonSerializer.Deserialize(utf8, _eventInfo)
                    ?? throw new EventLogFormatException(lineNumber, "is null, not an event.");
            }
            catch (JsonException ex)
            {
                throw new EventLogFormatException(lineNumber, Describe(ex), ex);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The line must be an object whose first property is <c>"type"</c> naming a known event type.</summary>
    private static void CheckType(ReadOnlySpan<byte> utf8, long lineNumber)
    {
        var reader = new Utf8JsonReader(utf8);
        string? type;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new EventLogFormatException(lineNumber, "is not a JSON object.");
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("type"u8))
            {
                throw new EventLogFormatException(lineNumber, "must start with the \"type\" property.");
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new EventLogFormatException(lineNumber, "\"type\" must be a string naming the event type.");
            }

            type = reader.GetString();
        }
        catch (JsonException ex)
        {
            throw new EventLogFormatException(lineNumber, Describe(ex), ex);
        }

        if (type is null || !_typeNames.Contains(type))
        {
            throw new EventLogFormatException(lineNumber, $"unknown event type \"{type}\".");
        }
    }

    /// <summary>
    /// The parser's message without its own position suffix (its line number counts within the one line), then the
    /// JSON path and byte position of the problem in the line.
    /// </summary>
    private static string Describe(JsonException ex)
    {
        string message = ex.Message;
        int suffix = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (suffix >= 0)
        {
            message = message[..suffix];
        }

        return (ex.Path, ex.BytePositionInLine) switch
        {
            (string path, long position) => string.Create(CultureInfo.InvariantCulture, $"{message} (at {path}, byte {position + 1})"),
            (string path, null) => $"{message} (at {path})",
            (null, long position) => string.Create(CultureInfo.InvariantCulture, $"{message} (at byte {position + 1})"),
            _ => message,
        };
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(EventLogJsonContext.Default.Options)
        {
            TypeInfoResolver = EventLogJsonContext.Default.WithAddedModifier(Strict),
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Every property of an event (and of a resting order) is required, since the writer writes them all, except one
    /// written only when set (<see cref="OrderFilled.IsMaker"/>), which reads as false when absent, so logs from
    /// before it existed still read; the common <c>sequence</c> and <c>time</c> come first.
    /// </summary>
    private static void Strict(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (JsonPropertyInfo property in info.Properties)
        {
            property.IsRequired = !(info.Type == typeof(OrderFilled) && property.Name == "isMaker");
            property.Order = property.Name switch
            {
                "sequence" => -2,
                "time" => -1,
                _ => 0,
            };
        }
    }

    /// <summary>One reused <see cref="Utf8JsonWriter"/> over one reused buffer; each event appends a line.</summary>
    private sealed class LineWriter : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold + 1024);
        private readonly Utf8JsonWriter _json;
        private long _index;

        public LineWriter() => _json = new Utf8JsonWriter(_buffer, _writerOptions);

        public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

        public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

        public void Append(LiquidationEvent e)
        {
            if (e is null)
            {
                ThrowHelper.Argument("events", _index, "holds a null event at this index");
            }

            JsonSerializer.Serialize(_json, e, _eventInfo);
            _json.Flush();
            _json.Reset();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            _index++;
        }

        public void CopyTo(TextWriter writer)
        {
            ReadOnlySpan<byte> bytes = _buffer.WrittenSpan;
            char[] chars = ArrayPool<char>.Shared.Rent(_utf8.GetMaxCharCount(bytes.Length));
            try
            {
                int count = _utf8.GetChars(bytes, chars);
                writer.Write(chars, 0, count);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }

            Clear();
        }

        public void Clear() => _buffer.ResetWrittenCount();

        public void Dispose() => _json.Dispose();
    }
}
