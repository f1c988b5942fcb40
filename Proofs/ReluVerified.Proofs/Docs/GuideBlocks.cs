using System.Globalization;
using System.Text.RegularExpressions;
using ReluVerified.Proofs.Learning;
using Xunit;

namespace ReluVerified.Proofs.Docs;

/// <summary>
/// What the guide-figure checks share: the text of a marked block of docs/guide.md (between
/// <c>&lt;!-- figures:guide-NAME:begin ... --&gt;</c> and <c>&lt;!-- figures:guide-NAME:end --&gt;</c>, the marker lines
/// excluded) and a figure as the CLI prints it.
/// </summary>
internal static class GuideBlocks
{
    /// <summary>As the CLI prints a figure (Terminal.F: G4, invariant culture).</summary>
    internal static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The text of block <paramref name="name"/>; fails naming <paramref name="regenerate"/> when the guide has none.</summary>
    internal static string Block(string name, string regenerate)
    {
        string guide = File.ReadAllText(RepositoryPaths.File("docs", "guide.md")).ReplaceLineEndings("\n");
        var match = Regex.Match(guide, $@"<!-- figures:guide-{name}:begin[^\n]*-->\n(.*?)\n<!-- figures:guide-{name}:end -->", RegexOptions.Singleline);
        Assert.True(match.Success, $"docs/guide.md has no figures:guide-{name} block; {regenerate}");
        return match.Groups[1].Value;
    }
}
