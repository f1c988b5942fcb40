using System.Collections.Immutable;
using ReluVerified.Core.LowRank;

namespace ReluVerified;

/// <summary>
/// The text forms of the option enums (<see cref="ScaleKind"/>, <see cref="LandmarkKind"/>, <see cref="KernelKind"/>,
/// <see cref="LossKind"/>, <see cref="ReluTask"/>), as model files, report JSON and the command line write them, and their
/// parsers. Parsing is exact: an unknown text is an <see cref="ArgumentException"/> naming it and the allowed ones.
/// </summary>
internal static class OptionNames
{
    /// <summary>"none", "max-norm" or "standardize".</summary>
    public static string Name(ScaleKind scale) => scale switch
    {
        ScaleKind.None => "none",
        ScaleKind.MaxNorm => "max-norm",
        ScaleKind.Standardize => "standardize",
        _ => throw Unknown(nameof(scale), scale),
    };

    /// <summary>"uniform", "kmeans++", "leverage" or "pivoted".</summary>
    public static string Name(LandmarkKind landmarks) => landmarks switch
    {
        LandmarkKind.Uniform => "uniform",
        LandmarkKind.KMeansPlusPlus => "kmeans++",
        LandmarkKind.Leverage => "leverage",
        LandmarkKind.Pivoted => "pivoted",
        _ => throw Unknown(nameof(landmarks), landmarks),
    };

    /// <summary>"multinomial" or "gaussian".</summary>
    public static string Name(KernelKind kernel) => kernel switch
    {
        KernelKind.Multinomial => "multinomial",
        KernelKind.Gaussian => "gaussian",
        _ => throw Unknown(nameof(kernel), kernel),
    };

    /// <summary>"square", "absolute" or "huber".</summary>
    public static string Name(LossKind loss) => loss switch
    {
        LossKind.Square => "square",
        LossKind.Absolute => "absolute",
        LossKind.Huber => "huber",
        _ => throw Unknown(nameof(loss), loss),
    };

    /// <summary>Every scale name, in declaration order.</summary>
    public static ImmutableArray<string> ScaleNames { get; } = [.. Enum.GetValues<ScaleKind>().Select(Name)];

    /// <summary>Every landmark method name, in declaration order.</summary>
    public static ImmutableArray<string> LandmarkNames { get; } = [.. Enum.GetValues<LandmarkKind>().Select(Name)];

    /// <summary>Every kernel name, in declaration order.</summary>
    public static ImmutableArray<string> KernelNames { get; } = [.. Enum.GetValues<KernelKind>().Select(Name)];

    /// <summary>Every loss name, in declaration order.</summary>
    public static ImmutableArray<string> LossNames { get; } = [.. Enum.GetValues<LossKind>().Select(Name)];

    /// <summary>Parses a name written by <see cref="Name(ScaleKind)"/>.</summary>
    public static ScaleKind ParseScale(string name) => Parse<ScaleKind>(name, "scale", Name);

    /// <summary>Parses a name written by <see cref="Name(LandmarkKind)"/>.</summary>
    public static LandmarkKind ParseLandmarks(string name) => Parse<LandmarkKind>(name, "landmark method", Name);

    /// <summary>Parses a name written by <see cref="Name(KernelKind)"/>.</summary>
    public static KernelKind ParseKernel(string name) => Parse<KernelKind>(name, "kernel", Name);

    /// <summary>Parses a name written by <see cref="Name(LossKind)"/>.</summary>
    public static LossKind ParseLoss(string name) => Parse<LossKind>(name, "loss", Name);

    /// <summary>Core's landmark method for a named choice.</summary>
    internal static LandmarkMethod Method(LandmarkKind landmarks) => landmarks switch
    {
        LandmarkKind.Uniform => new LandmarkMethod.Uniform(),
        LandmarkKind.KMeansPlusPlus => new LandmarkMethod.KMeansPlusPlus(),
        LandmarkKind.Leverage => new LandmarkMethod.Leverage(),
        LandmarkKind.Pivoted => new LandmarkMethod.Pivoted(),
        _ => throw Unknown(nameof(landmarks), landmarks),
    };

    private static T Parse<T>(string name, string what, Func<T, string> nameOf) where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var value in Enum.GetValues<T>())
            if (nameOf(value) == name) return value;
        throw new ArgumentException($"unknown {what} '{name}': use {string.Join(", ", Enum.GetValues<T>().Select(nameOf))}.", nameof(name));
    }

    private static ArgumentOutOfRangeException Unknown<T>(string parameter, T value) where T : struct, Enum
        => new(parameter, value, $"{typeof(T).Name} {value} is not one of {string.Join(", ", Enum.GetNames<T>())}.");
}
