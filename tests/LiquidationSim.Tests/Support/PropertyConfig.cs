using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.FSharp.Core;

namespace LiquidationSim.Tests.Support;

/// <summary>
/// An FsCheck property run by the test runner (FsCheck.Xunit's <see cref="PropertyAttribute"/>): the method returns the
/// <see cref="Property"/> to check, and a failure is reported as the test's failure with the shrunk counterexample and
/// the seed to replay it. Every property test uses this attribute so all share one seed rule: locally each run draws
/// fresh cases; under CI (<c>CI=true</c>) the seed is fixed, so a CI result is reproducible and a property that holds
/// cannot turn a build red by chance; <c>FSCHECK_SEED</c> pins a seed anywhere.
/// </summary>
/// <remarks>
/// xunit.analyzers' xUnit3003 asks a <see cref="FactAttribute"/> subclass for a constructor that takes the caller's source
/// file and line; FsCheck's <see cref="PropertyAttribute"/> has only a parameterless constructor, so there is nothing to pass
/// them to (FsCheck's own attribute reports no source location either).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
#pragma warning disable xUnit3003
internal sealed class CiPropertyAttribute : PropertyAttribute
#pragma warning restore xUnit3003
{
    /// <summary>Sets <see cref="PropertyAttribute.Replay"/> from <see cref="PropertyConfig.Seed"/>, when there is one.</summary>
    public CiPropertyAttribute()
    {
        if (PropertyConfig.Seed() is ulong seed)
        {
            // The generator Check.One(PropertyConfig.For(n), ...) started from: this seed with FsCheck's default gamma.
            var rnd = new Rnd(seed);
            Replay = string.Create(CultureInfo.InvariantCulture, $"{rnd.Seed},{rnd.Gamma}");
        }
    }
}

/// <summary>
/// The seed rule of <see cref="CiPropertyAttribute"/>, also for the few properties that run inside a theory (one run per
/// data row) and so call FsCheck themselves through <see cref="For"/>.
/// </summary>
internal static class PropertyConfig
{
    private const ulong CiSeed = 20_261_121UL;

    /// <summary><c>FSCHECK_SEED</c> when set, else the fixed CI seed under <c>CI=true</c>, else none (fresh cases).</summary>
    public static ulong? Seed() =>
        Environment.GetEnvironmentVariable("FSCHECK_SEED") is { Length: > 0 } text
            ? ulong.Parse(text, CultureInfo.InvariantCulture)
            : string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ? CiSeed : null;

    /// <summary>A configuration that throws on failure with the shrunk counterexample and the seed.</summary>
    public static Config For(int maxTest)
    {
        Config config = Config.QuickThrowOnFailure.WithMaxTest(maxTest);
        return Seed() is ulong s
            ? config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(s), FSharpOption<int>.None)))
            : config;
    }
}
