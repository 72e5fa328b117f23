using System.Text;
using LiquidationSim.Accounts;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Serialization;

namespace LiquidationSim.Tests.Serialization;

/// <summary>
/// The engine's event log as JSON Lines (<see cref="EventLogJson"/>): the documented format, line by line, for every
/// event type (this file); real engine logs round-tripped and replayed (<c>.Engine.cs</c>); bad lines refused with
/// their line number (<c>.Errors.cs</c>); random events round-tripped exactly (<c>.Properties.cs</c>).
/// </summary>
public sealed partial class EventLogJsonTests
{
    private static readonly DateTimeOffset s_t1 = new(2026, 11, 21, 0, 0, 1, TimeSpan.Zero);
    private static readonly DateTimeOffset s_t2 = new(2026, 11, 21, 10, 30, 0, 125, TimeSpan.FromHours(2));
    private static readonly AccountId s_one = new(1);

    /// <summary>
    /// One hand-written line per case, with the record it must read as (written out by hand, not produced by the
    /// serializer). Decimals include trailing zeros, 28 significant digits, negatives and decimal's extremes.
    /// </summary>
    private static readonly (string Name, string Line, LiquidationEvent Event)[] s_cases =
    [
        (
            "priceTicked",
            """{"type":"priceTicked","sequence":1,"time":"2026-11-21T00:00:01+00:00","symbol":"BTCUSDT","markPrice":95000.10,"lastPrice":null}""",
            new PriceTicked(1, s_t1, "BTCUSDT", 95_000.10m, null)),
        (
            "priceTicked with last",
            """{"type":"priceTicked","sequence":2,"time":"2026-11-21T10:30:00.125+02:00","symbol":"BTCUSDT","markPrice":95000.1,"lastPrice":94999.9}""",
            new PriceTicked(2, s_t2, "BTCUSDT", 95_000.1m, 94_999.9m)),
        (
            "liquidationTriggered",
            """{"type":"liquidationTriggered","sequence":3,"time":"2026-11-21T00:00:01+00:00","account":42,"symbol":"TESTUSDT","side":"long","triggerPrice":90.5,"liquidationPrice":90.90909090909090909090909091}""",
            new LiquidationTriggered(3, s_t1, new AccountId(42), "TESTUSDT", PositionSide.Long, 90.5m, 90.90909090909090909090909091m)),
        (
            "orderCancelled",
            """{"type":"orderCancelled","sequence":4,"time":"2026-11-21T00:00:01+00:00","account":1,"order":{"id":7,"symbol":"TESTUSDT","side":"sell","size":10,"price":120.0,"reservedMargin":120.00}}""",
            new OrderCancelled(4, s_t1, s_one, new RestingOrder(7, "TESTUSDT", OrderSide.Sell, 10m, 120.0m, 120.00m))),
        (
            "liquidationOrderPlaced slice",
            """{"type":"liquidationOrderPlaced","sequence":5,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"TESTUSDT","side":"sell","size":3,"limitPrice":90.0,"timeInForce":"immediateOrCancel","reason":"step 1 of 2","isSlice":true}""",
            new LiquidationOrderPlaced(5, s_t1, s_one, "TESTUSDT", OrderSide.Sell, 3m, 90.0m, TimeInForce.ImmediateOrCancel, "step 1 of 2") { IsSlice = true }),
        (
            "liquidationOrderPlaced without limit",
            """{"type":"liquidationOrderPlaced","sequence":6,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"TESTUSDT","side":"buy","size":0.001,"limitPrice":null,"timeInForce":"fillOrKill","reason":"risk limit","isSlice":false}""",
            new LiquidationOrderPlaced(6, s_t1, s_one, "TESTUSDT", OrderSide.Buy, 0.001m, null, TimeInForce.FillOrKill, "risk limit")),
        (
            "positionClosed",
            """{"type":"positionClosed","sequence":7,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"TESTUSDT","side":"long","size":10,"price":90,"realizedPnl":-1234567890.123456789012345678,"releasedMargin":0,"kind":"insuranceFundTakeover","consumesBook":true}""",
            new PositionClosed(7, s_t1, s_one, "TESTUSDT", PositionSide.Long, 10m, 90m, -1_234_567_890.123456789012345678m, 0m, FillKind.InsuranceFundTakeover) { ConsumesBook = true }),
        (
            "positionClosed by ADL",
            """{"type":"positionClosed","sequence":8,"time":"2026-11-21T00:00:01+00:00","account":2,"symbol":"TESTUSDT","side":"short","size":3,"price":90,"realizedPnl":30.00,"releasedMargin":30,"kind":"adlCounterparty","consumesBook":false}""",
            new PositionClosed(8, s_t1, new AccountId(2), "TESTUSDT", PositionSide.Short, 3m, 90m, 30.00m, 30m, FillKind.AdlCounterparty)),
        (
            "collateralTransfer",
            """{"type":"collateralTransfer","sequence":9,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"TESTUSDT","side":"long","amount":-12.5,"kind":"insuranceDraw"}""",
            new CollateralTransfer(9, s_t1, s_one, "TESTUSDT", PositionSide.Long, -12.5m, TransferKind.InsuranceDraw)),
        (
            "backstopTransfer",
            """{"type":"backstopTransfer","sequence":10,"time":"2026-11-21T00:00:01+00:00","account":3,"vault":-9223372036854775808,"symbol":"ETHUSDT","side":"short","size":0.001,"entryPrice":3200.55,"margin":0.32}""",
            new BackstopTransfer(10, s_t1, new AccountId(3), new AccountId(long.MinValue), "ETHUSDT", PositionSide.Short, 0.001m, 3_200.55m, 0.32m)),
        (
            "badDebtRecorded",
            """{"type":"badDebtRecorded","sequence":11,"time":"2026-11-21T00:00:01+00:00","account":1,"amount":0.0000000000000000000000000001,"symbol":"TESTUSDT","side":"long"}""",
            new BadDebtRecorded(11, s_t1, s_one, 0.0000000000000000000000000001m, "TESTUSDT", PositionSide.Long)),
        (
            "insuranceFundTrade",
            """{"type":"insuranceFundTrade","sequence":12,"time":"2026-11-21T00:00:01+00:00","symbol":"TESTUSDT","positionSide":"long","size":1,"price":85,"bankruptcyPrice":90.0,"pnl":-5.0,"kind":"book"}""",
            new InsuranceFundTrade(12, s_t1, "TESTUSDT", PositionSide.Long, 1m, 85m, 90.0m, -5.0m, FillKind.Book)),
        (
            "fundingRound",
            """{"type":"fundingRound","sequence":13,"time":"2026-11-21T10:30:00.125+02:00","symbol":"BTCUSD","rate":-0.000125,"markPrice":64000.5}""",
            new FundingRound(13, s_t2, "BTCUSD", -0.000125m, 64_000.5m)),
        (
            "fundingPaid",
            """{"type":"fundingPaid","sequence":14,"time":"2026-11-21T10:30:00.125+02:00","account":1,"symbol":"BTCUSD","side":"short","amount":-0.00000250}""",
            new FundingPaid(14, s_t2, s_one, "BTCUSD", PositionSide.Short, -0.00000250m)),
        (
            "bookUpdated",
            """{"type":"bookUpdated","sequence":15,"time":"2026-11-21T00:00:01+00:00","book":{"symbol":"TESTUSDT","bids":[[99.5,10],[99.0,2.50]],"asks":[[100.5,1]]}}""",
            new BookUpdated(15, s_t1, OrderBook.Create("TESTUSDT", [new PriceLevel(99.5m, 10m), new PriceLevel(99.0m, 2.50m)], [new PriceLevel(100.5m, 1m)]))),
        (
            "bookUpdated one-sided",
            """{"type":"bookUpdated","sequence":16,"time":"2026-11-21T00:00:01+00:00","book":{"symbol":"TESTUSDT","bids":[],"asks":[[100.5,1]]}}""",
            new BookUpdated(16, s_t1, OrderBook.Create("TESTUSDT", [], [new PriceLevel(100.5m, 1m)]))),
        (
            "orderFilled one-way",
            """{"type":"orderFilled","sequence":17,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"TESTUSDT","side":"sell","size":4,"price":99.5,"realizedPnl":-2.00,"marginMode":"cross","leverage":1,"hedgeSide":null,"reason":"stop-loss"}""",
            new OrderFilled(17, s_t1, s_one, "TESTUSDT", OrderSide.Sell, 4m, 99.5m, -2.00m, MarginMode.Cross, 1m, null, "stop-loss")),
        (
            "orderFilled hedge",
            """{"type":"orderFilled","sequence":18,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"TESTUSDT","side":"buy","size":2,"price":100.5,"realizedPnl":0,"marginMode":"isolated","leverage":12.5,"hedgeSide":"short","reason":"hedge — ünïcode \"quoted\"\n"}""",
            new OrderFilled(18, s_t1, s_one, "TESTUSDT", OrderSide.Buy, 2m, 100.5m, 0m, MarginMode.Isolated, 12.5m, PositionSide.Short, "hedge — ünïcode \"quoted\"\n")),
        (
            "deposited",
            """{"type":"deposited","sequence":19,"time":"2026-11-21T00:00:01+00:00","account":9223372036854775807,"amount":79228162514264337593543950335}""",
            new Deposited(19, s_t1, new AccountId(long.MaxValue), decimal.MaxValue)),
        (
            "isolatedMarginAdded",
            """{"type":"isolatedMarginAdded","sequence":20,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"TESTUSDT","side":"long","amount":25.125}""",
            new IsolatedMarginAdded(20, s_t1, s_one, "TESTUSDT", PositionSide.Long, 25.125m)),
    ];

    public static TheoryData<string> CaseNames { get; } = [.. s_cases.Select(c => c.Name)];

    private static (string Name, string Line, LiquidationEvent Event) Case(string name) => s_cases.Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_hand_written_line_reads_as_the_expected_record(string name)
    {
        (_, string line, LiquidationEvent expected) = Case(name);

        LiquidationEvent read = EventLogJson.Deserialize(line);

        read.Should().BeOfType(expected.GetType());
        read.Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_record_writes_back_as_the_same_line(string name)
    {
        (_, string line, LiquidationEvent expected) = Case(name);

        EventLogJson.Serialize(expected).Should().Be(line);
        EventLogJson.Serialize(EventLogJson.Deserialize(line)).Should().Be(line, "scale and trailing zeros survive a read");
    }

    [Fact]
    public void Every_event_type_has_a_discriminator_and_a_hand_written_case()
    {
        Type[] eventTypes = [.. typeof(LiquidationEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(LiquidationEvent))).OrderBy(t => t.Name, StringComparer.Ordinal)];
        string[] expectedNames = [.. eventTypes.Select(t => char.ToLowerInvariant(t.Name[0]) + t.Name[1..])];

        EventLogJson.TypeNames.Should().BeEquivalentTo(expectedNames, "every LiquidationEvent subtype needs a [JsonDerivedType] line on LiquidationEvent");
        s_cases.Select(c => c.Event.GetType()).Distinct().Should().BeEquivalentTo(eventTypes);
        eventTypes.Should().HaveCount(15);
    }

    [Fact]
    public void A_log_is_one_line_per_event_each_ended_by_a_newline()
    {
        LiquidationEvent[] events = [.. s_cases.Select(c => c.Event)];
        string expected = string.Concat(s_cases.Select(c => c.Line + "\n"));

        using var stream = new MemoryStream();
        EventLogJson.Write(stream, events);
        using var text = new StringWriter { NewLine = "\r\n" };
        EventLogJson.Write(text, events);

        Encoding.UTF8.GetString(stream.ToArray()).Should().Be(expected);
        text.ToString().Should().Be(expected, "the line end is always \\n, whatever the writer's NewLine");
        EventLogJson.Read(new StringReader(expected)).Should().Equal(events);
        stream.Position = 0;
        EventLogJson.Read(stream).Should().Equal(events);
    }

    [Fact]
    public async Task The_async_writer_and_readers_give_the_same_log()
    {
        LiquidationEvent[] events = [.. s_cases.Select(c => c.Event)];
        string expected = string.Concat(s_cases.Select(c => c.Line + "\n"));

        using var stream = new MemoryStream();
        await EventLogJson.WriteAsync(stream, ToAsync(events), TestContext.Current.CancellationToken);

        Encoding.UTF8.GetString(stream.ToArray()).Should().Be(expected);
        stream.Position = 0;
        (await ToListAsync(EventLogJson.ReadAsync(stream, TestContext.Current.CancellationToken))).Should().Equal(events);
        (await ToListAsync(EventLogJson.ReadAsync(new StringReader(expected), TestContext.Current.CancellationToken))).Should().Equal(events);
    }

    [Fact]
    public void Windows_line_ends_and_a_missing_final_newline_read_the_same()
    {
        LiquidationEvent[] events = [.. s_cases.Take(3).Select(c => c.Event)];
        string crlf = string.Join("\r\n", s_cases.Take(3).Select(c => c.Line));

        EventLogJson.Read(new StringReader(crlf)).Should().Equal(events);
        EventLogJson.Deserialize(s_cases[0].Line + "\r\n").Should().Be(events[0]);
    }

    [Fact]
    public void An_empty_log_reads_as_no_events_and_writes_as_nothing()
    {
        using var text = new StringWriter();
        EventLogJson.Write(text, []);

        text.ToString().Should().BeEmpty();
        EventLogJson.Read(new StringReader(string.Empty)).Should().BeEmpty();
    }

    private static async IAsyncEnumerable<LiquidationEvent> ToAsync(IEnumerable<LiquidationEvent> events)
    {
        foreach (LiquidationEvent e in events)
        {
            await Task.Yield();
            yield return e;
        }
    }

    private static async Task<List<LiquidationEvent>> ToListAsync(IAsyncEnumerable<LiquidationEvent> events)
    {
        var list = new List<LiquidationEvent>();
        await foreach (LiquidationEvent e in events)
        {
            list.Add(e);
        }

        return list;
    }
}
