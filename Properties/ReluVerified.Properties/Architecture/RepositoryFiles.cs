namespace ReluVerified.Properties.Architecture;

/// <summary>Locates files of the repository (docs, proofs) from the test's output directory.</summary>
internal static class RepositoryFiles
{
    internal static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "ReluVerified.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("ReluVerified.sln not found above the test directory.");
    }

    internal static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
