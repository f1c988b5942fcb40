namespace ReluVerified;

/// <summary>
/// Writes files atomically: the content goes to a temporary file in the same directory, which is then renamed over
/// the target. A failure part-way leaves the target untouched and removes the temporary file; its error names the target,
/// never the temporary file. A target that exists keeps its permissions (Unix file mode): the new content gets the old mode.
/// A target that is a directory is refused before anything is written.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="contents"/> (UTF-8, no BOM).</summary>
    public static void WriteAllText(string path, string contents)
        => Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(contents);
        });

    /// <summary>Atomically replaces <paramref name="path"/> with what <paramref name="write"/> puts into the stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        Replace(path, full, temporary, () =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            write(stream);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>
    /// Atomically replaces <paramref name="path"/> with a file that <paramref name="writeTo"/> writes at a temporary path
    /// in the same directory (for writers that take a path, such as image encoders); the temporary keeps the extension.
    /// </summary>
    public static void WriteVia(string path, Action<string> writeTo)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeTo);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        Replace(path, full, temporary, () => writeTo(temporary));
    }

    /// <summary>
    /// Writes <paramref name="temporary"/> with <paramref name="write"/>, gives it the mode of an existing target and renames
    /// it over <paramref name="full"/>; an I/O or access error is rethrown naming <paramref name="path"/> as the caller gave it.
    /// </summary>
    private static void Replace(string path, string full, string temporary, Action write)
    {
        if (Directory.Exists(full)) throw new IOException($"{path}: is a directory; give the path of a file to write.");
        try
        {
            write();
            if (!OperatingSystem.IsWindows() && File.Exists(full)) File.SetUnixFileMode(temporary, File.GetUnixFileMode(full));
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e.Message.Replace(temporary, full, StringComparison.Ordinal).Replace(Path.GetFileName(temporary), Path.GetFileName(full), StringComparison.Ordinal);
            throw e is IOException ? new IOException($"{path}: cannot write it: {reason}", e) : new UnauthorizedAccessException($"{path}: cannot write it: {reason}", e);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
