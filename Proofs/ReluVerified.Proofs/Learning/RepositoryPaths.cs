namespace ReluVerified.Proofs.Learning;

/// <summary>Locates files of the repository (README, docs, fixtures) from the test's output directory.</summary>
internal static class RepositoryPaths
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "ReluVerified.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("ReluVerified.sln not found above the test directory.");
    }

    /// <summary>The path of a repository file from its parts, e.g. ("docs", "guide.md").</summary>
    internal static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
