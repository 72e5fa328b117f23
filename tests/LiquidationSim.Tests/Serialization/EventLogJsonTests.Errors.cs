using LiquidationSim.Liquidation;
using LiquidationSim.Serialization;

namespace LiquidationSim.Tests.Serialization;

/// <summary>Bad lines are refused with the line number and what is wrong; nothing is guessed or defaulted.</summary>
public sealed partial class EventLogJsonTests
{
    private const string Good = """{"type":"deposited","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1,"amount":5}""";
    private const string Tick = """{"type":"priceTicked","sequence":2,"time":"2026-11-21T00:00:01+00:00","symbol":"TESTUSDT","markPrice":95,"lastPrice":null}""";

    [Theory]
    [InlineData("{\"type\":\"deposited\",", "*")]
    [InlineData("", "*blank*")]
    [InlineData("   ", "*blank*")]
    [InlineData("[1,2]", "*not a JSON object*")]
    [InlineData("null", "*not a JSON object*")]
    [InlineData("\"deposited\"", "*not a JSON object*")]
    [InlineData("""{"sequence":1,"type":"deposited","time":"2026-11-21T00:00:01+00:00","account":1,"amount":5}""", "*must start with the \"type\" property*")]
    [InlineData("""{"type":3,"sequence":1}""", "*\"type\" must be a string*")]
    [InlineData("""{"type":"deposit","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1,"amount":5}""", "*unknown event type \"deposit\"*")]
    [InlineData("""{"type":"PriceTicked","sequence":1,"time":"2026-11-21T00:00:01+00:00","symbol":"X","markPrice":1,"lastPrice":null}""", "*unknown event type \"PriceTicked\"*")]
    [InlineData("""{"type":"liquidationEvent","sequence":1,"time":"2026-11-21T00:00:01+00:00"}""", "*unknown event type*")]
    [InlineData("""{"type":"deposited","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1}""", "*missing required*amount*")]
    [InlineData("""{"type":"deposited","time":"2026-11-21T00:00:01+00:00","account":1,"amount":5}""", "*missing required*sequence*")]
    [InlineData("""{"type":"positionClosed","sequence":7,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"TESTUSDT","side":"long","size":10,"price":90,"realizedPnl":-1,"releasedMargin":0,"kind":"book"}""", "*missing required*consumesBook*")]
    [InlineData("""{"type":"orderCancelled","sequence":4,"time":"2026-11-21T00:00:01+00:00","account":1,"order":{"id":7,"symbol":"TESTUSDT","side":"sell","size":10,"price":120.0}}""", "*missing required*reservedMargin*")]
    [InlineData("""{"type":"deposited","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1,"amount":5,"memo":"x"}""", "*memo*")]
    [InlineData("""{"type":"deposited","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":"1","amount":5}""", "*account*")]
    [InlineData("""{"type":"deposited","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1.5,"amount":5}""", "*account id must be an integer*")]
    [InlineData("""{"type":"deposited","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1,"amount":"5"}""", "*amount*")]
    [InlineData("""{"type":"deposited","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1,"amount":1e400}""", "*amount*")]
    [InlineData("""{"type":"deposited","sequence":1,"time":"yesterday","account":1,"amount":5}""", "*time*")]
    [InlineData("""{"type":"fundingPaid","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"X","side":0,"amount":5}""", "*side*")]
    [InlineData("""{"type":"fundingPaid","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":"X","side":"sideways","amount":5}""", "*side*")]
    [InlineData("""{"type":"fundingPaid","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1,"symbol":null,"side":"long","amount":5}""", "*symbol*")]
    [InlineData("""{"type":"bookUpdated","sequence":1,"time":"2026-11-21T00:00:01+00:00","book":null}""", "*order book*")]
    [InlineData("""{"type":"bookUpdated","sequence":1,"time":"2026-11-21T00:00:01+00:00","book":{"symbol":"X","bids":[[101,1]],"asks":[[100,1]]}}""", "*Invalid order book*")]
    [InlineData("""{"type":"bookUpdated","sequence":1,"time":"2026-11-21T00:00:01+00:00","book":{"symbol":"X","bids":[[99,1,2]],"asks":[]}}""", "*bids[0]*exactly [price, size]*")]
    [InlineData("""{"type":"bookUpdated","sequence":1,"time":"2026-11-21T00:00:01+00:00","book":{"symbol":"X","bids":[]}}""", "*needs symbol, bids and asks*")]
    [InlineData("""{"type":"bookUpdated","sequence":1,"time":"2026-11-21T00:00:01+00:00","book":{"symbol":"X","bids":[],"asks":[],"mid":1}}""", "*Unknown property \"mid\"*")]
    [InlineData("""{"type":"deposited","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1,"amount":5} {}""", "*")]
    [InlineData("""{"type":"deposited","sequence":1,"time":"2026-11-21T00:00:01+00:00","account":1,"amount":5}""" + "\n" + Good, "*more than one line*")]
    public void A_bad_line_is_refused_with_what_is_wrong(string line, string message)
    {
        Action read = () => EventLogJson.Deserialize(line);

        EventLogFormatException thrown = read.Should().Throw<EventLogFormatException>().WithMessage("Event log line 1: " + message).Which;
        thrown.LineNumber.Should().Be(1);
        thrown.Problem.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_bad_line_in_a_log_reports_its_line_number_after_the_good_lines_were_read()
    {
        string log = Good + "\n" + Tick + "\n" + """{"type":"deposited","sequence":3,"time":"2026-11-21T00:00:01+00:00","account":1,"amount":"five"}""" + "\n" + Good + "\n";
        var read = new List<LiquidationEvent>();

        Action act = () =>
        {
            foreach (LiquidationEvent e in EventLogJson.Read(new StringReader(log)))
            {
                read.Add(e);
            }
        };

        EventLogFormatException thrown = act.Should().Throw<EventLogFormatException>().WithMessage("Event log line 3: *amount*").Which;
        thrown.LineNumber.Should().Be(3);
        thrown.InnerException.Should().BeAssignableTo<System.Text.Json.JsonException>();
        read.Should().HaveCount(2, "reading is lazy: the good lines before the bad one were already yielded");
    }

    [Fact]
    public async Task The_async_reader_reports_the_line_number_too()
    {
        string log = Good + "\n\n" + Tick + "\n";

        Func<Task> act = () => ToListAsync(EventLogJson.ReadAsync(new StringReader(log)));

        (await act.Should().ThrowAsync<EventLogFormatException>().WithMessage("Event log line 2: *blank*")).Which.LineNumber.Should().Be(2);
    }

    [Fact]
    public void An_unknown_type_in_a_log_is_refused_with_its_line()
    {
        string log = Good + "\n" + """{"type":"marginCalled","sequence":2,"time":"2026-11-21T00:00:01+00:00"}""";

        Action act = () => EventLogJson.Read(new StringReader(log)).ToList();

        act.Should().Throw<EventLogFormatException>().WithMessage("Event log line 2: unknown event type \"marginCalled\".")
            .Which.LineNumber.Should().Be(2);
    }

    [Fact]
    public void Null_arguments_are_refused_at_the_call()
    {
        var noEvents = Array.Empty<LiquidationEvent>();
        ((Action)(() => EventLogJson.Write((Stream)null!, noEvents))).Should().Throw<ArgumentNullException>().WithParameterName("utf8Json");
        ((Action)(() => EventLogJson.Write((TextWriter)null!, noEvents))).Should().Throw<ArgumentNullException>().WithParameterName("writer");
        ((Action)(() => EventLogJson.Write(new StringWriter(), null!))).Should().Throw<ArgumentNullException>().WithParameterName("events");
        ((Action)(() => EventLogJson.WriteAsync(new MemoryStream(), null!))).Should().Throw<ArgumentNullException>().WithParameterName("events");
        ((Action)(() => EventLogJson.Read((TextReader)null!))).Should().Throw<ArgumentNullException>().WithParameterName("reader");
        ((Action)(() => EventLogJson.Read((Stream)null!))).Should().Throw<ArgumentNullException>().WithParameterName("utf8Json");
        ((Action)(() => EventLogJson.ReadAsync((TextReader)null!))).Should().Throw<ArgumentNullException>().WithParameterName("reader");
        ((Action)(() => EventLogJson.Serialize(null!))).Should().Throw<ArgumentNullException>().WithParameterName("e");
        ((Action)(() => EventLogJson.Deserialize(null!))).Should().Throw<ArgumentNullException>().WithParameterName("line");
    }

    [Fact]
    public void A_null_event_is_refused_with_its_index()
    {
        using var text = new StringWriter();

        Action act = () => EventLogJson.Write(text, [EventLogJson.Deserialize(Good), null!]);

        act.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*null*got 1*");
    }
    [Fact]
    public async Task The_async_members_honour_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        LiquidationEvent[] events = [EventLogJson.Deserialize(Good)];

        Func<Task> write = () => EventLogJson.WriteAsync(new MemoryStream(), ToAsync(events), cancelled.Token);
        Func<Task> read = () => ToListAsync(EventLogJson.ReadAsync(new StringReader(Good), cancelled.Token));

        await write.Should().ThrowAsync<OperationCanceledException>();
        await read.Should().ThrowAsync<OperationCanceledException>();
    }
}
