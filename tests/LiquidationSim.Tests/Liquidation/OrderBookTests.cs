using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// <see cref="OrderBook"/>: walking the book with IOC and FOK orders, limits, partial levels, empty sides, depth,
/// refused input, and FsCheck properties (conservation, limits, price priority, splitting, determinism).
/// </summary>
public sealed class OrderBookTests
{
    private const int Cases = 500;

    /// <summary>
    /// The hand-worked book of the example tests:
    /// bids 99 × 2, 98 × 3, 97 × 5 (10 contracts); asks 101 × 1, 102 × 2, 103 × 4 (7 contracts).
    /// </summary>
    private static readonly PriceLevel[] _bids = [new(99m, 2m), new(98m, 3m), new(97m, 5m)];
    private static readonly PriceLevel[] _asks = [new(101m, 1m), new(102m, 2m), new(103m, 4m)];

    private static OrderBook Book() => OrderBook.Create("BTCUSDT", _bids, _asks);

    // ---------------------------------------------------------------------------------------------------------
    // Walking the book
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Buy 4 at market: 1 @ 101 (level gone), 2 @ 102 (level gone), 1 @ 103 (3 left).
    /// Notional 101 + 204 + 103 = 408; average 408 ÷ 4 = 102; last fill 103.
    /// </summary>
    [Fact]
    public void Ioc_buy_walks_the_asks_from_the_lowest()
    {
        OrderBook book = Book();
        BookExecution e = book.Execute(OrderSide.Buy, 4m, null, TimeInForce.ImmediateOrCancel);

        e.Fills.Should().Equal(new BookFill(101m, 1m), new BookFill(102m, 2m), new BookFill(103m, 1m));
        e.FilledSize.Should().Be(4m);
        e.UnfilledSize.Should().Be(0m);
        e.Notional.Should().Be(408m);
        e.AveragePrice.Should().Be(102m);
        e.LastFillPrice.Should().Be(103m);
        e.Book.Asks.Should().Equal(new PriceLevel(103m, 3m));
        e.Book.BestAsk.Should().Be(103m);
        e.Book.Symbol.Should().Be("BTCUSDT");
        e.Book.Bids.Should().Equal(_bids);
        (e.Book.Bids == book.Bids).Should().BeTrue("the side a buy does not touch is shared, not copied");
        book.Asks.Should().Equal(_asks, "the original book never changes");
    }

    /// <summary>
    /// Sell 6 at market: 2 @ 99, 3 @ 98, 1 @ 97 (4 left). Notional 198 + 294 + 97 = 589; average 589 ÷ 6 = 98.1666…,
    /// which is where decimal division rounds, so the expectation is that same quotient.
    /// </summary>
    [Fact]
    public void Ioc_sell_walks_the_bids_from_the_highest()
    {
        BookExecution e = Book().Execute(OrderSide.Sell, 6m, null, TimeInForce.ImmediateOrCancel);

        e.Fills.Should().Equal(new BookFill(99m, 2m), new BookFill(98m, 3m), new BookFill(97m, 1m));
        e.Notional.Should().Be(589m);
        e.AveragePrice.Should().Be(589m / 6m);
        e.AveragePrice.Should().BeApproximately(98.1667m, 0.0001m);
        e.LastFillPrice.Should().Be(97m);
        e.Book.Bids.Should().Equal(new PriceLevel(97m, 4m));
        e.Book.Asks.Should().Equal(_asks);
    }

    /// <summary>Buy 10 at market against 7 contracts of asks: all 7 fill (101 + 204 + 412 = 717), 3 are cancelled, no asks remain.</summary>
    [Fact]
    public void Ioc_beyond_the_whole_side_fills_the_side_and_cancels_the_rest()
    {
        BookExecution e = Book().Execute(OrderSide.Buy, 10m, null, TimeInForce.ImmediateOrCancel);

        e.FilledSize.Should().Be(7m);
        e.UnfilledSize.Should().Be(3m);
        e.Notional.Should().Be(717m);
        e.AveragePrice.Should().Be(717m / 7m);
        e.Book.Asks.Should().BeEmpty();
        e.Book.BestAsk.Should().BeNull();
        e.Book.MidPrice.Should().BeNull();
        e.Book.BestBid.Should().Be(99m);
    }

    /// <summary>
    /// Buy 10 limit 102: 1 @ 101 and 2 @ 102 (the limit includes its own price), then 103 is beyond the limit: 3 filled,
    /// 7 cancelled, notional 305, 103 × 4 untouched. A limit of 102.5 stops at the same place.
    /// </summary>
    [Theory]
    [InlineData(102)]
    [InlineData(102.5)]
    public void Buy_limit_stops_the_walk(decimal limit)
    {
        BookExecution e = Book().Execute(OrderSide.Buy, 10m, limit, TimeInForce.ImmediateOrCancel);

        e.Fills.Should().Equal(new BookFill(101m, 1m), new BookFill(102m, 2m));
        e.FilledSize.Should().Be(3m);
        e.UnfilledSize.Should().Be(7m);
        e.Notional.Should().Be(305m);
        e.LastFillPrice.Should().Be(102m);
        e.Book.Asks.Should().Equal(new PriceLevel(103m, 4m));
    }

    /// <summary>Sell 10 limit 98: 2 @ 99 and 3 @ 98, not 97. 5 filled, 5 cancelled, notional 198 + 294 = 492.</summary>
    [Fact]
    public void Sell_limit_stops_the_walk()
    {
        BookExecution e = Book().Execute(OrderSide.Sell, 10m, 98m, TimeInForce.ImmediateOrCancel);

        e.Fills.Should().Equal(new BookFill(99m, 2m), new BookFill(98m, 3m));
        e.UnfilledSize.Should().Be(5m);
        e.Notional.Should().Be(492m);
        e.Book.Bids.Should().Equal(new PriceLevel(97m, 5m));
    }

    /// <summary>A buy limited below the best ask (100 &lt; 101) or a sell above the best bid (100 &gt; 99) fills nothing.</summary>
    [Theory]
    [InlineData(OrderSide.Buy, 100)]
    [InlineData(OrderSide.Sell, 100)]
    public void A_limit_the_book_does_not_reach_fills_nothing(OrderSide side, decimal limit)
    {
        OrderBook book = Book();
        BookExecution e = book.Execute(side, 1m, limit, TimeInForce.ImmediateOrCancel);

        e.Fills.Should().BeEmpty();
        e.FilledSize.Should().Be(0m);
        e.UnfilledSize.Should().Be(1m);
        e.Notional.Should().Be(0m);
        e.AveragePrice.Should().BeNull();
        e.LastFillPrice.Should().BeNull();
        e.Book.Should().BeSameAs(book);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Partial and exact level consumption
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>Sell 2.5: 2 @ 99 (level gone), 0.5 @ 98, leaving 98 × 2.5 at the top of the bids.</summary>
    [Fact]
    public void A_partly_taken_level_keeps_its_remaining_size()
    {
        BookExecution e = Book().Execute(OrderSide.Sell, 2.5m, null, TimeInForce.ImmediateOrCancel);

        e.Fills.Should().Equal(new BookFill(99m, 2m), new BookFill(98m, 0.5m));
        e.Book.Bids.Should().Equal(new PriceLevel(98m, 2.5m), new PriceLevel(97m, 5m));
        e.Book.BestBid.Should().Be(98m);
    }

    /// <summary>Sell 0.5 touches only the best level: 99 × 2 becomes 99 × 1.5; nothing else moves.</summary>
    [Fact]
    public void An_order_inside_the_best_level_only_shrinks_it()
    {
        BookExecution e = Book().Execute(OrderSide.Sell, 0.5m, null, TimeInForce.ImmediateOrCancel);

        e.Fills.Should().Equal(new BookFill(99m, 0.5m));
        e.AveragePrice.Should().Be(99m);
        e.Book.Bids.Should().Equal(new PriceLevel(99m, 1.5m), new PriceLevel(98m, 3m), new PriceLevel(97m, 5m));
    }

    /// <summary>Buy 3 exactly exhausts 101 × 1 and 102 × 2: both levels disappear rather than stay with size 0.</summary>
    [Fact]
    public void An_exactly_exhausted_level_disappears()
    {
        BookExecution e = Book().Execute(OrderSide.Buy, 3m, null, TimeInForce.ImmediateOrCancel);

        e.Fills.Should().Equal(new BookFill(101m, 1m), new BookFill(102m, 2m));
        e.Book.Asks.Should().Equal(new PriceLevel(103m, 4m));
        e.Book.Asks.Should().OnlyContain(l => l.Size > 0m);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fill or kill
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>FOK buy 3 limit 102: the 3 contracts at or below 102 are exactly enough, so it fills like an IOC.</summary>
    [Fact]
    public void Fok_fills_when_the_book_within_the_limit_holds_the_whole_size()
    {
        OrderBook book = Book();
        BookExecution fok = book.Execute(OrderSide.Buy, 3m, 102m, TimeInForce.FillOrKill);

        fok.FilledSize.Should().Be(3m);
        fok.UnfilledSize.Should().Be(0m);
        fok.Notional.Should().Be(305m);
        fok.Should().Be(book.Execute(OrderSide.Buy, 3m, 102m, TimeInForce.ImmediateOrCancel));
    }

    /// <summary>
    /// FOK buy 4 limit 102 (3 available) and FOK sell 11 at market (10 available) are killed: no fills, the same
    /// book, the whole size unfilled. The same orders as IOC would have filled 3 and 10.
    /// </summary>
    [Theory]
    [InlineData(OrderSide.Buy, 4, 102)]
    [InlineData(OrderSide.Sell, 11, null)]
    public void Fok_that_cannot_fill_entirely_fills_nothing_and_leaves_the_book(OrderSide side, decimal size, object? limit)
    {
        decimal? limitPrice = limit is null ? null : Convert.ToDecimal(limit, CultureInfo.InvariantCulture);
        OrderBook book = Book();
        BookExecution e = book.Execute(side, size, limitPrice, TimeInForce.FillOrKill);

        e.Fills.Should().BeEmpty();
        e.FilledSize.Should().Be(0m);
        e.UnfilledSize.Should().Be(size);
        e.AveragePrice.Should().BeNull();
        e.LastFillPrice.Should().BeNull();
        e.Book.Should().BeSameAs(book);
        e.Book.Bids.Should().Equal(_bids);
        e.Book.Asks.Should().Equal(_asks);
        book.Execute(side, size, limitPrice, TimeInForce.ImmediateOrCancel).FilledSize.Should().BePositive();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Empty sides, top of book, depth
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void An_empty_side_fills_nothing_and_the_other_side_still_trades()
    {
        OrderBook book = OrderBook.Create("ETHUSDT", _bids, []);

        book.BestAsk.Should().BeNull();
        book.MidPrice.Should().BeNull();
        book.Depth(OrderSide.Buy, null).Should().Be(0m);
        foreach (TimeInForce tif in new[] { TimeInForce.ImmediateOrCancel, TimeInForce.FillOrKill })
        {
            BookExecution buy = book.Execute(OrderSide.Buy, 1m, null, tif);
            buy.Fills.Should().BeEmpty();
            buy.UnfilledSize.Should().Be(1m);
            buy.Book.Should().BeSameAs(book);
        }

        book.Execute(OrderSide.Sell, 1m, null, TimeInForce.FillOrKill).Fills.Should().Equal(new BookFill(99m, 1m));
    }

    [Fact]
    public void A_book_with_no_levels_at_all_is_valid()
    {
        OrderBook book = OrderBook.Create("X", [], []);

        book.Bids.Should().BeEmpty();
        book.Asks.Should().BeEmpty();
        book.BestBid.Should().BeNull();
        book.Depth(OrderSide.Sell, null).Should().Be(0m);
        book.Execute(OrderSide.Sell, 5m, null, TimeInForce.ImmediateOrCancel).UnfilledSize.Should().Be(5m);
    }

    /// <summary>Best bid 99, best ask 101, mid (99 + 101) ÷ 2 = 100; with 99 and 100 the mid is 99.5.</summary>
    [Fact]
    public void Top_of_book()
    {
        OrderBook book = Book();
        book.BestBid.Should().Be(99m);
        book.BestAsk.Should().Be(101m);
        book.MidPrice.Should().Be(100m);
        OrderBook.Create("X", [new(99m, 1m)], [new(100m, 1m)]).MidPrice.Should().Be(99.5m);
    }

    /// <summary>
    /// Asks 101 × 1, 102 × 2, 103 × 4: a buyer sees 7 in all, 3 up to 102, 1 up to 101.99, none up to 100.
    /// Bids 99 × 2, 98 × 3, 97 × 5: a seller sees 10 in all, 5 down to 98, 10 down to 1, none down to 99.5.
    /// </summary>
    [Theory]
    [InlineData(OrderSide.Buy, null, 7)]
    [InlineData(OrderSide.Buy, 103, 7)]
    [InlineData(OrderSide.Buy, 102, 3)]
    [InlineData(OrderSide.Buy, 101.99, 1)]
    [InlineData(OrderSide.Buy, 100, 0)]
    [InlineData(OrderSide.Sell, null, 10)]
    [InlineData(OrderSide.Sell, 98, 5)]
    [InlineData(OrderSide.Sell, 1, 10)]
    [InlineData(OrderSide.Sell, 99.5, 0)]
    public void Depth_counts_the_contracts_a_taker_reaches_within_the_limit(OrderSide side, object? limit, decimal expected)
    {
        decimal? limitPrice = limit is null ? null : Convert.ToDecimal(limit, CultureInfo.InvariantCulture);
        Book().Depth(side, limitPrice).Should().Be(expected);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Construction: copies, equality
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void The_book_copies_the_callers_levels()
    {
        PriceLevel[] asks = [new(101m, 1m), new(102m, 2m)];
        OrderBook book = OrderBook.Create("X", [], asks);
        asks[0] = new PriceLevel(50m, 9m);

        book.Asks[0].Should().Be(new PriceLevel(101m, 1m), "a later change to the caller's array must not reach an immutable book");
    }

    [Fact]
    public void Books_and_executions_compare_by_value()
    {
        OrderBook a = Book();
        OrderBook b = OrderBook.Create("BTCUSDT", _bids.ToList(), _asks.ToImmutableArray());

        a.Should().NotBeSameAs(b);
        (a == b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Execute(OrderSide.Buy, 2.5m, null, TimeInForce.ImmediateOrCancel)
            .Should().Be(b.Execute(OrderSide.Buy, 2.5m, null, TimeInForce.ImmediateOrCancel));

        (a == OrderBook.Create("ETHUSDT", _bids, _asks)).Should().BeFalse("the symbol is part of the book");
        (a == OrderBook.Create("BTCUSDT", _bids, _asks[..2])).Should().BeFalse();
        (a != a.Execute(OrderSide.Sell, 0.1m, null, TimeInForce.ImmediateOrCancel).Book).Should().BeTrue();
        a.ToString().Should().Be("BTCUSDT 3 bids 99 / 101 3 asks");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Refused input
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("  ", "\"  \"")]
    public void Create_refuses_a_blank_symbol(string symbol, string shown) =>
        FluentActions.Invoking(() => OrderBook.Create(symbol, _bids, _asks)).ShouldRefuse("symbol", shown);

    [Fact]
    public void Create_refuses_missing_sides()
    {
        FluentActions.Invoking(() => OrderBook.Create("X", null!, _asks)).Should().Throw<ArgumentNullException>().WithParameterName("bids");
        FluentActions.Invoking(() => OrderBook.Create("X", _bids, default(ImmutableArray<PriceLevel>)))
            .Should().Throw<ArgumentNullException>().WithParameterName("asks");
    }

    public static TheoryData<PriceLevel[], PriceLevel[], string, string> BadBooks => new()
    {
        // Out of order: a bid above the one before it; an ask below the one before it.
        { [new(99m, 1m), new(100m, 1m)], [], "bids[1].Price", "100" },
        { [], [new(101m, 1m), new(103m, 1m), new(102m, 1m)], "asks[2].Price", "102" },

        // Equal prices: two levels at one price is not strictly ordered.
        { [new(99m, 1m), new(98m, 1m), new(98m, 2m)], [], "bids[2].Price", "98" },
        { [], [new(101m, 1m), new(101m, 1m)], "asks[1].Price", "101" },

        // Non-positive prices and sizes, named by element.
        { [new(99m, 1m), new(98m, 1m), new(97m, 1m), new(0m, 1m)], [], "bids[3].Price", "0" },
        { [new(-1m, 1m)], [], "bids[0].Price", "-1" },
        { [], [new(101m, 1m), new(102m, -2m)], "asks[1].Size", "-2" },
        { [new(99m, 0m)], [], "bids[0].Size", "0" },

        // Crossed (best ask below best bid) and locked (equal): the ask is named.
        { [new(101m, 1m)], [new(100m, 1m)], "asks[0].Price", "100" },
        { [new(100m, 1m), new(99m, 1m)], [new(100m, 1m)], "asks[0].Price", "100" },

        // Σ price × size of a side beyond decimal's ~7.9e28: execution could overflow, so the book is refused.
        { [], [new(1e15m, 1e15m)], "asks[0].Size", "1000000000000000" },
    };

    [Theory]
    [MemberData(nameof(BadBooks))]
    public void Create_refuses_a_malformed_book(PriceLevel[] bids, PriceLevel[] asks, string paramName, string shown) =>
        FluentActions.Invoking(() => OrderBook.Create("X", bids, asks)).ShouldRefuse(paramName, shown);

    [Fact]
    public void Execute_and_depth_refuse_bad_orders_and_leave_the_book_as_it_was()
    {
        OrderBook book = Book();
        FluentActions.Invoking(() => book.Execute(OrderSide.Buy, 0m, null, TimeInForce.ImmediateOrCancel)).ShouldRefuse("size", "0");
        FluentActions.Invoking(() => book.Execute(OrderSide.Sell, -1m, null, TimeInForce.FillOrKill)).ShouldRefuse("size", "-1");
        FluentActions.Invoking(() => book.Execute(OrderSide.Buy, 1m, 0m, TimeInForce.ImmediateOrCancel)).ShouldRefuse("limitPrice", "0");
        FluentActions.Invoking(() => book.Execute(OrderSide.Sell, 1m, -5m, TimeInForce.ImmediateOrCancel)).ShouldRefuse("limitPrice", "-5");
        FluentActions.Invoking(() => book.Execute((OrderSide)0, 1m, null, TimeInForce.ImmediateOrCancel)).ShouldRefuse("side", "0");
        FluentActions.Invoking(() => book.Execute(OrderSide.Buy, 1m, null, (TimeInForce)7)).ShouldRefuse("timeInForce", "7");
        FluentActions.Invoking(() => book.Depth((OrderSide)2, null)).ShouldRefuse("takerSide", "2");
        FluentActions.Invoking(() => book.Depth(OrderSide.Sell, 0m)).ShouldRefuse("limitPrice", "0");

        book.Bids.Should().Equal(_bids);
        book.Asks.Should().Equal(_asks);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Properties. Books sit on a 0.5 grid around 1,000 (bids below, asks above, never crossed), 0–8 levels a side,
    // sizes 0.001–5; prices and sizes are short enough that every product and sum is exact in decimal, so the
    // properties can demand equality. Orders: either side, sizes from tiny to beyond the side, sometimes exactly a
    // run of whole levels, limits on the same grid (so some land exactly on a level) or none.
    // ---------------------------------------------------------------------------------------------------------

    private static Property Run<T>(Gen<T> gen, Action<T> property) =>
        Prop.ForAll(gen.ToArbitrary(), property);

    /// <summary>An order against a book, printed in full when a property fails.</summary>
    public sealed record OrderCase(OrderBook Book, OrderSide Side, decimal Size, decimal? Limit, TimeInForce Tif)
    {
        public ImmutableArray<PriceLevel> Consumed => Side == OrderSide.Buy ? Book.Asks : Book.Bids;

        public BookExecution Run() => Book.Execute(Side, Size, Limit, Tif);

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Side} {Size} limit {Limit?.ToString(CultureInfo.InvariantCulture) ?? "none"} {Tif}; bids [{string.Join(", ", Book.Bids)}] asks [{string.Join(", ", Book.Asks)}]");
    }

    private static Gen<PriceLevel[]> SideOf(int direction) =>
        from count in Gen.Choose(0, 8)
        from gaps in Gen.ArrayOf(Gen.Choose(1, 3), count)
        from sizes in Gen.ArrayOf(Gen.Choose(1, 5_000).Select(i => i / 1_000m), count)
        select Levels(direction, gaps, sizes);

    private static PriceLevel[] Levels(int direction, int[] gaps, decimal[] sizes)
    {
        var levels = new PriceLevel[gaps.Length];
        decimal price = 1_000m;
        for (int i = 0; i < levels.Length; i++)
        {
            price += direction * gaps[i] * 0.5m;
            levels[i] = new PriceLevel(price, sizes[i]);
        }

        return levels;
    }

    private static readonly Gen<OrderBook> _books =
        from bids in SideOf(-1)
        from asks in SideOf(+1)
        select OrderBook.Create("TEST", bids, asks);

    private static readonly Gen<decimal?> _limits = Gen.Frequency(
        (1, Gen.Constant<decimal?>(null)),
        (2, Gen.Choose(-24, 24).Select(i => (decimal?)(1_000m + (i * 0.5m)))));

    /// <summary>A size for an order taking from <paramref name="side"/>: arbitrary, or exactly its first k levels.</summary>
    private static Gen<decimal> SizeFor(ImmutableArray<PriceLevel> side) => Gen.Frequency(
        (3, Gen.Choose(1, 30_000).Select(i => i / 1_000m)),
        (1, Gen.Choose(1, Math.Max(1, side.Length)).Select(k => side.IsEmpty ? 1m : side.Take(k).Sum(l => l.Size))));

    private static readonly Gen<OrderCase> _orders =
        from book in _books
        from side in Gen.Elements(OrderSide.Buy, OrderSide.Sell)
        from size in SizeFor(side == OrderSide.Buy ? book.Asks : book.Bids)
        from limit in _limits
        from tif in Gen.Elements(TimeInForce.ImmediateOrCancel, TimeInForce.FillOrKill)
        select new OrderCase(book, side, size, limit, tif);

    private static bool WithinLimit(OrderSide side, decimal price, decimal? limit) =>
        limit is not decimal l || (side == OrderSide.Buy ? price <= l : price >= l);

    /// <summary>The properties below only mean something if the generated orders reach every outcome.</summary>
    [Fact]
    public void Generated_orders_reach_every_outcome()
    {
        OrderCase[] sample = Gen.Sample(_orders, 3_000);
        var outcomes = sample.Select(c => (Case: c, Result: c.Run())).ToList();

        outcomes.Should().Contain(o => o.Case.Tif == TimeInForce.FillOrKill && o.Result.FilledSize == 0m
            && o.Case.Book.Depth(o.Case.Side, o.Case.Limit) > 0m, "some FOK orders must be killed by a book that holds some but not all");
        outcomes.Should().Contain(o => o.Case.Tif == TimeInForce.FillOrKill && o.Result.FilledSize == o.Case.Size && o.Result.Fills.Length > 1);
        outcomes.Should().Contain(o => o.Case.Tif == TimeInForce.ImmediateOrCancel && o.Result.FilledSize > 0m && o.Result.UnfilledSize > 0m);
        outcomes.Should().Contain(o => o.Result.Fills.IsEmpty && o.Case.Consumed.Length > 0, "some limits must not reach the best level");
        outcomes.Should().Contain(o => o.Case.Consumed.IsEmpty, "some orders must meet an empty side");
        outcomes.Should().Contain(
            o => o.Result.Fills.Length > 0 && o.Result.UnfilledSize == 0m
                && o.Result.Fills[o.Result.Fills.Length - 1].Size == o.Case.Consumed[o.Result.Fills.Length - 1].Size,
            "some orders must end exactly at a level boundary");
        outcomes.Should().Contain(
            o => o.Result.Fills.Length > 0
                && o.Result.Fills[o.Result.Fills.Length - 1].Size < o.Case.Consumed[o.Result.Fills.Length - 1].Size,
            "some orders must leave a partly taken level");
    }

    /// <summary>
    /// FilledSize + UnfilledSize = size; Σ fill sizes = FilledSize; the consumed side's resting size before = after +
    /// FilledSize; the other side is untouched; Notional = Σ price × size and AveragePrice = Notional ÷ FilledSize.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Size_is_conserved() => Run(_orders, c =>
    {
        BookExecution e = c.Run();
        ImmutableArray<PriceLevel> after = c.Side == OrderSide.Buy ? e.Book.Asks : e.Book.Bids;

        (e.FilledSize + e.UnfilledSize).Should().Be(c.Size);
        e.Fills.Sum(f => f.Size).Should().Be(e.FilledSize);
        c.Consumed.Sum(l => l.Size).Should().Be(after.Sum(l => l.Size) + e.FilledSize);
        (c.Side == OrderSide.Buy ? e.Book.Bids : e.Book.Asks).Should().Equal(c.Side == OrderSide.Buy ? c.Book.Bids : c.Book.Asks);
        e.Fills.Should().NotContain(f => f.Size <= 0m);
        after.Should().NotContain(l => l.Size <= 0m, "an exhausted level disappears");
        e.Notional.Should().Be(e.Fills.Sum(f => f.Price * f.Size));
        if (e.FilledSize == 0m)
        {
            e.AveragePrice.Should().BeNull();
            e.LastFillPrice.Should().BeNull();
        }
        else
        {
            e.AveragePrice.Should().Be(e.Notional / e.FilledSize);
            e.LastFillPrice.Should().Be(e.Fills[^1].Price);
        }
    });

    /// <summary>No fill is priced beyond the limit, and so neither is the average.</summary>
    [CiProperty(MaxTest = Cases)]
    public Property No_fill_beyond_the_limit() => Run(_orders.Where(c => c.Limit is not null), c =>
    {
        BookExecution e = c.Run();

        e.Fills.Should().NotContain(f => !WithinLimit(c.Side, f.Price, c.Limit));
        if (e.AveragePrice is decimal average)
        {
            WithinLimit(c.Side, average, c.Limit).Should().BeTrue();
        }
    });

    /// <summary>
    /// Fills follow price priority: fill i is at level i's price, every fill but the last takes its whole level, prices
    /// strictly improve for the book (rise for a buy, fall for a sell), and the side left behind is the untouched
    /// suffix, headed by what remains of the last level. An IOC that leaves size unfilled has taken everything it
    /// could reach.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Fills_follow_price_priority() => Run(_orders, c =>
    {
        BookExecution e = c.Run();
        ImmutableArray<PriceLevel> before = c.Consumed;
        ImmutableArray<PriceLevel> after = c.Side == OrderSide.Buy ? e.Book.Asks : e.Book.Bids;
        int n = e.Fills.Length;

        for (int i = 0; i < n; i++)
        {
            e.Fills[i].Price.Should().Be(before[i].Price);
            if (i < n - 1)
            {
                e.Fills[i].Size.Should().Be(before[i].Size);
            }
        }

        if (n > 0)
        {
            decimal left = before[n - 1].Size - e.Fills[^1].Size;
            var expected = (left > 0m ? new[] { before[n - 1] with { Size = left } } : []).Concat(before.Skip(n));
            after.Should().Equal(expected);
        }
        else
        {
            after.Should().Equal(before);
        }

        if (c.Tif == TimeInForce.ImmediateOrCancel && e.UnfilledSize > 0m)
        {
            e.Book.Depth(c.Side, c.Limit).Should().Be(0m, "an IOC cancels only what the book within its limit could not fill");
            e.FilledSize.Should().Be(c.Book.Depth(c.Side, c.Limit));
        }
    });

    /// <summary>
    /// FOK is all or nothing: it fills the whole size exactly when the depth within the limit covers it (and then
    /// agrees with the IOC), and otherwise returns the same book, no fills and the whole size unfilled.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Fok_is_all_or_nothing() => Run(_orders.Select(c => c with { Tif = TimeInForce.FillOrKill }), c =>
    {
        BookExecution e = c.Run();

        if (c.Book.Depth(c.Side, c.Limit) >= c.Size)
        {
            e.FilledSize.Should().Be(c.Size);
            e.Should().Be(c.Book.Execute(c.Side, c.Size, c.Limit, TimeInForce.ImmediateOrCancel));
        }
        else
        {
            e.Book.Should().BeSameAs(c.Book);
            e.Fills.Should().BeEmpty();
            e.FilledSize.Should().Be(0m);
            e.UnfilledSize.Should().Be(c.Size);
        }
    });

    /// <summary>Merges consecutive fills at one price, as a split order touches the level it stopped in twice.</summary>
    private static List<BookFill> Merge(IEnumerable<BookFill> fills)
    {
        var merged = new List<BookFill>();
        foreach (BookFill f in fills)
        {
            if (merged.Count > 0 && merged[^1].Price == f.Price)
            {
                merged[^1] = merged[^1] with { Size = merged[^1].Size + f.Size };
            }
            else
            {
                merged.Add(f);
            }
        }

        return merged;
    }

    private static readonly Gen<(OrderCase Case, decimal First, decimal Second)> _splits =
        from c in _orders
        from first in SizeFor(c.Consumed)
        from second in SizeFor(c.Consumed)
        select (c with { Tif = TimeInForce.ImmediateOrCancel }, first, second);

    /// <summary>
    /// IOC market orders A then B against the book A leaves behind end where one order of A + B ends: the same book,
    /// the same filled, unfilled and notional totals, and the same fills once the level A stopped in is merged.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Splitting_an_ioc_market_order_changes_nothing() => Run(_splits, s =>
    {
        OrderBook book = s.Case.Book;
        OrderSide side = s.Case.Side;
        BookExecution a = book.Execute(side, s.First, null, TimeInForce.ImmediateOrCancel);
        BookExecution b = a.Book.Execute(side, s.Second, null, TimeInForce.ImmediateOrCancel);
        BookExecution whole = book.Execute(side, s.First + s.Second, null, TimeInForce.ImmediateOrCancel);

        b.Book.Should().Be(whole.Book);
        (a.FilledSize + b.FilledSize).Should().Be(whole.FilledSize);
        (a.UnfilledSize + b.UnfilledSize).Should().Be(whole.UnfilledSize);
        (a.Notional + b.Notional).Should().Be(whole.Notional);
        Merge(a.Fills.Concat(b.Fills)).Should().Equal(whole.Fills);
    });

    /// <summary>The same holds for IOC orders that share a limit: the second picks up exactly where the first stopped.</summary>
    [CiProperty(MaxTest = Cases)]
    public Property Splitting_an_ioc_limit_order_changes_nothing() => Run(_splits.Where(s => s.Case.Limit is not null), s =>
    {
        OrderCase c = s.Case;
        BookExecution a = c.Book.Execute(c.Side, s.First, c.Limit, TimeInForce.ImmediateOrCancel);
        BookExecution b = a.Book.Execute(c.Side, s.Second, c.Limit, TimeInForce.ImmediateOrCancel);
        BookExecution whole = c.Book.Execute(c.Side, s.First + s.Second, c.Limit, TimeInForce.ImmediateOrCancel);

        b.Book.Should().Be(whole.Book);
        (a.FilledSize + b.FilledSize).Should().Be(whole.FilledSize);
        Merge(a.Fills.Concat(b.Fills)).Should().Equal(whole.Fills);
    });

    /// <summary>Every decimal of an execution by its bits (scale included), so "equal" below means bit-identical.</summary>
    private static string Fingerprint(BookExecution e)
    {
        var text = new StringBuilder();
        void Add(decimal? d) => text.Append(d is decimal v ? string.Join('.', decimal.GetBits(v)) : "null").Append('|');
        foreach (BookFill f in e.Fills)
        {
            Add(f.Price);
            Add(f.Size);
        }

        text.Append("||");
        foreach (PriceLevel l in e.Book.Bids.Concat(e.Book.Asks))
        {
            Add(l.Price);
            Add(l.Size);
        }

        Add(e.FilledSize);
        Add(e.UnfilledSize);
        Add(e.AveragePrice);
        Add(e.LastFillPrice);
        Add(e.Notional);
        return text.ToString();
    }

    /// <summary>The same order against the same book, or against an equal book built afresh, gives bit-identical results.</summary>
    [CiProperty(MaxTest = Cases)]
    public Property Execution_is_deterministic() => Run(_orders, c =>
    {
        OrderBook rebuilt = OrderBook.Create(c.Book.Symbol, c.Book.Bids.ToArray(), c.Book.Asks.ToArray());
        BookExecution first = c.Run();
        BookExecution again = c.Run();
        BookExecution elsewhere = rebuilt.Execute(c.Side, c.Size, c.Limit, c.Tif);

        Fingerprint(again).Should().Be(Fingerprint(first));
        Fingerprint(elsewhere).Should().Be(Fingerprint(first));
        elsewhere.Should().Be(first);
        elsewhere.GetHashCode().Should().Be(first.GetHashCode());
    });
}
