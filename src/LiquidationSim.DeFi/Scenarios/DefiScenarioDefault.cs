namespace LiquidationSim.DeFi.Scenarios;

/// <summary>The embedded default DeFi scenario (what <c>liqsim defi</c> runs without <c>--scenario</c>).</summary>
internal static class DefiScenarioDefault
{
    /// <summary>
    /// 2,000 WETH-backed USDC borrowers on Aave v3.3 as WETH falls 35 % in a day, and 2,000 MakerDAO ETH-B vaults
    /// (April 2021 Liquidation 2.0 parameters) as ETH falls from 2,000 to 1,100 with five competing keepers.
    /// </summary>
    public const string Json = """
        {
          "schemaVersion": 1,
          "name": "Aave v3.3 WETH/USDC lending stress and MakerDAO ETH-B auctions",
          "seed": 2026,
          "lending": {
            "description": [
              "2,000 borrowers of USDC against WETH (LT 82.5 %, bonus 5 %), health factors 1.05 to 2.5; WETH 2,000 -> 1,300 over 24 h in 10-min steps;",
              "liquidators repay the most profitable amount after gas (10 USDC) and sell into a 5,000 WETH / 10 M USDC pool the oracle is 30 % coupled to."
            ],
            "market": {
              "version": "v3.3",
              "baseCurrencyDecimals": 8,
              "reserves": [
                { "symbol": "WETH", "decimals": 18, "price": 2000, "ltv": 8000, "liquidationThreshold": 8250, "liquidationBonus": 10500, "liquidationProtocolFee": 1000 },
                { "symbol": "USDC", "decimals": 6, "price": 1, "ltv": 7500, "liquidationThreshold": 7800, "liquidationBonus": 10450, "liquidationProtocolFee": 1000 }
              ]
            },
            "collateralAsset": "WETH",
            "debtAsset": "USDC",
            "population": { "count": 2000, "collateralMin": 0.5, "collateralMax": 50, "healthMin": 1.05, "healthMax": 2.5 },
            "priceProcess": {
              "type": "scripted",
              "points": [
                { "offset": "00:00:00", "price": 2000 },
                { "offset": "1.00:00:00", "price": 1300 }
              ]
            },
            "duration": "1.00:00:00",
            "step": "00:10:00",
            "pool": { "base": 5000, "quote": 10000000, "feeBps": 30 },
            "oracleCoupling": 0.3,
            "arbitrage": 0.3,
            "gasCost": 10
          },
          "auction": {
            "description": [
              "2,000 vaults collateralised 130-200 %; ETH 2,000 -> 1,100 between 0:30 and 2:00, 1,250 by 6:00, in one-second steps;",
              "five keepers with 2 M DAI each bid at 2-10 % below market and sell into a 50,000 ETH / 100 M DAI pool."
            ],
            "profile": "ETH-B",
            "hole": 100000000,
            "chop": 1.13,
            "dust": 5000,
            "rate": 1,
            "liquidationRatio": 1.3,
            "vaults": { "count": 2000, "inkMin": 10, "inkMax": 50, "collateralisationMin": 1.3, "collateralisationMax": 2, "price": 2000 },
            "priceProcess": {
              "type": "scripted",
              "points": [
                { "offset": "00:00:00", "price": 2000 },
                { "offset": "00:30:00", "price": 2000 },
                { "offset": "02:00:00", "price": 1100 },
                { "offset": "06:00:00", "price": 1250 }
              ]
            },
            "startPrice": 2000,
            "stepSeconds": 1,
            "steps": 21600,
            "keepers": [
              { "name": "keeper0", "capital": 2000000, "margin": 0.02, "gasCost": 20 },
              { "name": "keeper1", "capital": 2000000, "margin": 0.04, "gasCost": 20 },
              { "name": "keeper2", "capital": 2000000, "margin": 0.06, "gasCost": 20 },
              { "name": "keeper3", "capital": 2000000, "margin": 0.08, "gasCost": 20 },
              { "name": "keeper4", "capital": 2000000, "margin": 0.10, "gasCost": 20 }
            ],
            "pool": { "base": 50000, "quote": 100000000, "feeBps": 30 }
          }
        }
        """;
}
