namespace ReluVerified.Cli.Commands;

/// <summary>
/// Checks an output path (<c>--out</c>, <c>--report</c>) before a command does its work: it is not one of the command's
/// input files (compared after normalisation to full paths), not a directory, and not an existing read-only file unless
/// <c>--force</c> is given. The write itself (<see cref="AtomicFile"/>) keeps an existing file's permissions.
/// </summary>
internal static class OutputFile
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the path as the user gave it when <paramref name="output"/> may not be written.</summary>
    internal static void Check(string flag, FileInfo output, bool force, params (string Flag, FileInfo? File)[] inputs)
    {
        string given = output.ToString();
        string full = Path.GetFullPath(output.FullName);
        foreach (var (inputFlag, input) in inputs)
            if (input is not null && string.Equals(full, Path.GetFullPath(input.FullName), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
                throw new ArgumentException($"{flag} {given} is the {inputFlag} file: writing it would destroy the input; give another path.");
        if (Directory.Exists(full))
            throw new ArgumentException($"{flag} {given} is a directory; give the path of a file to write (for example {Path.Combine(given, "model.json")}).");
        if (File.Exists(full) && !force && IsReadOnly(full))
            throw new ArgumentException($"{flag} {given} exists and is read-only; it is left as it is. Give --force to replace its content (its permissions stay as they are), or another path.");
    }

    private static bool IsReadOnly(string path) => OperatingSystem.IsWindows()
        ? File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly)
        : (File.GetUnixFileMode(path) & UnixFileMode.UserWrite) == 0;
}
