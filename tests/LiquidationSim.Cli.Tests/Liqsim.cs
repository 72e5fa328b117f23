using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace LiquidationSim.Cli.Tests;

/// <summary>What a liqsim process did.</summary>
public sealed record LiqsimResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Starts the built liqsim tool as a separate process, the way a user runs it.</summary>
public static class Liqsim
{
    private static readonly string s_dll = typeof(Liqsim).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "LiqsimPath").Value!;

    /// <summary>Folder of the test data files.</summary>
    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>
    /// Starts liqsim, waits for its first line of output, sends it SIGINT (what Ctrl+C sends) and returns what it did.
    /// Unix only.
    /// </summary>
    public static LiqsimResult Interrupt(string workingDirectory, params string[] args) => Signal("INT", workingDirectory, args);

    /// <summary>
    /// Starts liqsim, waits for its first line of output, sends it <paramref name="signal"/> (INT, TERM) and returns what it did.
    /// Unix only.
    /// </summary>
    public static LiqsimResult Signal(string signal, string workingDirectory, params string[] args)
    {
        using Process process = Process.Start(StartInfo(workingDirectory, args))!;
        process.StandardInput.Close();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string first = process.StandardOutput.ReadLine() ?? string.Empty;
        using (Process kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        string rest = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("liqsim did not stop after SIGINT.");
        }

        return new LiqsimResult(process.ExitCode, first + "\n" + rest, stderr.Result);
    }

    /// <summary>Runs liqsim with <paramref name="args"/> in <paramref name="workingDirectory"/>, with standard input and output redirected.</summary>
    public static LiqsimResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs liqsim as <see cref="Run(string, string[])"/> does, with <paramref name="environment"/> added to its environment.</summary>
    public static LiqsimResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ProcessStartInfo start = StartInfo(workingDirectory, args);
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("liqsim " + string.Join(' ', args) + " ran for more than 3 minutes.");
        }

        return new LiqsimResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, string[] args)
    {
        File.Exists(s_dll).Should().BeTrue($"the tool is built before its tests ({s_dll})");
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(s_dll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        return start;
    }
}

/// <summary>A fresh temporary folder, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "liqsim-tests-" + Guid.NewGuid().ToString("N"));

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is not a test failure.
        }
    }
}

/// <summary>RFC 4180 CSV reading, enough to check the tool's files independently of the code that wrote them.</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        quoted.Should().BeFalse("every quoted field is closed");
        (field.Length == 0 && row.Count == 0).Should().BeTrue("the file ends with a line break");
        return rows;
    }
}
