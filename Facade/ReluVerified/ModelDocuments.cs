using System.Text.Json.Serialization;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified;

/// <summary>
/// The first fields of every model file, read before its kind is known: the format name (which kind), its version, and the
/// library version that wrote it. <see cref="ModelCodec"/> dispatches on <see cref="Format"/>.
/// </summary>
internal sealed record EnvelopeDocument
{
    public string? Format { get; init; }
    public int FormatVersion { get; init; }
    public string? LibraryVersion { get; init; }
}

/// <summary>A reliable model's file (format "reluverified-model"); property order is the order of the JSON fields.</summary>
internal sealed record ModelDocument
{
    public string? Format { get; init; }
    public int FormatVersion { get; init; }
    public string? LibraryVersion { get; init; }
    public string? Task { get; init; }
    public string[]? FeatureNames { get; init; }

    /// <summary>The label column's name (format version 2 on; absent from version 1 files and when the data named none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LabelName { get; init; }

    public EmbeddingDocument? Embedding { get; init; }
    public KernelDocument? Kernel { get; init; }
    public OutputDocument? Output { get; init; }
    public ReliableReluOptions? Options { get; init; }
    public FitReport? Report { get; init; }
    public string? ContentSha256 { get; init; }
    public double[][]? SupportPoints { get; init; }
    public double[]? Coefficients { get; init; }
    public double[][]? Pieces { get; init; }
}

/// <summary>A baseline's file (format "reluverified-baseline"); property order is the order of the JSON fields.</summary>
internal sealed record BaselineDocument
{
    public string? Format { get; init; }
    public int FormatVersion { get; init; }
    public string? LibraryVersion { get; init; }
    public string? Method { get; init; }
    public BaselineOptions? Options { get; init; }
    public EmbeddingDocument? Embedding { get; init; }
    public HypothesisDocument? Hypothesis { get; init; }
    public SortedDictionary<string, double>? Parameters { get; init; }
    public double SelectionError { get; init; }
    public double[]? Trace { get; init; }
    public ThresholdCalibration? Calibration { get; init; }
    public string? ContentSha256 { get; init; }
}

/// <summary>A baseline's hypothesis in a file: a kernel expansion (kind "kernel") or a single-index model (kind "single-index").</summary>
internal sealed record HypothesisDocument
{
    public string? Kind { get; init; }
    public KernelDocument? Kernel { get; init; }
    public OutputDocument? Output { get; init; }
    public double[][]? SupportPoints { get; init; }
    public double[]? Coefficients { get; init; }
    public double[]? Weights { get; init; }
    public double[]? LinkKnots { get; init; }
    public double[]? LinkValues { get; init; }
}

/// <summary>The embedding of raw rows into the unit ball, in both kinds of file.</summary>
internal sealed record EmbeddingDocument
{
    public string? Kind { get; init; }
    public bool Bias { get; init; }
    public int InputDimension { get; init; }
    public double Scale { get; init; }
    public double[]? Means { get; init; }
    public double[]? Deviations { get; init; }

    internal static EmbeddingDocument From(Embedding e) => new()
    {
        Kind = e.Kind,
        Bias = e.Bias,
        InputDimension = e.InputDimension,
        Scale = e switch
        {
            Embedding.MaxNorm m => m.ScaleFactor,
            Embedding.Standardize s => s.ScaleFactor,
            Embedding.Identity => 1.0,
            _ => throw new InvalidOperationException($"embedding kind '{e.Kind}' has no file form"),
        },
        Means = e is Embedding.Standardize s1 ? [.. s1.Means] : null,
        Deviations = e is Embedding.Standardize s2 ? [.. s2.Deviations] : null,
    };

    /// <summary>The embedding; an <see cref="ArgumentException"/> names what is wrong.</summary>
    internal Embedding ToEmbedding() => Kind switch
    {
        "none" => new Embedding.Identity(InputDimension, Bias),
        "max-norm" => new Embedding.MaxNorm(InputDimension, Scale, Bias),
        "standardize" => new Embedding.Standardize([.. Means ?? []], [.. Deviations ?? []], Scale, Bias),
        _ => throw new ArgumentException($"unknown embedding kind '{Kind}': use {string.Join(", ", OptionNames.ScaleNames)}."),
    };
}

/// <summary>
/// A kernel in a file: kind "linear" (degree 1), "multinomial" (degree), "compositional" (degree and inner kernel) or
/// "gaussian" (gamma, written in shortest round-trip form so it reads back to the same bits; degree 0). The gamma field is
/// written only for the Gaussian kernel, so files of the other kernels are byte for byte what earlier versions wrote.
/// Both kinds of file write the linear kernel with degree 1 (k(x, x') = x . x', a polynomial of degree 1); reliable model
/// files written before the codec was shared held degree 0 there, which still reads.
/// </summary>
internal sealed record KernelDocument
{
    public string? Kind { get; init; }
    public int Degree { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Gamma { get; init; }
    public KernelDocument? Inner { get; init; }

    internal static KernelDocument From(Kernel kernel) => kernel switch
    {
        Kernel.Linear => new KernelDocument { Kind = "linear", Degree = 1 },
        Kernel.Multinomial m => new KernelDocument { Kind = "multinomial", Degree = m.Degree },
        Kernel.Compositional c => new KernelDocument { Kind = "compositional", Degree = c.Degree, Inner = From(c.Inner) },
        Kernel.Gaussian g => new KernelDocument { Kind = "gaussian", Gamma = g.Gamma },
        _ => throw new InvalidOperationException($"kernel {kernel.Describe()} has no file form"),
    };

    /// <summary>The kernel, or null when the document names none or has invalid numbers.</summary>
    internal Kernel? ToKernel(int depth = 0)
    {
        if (Degree < 0 || Degree > 64 || depth > 16) return null;
        if (Kind == "gaussian") return Degree == 0 && Gamma is double g && double.IsFinite(g) && g > 0 ? new Kernel.Gaussian(g) : null;
        if (Gamma is not null) return null;
        return Kind switch
        {
            "linear" when Degree is 0 or 1 => new Kernel.Linear(),
            "multinomial" => new Kernel.Multinomial(Degree),
            "compositional" when Inner?.ToKernel(depth + 1) is { } inner => new Kernel.Compositional(inner, Degree),
            _ => null,
        };
    }
}

/// <summary>The output rule of a kernel expansion (kind "threshold" or "clip"), or a max-affine model's clip range (kind "max-affine").</summary>
internal sealed record OutputDocument
{
    public string? Kind { get; init; }
    public double Threshold { get; init; } = double.NaN;
    public double Lower { get; init; } = double.NaN;
    public double Upper { get; init; } = double.NaN;

    internal static OutputDocument From(OutputRule rule) => rule switch
    {
        OutputRule.ReliableThreshold t => new OutputDocument { Kind = "threshold", Threshold = t.Threshold },
        OutputRule.Clip c => new OutputDocument { Kind = "clip", Lower = c.Lower, Upper = c.Upper },
        _ => throw new InvalidOperationException($"output rule {rule} has no file form"),
    };

    /// <summary>The output rule of a kernel expansion, or null when the kind is unknown or the numbers invalid.</summary>
    internal OutputRule? ToRule() => Kind switch
    {
        "threshold" when double.IsFinite(Threshold) => new OutputRule.ReliableThreshold(Threshold),
        "clip" when Lower <= Upper => new OutputRule.Clip(Lower, Upper),
        _ => null,
    };
}
