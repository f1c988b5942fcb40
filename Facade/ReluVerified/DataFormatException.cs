namespace ReluVerified;

/// <summary>
/// Bad input data: the message names the file, the line (1-based, the header is line 1) and the column.
/// The command-line program maps it to exit code 2.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception with a complete message.</summary>
    public DataFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public DataFormatException(string message, Exception inner) : base(message, inner) { }
}
