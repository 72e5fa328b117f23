using System.Globalization;
using System.Text.RegularExpressions;

namespace LiquidationSim.Cli.Tests;

/// <summary>Reads the output-size estimate <c>liqsim run</c> prints when it refuses or warns about the space free on <c>--out</c>.</summary>
public static partial class OutputEstimate
{
    /// <summary>The seam that replaces the free space of the output folder's file system.</summary>
    public static Dictionary<string, string> Free(double bytes) =>
        new() { ["LIQSIM_TEST_FREE_BYTES"] = ((long)bytes).ToString(CultureInfo.InvariantCulture) };

    /// <summary>The estimate in a refusal or warning ("writes up to about 12.3 MiB"), in bytes (to the printed precision).</summary>
    public static double Bytes(string stderr)
    {
        Match m = Estimate().Match(stderr);
        m.Success.Should().BeTrue($"the message names the estimate: {stderr}");
        double value = double.Parse(m.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture);
        int power = Array.IndexOf(["bytes", "KiB", "MiB", "GiB", "TiB"], m.Groups[2].Value);
        return value * Math.Pow(1024, power);
    }

    /// <summary>The estimate, as liqsim prints it when told that a single byte is free (it refuses before running).</summary>
    public static double Of(string workingDirectory, params string[] args)
    {
        LiqsimResult r = Liqsim.Run(workingDirectory, Free(1), args);
        r.ExitCode.Should().Be(4, r.ToString());
        return Bytes(r.Stderr);
    }

    [GeneratedRegex(@"writes up to about ([\d,.]+) (bytes|KiB|MiB|GiB|TiB)")]
    private static partial Regex Estimate();
}
