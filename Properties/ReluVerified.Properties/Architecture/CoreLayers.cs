using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace ReluVerified.Properties.Architecture;

/// <summary>
/// The layers of Core (docs/architecture.md): each folder of Core/ReluVerified.Core is the namespace
/// ReluVerified.Core.&lt;Folder&gt; and has a rank; a file may name another folder's namespace only if that folder's rank is
/// strictly lower than its own. The files in the root namespace (Preconditions, StructuralEquality, Tolerances, Vectors)
/// form rank 0 with LinearAlgebra. <see cref="Violations"/> is a pure function of a file's text and folder.
/// </summary>
internal static partial class CoreLayers
{
    /// <summary>The root namespace's files, as a folder name.</summary>
    internal const string Root = "";

    /// <summary>Rank of each folder (the root namespace is <see cref="Root"/>).</summary>
    internal static readonly FrozenDictionary<string, int> Rank = new Dictionary<string, int>
    {
        [Root] = 0, ["LinearAlgebra"] = 0,
        ["Geometry"] = 1, ["Losses"] = 1, ["Approximation"] = 1,
        ["Kernels"] = 2, ["Distributions"] = 2, ["Hardness"] = 2,
        ["Hypotheses"] = 3, ["Optimization"] = 3,
        ["LowRank"] = 4, ["Regression"] = 4,
        ["Learning"] = 5,
        ["Baselines"] = 6,
    }.ToFrozenDictionary();

    /// <summary>
    /// Every place where the source of a file in <paramref name="folder"/> names a Core namespace it may not use: in a
    /// using directive (plain, static or alias), a fully qualified name (ReluVerified.Core.X. or global::), a name
    /// qualified from the parent namespace (X.Type or Core.X.Type, which the compiler resolves because ReluVerified.Core
    /// encloses every file), in code or in a comment (a cref in a doc comment is a reference too). Also a namespace
    /// declaration that is not the folder's, and a folder without a rank.
    /// </summary>
    internal static IReadOnlyList<string> Violations(string source, string folder)
    {
        if (!Rank.TryGetValue(folder, out int rank)) return [$"folder '{folder}' has no rank in {nameof(CoreLayers)}.{nameof(Rank)} (docs/architecture.md)"];
        var violations = new List<string>();
        string expected = folder == Root ? "ReluVerified.Core" : $"ReluVerified.Core.{folder}";
        var lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            var declared = NamespaceDeclaration().Match(line);
            if (declared.Success && declared.Groups[1].Value != expected)
                violations.Add($"line {i + 1}: declares namespace {declared.Groups[1].Value}, not {expected}");
            var named = FullyQualified().Matches(line).Select(m => m.Groups[1].Value)
                .Concat(ParentQualified().Matches(line).Select(m => m.Groups[1].Value))
                .Where(Rank.ContainsKey).Distinct();
            foreach (var target in named)
            {
                int targetRank = Rank[target];
                bool sameLayer = target == folder || (rank == 0 && targetRank == 0);
                if (!sameLayer && targetRank >= rank)
                    violations.Add($"line {i + 1}: {Describe(folder)} (rank {rank}) names {target} (rank {targetRank}): {line.Trim()}");
            }
        }
        return violations;
    }

    private static string Describe(string folder) => folder == Root ? "the root namespace" : folder;

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)")]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"\bReluVerified\.Core\.(\w+)")]
    private static partial Regex FullyQualified();

    [GeneratedRegex(@"(?<![\w.:])(?:Core\.)?(\w+)\.[A-Z]")]
    private static partial Regex ParentQualified();
}
