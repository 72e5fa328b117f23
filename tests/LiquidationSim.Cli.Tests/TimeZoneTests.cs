using System.Text.RegularExpressions;

namespace LiquidationSim.Cli.Tests;

/// <summary>
/// The same scenario file gives the same run on machines in different time zones: a start with an offset is one
/// instant everywhere, and a start without one (which .NET would read in local time) is refused.
/// </summary>
public sealed partial class TimeZoneTests
{
    private static string Small => Path.Combine(Liqsim.TestData, "small-cascade.json");

    [Fact]
    public void A_run_in_Tokyo_and_in_London_gives_the_same_digest_and_files()
    {
        using var dir = new TempFolder();
        LiqsimResult tokyo = Run("Asia/Tokyo", dir.Path, "run", "--scenario", Small, "--paths", "2", "--no-progress", "--out", "tokyo");
        LiqsimResult london = Run("Europe/London", dir.Path, "run", "--scenario", Small, "--paths", "2", "--no-progress", "--out", "london");
        tokyo.ExitCode.Should().Be(0, tokyo.ToString());
        london.ExitCode.Should().Be(0, london.ToString());

        Digest(tokyo.Stdout).Should().Be(Digest(london.Stdout));
        File.ReadAllBytes(Path.Combine(dir["tokyo"], "montecarlo.json"))
            .Should().Equal(File.ReadAllBytes(Path.Combine(dir["london"], "montecarlo.json")), "the shard carries the scenario hash, and shards from both machines must merge");
    }

    [Fact]
    public void A_start_without_an_offset_is_refused_in_every_time_zone()
    {
        // Before the fix this file ran, from 2026-01-01 00:00 Tokyo time in Tokyo and London time in London: two
        // different instants, two scenario hashes, shards that refused to merge.
        using var dir = new TempFolder();
        File.WriteAllText(dir["local.json"], File.ReadAllText(Small).Replace("\"2026-01-01T00:00:00+00:00\"", "\"2026-01-01T00:00:00\"", StringComparison.Ordinal));

        foreach (string zone in new[] { "Asia/Tokyo", "Europe/London" })
        {
            LiqsimResult r = Run(zone, dir.Path, "run", "--scenario", "local.json", "--paths", "2", "--no-progress", "--out", "out");
            r.ExitCode.Should().Be(3, r.ToString());
            r.Stderr.Should().Contain("$.start").And.Contain("offset").And.Contain("2026-01-01T00:00:00+00:00");
            Directory.Exists(dir["out"]).Should().BeFalse();
        }
    }

    private static LiqsimResult Run(string timeZone, string workingDirectory, params string[] args) =>
        Liqsim.Run(workingDirectory, new Dictionary<string, string> { ["TZ"] = timeZone }, args);

    private static string Digest(string stdout) => DigestLine().Match(stdout) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no digest in:\n" + stdout);

    [GeneratedRegex("digest ([0-9a-f]{64})")]
    private static partial Regex DigestLine();
}
