using System.Text.Json.Nodes;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.Simulation;

namespace LiquidationSim.Orleans.Tests;

/// <summary>Small versions of the embedded default scenarios, so a cluster test runs in seconds.</summary>
internal static class TestScenarios
{
    /// <summary>The default cascade with 300 accounts over two hours, the wick at one hour.</summary>
    public static ScenarioDocument SmallCascade(int accounts = 300, string duration = "02:00:00")
    {
        JsonNode node = JsonNode.Parse(ScenarioJson.Save(ScenarioJson.LoadDefault()))!;
        node["duration"] = duration;
        node["shocks"]![0]!["offset"] = "01:00:00";
        node["population"]!["count"] = accounts;
        foreach (JsonNode? behaviour in node["population"]!["behaviours"]!.AsArray())
        {
            if ((string?)behaviour!["behaviour"]!["type"] == "scheduled-exit")
            {
                behaviour["behaviour"]!["start"] = "00:30:00";
            }
        }

        return ScenarioJson.Parse(node.ToJsonString());
    }

    /// <summary>The default DeFi file with 150 borrowers and 100 vaults.</summary>
    public static string SmallDefi()
    {
        JsonNode node = JsonNode.Parse(DefiScenarioJson.DefaultJson, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        node["lending"]!["population"]!["count"] = 150;
        node["auction"]!["vaults"]!["count"] = 100;
        return node.ToJsonString();
    }
}
