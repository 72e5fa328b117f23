using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>A scenario as the commands receive it: the embedded default or a file, with the seed possibly overridden.</summary>
/// <param name="Document">The validated scenario.</param>
/// <param name="Source">Where it came from, for messages: a path or "embedded default scenario".</param>
/// <param name="BaseDirectory">The folder a historical CSV path is resolved against.</param>
internal sealed record ScenarioInput(ScenarioDocument Document, string Source, string? BaseDirectory)
{
    /// <summary>Loads the file at <paramref name="path"/>, or the embedded default when it is null; applies <paramref name="seed"/>.</summary>
    /// <exception cref="CommandException">The file is missing, unreadable or invalid (every problem with its JSON path).</exception>
    public static ScenarioInput Load(string? path, ulong? seed)
    {
        ScenarioInput input;
        if (path is null)
        {
            input = new ScenarioInput(ScenarioJson.LoadDefault(), "embedded default scenario", null);
        }
        else
        {
            string full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new CommandException(ExitCodes.InvalidInput, $"scenario file '{path}' does not exist.");
            }

            ScenarioDocument document;
            try
            {
                using FileStream stream = File.OpenRead(full);
                document = ScenarioJson.Load(stream);
            }
            catch (ScenarioValidationException e)
            {
                throw new CommandException(ExitCodes.InvalidInput, Describe(path, e));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandException(ExitCodes.InvalidInput, $"cannot read scenario file '{path}': {e.Message}");
            }

            input = new ScenarioInput(document, path, Path.GetDirectoryName(full));
        }

        return seed is { } s ? input with { Document = input.Document with { Seed = s } } : input;
    }

    /// <summary>Compiles the scenario into a runnable simulation (the checks that need the venue and instruments run here).</summary>
    /// <exception cref="CommandException">The scenario breaks a rule found only when compiling.</exception>
    public ScenarioSimulation CreateSimulation(SimulationOptions options, CancellationToken cancellationToken = default)
    {
        try
        {
            return ScenarioSimulation.Create(Document, 0, options with { BaseDirectory = BaseDirectory }, cancellationToken);
        }
        catch (ScenarioValidationException e)
        {
            throw new CommandException(ExitCodes.InvalidInput, Describe(Source, e));
        }
    }

    /// <summary>
    /// The scenario to copy into an output folder: <see cref="Document"/>, with a historical CSV path made absolute so
    /// that the copy reruns as written from wherever it is (a relative path is relative to the original file's folder).
    /// </summary>
    public ScenarioDocument Rerunnable => Document.PriceProcess is ScenarioHistoricalProcess { CsvPath: var csv } historical && BaseDirectory is not null && !Path.IsPathFullyQualified(csv)
        ? Document with { PriceProcess = historical with { CsvPath = Path.GetFullPath(csv, BaseDirectory) } }
        : Document;

    /// <summary>The options every run of this input uses.</summary>
    public SimulationOptions Options => SimulationOptions.Default with { BaseDirectory = BaseDirectory };

    /// <summary>SHA-256 of the scenario's canonical JSON: shards of different scenarios must not merge.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ScenarioJson.Save(Document))));

    private static string Describe(string source, ScenarioValidationException e)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"'{source}' is not a valid scenario ({e.Problems.Length} problem{(e.Problems.Length == 1 ? string.Empty : "s")}; the fields are described in {Docs.PathOf(Docs.ScenarioReference)}):");
        foreach (ScenarioProblem p in e.Problems)
        {
            b.Append(CultureInfo.InvariantCulture, $"\n  {p.Path}: {p.Message}");
        }

        return b.ToString();
    }
}
