using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Serialization;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Serialization;

/// <summary>
/// Random events of every shape round-trip exactly: the same record, and the same text again (so every decimal keeps
/// its value and its scale), for decimals over the whole range, 28–29 significant digits, negatives, any scale.
/// </summary>
public sealed partial class EventLogJsonTests
{
    private static readonly Gen<int> s_int32 =
        from high in Gen.Choose(0, 0xFFFF)
        from low in Gen.Choose(0, 0xFFFF)
        select (high << 16) | low;

    /// <summary>
    /// Any decimal: mostly a full 96-bit mantissa (28 or 29 significant digits) at any scale and sign, sometimes a
    /// short one, sometimes decimal's extremes or a signed zero with trailing zeros.
    /// </summary>
    private static readonly Gen<decimal> s_decimal = Gen.Frequency(
        (6, from lo in s_int32
            from mid in s_int32
            from hi in s_int32
            from negative in Gen.Elements(false, true)
            from scale in Gen.Choose(0, 28)
            select new decimal(lo, mid, hi, negative, (byte)scale)),
        (3, from units in Gen.Choose(-1_000_000, 1_000_000) from scale in Gen.Choose(0, 10) select new decimal(Math.Abs(units), 0, 0, units < 0, (byte)scale)),
        (1, Gen.Elements(decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m, 0.000m, new decimal(0, 0, 0, true, 5))));

    private static readonly Gen<decimal?> s_optionalDecimal = Gen.Frequency((1, Gen.Constant<decimal?>(null)), (3, s_decimal.Select(d => (decimal?)d)));

    private static readonly Gen<long> s_long =
        from high in s_int32
        from low in s_int32
        select ((long)high << 32) | unchecked((uint)low);

    private static readonly Gen<DateTimeOffset> s_time =
        from seconds in Gen.Choose(0, int.MaxValue)
        from ticks in Gen.Choose(0, 9_999_999)
        from offsetMinutes in Gen.Choose(-14 * 60, 14 * 60)
        select new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddSeconds(seconds).AddTicks(ticks), TimeSpan.FromMinutes(offsetMinutes));

    private static readonly Gen<string> s_text = Gen.Elements(
        "BTCUSDT", "ETH-PERP", "x", "ünïcode €", "quote \" backslash \\ slash /", "line\nbreak\r\ttab", "<html>&'+`", "🚀 emoji", "\u0001\u001f control");

    private static readonly Gen<AccountId> s_account = s_long.Select(v => new AccountId(v));

    private static Gen<T> EnumOf<T>()
        where T : struct, Enum => Gen.Elements(Enum.GetValues<T>());

    private static readonly Gen<LiquidationEvent> s_event = Gen.OneOf(
        from seq in s_long
        from t in s_time
        from sym in s_text
        from mark in s_decimal
        from last in s_optionalDecimal
        select (LiquidationEvent)new PriceTicked(seq, t, sym, mark, last),

        from seq in s_long
        from t in s_time
        from a in s_account
        from sym in s_text
        from side in EnumOf<PositionSide>()
        from trigger in s_decimal
        from lp in s_decimal
        select (LiquidationEvent)new LiquidationTriggered(seq, t, a, sym, side, trigger, lp),

        from seq in s_long
        from t in s_time
        from a in s_account
        from id in s_long
        from sym in s_text
        from side in EnumOf<OrderSide>()
        from size in s_decimal
        from price in s_decimal
        from reserved in s_decimal
        select (LiquidationEvent)new OrderCancelled(seq, t, a, new RestingOrder(id, sym, side, size, price, reserved)),

        from seq in s_long
        from t in s_time
        from a in s_account
        from sym in s_text
        from side in EnumOf<OrderSide>()
        from size in s_decimal
        from limit in s_optionalDecimal
        from tif in EnumOf<TimeInForce>()
        from reason in s_text
        from slice in Gen.Elements(false, true)
        select (LiquidationEvent)new LiquidationOrderPlaced(seq, t, a, sym, side, size, limit, tif, reason) { IsSlice = slice },

        from seq in s_long
        from t in s_time
        from a in s_account
        from sym in s_text
        from side in EnumOf<PositionSide>()
        from size in s_decimal
        from price in s_decimal
        from pnl in s_decimal
        from released in s_decimal
        from kind in EnumOf<FillKind>()
        from consumes in Gen.Elements(false, true)
        select (LiquidationEvent)new PositionClosed(seq, t, a, sym, side, size, price, pnl, released, kind) { ConsumesBook = consumes },

        from seq in s_long
        from t in s_time
        from a in s_account
        from sym in s_text
        from side in EnumOf<PositionSide>()
        from amount in s_decimal
        from kind in EnumOf<TransferKind>()
        select (LiquidationEvent)new CollateralTransfer(seq, t, a, sym, side, amount, kind),

        from seq in s_long
        from t in s_time
        from a in s_account
        from vault in s_account
        from sym in s_text
        from side in EnumOf<PositionSide>()
        from size in s_decimal
        from entry in s_decimal
        from margin in s_decimal
        select (LiquidationEvent)new BackstopTransfer(seq, t, a, vault, sym, side, size, entry, margin),

        from seq in s_long
        from t in s_time
        from a in s_account
        from amount in s_decimal
        from sym in s_text
        from side in EnumOf<PositionSide>()
        select (LiquidationEvent)new BadDebtRecorded(seq, t, a, amount, sym, side),

        from seq in s_long
        from t in s_time
        from sym in s_text
        from side in EnumOf<PositionSide>()
        from size in s_decimal
        from price in s_decimal
        from bp in s_decimal
        from pnl in s_decimal
        from kind in EnumOf<FillKind>()
        select (LiquidationEvent)new InsuranceFundTrade(seq, t, sym, side, size, price, bp, pnl, kind),

        from seq in s_long
        from t in s_time
        from sym in s_text
        from rate in s_decimal
        from mark in s_decimal
        select (LiquidationEvent)new FundingRound(seq, t, sym, rate, mark),

        from seq in s_long
        from t in s_time
        from a in s_account
        from sym in s_text
        from side in EnumOf<PositionSide>()
        from amount in s_decimal
        select (LiquidationEvent)new FundingPaid(seq, t, a, sym, side, amount),

        from seq in s_long
        from t in s_time
        from a in s_account
        from sym in s_text
        from side in EnumOf<OrderSide>()
        from size in s_decimal
        from price in s_decimal
        from pnl in s_decimal
        from mode in EnumOf<MarginMode>()
        from leverage in s_decimal
        from hedge in Gen.Elements<PositionSide?>(null, PositionSide.Long, PositionSide.Short)
        from reason in s_text
        select (LiquidationEvent)new OrderFilled(seq, t, a, sym, side, size, price, pnl, mode, leverage, hedge, reason),

        from seq in s_long
        from t in s_time
        from a in s_account
        from amount in s_decimal
        select (LiquidationEvent)new Deposited(seq, t, a, amount),

        from seq in s_long
        from t in s_time
        from a in s_account
        from sym in s_text
        from side in EnumOf<PositionSide>()
        from amount in s_decimal
        select (LiquidationEvent)new IsolatedMarginAdded(seq, t, a, sym, side, amount),

        from seq in s_long
        from t in s_time
        from book in BookGen()
        select (LiquidationEvent)new BookUpdated(seq, t, book));

    /// <summary>A valid book: up to 6 levels a side at prices with up to 8 decimals, bids below asks.</summary>
    private static Gen<OrderBook> BookGen() =>
        from sym in s_text
        from mid in Gen.Choose(100_000, 100_000_000)
        from scale in Gen.Choose(0, 8)
        from bidGaps in Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 5_000), n))
        from askGaps in Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 5_000), n))
        from sizes in Gen.ArrayOf(Gen.Choose(1, 1_000_000), 12)
        select OrderBook.Create(sym, Levels(mid, bidGaps, sizes, scale, -1), Levels(mid, askGaps, sizes[6..], scale, 1));

    private static PriceLevel[] Levels(int mid, int[] gaps, int[] sizes, int scale, int direction)
    {
        var levels = new PriceLevel[gaps.Length];
        long price = mid;
        for (int k = 0; k < gaps.Length; k++)
        {
            price += direction * gaps[k];
            levels[k] = new PriceLevel(new decimal((int)price, 0, 0, false, (byte)scale), new decimal(sizes[k], 0, 0, false, 3));
        }

        return levels;
    }

    [CiProperty(MaxTest = 2_000)]
    public Property A_random_event_round_trips_to_the_same_record_and_the_same_line() =>
        Prop.ForAll(s_event.ToArbitrary(), (LiquidationEvent e) =>
        {
            string line = EventLogJson.Serialize(e);
            LiquidationEvent back = EventLogJson.Deserialize(line);

            line.Should().NotContainAny("\n", "\r");
            line.Should().StartWith("{\"type\":\"");
            back.Should().Be(e);
            EventLogJson.Serialize(back).Should().Be(line, "every decimal keeps its scale and every time its offset");
        });

    [CiProperty(MaxTest = 2_000)]
    public Property Decimals_keep_their_exact_bits_through_a_line() =>
        Prop.ForAll(s_decimal.ToArbitrary(), s_decimal.ToArbitrary(), (decimal amount, decimal pnl) =>
        {
            var e = new PositionClosed(1, s_t1, s_one, "X", PositionSide.Long, amount, 1m, pnl, 0m, FillKind.Book);

            var back = (PositionClosed)EventLogJson.Deserialize(EventLogJson.Serialize(e));

            Bits(back.Size).Should().Equal(Bits(amount == 0m ? Math.Abs(amount) : amount));
            Bits(back.RealizedPnl).Should().Equal(Bits(pnl == 0m ? Math.Abs(pnl) : pnl));
        });

    [CiProperty(MaxTest = 30)]
    public Property A_random_log_streams_through_every_writer_and_reader() =>
        Prop.ForAll(Gen.Choose(0, 400).SelectMany(n => Gen.ArrayOf(s_event, n)).ToArbitrary(), (LiquidationEvent[] events) =>
        {
            using var stream = new MemoryStream();
            EventLogJson.Write(stream, events);
            using var text = new StringWriter();
            EventLogJson.Write(text, events);
            string fromStream = Encoding.UTF8.GetString(stream.ToArray());

            fromStream.Should().Be(text.ToString());
            fromStream.Should().Be(string.Concat(events.Select(e => EventLogJson.Serialize(e) + "\n")));
            EventLogJson.Read(new StringReader(fromStream)).Should().Equal(events);
            stream.Position = 0;
            EventLogJson.Read(stream).Should().Equal(events);
        });

    /// <summary>A decimal's sign, scale and mantissa; a negative zero is compared as zero (JSON has one zero).</summary>
    private static int[] Bits(decimal d) => decimal.GetBits(d);
}
