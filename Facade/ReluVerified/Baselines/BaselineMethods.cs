using System.Collections.Immutable;

namespace ReluVerified;

/// <summary>Names of the <see cref="BaselineMethod"/> values as printed and parsed (the peer ids without "peer:").</summary>
public static class BaselineMethods
{
    /// <summary>Every method, in the order the comparison prints them.</summary>
    public static ImmutableArray<BaselineMethod> All { get; } =
        [BaselineMethod.Alphatron, BaselineMethod.Glmtron, BaselineMethod.Isotron, BaselineMethod.GdRelu, BaselineMethod.Krr, BaselineMethod.KrrNp];

    /// <summary>The short name: alphatron, glmtron, isotron, gd-relu, krr or krr-np.</summary>
    public static string Name(BaselineMethod method) => method switch
    {
        BaselineMethod.Alphatron => "alphatron",
        BaselineMethod.Glmtron => "glmtron",
        BaselineMethod.Isotron => "isotron",
        BaselineMethod.GdRelu => "gd-relu",
        BaselineMethod.Krr => "krr",
        BaselineMethod.KrrNp => "krr-np",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown baseline method."),
    };

    /// <summary>Parses a short name; the error lists the accepted names.</summary>
    public static BaselineMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var method in All) if (Name(method) == name) return method;
        throw new ArgumentException($"unknown baseline '{name}'; choose one of: {string.Join(", ", All.Select(Name))}.", nameof(name));
    }
}
