using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LiquidationSim.Kernel;
using LiquidationSim.Reporting;
using LiquidationSim.Serialization;
using LiquidationSim.Simulation;
using Spectre.Console;
using Markup = Spectre.Console.Markup;

namespace LiquidationSim.Cli;

/// <summary><c>liqsim run</c>: one scenario run with its reports, or a Monte Carlo over many price paths.</summary>
internal static class RunCommand
{
    /// <summary>File names written into the <c>--out</c> folder by a single run.</summary>
    public static class Files
    {
        /// <summary>The timeline, one CSV row per step.</summary>
        public const string Timeline = "timeline.csv";

        /// <summary>The engine's event log, JSON Lines.</summary>
        public const string Events = "events.jsonl";

        /// <summary>The run's summary, JSON.</summary>
        public const string Summary = "summary.json";

        /// <summary>The cascade chart, SVG.</summary>
        public const string Chart = "chart.svg";

        /// <summary>The self-contained HTML report.</summary>
        public const string Report = "report.html";

        /// <summary>The exact scenario that ran (seed override applied), to reproduce the run.</summary>
        public const string Scenario = "scenario.json";

        /// <summary>A Monte Carlo run's shard (input to <c>liqsim merge</c>).</summary>
        public const string MonteCarlo = "montecarlo.json";

        /// <summary>A Monte Carlo run's per-path metrics, CSV.</summary>
        public const string MonteCarloPaths = "montecarlo-paths.csv";
    }

    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario", "-s")
        {
            Description = "Scenario JSON file (fields: " + Docs.PathOf(Docs.ScenarioReference) + ", shipped with the tool; JSON Schema: liqsim schema; check one: liqsim validate FILE). Without it, the embedded default (liqsim scenario default prints it): one day of BTCUSDT, 100,000 accounts, a -25% wick at 12:00.",
            HelpName = "FILE",
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Folder for the outputs: timeline.csv, events.jsonl, summary.json, chart.svg, report.html and scenario.json (Monte Carlo: montecarlo.json, montecarlo-paths.csv, report.html). Their size is estimated first: a run that would not fit in the space free there is refused (exit code 4), one over half of it warned.",
            HelpName = "DIR",
        };
        var paths = new Option<int?>("--paths", "-n")
        {
            Description = "Run a Monte Carlo of this many price paths instead of one run.",
            HelpName = "N",
            CustomParser = r => WholeNumber(r, 1),
        };
        var firstPath = new Option<long>("--first-path")
        {
            Description = "First path index of a Monte Carlo shard (run paths FIRST to FIRST+N-1 here, others elsewhere, then liqsim merge).",
            HelpName = "FIRST",
            DefaultValueFactory = _ => 0,
            CustomParser = r => WholeNumber(r, 0L) ?? 0,
        };
        var seed = new Option<ulong?>("--seed")
        {
            Description = "Root seed, replacing the scenario's: the same seed gives the same result on any machine and thread count.",
            HelpName = "SEED",
            CustomParser = r => WholeNumber(r, 0UL),
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Monte Carlo paths run at once (results do not depend on it).",
            HelpName = "N",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            CustomParser = r => WholeNumber(r, 1) ?? 1,
        };
        var symbol = new Option<string?>("--symbol")
        {
            Description = "Instrument to chart (default: the scenario's first).",
            HelpName = "SYMBOL",
        };
        Option<bool> force = OutputFolder.ForceOption();
        Option<long?> maxMemory = MemoryEstimate.MaxMemoryOption();
        Option<string?> cluster = ClusterRun.Option();
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress bar in a terminal, and no progress lines on standard error when redirected." };

        var command = new Command("run", "Run a scenario (the embedded default unless --scenario) and print its summary; --out writes the CSV timeline, JSON Lines events, JSON summary, SVG chart and HTML report.")
        {
            scenario, output, force, paths, firstPath, seed, threads, symbol, maxMemory, cluster, noProgress,
        };
        command.SetAction((parsed, cancellationToken) =>
        {
            if (parsed.GetValue(paths) is null && parsed.GetResult(firstPath) is { Implicit: false })
            {
                throw new CommandException(ExitCodes.Usage, "--first-path picks a Monte Carlo shard; give --paths too.");
            }

            if (parsed.GetValue(paths) is null && parsed.GetValue(cluster) is not null)
            {
                throw new CommandException(ExitCodes.Usage, "--cluster runs a Monte Carlo's paths on a cluster; give --paths too.");
            }

            var settings = new Settings(
                parsed.GetValue(scenario),
                parsed.GetValue(output),
                parsed.GetValue(force),
                parsed.GetValue(paths),
                parsed.GetValue(firstPath),
                parsed.GetValue(seed),
                parsed.GetValue(threads),
                parsed.GetValue(symbol),
                parsed.GetValue(maxMemory),
                Terminal.Interactive && !parsed.GetValue(noProgress),
                !Terminal.Interactive && !parsed.GetValue(noProgress))
            {
                Cluster = parsed.GetValue(cluster) is { } connection ? ClusterConnection.Parse(connection) : null,
            };
            return Task.FromResult(settings.Paths is null ? RunOnce(settings, cancellationToken) : RunMonteCarlo(settings, cancellationToken));
        });
        return command;
    }

    /// <summary>The option's value as a whole number of at least <paramref name="min"/>; otherwise an error naming the option and the value.</summary>
    internal static T? WholeNumber<T>(System.CommandLine.Parsing.ArgumentResult result, T min)
        where T : struct, System.Numerics.INumber<T>
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        string name = result.Parent is System.CommandLine.Parsing.OptionResult o ? o.Option.Name : "the value";
        if (!T.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out T value))
        {
            result.AddError($"{name} must be a whole number; got '{text}'.");
            return null;
        }

        if (value < min)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be at least {min}; got {value}."));
            return null;
        }

        return value;
    }

    private static int RunOnce(Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        ScenarioInput input = ScenarioInput.Load(settings.Scenario, settings.Seed);
        string symbol = ChartSymbol(input, settings.Symbol);
        MemoryEstimate.For(input.Document, null, 1).Check(settings.MaxMemory);
        if (settings.Out is not null)
        {
            OutputEstimate.For(input.Document, null, ScenarioJson.Save(input.Rerunnable)).Check(settings.Out);
        }

        // Built before the output folder, so a scenario that fails the build-time checks leaves nothing behind.
        ScenarioSimulation simulation = input.CreateSimulation(input.Options with { IncludeEvents = settings.Out is not null }, cancellationToken);
        DepthWarning.Write(input.Document, simulation.Current);
        using OutputFolder? folder = settings.Out is null ? null : OutputFolder.Create(settings.Out, settings.Force);

        IAnsiConsole console = Terminal.Out;
        console.MarkupLine($"[bold]liqsim run[/]: {Markup.Escape(input.Document.Name)}");
        console.WriteLine($"  {input.Source}");
        console.WriteLine($"  {input.Document.Describe()}");

        var series = new CascadeSeries(symbol);
        var periods = new PeriodTotals(input.Document, simulation.TotalSteps, 24);
        StreamWriter? csvFile = folder?.OpenText(Files.Timeline);
        FileStream? eventsFile = folder?.OpenStream(Files.Events);
        try
        {
            TimelineCsvWriter? csv = csvFile is null ? null : new TimelineCsvWriter(csvFile);
            void Consume(SimulationStep step)
            {
                series.Add(step);
                periods.Add(step);
                csv?.Write(step);
                if (eventsFile is not null && step.Events.Length > 0)
                {
                    EventLogJson.Write(eventsFile, step.Events);
                }
            }

            Consume(simulation.Current);
            if (settings.Progress)
            {
                console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        ProgressTask task = ctx.AddTask("simulating", maxValue: simulation.TotalSteps);
                        foreach (SimulationStep step in simulation.Steps(cancellationToken))
                        {
                            Consume(step);
                            task.Value = step.Index;
                        }
                    });
            }
            else
            {
                // Redirected output (a log, a batch job): a line on standard error every 5 s, for a run big enough to be
                // long (over about 3.5 times the default's positions × steps); the decision is the scenario's, not the clock's.
                double work = ((double)(input.Document.Population?.Count ?? 0) + input.Document.Accounts.Length) * simulation.TotalSteps;
                bool lines = settings.ProgressLines && work > LongRun;
                TimeSpan next = TimeSpan.FromSeconds(5);
                foreach (SimulationStep step in simulation.Steps(cancellationToken))
                {
                    Consume(step);
                    if (lines && clock.Elapsed >= next)
                    {
                        next = clock.Elapsed + TimeSpan.FromSeconds(5);
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"liqsim: step {step.Index:N0} of {simulation.TotalSteps:N0} ({clock.Elapsed.TotalSeconds:0} s)"));
                    }
                }
            }

            // Flushed here, not by Dispose in finally, so a full disk is reported as such.
            csvFile?.Flush();
            eventsFile?.Flush();
        }
        catch (IOException e)
        {
            throw new CommandException(ExitCodes.OutputFailed, $"writing the outputs in '{folder?.Path}' failed: {e.Message.ReplaceLineEndings(" ")}");
        }
        finally
        {
            OutputFolder.DisposeQuietly(csvFile);
            OutputFolder.DisposeQuietly(eventsFile);
        }

        SimulationSummary summary = simulation.Summary();
        if (folder is not null)
        {
            folder.WriteText(Files.Summary, SimulationJson.SerializeSummary(summary) + "\n");
            ScenarioInstrument charted = input.Document.Instruments.First(i => string.Equals(i.Symbol, series.Symbol, StringComparison.Ordinal));
            folder.WriteText(Files.Chart, CascadeChart.ToSvg(series, input.Document.Name, CascadeChartLabels.ForInstrument(charted.ToInstrument())));
            folder.WriteText(Files.Report, HtmlReport.Cascade(summary, series, input.Document));
            folder.WriteText(Files.Scenario, ScenarioJson.Save(input.Rerunnable) + "\n");
            folder.Complete();
        }

        ConsoleReport.Periods(console, periods);
        string[] quotes = [.. input.Document.Instruments.Select(i => i.ToInstrument().QuoteAsset).Distinct(StringComparer.Ordinal)];
        ConsoleReport.Summary(console, summary, periods.Unit, quotes.Length == 1 ? quotes[0] : "quote currency");
        ConsoleReport.Files(console, folder, Files.Report);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ran {summary.Steps:N0} steps in {clock.Elapsed.TotalSeconds:0.0} s: {summary.Liquidations:N0} liquidations, {summary.LiquidatedNotional:N0} liquidated, insurance fund drawdown {summary.InsuranceFundDrawdown:N0}, bad debt {summary.BadDebt:N0}."));
        return ExitCodes.Success;
    }

    private static int RunMonteCarlo(Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        ScenarioInput input = ScenarioInput.Load(settings.Scenario, settings.Seed);
        int count = settings.Paths!.Value;
        MemoryEstimate.For(input.Document, count, settings.Threads).Check(settings.MaxMemory);
        if (settings.Out is not null)
        {
            OutputEstimate.For(input.Document, count, ScenarioJson.Save(input.Rerunnable)).Check(settings.Out);
        }

        // Built once before any path runs (and before the output folder exists), so the checks that need the built
        // instruments report at once; RunMonteCarlo repeats the build, a cost small beside the paths.
        ScenarioSimulation opening = input.CreateSimulation(input.Options, cancellationToken);
        DepthWarning.Write(input.Document, opening.Current);
        using OutputFolder? folder = settings.Out is null ? null : OutputFolder.Create(settings.Out, settings.Force);

        IAnsiConsole console = Terminal.Out;
        console.MarkupLine($"[bold]liqsim run --paths {count}[/]: Monte Carlo of {Markup.Escape(input.Document.Name)}");
        console.WriteLine($"  {input.Source}");
        console.WriteLine($"  {input.Document.Describe()}");
        console.WriteLine(settings.Cluster is { } on
            ? string.Create(CultureInfo.InvariantCulture, $"  paths {settings.FirstPath:N0} to {settings.FirstPath + count - 1:N0} on the cluster at {on.Text}")
            : string.Create(CultureInfo.InvariantCulture,
                $"  paths {settings.FirstPath:N0} to {settings.FirstPath + count - 1:N0} on {settings.Threads} thread{(settings.Threads == 1 ? string.Empty : "s")}"));

        MonteCarloOptions paths = MonteCarloOptions.Paths(settings.FirstPath, count) with { DegreeOfParallelism = settings.Threads };
        MonteCarloResult result;
        if (settings.Progress)
        {
            result = null!;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask("paths", maxValue: count);
                    var progress = new SynchronousProgress<MonteCarloProgress>(p => task.Value = p.CompletedPaths);
                    result = Run(paths with { Progress = progress });
                });
        }
        else
        {
            // Redirected output (a log, a batch job): a line on standard error at every tenth of a long run instead of a bar.
            IProgress<MonteCarloProgress>? lines = settings.ProgressLines && count >= 20
                ? new SynchronousProgress<MonteCarloProgress>(p =>
                {
                    if (p.CompletedPaths * 10 / p.TotalPaths != (p.CompletedPaths - 1) * 10 / p.TotalPaths)
                    {
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"liqsim: {p.CompletedPaths:N0} of {p.TotalPaths:N0} paths ({clock.Elapsed.TotalSeconds:0} s)"));
                    }
                })
                : null;
            result = Run(paths with { Progress = lines });
        }

        // Local, or the same paths on a cluster of liqsim silos: the same result either way.
        MonteCarloResult Run(MonteCarloOptions options) => settings.Cluster is null
            ? ScenarioSimulation.RunMonteCarlo(input.Document, options, cancellationToken, input.Options)
            : ClusterRun.Run(settings.Cluster, input, options, cancellationToken);

        // Every amount of the result is in the settlement currency; named when all instruments share one.
        string[] settlements = [.. input.Document.Instruments.Select(i => i.ToInstrument().SettlementAsset).Distinct(StringComparer.Ordinal)];
        string? currency = settlements.Length == 1 ? settlements[0] : null;
        if (folder is not null)
        {
            folder.WriteText(Files.MonteCarlo, new MonteCarloShard(input.Document.Name, input.Fingerprint, result) { Currency = currency }.ToJson());
            folder.WriteText(Files.MonteCarloPaths, ConsoleReport.PathsCsv(result));
            folder.WriteText(Files.Report, HtmlReport.MonteCarlo(result, input.Document.Name, input.Document));
            folder.WriteText(Files.Scenario, ScenarioJson.Save(input.Rerunnable) + "\n");
            folder.Complete();
        }

        ConsoleReport.MonteCarlo(console, result, currency);
        ConsoleReport.Files(console, folder, Files.Report);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ran {result.PathCount:N0} paths in {clock.Elapsed.TotalSeconds:0.0} s; digest {result.Digest()}."));
        return ExitCodes.Success;
    }

    /// <summary>A single run of more positions × steps is long enough for progress lines (the default run: 100,000 × 1,440 = 1.44e8).</summary>
    private const double LongRun = 5e8;

    private static string ChartSymbol(ScenarioInput input, string? requested)
    {
        if (requested is null)
        {
            return input.Document.Instruments[0].Symbol;
        }

        if (!input.Document.Instruments.Any(i => string.Equals(i.Symbol, requested, StringComparison.Ordinal)))
        {
            throw new CommandException(ExitCodes.Usage,
                $"--symbol {requested} is not an instrument of the scenario; it has {string.Join(", ", input.Document.Instruments.Select(i => i.Symbol))}.");
        }

        return requested;
    }

    private sealed record Settings(
        string? Scenario, string? Out, bool Force, int? Paths, long FirstPath, ulong? Seed, int Threads, string? Symbol, long? MaxMemory, bool Progress, bool ProgressLines)
    {
        /// <summary>The cluster to run the Monte Carlo on (<c>--cluster</c>), or null to run it here.</summary>
        public ClusterConnection? Cluster { get; init; }
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (no synchronisation context hop).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
