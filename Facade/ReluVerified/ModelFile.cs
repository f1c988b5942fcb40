using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Regression;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified;

/// <summary>
/// The versioned JSON model format (format "reluverified-model", version 1): format and library versions, task,
/// embedding, kernel, output rule, support points and coefficients, options, feature names, the fit report, and a
/// SHA-256 of the numeric content so that a hand-edited or corrupted file is refused. Writes are atomic; doubles are
/// written in shortest round-trip form, so predictions after a round trip are bit-identical.
/// </summary>
public static class ModelFile
{
    /// <summary>The format name written in every file.</summary>
    public const string Format = "reluverified-model";

    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(ReliableReluModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var document = ToDocument(model);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, Json));
    }

    /// <summary>Reads and checks a model file.</summary>
    public static ReliableReluModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new ModelFormatException($"{path}: model file not found.");
        ModelDocument? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize<ModelDocument>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path}: not a readable model file (truncated or corrupted JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message}", e);
        }
        if (document is null) throw new ModelFormatException($"{path}: the file holds no model.");
        return FromDocument(document, path);
    }

    internal static ModelDocument ToDocument(ReliableReluModel model)
    {
        var e = model.Embedding;
        var document = new ModelDocument
        {
            Format = Format,
            FormatVersion = FormatVersion,
            LibraryVersion = typeof(ModelFile).Assembly.GetName().Version?.ToString() ?? "unknown",
            Task = ReliableRelu.TaskName(model.Options.Task),
            FeatureNames = [.. model.FeatureNames],
            Embedding = new EmbeddingDocument
            {
                Kind = e.Kind,
                Bias = e.Bias,
                InputDimension = e.InputDimension,
                Scale = e switch { Embedding.MaxNorm m => m.ScaleFactor, Embedding.Standardize s => s.ScaleFactor, _ => 1.0 },
                Means = e is Embedding.Standardize s1 ? [.. s1.Means] : null,
                Deviations = e is Embedding.Standardize s2 ? [.. s2.Deviations] : null,
            },
            Options = model.Options,
            Report = model.Report,
        };
        document = model.Predictor switch
        {
            Predictor.KernelExpansion { Hypothesis: var h } => document with
            {
                Kernel = KernelDocument.From(h.Kernel),
                Output = h.Rule switch
                {
                    OutputRule.ReliableThreshold t => new OutputDocument { Kind = "threshold", Threshold = t.Threshold },
                    OutputRule.Clip c => new OutputDocument { Kind = "clip", Lower = c.Lower, Upper = c.Upper },
                    _ => throw new InvalidOperationException("unknown output rule"),
                },
                SupportPoints = [.. Enumerable.Range(0, h.Support.Count).Select(i => h.Support[i].ToArray())],
                Coefficients = [.. h.Coefficients],
            },
            Predictor.MaxAffine { Hypothesis: var p } => document with
            {
                Kernel = null,
                Output = new OutputDocument { Kind = "max-affine", Lower = p.Lower, Upper = p.Upper },
                Pieces = [.. Enumerable.Range(0, p.Pieces.Rows).Select(j => p.Pieces.Row(j).ToArray())],
            },
            _ => throw new InvalidOperationException("unknown predictor"),
        };
        return document with { ContentSha256 = Checksum(document) };
    }

    private static ReliableReluModel FromDocument(ModelDocument d, string path)
    {
        ModelFormatException Bad(string what) => new($"{path}: {what}");
        if (d.Format != Format) throw Bad($"format is '{d.Format}', expected '{Format}'.");
        if (d.FormatVersion != FormatVersion) throw Bad($"format version {d.FormatVersion} is not supported by this library (it reads version {FormatVersion}); refit the model or use the library version that wrote it ({d.LibraryVersion}).");
        if (d.Embedding is null || d.Output is null || d.Options is null || d.FeatureNames is null)
            throw Bad("a required section (embedding, output, options or feature_names) is missing.");
        if (d.ContentSha256 != Checksum(d)) throw Bad("the content checksum does not match: the file was modified or corrupted after it was written.");
        if (!Enum.GetValues<ReluTask>().Any(t => ReliableRelu.TaskName(t) == d.Task)) throw Bad($"unknown task '{d.Task}'.");
        var e = d.Embedding!;
        if (e.InputDimension <= 0 || d.FeatureNames!.Length != e.InputDimension) throw Bad($"{d.FeatureNames.Length} feature names for input dimension {e.InputDimension}.");
        Embedding embedding;
        try
        {
            embedding = e.Kind switch
            {
                "none" => new Embedding.Identity(e.InputDimension, e.Bias),
                "max-norm" => new Embedding.MaxNorm(e.InputDimension, e.Scale, e.Bias),
                "standardize" => new Embedding.Standardize([.. e.Means ?? []], [.. e.Deviations ?? []], e.Scale, e.Bias),
                _ => throw new ArgumentException($"unknown embedding kind '{e.Kind}'"),
            };
        }
        catch (ArgumentException x) { throw new ModelFormatException($"{path}: embedding: {x.Message}", x); }
        if (embedding.InputDimension != e.InputDimension) throw Bad($"embedding has {embedding.InputDimension} means for input dimension {e.InputDimension}.");
        if (d.Output!.Kind == "max-affine") return MaxAffineFromDocument(d, embedding, path);
        if (d.Kernel is null || d.SupportPoints is null || d.Coefficients is null) throw Bad("a kernel model needs kernel, support_points and coefficients.");
        var kernel = d.Kernel.ToKernel() ?? throw Bad($"unsupported or invalid kernel '{d.Kernel.Kind}' (degree {d.Kernel.Degree}{(d.Kernel.Gamma is double g ? $", gamma {g.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" : "")}).");
        OutputRule rule = d.Output!.Kind switch
        {
            "threshold" when double.IsFinite(d.Output.Threshold) => new OutputRule.ReliableThreshold(d.Output.Threshold),
            "clip" when d.Output.Lower <= d.Output.Upper => new OutputRule.Clip(d.Output.Lower, d.Output.Upper),
            _ => throw new ModelFormatException($"{path}: output rule '{d.Output.Kind}' is unknown or has invalid numbers."),
        };
        if (d.SupportPoints!.Length == 0 || d.SupportPoints.Length != d.Coefficients!.Length)
            throw Bad($"{d.SupportPoints.Length} support points but {d.Coefficients!.Length} coefficients.");
        for (int i = 0; i < d.SupportPoints.Length; i++)
            if (d.SupportPoints[i] is null || d.SupportPoints[i].Length != embedding.OutputDimension)
                throw Bad($"support point {i} has {d.SupportPoints[i]?.Length ?? 0} coordinates; the embedding produces {embedding.OutputDimension}.");
        try
        {
            var support = PointSet.FromRows(d.SupportPoints, PointDomain.Ball, "support_points");
            var hypothesis = new KernelHypothesis(kernel, support, [.. d.Coefficients], rule);
            ReliableRelu.Validate(d.Options!);
            if (d.Report is null) throw Bad("the fit report is missing.");
            return new ReliableReluModel(d.Options!, embedding, new Predictor.KernelExpansion(hypothesis), d.Report!, [.. d.FeatureNames]);
        }
        catch (ArgumentException x) { throw new ModelFormatException($"{path}: {x.Message}", x); }
    }

    private static ReliableReluModel MaxAffineFromDocument(ModelDocument d, Embedding embedding, string path)
    {
        if (d.Pieces is not { Length: > 0 } pieces || d.Pieces.Any(p => p is null || p.Length != embedding.OutputDimension))
            throw new ModelFormatException($"{path}: a max-affine model needs pieces of {embedding.OutputDimension} coordinates each.");
        if (!(d.Output!.Lower <= d.Output.Upper)) throw new ModelFormatException($"{path}: the output clip range is invalid.");
        try
        {
            var matrix = Matrix.Create(pieces.Length, embedding.OutputDimension, pieces.SelectMany(p => p).ToArray());
            Core.Preconditions.AllFinite(matrix.AsSpan(), "pieces");
            ReliableRelu.Validate(d.Options!);
            if (d.Report is null) throw new ModelFormatException($"{path}: the fit report is missing.");
            return new ReliableReluModel(d.Options!, embedding, new Predictor.MaxAffine(new MaxAffineHypothesis(matrix, d.Output.Lower, d.Output.Upper)), d.Report, [.. d.FeatureNames!]);
        }
        catch (ArgumentException x) { throw new ModelFormatException($"{path}: {x.Message}", x); }
    }

    /// <summary>SHA-256 over the bits of everything that determines predictions.</summary>
    private static string Checksum(ModelDocument d)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(double v) => hash.AppendData(BitConverter.GetBytes(v));
        void Text(string? s) => hash.AppendData(System.Text.Encoding.UTF8.GetBytes((s ?? "") + "\0"));
        Text(d.Task);
        Text(d.Embedding?.Kind);
        Add(d.Embedding?.Bias == true ? 1 : 0);
        Add(d.Embedding?.InputDimension ?? -1);
        Add(d.Embedding?.Scale ?? double.NaN);
        foreach (var v in d.Embedding?.Means ?? []) Add(v);
        foreach (var v in d.Embedding?.Deviations ?? []) Add(v);
        for (var k = d.Kernel; k is not null; k = k.Inner)
        {
            Text(k.Kind);
            Add(k.Degree);
            if (k.Gamma is double gamma) Add(gamma); // absent from files without a Gaussian kernel, whose checksums stay as they were
        }
        Text(d.Output?.Kind);
        Add(d.Output?.Threshold ?? double.NaN);
        Add(d.Output?.Lower ?? double.NaN);
        Add(d.Output?.Upper ?? double.NaN);
        foreach (var row in d.SupportPoints ?? []) foreach (var v in row ?? []) Add(v);
        foreach (var v in d.Coefficients ?? []) Add(v);
        foreach (var row in d.Pieces ?? []) foreach (var v in row ?? []) Add(v);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal sealed record ModelDocument
    {
        public string? Format { get; init; }
        public int FormatVersion { get; init; }
        public string? LibraryVersion { get; init; }
        public string? Task { get; init; }
        public string[]? FeatureNames { get; init; }
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

    internal sealed record EmbeddingDocument
    {
        public string? Kind { get; init; }
        public bool Bias { get; init; }
        public int InputDimension { get; init; }
        public double Scale { get; init; }
        public double[]? Means { get; init; }
        public double[]? Deviations { get; init; }
    }

    /// <summary>
    /// A kernel in a file: kind "linear", "multinomial" (degree), "compositional" (degree and inner kernel) or "gaussian"
    /// (gamma, written in shortest round-trip form so it reads back to the same bits; degree 0). The gamma field is written only
    /// for the Gaussian kernel, so files of the other kernels are byte for byte what earlier versions wrote.
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
            Kernel.Linear => new KernelDocument { Kind = "linear" },
            Kernel.Multinomial m => new KernelDocument { Kind = "multinomial", Degree = m.Degree },
            Kernel.Compositional c => new KernelDocument { Kind = "compositional", Degree = c.Degree, Inner = From(c.Inner) },
            Kernel.Gaussian g => new KernelDocument { Kind = "gaussian", Gamma = g.Gamma },
            _ => throw new InvalidOperationException($"kernel {kernel.Describe()} has no file form"),
        };

        internal Kernel? ToKernel(int depth = 0)
        {
            if (Degree < 0 || Degree > 64 || depth > 16) return null;
            if (Kind == "gaussian") return Degree == 0 && Gamma is double g && double.IsFinite(g) && g > 0 ? new Kernel.Gaussian(g) : null;
            if (Gamma is not null) return null;
            return Kind switch
            {
                "linear" => new Kernel.Linear(),
                "multinomial" => new Kernel.Multinomial(Degree),
                "compositional" when Inner?.ToKernel(depth + 1) is { } inner => new Kernel.Compositional(inner, Degree),
                _ => null,
            };
        }
    }

    internal sealed record OutputDocument
    {
        public string? Kind { get; init; }
        public double Threshold { get; init; } = double.NaN;
        public double Lower { get; init; } = double.NaN;
        public double Upper { get; init; } = double.NaN;
    }
}
