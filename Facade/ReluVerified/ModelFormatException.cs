namespace ReluVerified;

/// <summary>A model file that cannot be used: truncated, corrupted, of an unknown format version, or internally inconsistent.</summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception with a complete message naming the file and the problem.</summary>
    public ModelFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ModelFormatException(string message, Exception inner) : base(message, inner) { }
}
