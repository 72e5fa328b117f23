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
    /// <summary>Sets <see cref="PropertyAttribute.Replay"/> from <see cref="PropertyConfig.Start"/>, when there is one.</summary>
    public CiPropertyAttribute()
    {
        if (PropertyConfig.Start() is Rnd rnd)
        {
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

    /// <summary>
    /// Where the generator starts: <c>FSCHECK_SEED</c> when set (a seed, which takes FsCheck's default gamma, or the
    /// <c>seed,gamma</c> pair a failure prints), else the fixed CI seed under <c>CI=true</c>, else none (fresh cases).
    /// </summary>
    public static Rnd? Start()
    {
        if (Environment.GetEnvironmentVariable("FSCHECK_SEED") is { Length: > 0 } text)
        {
            string[] parts = text.Trim('(', ')', ' ').Split(',', StringSplitOptions.TrimEntries);
            ulong seed = ulong.Parse(parts[0], CultureInfo.InvariantCulture);
            return parts.Length > 1 ? new Rnd(seed, ulong.Parse(parts[1], CultureInfo.InvariantCulture)) : new Rnd(seed);
        }

        return string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ? new Rnd(CiSeed) : null;
    }

    /// <summary>A configuration that throws on failure with the shrunk counterexample and the seed.</summary>
    public static Config For(int maxTest)
    {
        Config config = Config.QuickThrowOnFailure.WithMaxTest(maxTest);
        return Start() is Rnd start
            ? config.WithReplay(FSharpOption<Replay>.Some(new Replay(start, FSharpOption<int>.None)))
            : config;
    }
}
