using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Serialization;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Serialization;

/// <summary>Real engine logs written as JSON Lines read back equal, and replay to the live engine's state.</summary>
public sealed partial class EventLogJsonTests
{
    /// <summary>
    /// A full-takeover venue with a fund of 10 and a thin book (as in the engine's "fund runs dry" test): the long
    /// (which also rests a reducing order) is liquidated, the fund buys part of the book and hands the rest to ADL
    /// against the shorts; funding rounds run before and after.
    /// </summary>
    private static (LiquidationEngine Engine, Instrument Instrument) LiquidationWithAdlAndFunding()
    {
        Instrument inst = TestInstruments.LinearFlat(0.01m, maxLeverage: 50m, tick: 0.1m, lot: 1m);
        VenueProfile full = VenueProfile.BitMex with { Policy = LiquidationPolicy.Full, MarginModel = LiquidationSim.Margin.MarginModel.Binance };
        Account longWithOrder = EngineScenarios.Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)
            .Deposit(120m)
            .PlaceOrder(inst, OrderSide.Sell, 10m, 120m, 10m, 7);
        LiquidationEngine engine = EngineScenarios.Engine(
            full,
            inst,
            100m,
            10m,
            [new PriceLevel(89m, 3m), new PriceLevel(85m, 10m)],
            [new PriceLevel(101m, 5m)],
            (1, longWithOrder),
            (2, EngineScenarios.Isolated(inst, PositionSide.Short, 3m, 100m, 10m, 30m)),
            (3, EngineScenarios.Isolated(inst, PositionSide.Short, 5m, 95m, 5m, 95m)),
            (4, EngineScenarios.Isolated(inst, PositionSide.Short, 2m, 120m, 10m, 24m)),
            (5, EngineScenarios.Cross(500m, (inst, PositionSide.Long, 1m, 99m, 5m))));

        DateTimeOffset t0 = EngineScenarios.T0;
        engine.OnPriceTick(inst.Symbol, 95m, t0.AddSeconds(1));
        engine.OnFunding(inst.Symbol, 0.0001m, t0.AddHours(8));
        engine.OnPriceTick(inst.Symbol, 90.5m, t0.AddHours(8).AddSeconds(1));
        engine.OnFunding(inst.Symbol, -0.000125m, t0.AddHours(16));
        return (engine, inst);
    }

    /// <summary>
    /// Binance's policy (2% flat maintenance, so the 1.25% clearance fee is affordable): a cross long's IOC fills on
    /// the book with the clearance fee to the fund, the rest is taken over and sold by the fund, then a funding round.
    /// </summary>
    private static (LiquidationEngine Engine, Instrument Instrument) BookLiquidationWithClearanceFee()
    {
        Instrument inst = TestInstruments.LinearFlat(0.02m, maxLeverage: 25m, tick: 0.1m, lot: 1m);
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Binance,
            inst,
            100m,
            1_000m,
            [new PriceLevel(96.2m, 10m), new PriceLevel(96.0m, 5m), new PriceLevel(95.5m, 500m)],
            [new PriceLevel(101m, 50m)],
            (1, EngineScenarios.Cross(110m, (inst, PositionSide.Long, 20m, 100m, 20m))),
            (2, EngineScenarios.Cross(5_000m, (inst, PositionSide.Short, 20m, 100m, 5m))));

        DateTimeOffset t0 = EngineScenarios.T0;
        engine.OnPriceTick(inst.Symbol, 96.3m, t0.AddSeconds(1));
        engine.OnFunding(inst.Symbol, 0.0003m, t0.AddHours(8));
        return (engine, inst);
    }

    private static (LiquidationEngine Engine, Instrument Instrument) Scenario(string name) => name switch
    {
        "adl" => LiquidationWithAdlAndFunding(),
        "book" => BookLiquidationWithClearanceFee(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scenario"),
    };

    [Fact]
    public void The_two_scenarios_exercise_the_liquidation_waterfall()
    {
        LiquidationEvent[] events = [.. Scenario("adl").Engine.Events, .. Scenario("book").Engine.Events];

        events.Select(e => e.GetType().Name).Distinct().Should().Contain(
            [
                nameof(PriceTicked), nameof(LiquidationTriggered), nameof(OrderCancelled), nameof(LiquidationOrderPlaced), nameof(PositionClosed),
                nameof(CollateralTransfer), nameof(InsuranceFundTrade), nameof(FundingRound), nameof(FundingPaid),
            ]);
        events.OfType<PositionClosed>().Select(c => c.Kind).Should().Contain([FillKind.Book, FillKind.AdlCounterparty]);
        events.OfType<PositionClosed>().Should().Contain(c => c.ConsumesBook);
    }

    [Theory]
    [InlineData("adl")]
    [InlineData("book")]
    public void A_real_log_round_trips_and_replays_to_the_live_state(string scenario)
    {
        (LiquidationEngine engine, Instrument inst) = Scenario(scenario);

        using var stream = new MemoryStream();
        EventLogJson.Write(stream, engine.Events);
        string text = Encoding.UTF8.GetString(stream.ToArray());
        List<LiquidationEvent> read = [.. EventLogJson.Read(new StringReader(text))];

        text.Split('\n').Should().HaveCount(engine.Events.Count + 1).And.HaveElementAt(engine.Events.Count, string.Empty);
        read.Should().Equal(engine.Events);
        LiquidationEngine replayed = LiquidationEngine.Replay(engine, read);
        EngineSnapshotState.Of(replayed, [inst.Symbol]).Should().Be(EngineSnapshotState.Of(engine, [inst.Symbol]));
        replayed.TotalValue.Should().Be(engine.TotalValue);
    }

    [Fact]
    public async Task A_real_log_streams_through_the_async_writer_and_reader()
    {
        (LiquidationEngine engine, Instrument inst) = LiquidationWithAdlAndFunding();

        using var stream = new MemoryStream();
        await EventLogJson.WriteAsync(stream, ToAsync(engine.Events), TestContext.Current.CancellationToken);
        stream.Position = 0;
        List<LiquidationEvent> read = await ToListAsync(EventLogJson.ReadAsync(stream, TestContext.Current.CancellationToken));

        read.Should().Equal(engine.Events);
        EngineSnapshotState.Of(LiquidationEngine.Replay(engine, read), [inst.Symbol]).Should().Be(EngineSnapshotState.Of(engine, [inst.Symbol]));
    }

    /// <summary>
    /// Over generated engine runs (every venue profile, isolated and cross, linear and inverse, resting orders, thin
    /// and one-sided books), the log read back from JSON Lines equals the live log and replays to the live state.
    /// </summary>
    [CiProperty(MaxTest = 200)]
    public Property Generated_engine_logs_round_trip_and_replay_to_the_live_state() =>
        Prop.ForAll(EngineCases.Any.ToArbitrary(), (EngineCase c) =>
        {
            LiquidationEngine engine = c.Build();
            _ = c.RunUntilThrow(engine);
            string[] symbols = [.. c.Symbols.Select(s => s.Instrument.Symbol)];

            using var text = new StringWriter();
            EventLogJson.Write(text, engine.Events);
            List<LiquidationEvent> read = [.. EventLogJson.Read(new StringReader(text.ToString()))];

            read.Should().Equal(engine.Events);
            EngineSnapshotState.Of(LiquidationEngine.Replay(engine, read), symbols).Should().Be(EngineSnapshotState.Of(engine, symbols));
        });
}
