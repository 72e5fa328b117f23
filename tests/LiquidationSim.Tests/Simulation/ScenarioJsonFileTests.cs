using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

namespace LiquidationSim.Tests.Simulation;

/// <summary>
/// Issue 19: <see cref="ScenarioJson.LoadFile"/> reads a file with a clear error when there is none, and the text
/// overload is named for what it takes (<see cref="ScenarioJson.Parse"/>); the old name still forwards.
/// </summary>
public sealed class ScenarioJsonFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "liqsim-scenario-file-" + Guid.NewGuid().ToString("N"));

    public ScenarioJsonFileTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LoadFile_reads_what_Save_wrote()
    {
        string path = Path.Combine(_folder, "default.json");
        File.WriteAllText(path, ScenarioJson.Save(ScenarioJson.LoadDefault()));
        ScenarioJson.LoadFile(path).Should().Be(ScenarioJson.LoadDefault());
    }

    [Fact]
    public void LoadFile_names_the_missing_file_and_the_folder_that_is_not_a_file()
    {
        string missing = Path.Combine(_folder, "missing.json");
        FluentActions.Invoking(() => ScenarioJson.LoadFile(missing)).Should().Throw<FileNotFoundException>()
            .Which.Message.Should().Contain(missing).And.Contain("does not exist");
        FluentActions.Invoking(() => ScenarioJson.LoadFile(_folder)).Should().Throw<FileNotFoundException>()
            .Which.Message.Should().Contain("is a folder");
        FluentActions.Invoking(() => ScenarioJson.LoadFile(" ")).Should().Throw<ArgumentException>().WithParameterName("path");
    }

    [Fact]
    public void LoadFile_reports_every_problem_of_a_bad_file_with_its_path()
    {
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, ScenarioJson.Save(ScenarioJson.LoadDefault()).Replace("\"step\": \"00:01:00\"", "\"step\": \"00:00:00\"", StringComparison.Ordinal));
        FluentActions.Invoking(() => ScenarioJson.LoadFile(path)).Should().Throw<ScenarioValidationException>()
            .Which.Problems.Should().Contain(p => p.Path == "$.step");
    }

    [Fact]
    public void A_path_given_to_Parse_fails_as_JSON_and_the_old_name_forwards()
    {
        // What issue 19's user did: a path where JSON text was expected is malformed JSON, not a file read.
        FluentActions.Invoking(() => ScenarioJson.Parse("/tmp/scenario.json")).Should().Throw<ScenarioValidationException>();
        string json = ScenarioJson.Save(ScenarioJson.LoadDefault());
#pragma warning disable CS0618 // the obsolete name is what this test checks
        ScenarioJson.Load(json).Should().Be(ScenarioJson.Parse(json));
#pragma warning restore CS0618
        typeof(ScenarioJson).GetMethod(nameof(ScenarioJson.Load), [typeof(string)])!
            .GetCustomAttributes(typeof(ObsoleteAttribute), false).Should().ContainSingle();
    }
}
