using System.Text.RegularExpressions;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// Translates the library's error messages, which speak of the C# option names (<see cref="ReliableReluOptions"/>,
/// <see cref="BaselineOptions"/>, the labelName and delimiter arguments of the readers), into the command line's flags, so a user of
/// <c>relu</c> reads the flag to change: "Scale = ScaleKind.MaxNorm" becomes "--scale max-norm", "Rank = 400" becomes
/// "--rank 400", and a bare option name becomes its flag. Applied where <see cref="CommandRunner"/> prints bad-input errors.
/// </summary>
internal static class FlagNames
{
    /// <summary>Option (and argument) names of the library, each with the flag that sets it.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Rank"] = "--rank", ["Degree"] = "--degree", ["Weight"] = "--weight", ["Threshold"] = "--threshold",
        ["ConstraintLevel"] = "--constraint-level", ["Epsilon"] = "--epsilon", ["Delta"] = "--delta", ["Folds"] = "--folds",
        ["SelectionRows"] = "--selection-rows", ["ZeroPenalty"] = "--penalty", ["Gamma"] = "--gamma", ["Kernel"] = "--kernel",
        ["Scale"] = "--scale", ["Landmarks"] = "--landmarks", ["Calibrate"] = "--calibrate", ["Bias"] = "--bias",
        ["Units"] = "--units", ["Pieces"] = "--pieces", ["Slope"] = "--slope", ["Restarts"] = "--restarts", ["Seed"] = "--seed",
        ["TheoryParameters"] = "--theory-parameters", ["Loss"] = "--loss", ["labelName"] = "--label", ["delimiter"] = "--delimiter",
    };

    private static readonly Regex EnumSetting = new(@"\b(\w+) = (ScaleKind|LandmarkKind|KernelKind|LossKind)\.(\w+)", RegexOptions.CultureInvariant);
    private static readonly Regex EnumValue = new(@"\b(ScaleKind|LandmarkKind|KernelKind|LossKind)\.(\w+)", RegexOptions.CultureInvariant);
    private static readonly Regex Setting = new(@"\b(\w+) = (-?[0-9][0-9.eE+-]*|true|false)\b", RegexOptions.CultureInvariant);
    private static readonly Regex Name = new($@"\b({string.Join('|', Flags.Keys)})\b", RegexOptions.CultureInvariant);

    /// <summary><paramref name="message"/> with the library's option names replaced by the flags that set them.</summary>
    internal static string Translate(string message)
    {
        message = EnumSetting.Replace(message, m => Flags.TryGetValue(m.Groups[1].Value, out var flag) ? $"{flag} {ValueName(m.Groups[2].Value, m.Groups[3].Value)}" : m.Value);
        message = EnumValue.Replace(message, m => ValueName(m.Groups[1].Value, m.Groups[2].Value));
        message = Setting.Replace(message, m => !Flags.TryGetValue(m.Groups[1].Value, out var flag) ? m.Value
            : m.Groups[2].Value == "false" && m.Groups[1].Value is "Calibrate" or "Bias" ? $"--no-{m.Groups[1].Value.ToLowerInvariant()}"
            : m.Groups[2].Value == "true" ? flag : $"{flag} {m.Groups[2].Value}");
        return Name.Replace(message, m => Flags[m.Value]);
    }

    private static string ValueName(string type, string value) => type switch
    {
        "ScaleKind" when Enum.TryParse<ScaleKind>(value, out var s) => OptionNames.Name(s),
        "LandmarkKind" when Enum.TryParse<LandmarkKind>(value, out var l) => OptionNames.Name(l),
        "KernelKind" when Enum.TryParse<KernelKind>(value, out var k) => OptionNames.Name(k),
        "LossKind" when Enum.TryParse<LossKind>(value, out var o) => OptionNames.Name(o),
        _ => $"{type}.{value}",
    };
}
