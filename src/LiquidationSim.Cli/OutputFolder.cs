using System.CommandLine;
using System.Text;

namespace LiquidationSim.Cli;

/// <summary>
/// The folder given with <c>--out</c>: created on demand, every file written as UTF-8 without a byte-order mark.
/// </summary>
/// <remarks>
/// Nothing a run writes looks complete before the run is: each file is written under its name plus
/// <see cref="IncompleteSuffix"/> and renamed only by <see cref="Complete"/>, once every file of the run is written. A run
/// that fails or is cancelled disposes the folder without completing it, which deletes those files (and the folder, if
/// the run created it and it is empty); a run killed outright leaves only files clearly named incomplete. A folder that
/// already holds files liqsim writes (another run's) is refused unless <c>--force</c>, which deletes those files and no
/// other.
/// </remarks>
internal sealed class OutputFolder : IDisposable
{
    /// <summary>Appended to a file's name while it is being written.</summary>
    public const string IncompleteSuffix = ".incomplete";

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly Lazy<HashSet<string>> s_liqsimFiles = new(() =>
    [
        RunCommand.Files.Timeline, RunCommand.Files.Events, RunCommand.Files.Summary, RunCommand.Files.Chart,
        RunCommand.Files.Report, RunCommand.Files.Scenario, RunCommand.Files.MonteCarlo, RunCommand.Files.MonteCarloPaths,
        .. typeof(DefiCommand.Files).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
        .. Enum.GetValues<DefiRunKind>().Select(k => k.FileName()),
    ]);

    /// <summary>
    /// A file name whose writes fail as on a full disk, from the <c>LIQSIM_TEST_FULL_DISK</c> environment variable: the
    /// seam through which the tests check that a failed write is reported as such and leaves no file looking complete.
    /// </summary>
    private static readonly string? s_fullDiskFile = Environment.GetEnvironmentVariable("LIQSIM_TEST_FULL_DISK");

    private readonly List<string> _written = [];
    private readonly bool _created;
    private bool _completed;

    private OutputFolder(string path, bool created)
    {
        Path = path;
        _created = created;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Files written so far (their final names), in order.</summary>
    public IReadOnlyList<string> Written => _written;

    /// <summary>The <c>--force</c> option of the commands that take an <c>--out</c> folder.</summary>
    public static Option<bool> ForceOption() => new("--force")
    {
        Description = "Let --out be a folder that holds another run's files: delete those files (only the ones liqsim writes) first.",
    };

    /// <summary>True when <paramref name="name"/> is a file liqsim writes into an output folder, or one being written.</summary>
    public static bool IsLiqsimFile(string name) =>
        s_liqsimFiles.Value.Contains(name)
        || (name.EndsWith(IncompleteSuffix, StringComparison.Ordinal) && s_liqsimFiles.Value.Contains(name[..^IncompleteSuffix.Length]));

    /// <summary>
    /// Creates the folder (and its parents) if needed. A folder holding another run's files is refused unless
    /// <paramref name="force"/>, which deletes those files (only names liqsim writes).
    /// </summary>
    /// <exception cref="CommandException">
    /// The folder holds another run's files and <paramref name="force"/> is false (exit code 3), or it cannot be created or
    /// cleared (exit code 4).
    /// </exception>
    public static OutputFolder Create(string path, bool force = false)
    {
        try
        {
            string full = System.IO.Path.GetFullPath(path);
            bool existed = Directory.Exists(full);
            if (existed)
            {
                string[] previous = [.. Directory.EnumerateFiles(full).Select(f => System.IO.Path.GetFileName(f)).Where(IsLiqsimFile).Order(StringComparer.Ordinal)];
                if (previous.Length > 0 && !force)
                {
                    throw new CommandException(ExitCodes.InvalidInput,
                        $"output folder '{path}' holds another run's files ({string.Join(", ", previous)}); give --force to replace them, or choose another --out folder.");
                }

                foreach (string name in previous)
                {
                    File.Delete(System.IO.Path.Combine(full, name));
                }
            }

            return new OutputFolder(Directory.CreateDirectory(full).FullName, !existed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandException(ExitCodes.OutputFailed, $"cannot create output folder '{path}': {OneLine(e)}");
        }
    }

    /// <summary>Opens <paramref name="name"/> in the folder for writing text (under its incomplete name until <see cref="Complete"/>).</summary>
    /// <exception cref="CommandException">The file cannot be created.</exception>
    public StreamWriter OpenText(string name) => new(OpenStream(name), s_utf8, 1 << 16) { NewLine = "\n" };

    /// <summary>Opens <paramref name="name"/> in the folder for writing bytes (under its incomplete name until <see cref="Complete"/>).</summary>
    /// <exception cref="CommandException">The file cannot be created.</exception>
    public FileStream OpenStream(string name)
    {
        string full = System.IO.Path.Combine(Path, name);
        try
        {
            // The test seam: the named file is written to /dev/full, a device whose every write fails as a full disk does.
            FileStream stream = string.Equals(name, s_fullDiskFile, StringComparison.Ordinal)
                ? new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16)
                : new FileStream(full + IncompleteSuffix, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
            _written.Add(full);
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.OutputFailed, $"cannot write '{full}': {OneLine(e)}");
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder (under its incomplete name until <see cref="Complete"/>).</summary>
    /// <exception cref="CommandException">The file cannot be written (exit code 4).</exception>
    public void WriteText(string name, string text)
    {
        StreamWriter writer = OpenText(name);
        try
        {
            writer.Write(text);
            writer.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.OutputFailed, $"cannot write '{System.IO.Path.Combine(Path, name)}': {OneLine(e)}");
        }
        finally
        {
            DisposeQuietly(writer);
        }
    }

    /// <summary>
    /// Gives every file written its final name: the run is complete. Call once, after the last write and after every
    /// stream from <see cref="OpenStream"/> or <see cref="OpenText"/> is flushed and disposed.
    /// </summary>
    /// <exception cref="CommandException">A file cannot be renamed (exit code 4).</exception>
    public void Complete()
    {
        foreach (string full in _written)
        {
            try
            {
                File.Move(full + IncompleteSuffix, full, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandException(ExitCodes.OutputFailed, $"cannot write '{full}': {OneLine(e)}");
            }
        }

        _completed = true;
    }

    /// <summary>Unless <see cref="Complete"/> ran: deletes the files of this run, and the folder if this run created it and it is empty.</summary>
    public void Dispose()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        foreach (string full in _written)
        {
            try
            {
                File.Delete(full + IncompleteSuffix);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: a file left behind still carries the incomplete suffix.
            }
        }

        try
        {
            if (_created && !Directory.EnumerateFileSystemEntries(Path).Any())
            {
                Directory.Delete(Path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: an empty folder misleads no one.
        }
    }

    /// <summary>Disposes <paramref name="resource"/>, ignoring a write failure (already reported by the flush before it).</summary>
    public static void DisposeQuietly(IDisposable? resource)
    {
        try
        {
            resource?.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The failure that matters was thrown by the write or flush that came first.
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> to the file at <paramref name="path"/> (outside any output folder): to a file named
    /// incomplete beside it first, then renamed, so a failed write leaves the previous file (or none), never a truncated one.
    /// A path that is not a regular file (a device such as <c>/dev/stdout</c>, a pipe) is written directly.
    /// </summary>
    /// <exception cref="CommandException">The file cannot be written (exit code 4).</exception>
    public static void WriteFile(string path, string text)
    {
        string? temporary = null;
        try
        {
            string full = System.IO.Path.GetFullPath(path);
            string? folder = System.IO.Path.GetDirectoryName(full);
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            if (IsDevice(full))
            {
                File.WriteAllText(full, text, s_utf8);
                return;
            }

            temporary = full + IncompleteSuffix;
            File.WriteAllText(temporary, text, s_utf8);
            File.Move(temporary, full, overwrite: true);
            temporary = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandException(ExitCodes.OutputFailed, $"cannot write '{path}': {OneLine(e)}");
        }
        finally
        {
            if (temporary is not null)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Best effort: it carries the incomplete suffix.
                }
            }
        }
    }

    /// <summary>
    /// True for a path that names a device or a process's stream (<c>/dev/stdout</c>, <c>/dev/full</c>, through any
    /// links): it is written in place, as renaming a file over it would replace the device.
    /// </summary>
    private static bool IsDevice(string full)
    {
        static bool Special(string path) => path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal);
        if (OperatingSystem.IsWindows() || !File.Exists(full))
        {
            return false;
        }

        return Special(full) || Special(new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full);
    }

    /// <summary>An exception's message on one line, for the one-line reason a failed write reports.</summary>
    private static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ");
}
