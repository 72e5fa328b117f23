using System.Text.Json.Nodes;
using LiquidationSim.Accounts;
using LiquidationSim.Simulation;

namespace LiquidationSim.Tests.Simulation;

/// <summary>A ladder's levels are fractions of the venue price at every re-quote, not of the start price (issue 15).</summary>
public sealed class LadderSpacingTests
{
    [Theory]
    [InlineData(50000, 995)]
    [InlineData(40000, 996)]
    [InlineData(10000, 999)]
    public void A_sale_after_the_price_moved_fills_one_spacing_below_the_new_price(int price, int wallet)
    {
        // Minimal's ladder: 20 levels 0.05 % apart. The scripted price moves from 50,000 to `price` by minute 2; an
        // isolated 10x long of 0.2 entered at `price` (margin 0.2 × price ÷ 10, from a wallet of 1,000) closes at
        // minute 5 with a scheduled exit, at the best bid price × (1 − 0.0005), so it realises −0.2 × 0.0005 × price:
        // 50,000 → −5 (the start-price ladder gives the same), 40,000 → −4 (a ladder fixed at 25 apart would give −5),
        // 10,000 → −1 (fixed: −5). The margin returns: wallet = 1,000 − 0.0001 × price.
        JsonObject node = ScenarioSimulationTests.Minimal();
        node["priceProcess"] = JsonNode.Parse($$"""{ "type": "scripted", "points": [ { "offset": "00:00:00", "price": 50000 }, { "offset": "00:02:00", "price": {{price}} } ] }""");
        node["accounts"] = JsonNode.Parse($$"""
            [ { "id": 1, "balance": 1000, "marginMode": "isolated",
                "positions": [ { "symbol": "BTCUSDT", "size": 0.2, "entryPrice": {{price}}, "leverage": 10 } ],
                "behaviours": [ { "type": "scheduled-exit", "start": "00:05:00", "interval": "00:01:00", "slices": 1 } ] } ]
            """);

        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioSimulationTests.Load(node));
        _ = sim.Run(cancellationToken: TestContext.Current.CancellationToken);

        Account account = sim.Engine.GetAccount(new AccountId(1));
        account.Positions.Should().BeEmpty();
        account.WalletBalance.Should().Be(wallet);
    }
}
