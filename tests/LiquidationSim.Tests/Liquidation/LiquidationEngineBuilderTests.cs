using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>The engine builder: each call checks its own arguments and leaves the builder unchanged when it refuses.</summary>
public sealed class LiquidationEngineBuilderTests
{
    private static readonly DateTimeOffset s_t0 = EngineScenarios.T0;
    private static readonly Instrument s_btc = EngineScenarios.Linear("BTCUSDT", 0.01m);
    private static readonly Instrument s_eth = EngineScenarios.Linear("ETHUSDT", 0.01m);

    private static OrderBook Book(Instrument i) => OrderBook.Create(i.Symbol, [new PriceLevel(99m, 10m)], [new PriceLevel(101m, 10m)]);

    // A 10x isolated long of 1 at 100 with margin 10: liquidation where 10 + (p − 100) = 0.01·p, p = 90 / 0.99 = 90.909…
    private static Account Long() => EngineScenarios.Isolated(s_btc, PositionSide.Long, 1m, 100m, 10m, 10m);

    [Fact]
    public void A_built_engine_holds_what_was_added()
    {
        LiquidationEngine engine = LiquidationEngine.CreateBuilder(VenueProfile.Binance, s_t0)
            .AddInstrument(s_btc, 100m, Book(s_btc))
            .AddInstrument(s_eth, 50m, Book(s_eth))
            .AddAccount(new AccountId(7), Long())
            .WithInsuranceFund(250m)
            .Build();

        engine.InsuranceFund.Should().Be(250m);
        engine.Time.Should().Be(s_t0);
        engine.AccountIds.Should().Contain(new AccountId(7));
        engine.GetAccount(new AccountId(7)).Positions.Should().ContainSingle().Which.Size.Should().Be(1m);

        // The opening marks were taken per symbol: a tick to 91 leaves the long alone, 90.9 liquidates it.
        engine.OnPriceTick("BTCUSDT", 91m, s_t0.AddSeconds(1)).LiquidatedAccounts.Should().BeEmpty();
        engine.OnPriceTick("BTCUSDT", 90.9m, s_t0.AddSeconds(2)).LiquidatedAccounts.Should().Equal(new AccountId(7));
    }

    [Fact]
    public void A_symbol_added_twice_is_refused_naming_it_and_the_first_stays()
    {
        LiquidationEngineBuilder builder = LiquidationEngine.CreateBuilder(VenueProfile.Binance, s_t0).AddInstrument(s_btc, 100m, Book(s_btc));

        Action again = () => builder.AddInstrument(s_btc, 200m, Book(s_btc));

        again.Should().Throw<ArgumentException>().Where(e => e.ParamName == "instrument" && e.Message.Contains("BTCUSDT"));
        builder.AddAccount(new AccountId(1), Long()).Build().MarkPrice("BTCUSDT").Should().Be(100m);
    }

    [Fact]
    public void A_book_of_another_symbol_is_refused()
    {
        Action wrong = () => LiquidationEngine.CreateBuilder(VenueProfile.Binance, s_t0).AddInstrument(s_btc, 100m, Book(s_eth));

        wrong.Should().Throw<ArgumentException>().Where(e => e.ParamName == "book" && e.Message.Contains("ETHUSDT"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_mark_that_is_not_positive_is_refused(string mark)
    {
        Action bad = () => LiquidationEngine.CreateBuilder(VenueProfile.Binance, s_t0).AddInstrument(s_btc, decimal.Parse(mark, System.Globalization.CultureInfo.InvariantCulture), Book(s_btc));

        bad.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "markPrice");
    }

    [Fact]
    public void A_negative_fund_is_refused()
    {
        Action bad = () => LiquidationEngine.CreateBuilder(VenueProfile.Binance, s_t0).WithInsuranceFund(-1m);

        bad.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "balance");
    }

    [Fact]
    public void A_repeated_account_id_is_refused_and_a_refused_batch_adds_nothing()
    {
        LiquidationEngineBuilder builder = LiquidationEngine.CreateBuilder(VenueProfile.Binance, s_t0)
            .AddInstrument(s_btc, 100m, Book(s_btc))
            .AddAccount(new AccountId(1), Long());

        Action single = () => builder.AddAccount(new AccountId(1), Long());
        Action batch = () => builder.AddAccounts([new(new AccountId(2), Long()), new(new AccountId(2), Long())]);

        single.Should().Throw<ArgumentException>().Where(e => e.ParamName == "id" && e.Message.Contains('1'));
        batch.Should().Throw<ArgumentException>().Where(e => e.ParamName == "accounts" && e.Message.Contains('2'));
        builder.Build().AccountIds.Should().NotContain(new AccountId(2));
    }

    [Fact]
    public void Building_without_an_instrument_or_with_a_position_in_an_unknown_one_is_refused()
    {
        Action none = () => LiquidationEngine.CreateBuilder(VenueProfile.Binance, s_t0).Build();
        Action unknown = () => LiquidationEngine.CreateBuilder(VenueProfile.Binance, s_t0)
            .AddInstrument(s_eth, 50m, Book(s_eth))
            .AddAccount(new AccountId(1), Long())
            .Build();

        none.Should().Throw<InvalidOperationException>().WithMessage("*AddInstrument*");
        unknown.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("BTCUSDT"));
    }

    [Fact]
    public void Without_an_event_log_the_engine_keeps_only_the_last_call_and_cannot_be_replayed()
    {
        LiquidationEngineBuilder builder = LiquidationEngine.CreateBuilder(VenueProfile.Binance, s_t0)
            .AddInstrument(s_btc, 100m, Book(s_btc))
            .AddAccount(new AccountId(1), Long());
        LiquidationEngine logged = builder.Build();
        LiquidationEngine streaming = builder.WithoutEventLog().Build();

        foreach (LiquidationEngine engine in new[] { logged, streaming })
        {
            engine.OnPriceTick("BTCUSDT", 95m, s_t0.AddSeconds(1));
            engine.OnPriceTick("BTCUSDT", 94m, s_t0.AddSeconds(2));
        }

        logged.Events.Should().HaveCount(2);
        streaming.Events.Should().ContainSingle().Which.Should().BeOfType<PriceTicked>().Which.MarkPrice.Should().Be(94m);
        LiquidationEngine.Replay(logged, logged.Events).MarkPrice("BTCUSDT").Should().Be(94m);
        ((Action)(() => LiquidationEngine.Replay(streaming, streaming.Events))).Should().Throw<ArgumentException>().Where(e => e.ParamName == "source");
    }

    [Fact]
    public void A_deposit_returns_its_event_and_liquidates_nobody_and_the_default_result_is_empty()
    {
        LiquidationEngine engine = LiquidationEngine.CreateBuilder(VenueProfile.Binance, s_t0)
            .AddInstrument(s_btc, 100m, Book(s_btc))
            .AddAccount(new AccountId(1), Long())
            .Build();

        EngineResult deposit = engine.Deposit(new AccountId(1), 5m, s_t0);

        deposit.Events.Should().ContainSingle().Which.Should().BeOfType<Deposited>().Which.Amount.Should().Be(5m);
        deposit.LiquidatedAccounts.Should().BeEmpty();
        default(EngineResult).Events.Should().BeEmpty();
        default(EngineResult).LiquidatedAccounts.Should().BeEmpty();
    }
}
