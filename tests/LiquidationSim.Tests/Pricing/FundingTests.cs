using LiquidationSim.Accounts;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Pricing;

/// <summary>Premium index, funding rate, impact price, the funding clock and settlement.</summary>
public sealed class FundingTests
{
    [Theory]
    [InlineData(10_010, 10_020, 10_000, 0.001)]   // bid above index: (10 − 0) ÷ 10,000
    [InlineData(9_980, 9_990, 10_000, -0.001)]    // ask below index: (0 − 10) ÷ 10,000
    [InlineData(9_990, 10_010, 10_000, 0)]        // index inside the impact spread
    public void Premium_index(decimal bid, decimal ask, decimal index, decimal expected) =>
        Funding.PremiumIndex(bid, ask, index).Should().Be(expected);

    /// <summary>F = P + clamp(0.01% − P, −0.05%, 0.05%) (reference cefi.md §1.6), worked by hand.</summary>
    [Theory]
    [InlineData(0.001, 0.0005)]     // I − P = −0.0009 → −0.0005
    [InlineData(0.0002, 0.0001)]    // I − P = −0.0001 inside the clamp → F = I
    [InlineData(-0.001, -0.0005)]   // I − P = 0.0011 → 0.0005
    [InlineData(0, 0.0001)]
    public void Funding_rate_clamps_the_interest_difference(decimal premium, decimal expected) =>
        Funding.Rate(premium, FundingRateRules.Binance).Should().Be(expected);

    [Fact]
    public void Funding_rate_cap_applies_after_the_clamp() =>
        Funding.Rate(0.05m, FundingRateRules.Binance.WithRateCap(0.0075m)).Should().Be(0.0075m);

    /// <summary>Asks 10 @ 100 and 10 @ 101; 1,505 of notional: 1,000 at 100 then 505 at 101 = 5 more; 1,505 ÷ 15.</summary>
    [Fact]
    public void Impact_price_walks_the_book()
    {
        PriceLevel[] asks = [new(100m, 10m), new(101m, 10m)];
        Funding.ImpactPrice(asks, 1_505m).Should().Be(1_505m / 15m);
        Funding.ImpactPrice(asks, 5_000m).Should().BeNull("the book holds only 2,010 of notional");
        FluentActions.Invoking(() => Funding.ImpactPrice([new(100m, 1m), new(99m, 1m), new(100m, 1m)], 10m))
            .Should().Throw<ArgumentException>().WithParameterName("levels[2].Price");
    }

    [Theory]
    [InlineData("2026-11-21T05:00:00Z", "2026-11-21T08:00:00Z")]
    [InlineData("2026-11-21T08:00:00Z", "2026-11-21T16:00:00Z")]   // exactly on a funding time: the next one
    [InlineData("2026-11-20T23:59:59Z", "2026-11-21T00:00:00Z")]   // before the anchor
    [InlineData("2026-11-20T16:00:00Z", "2026-11-21T00:00:00Z")]
    public void Next_funding_time(string now, string expected)
    {
        DateTimeOffset anchor = DateTimeOffset.Parse("2026-11-21T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Funding.NextFundingTime(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), anchor, TimeSpan.FromHours(8))
            .Should().Be(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Bybit Y3 (reference cefi.md §2.1): Y1's long (1 BTC at 20,000, 50x, position margin 400, MMR 0.5%, LP 19,700)
    /// pays 200 USDT of funding out of its position margin, and its liquidation price moves to 19,900. A rate of 1% on
    /// 20,000 of notional is that payment.
    /// </summary>
    [Fact]
    public void Funding_paid_from_isolated_margin_moves_the_liquidation_price_Y3()
    {
        var btc = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m);
        Position position = Position.Open(btc, PositionSide.Long, 1m, 20_000m, MarginMode.Isolated, 50m);
        Account account = Account.Create("USDT", 1_000m).WithPosition(position);
        // ForPosition needs every held symbol's mark (an isolated position's solution does not read it).
        var marks = new Dictionary<string, decimal> { [btc.Symbol] = 20_000m };
        LiquidationPriceSolver.ForPosition(account, position, marks, MarginModel.Bybit).LiquidationPrice.Should().Be(19_700m);

        FundingSettlement settled = Funding.Settle(account, btc.Symbol, 0.01m, 20_000m);

        settled.Payments.Should().ContainSingle().Which.Amount.Should().Be(-200m);
        Position after = settled.Account.Positions[0];
        after.IsolatedMargin.Should().Be(200m);
        settled.Account.WalletBalance.Should().Be(account.WalletBalance, "isolated funding does not touch the wallet");
        LiquidationPriceSolver.ForPosition(settled.Account, after, marks, MarginModel.Bybit).LiquidationPrice.Should().Be(19_900m);
    }

    /// <summary>Cross payments go to the wallet; a long pays what an equal short receives.</summary>
    [Fact]
    public void Cross_funding_moves_wallets_and_nets_to_zero()
    {
        var btc = TestInstruments.BtcUsdt;
        Account longs = Account.Create("USDT", 5_000m).WithPosition(Position.Open(btc, PositionSide.Long, 0.5m, 40_000m, MarginMode.Cross, 10m));
        Account shorts = Account.Create("USDT", 5_000m).WithPosition(Position.Open(btc, PositionSide.Short, 0.5m, 41_000m, MarginMode.Cross, 10m));

        FundingSettlement a = Funding.Settle(longs, "BTCUSDT", 0.0001m, 42_000m);
        FundingSettlement b = Funding.Settle(shorts, "BTCUSDT", 0.0001m, 42_000m);

        // 0.5 × 42,000 × 0.0001 = 2.1
        a.Account.WalletBalance.Should().Be(4_997.9m);
        b.Account.WalletBalance.Should().Be(5_002.1m);
        (a.Payments[0].Amount + b.Payments[0].Amount).Should().Be(0m);
    }
}
