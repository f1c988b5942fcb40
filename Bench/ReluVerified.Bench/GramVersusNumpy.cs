namespace ReluVerified.Bench;

/// <summary>Placeholder replaced below.</summary>
public static class GramVersusNumpy
{
    /// <summary>Runs the comparison.</summary>
    public static int Run(string[] args) => 0;
}
