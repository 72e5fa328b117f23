using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace LiquidationSim.DeFi.Tests.Support;

/// <summary>
/// The FsCheck configuration every property test uses. Locally each run draws fresh cases (a failure prints the
/// seed to replay it); under CI (<c>CI=true</c>) the seed is fixed, so a CI result is reproducible and a property
/// that holds cannot turn a build red by chance. <c>FSCHECK_SEED</c> pins a seed anywhere.
/// </summary>
internal static class PropertyConfig
{
    private const ulong CiSeed = 20_261_121UL;

    public static Config For(int maxTest)
    {
        Config config = Config.QuickThrowOnFailure.WithMaxTest(maxTest);
        ulong? seed = Environment.GetEnvironmentVariable("FSCHECK_SEED") is { Length: > 0 } text
            ? ulong.Parse(text, CultureInfo.InvariantCulture)
            : string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ? CiSeed : null;
        return seed is ulong s
            ? config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(s), FSharpOption<int>.None)))
            : config;
    }
}
