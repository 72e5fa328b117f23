using System.Text;

namespace LiquidationSim.Cli;

/// <summary>The folder given with <c>--out</c>: created on demand, every file written as UTF-8 without a byte-order mark.</summary>
internal sealed class OutputFolder
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly List<string> _written = [];

    private OutputFolder(string path) => Path = path;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Files written so far, in order.</summary>
    public IReadOnlyList<string> Written => _written;

    /// <summary>Creates the folder (and its parents) if needed.</summary>
    /// <exception cref="CommandException">The folder cannot be created.</exception>
    public static OutputFolder Create(string path)
    {
        try
        {
            return new OutputFolder(Directory.CreateDirectory(path).FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandException(ExitCodes.OutputFailed, $"cannot create output folder '{path}': {e.Message}");
        }
    }

    /// <summary>Opens <paramref name="name"/> in the folder for writing text.</summary>
    /// <exception cref="CommandException">The file cannot be created.</exception>
    public StreamWriter OpenText(string name) => new(OpenStream(name), s_utf8, 1 << 16) { NewLine = "\n" };

    /// <summary>Opens <paramref name="name"/> in the folder for writing bytes.</summary>
    /// <exception cref="CommandException">The file cannot be created.</exception>
    public FileStream OpenStream(string name)
    {
        string full = System.IO.Path.Combine(Path, name);
        try
        {
            var stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
            _written.Add(full);
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.OutputFailed, $"cannot write '{full}': {e.Message}");
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder.</summary>
    /// <exception cref="CommandException">The file cannot be written.</exception>
    public void WriteText(string name, string text)
    {
        using StreamWriter writer = OpenText(name);
        writer.Write(text);
    }

    /// <summary>Writes <paramref name="text"/> to the file at <paramref name="path"/> (outside any output folder).</summary>
    /// <exception cref="CommandException">The file cannot be written.</exception>
    public static void WriteFile(string path, string text)
    {
        try
        {
            string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(path, text, s_utf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandException(ExitCodes.OutputFailed, $"cannot write '{path}': {e.Message}");
        }
    }
}
