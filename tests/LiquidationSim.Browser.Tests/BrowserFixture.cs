using System.Reflection;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;
using Microsoft.Playwright;

namespace LiquidationSim.Browser.Tests;

/// <summary>
/// Generates the two reports once (the default cascade as <c>liqsim run --out</c> writes it, and a Monte Carlo report)
/// and starts the system's Chromium through Playwright for the tests of <see cref="ReportLayoutTests"/>.
/// </summary>
/// <remarks>
/// The browser is found from the <c>LIQSIM_CHROMIUM</c> environment variable, else <c>chromium</c> (or
/// <c>chromium-browser</c>) on the PATH. Without one the tests fail with a message that says how to install it: a browser
/// test that skipped itself would let a broken report through.
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The environment variable that names the Chromium executable.</summary>
    public const string ChromiumVariable = "LIQSIM_CHROMIUM";

    private static readonly string s_root = typeof(BrowserFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private IPlaywright? _playwright;

    /// <summary>Where the reports and screenshots go: <c>artifacts/browser/</c> at the repository root.</summary>
    public static string Artifacts { get; } = Path.Combine(s_root, "artifacts", "browser");

    /// <summary>The launched browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The cascade report of the embedded default scenario.</summary>
    public string CascadeReport { get; } = Path.Combine(Artifacts, "cascade-report.html");

    /// <summary>A Monte Carlo report.</summary>
    public string MonteCarloReport { get; } = Path.Combine(Artifacts, "montecarlo-report.html");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        string chromium = FindChromium();
        Directory.CreateDirectory(Artifacts);
        await Task.WhenAll(Task.Run(() => File.WriteAllText(CascadeReport, Reports.Cascade())), Task.Run(() => File.WriteAllText(MonteCarloReport, Reports.MonteCarlo())));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>The Chromium executable, or an exception that says how to provide one.</summary>
    public static string FindChromium()
    {
        string? named = Environment.GetEnvironmentVariable(ChromiumVariable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            return File.Exists(named)
                ? named
                : throw new InvalidOperationException($"{ChromiumVariable} is '{named}', which does not exist. Point it at a Chromium executable.");
        }

        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in (string[])["chromium", "chromium-browser"])
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            $"No Chromium found for the browser tests: set {ChromiumVariable} to its executable or put 'chromium' on the PATH " +
            "(Debian/Ubuntu: apt-get install -y chromium; .ci/run installs it). These tests do not skip: the reports are checked in a real browser.");
    }
}

/// <summary>The reports under test, generated through the Reporting package as the tool generates them.</summary>
internal static class Reports
{
    /// <summary>The embedded default scenario's report: one day, 100,000 accounts, the −25 % wick.</summary>
    public static string Cascade()
    {
        ScenarioDocument scenario = ScenarioJson.LoadDefault();
        ScenarioSimulation simulation = ScenarioSimulation.Create(scenario);
        var series = new LiquidationSim.Reporting.CascadeSeries(scenario.Instruments[0].Symbol);
        series.Add(simulation.Current);
        foreach (SimulationStep step in simulation.Steps())
        {
            series.Add(step);
        }

        return LiquidationSim.Reporting.HtmlReport.Cascade(simulation.Summary(), series, scenario);
    }

    /// <summary>A Monte Carlo report: 40 paths of the default day with 2,000 accounts (a smaller population, the same market).</summary>
    public static string MonteCarlo()
    {
        ScenarioDocument scenario = ScenarioJson.LoadDefault();
        scenario = scenario with { Population = scenario.Population! with { Count = 2_000 } };
        MonteCarloResult result = ScenarioSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 40));
        return LiquidationSim.Reporting.HtmlReport.MonteCarlo(result, scenario.Name, scenario);
    }
}
