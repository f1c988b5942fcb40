using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Hypotheses;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// The one codec of model files, for both kinds of <see cref="FittedModel"/>: versioned JSON whose envelope (format name,
/// format version, library version) says which kind it holds: "reluverified-model" (<see cref="ReliableReluModel"/>: task,
/// embedding, kernel, output rule, support points and coefficients or max-affine pieces, options, feature names, fit report)
/// or "reluverified-baseline" (<see cref="BaselineModel"/>: method, options, embedding, hypothesis, chosen hyper-parameters,
/// trace, calibration). Both kinds share the embedding, kernel and output-rule sections and carry a SHA-256 of everything
/// that determines predictions (for a reliable model of format version 2, also the feature names and the label name, which
/// decide which columns predictions read), so a hand-edited or corrupted file is refused. Writes are atomic (<see cref="AtomicFile"/>);
/// doubles are written in shortest round-trip form, so predictions after a round trip are bit-identical.
/// </summary>
internal static class ModelCodec
{
    /// <summary>The format name of a reliable model's file.</summary>
    public const string ModelFormat = "reluverified-model";

    /// <summary>The format name of a baseline's file.</summary>
    public const string BaselineFormat = "reluverified-baseline";

    /// <summary>The format version of baseline files, the only one this library writes and reads for them.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// The format version of reliable model files this library writes: 2, whose checksum also covers the feature names and
    /// the stored label name. It reads versions 1 (checksum without the names, no label name) and 2; a version 1 file read
    /// and saved again is written as version 1, unchanged.
    /// </summary>
    public const int ModelFormatVersion = 2;

    /// <summary>
    /// The JSON settings of model files and report JSON: snake_case names, enums by their file names
    /// (<see cref="EnumTextConverter"/>), NaN and infinities as named literals, indented.
    /// </summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
        Converters = { new EnumTextConverter() },
        // fields added after a file format was fixed are left out while null, so a file of that format writes back unchanged
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver { Modifiers = { OmitWhenNull } },
    };

    /// <summary>Properties written only when they hold a value: ThresholdCalibration.DistinctZeroCount (added after format version 1).</summary>
    private static void OmitWhenNull(System.Text.Json.Serialization.Metadata.JsonTypeInfo info)
    {
        if (info.Type != typeof(ThresholdCalibration)) return;
        foreach (var property in info.Properties)
            if (property.Name == "distinct_zero_count") property.ShouldSerialize = (_, value) => value is not null;
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically, in the format of its kind.</summary>
    public static void Save(FittedModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        switch (model)
        {
            case ReliableReluModel reliable:
                var document = ToDocument(reliable);
                AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, Json));
                break;
            case BaselineModel baseline:
                var baselineDocument = ToDocument(baseline);
                AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, baselineDocument, Json));
                break;
            default:
                throw new ArgumentException($"a {model.GetType().Name} has no file form.", nameof(model));
        }
    }

    /// <summary>
    /// Reads and checks a model file of either kind: the envelope first (a file of another format, or of a format version
    /// other than <see cref="FormatVersion"/>, is refused naming its version and the supported one), then the kind's body.
    /// </summary>
    public static FittedModel Load(string path) => Load(path, null);

    /// <summary>Reads a model file that must hold a <typeparamref name="T"/>; a file of the other kind is refused naming both formats.</summary>
    internal static T Load<T>(string path) where T : FittedModel
        => (T)Load(path, typeof(T) == typeof(BaselineModel) ? BaselineFormat : ModelFormat);

    private static FittedModel Load(string path, string? expected)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new ModelFormatException($"{path}: model file not found.");
        var envelope = Read<EnvelopeDocument>(path);
        if (expected is not null && envelope.Format != expected)
            throw new ModelFormatException($"{path}: format is '{envelope.Format}', expected '{expected}'"
                + (envelope.Format is ModelFormat or BaselineFormat ? " (FittedModel.Load reads either kind)." : "."));
        if (envelope.Format is not (ModelFormat or BaselineFormat))
            throw new ModelFormatException($"{path}: format is '{envelope.Format}', expected '{ModelFormat}' or '{BaselineFormat}'.");
        if (envelope.Format == ModelFormat ? envelope.FormatVersion is not (1 or ModelFormatVersion) : envelope.FormatVersion != FormatVersion)
            throw new ModelFormatException($"{path}: format version {envelope.FormatVersion} is not supported by this library (it reads version {(envelope.Format == ModelFormat ? $"1 or {ModelFormatVersion}" : FormatVersion)}); "
                + $"refit the model or use the library version that wrote it ({envelope.LibraryVersion}).");
        return envelope.Format == ModelFormat ? FromDocument(Read<ModelDocument>(path), path) : FromDocument(Read<BaselineDocument>(path), path);
    }

    private static T Read<T>(string path) where T : class
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new ModelFormatException($"{path}: the file holds no model.");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path}: not a readable model file (truncated or corrupted JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message}", e);
        }
    }

    private static string LibraryVersion => typeof(ModelCodec).Assembly.GetName().Version?.ToString() ?? "unknown";

    // ---- reliable models ------------------------------------------------------------------------------------------

    internal static ModelDocument ToDocument(ReliableReluModel model)
    {
        var document = new ModelDocument
        {
            Format = ModelFormat,
            FormatVersion = model.FormatVersion,
            LibraryVersion = LibraryVersion,
            Task = ReliableRelu.TaskName(model.Options.Task),
            FeatureNames = [.. model.FeatureNames],
            LabelName = model.FormatVersion >= 2 ? model.LabelName : null,
            Embedding = EmbeddingDocument.From(model.Embedding),
            Options = model.Options,
            Report = model.Report,
        };
        document = model.Predictor switch
        {
            Predictor.KernelExpansion { Hypothesis: var h } => document with
            {
                Kernel = KernelDocument.From(h.Kernel),
                Output = OutputDocument.From(h.Rule),
                SupportPoints = [.. Enumerable.Range(0, h.Support.Count).Select(i => h.Support[i].ToArray())],
                Coefficients = [.. h.Coefficients],
            },
            Predictor.MaxAffine { Hypothesis: var p } => document with
            {
                Kernel = null,
                Output = new OutputDocument { Kind = "max-affine", Lower = p.Lower, Upper = p.Upper },
                Pieces = [.. Enumerable.Range(0, p.Pieces.Rows).Select(j => p.Pieces.Row(j).ToArray())],
            },
            _ => throw new InvalidOperationException($"predictor {model.Predictor.GetType().Name} has no file form"),
        };
        return document with { ContentSha256 = Checksum(document) };
    }

    private static ReliableReluModel FromDocument(ModelDocument d, string path)
    {
        ModelFormatException Bad(string what) => new($"{path}: {what}");
        if (d.Embedding is null || d.Output is null || d.Options is null || d.FeatureNames is null)
            throw Bad("a required section (embedding, output, options or feature_names) is missing.");
        if (d.ContentSha256 != Checksum(d))
            throw Bad("the content checksum does not match: the file was modified or corrupted after it was written (from format version 2 on, the checksum covers the feature names and the label name too).");
        if (d.FormatVersion < 2 && d.LabelName is not null) throw Bad("label_name needs format version 2 (version 1 files have no label name).");
        if (!Enum.GetValues<ReluTask>().Any(t => ReliableRelu.TaskName(t) == d.Task))
            throw Bad($"unknown task '{d.Task}': use {string.Join(", ", Enum.GetValues<ReluTask>().Select(ReliableRelu.TaskName))}.");
        if (d.Embedding.InputDimension <= 0 || d.FeatureNames.Length != d.Embedding.InputDimension)
            throw Bad($"{d.FeatureNames.Length} feature names for input dimension {d.Embedding.InputDimension}.");
        var embedding = Embedding(d.Embedding, path);
        if (d.Report is null) throw Bad("the fit report is missing.");
        try
        {
            ReliableRelu.Validate(d.Options);
            Predictor predictor;
            if (d.Output.Kind == "max-affine")
            {
                if (d.Pieces is not { Length: > 0 } pieces || pieces.Any(p => p is null || p.Length != embedding.OutputDimension))
                    throw Bad($"a max-affine model needs pieces of {embedding.OutputDimension} coordinates each.");
                if (!(d.Output.Lower <= d.Output.Upper)) throw Bad("the output clip range is invalid.");
                var matrix = Matrix.Create(pieces.Length, embedding.OutputDimension, pieces.SelectMany(p => p).ToArray());
                Core.Preconditions.AllFinite(matrix.AsSpan(), "pieces");
                predictor = new Predictor.MaxAffine(new MaxAffineHypothesis(matrix, d.Output.Lower, d.Output.Upper));
            }
            else
            {
                if (d.Kernel is null || d.SupportPoints is null || d.Coefficients is null) throw Bad("a kernel model needs kernel, support_points and coefficients.");
                predictor = new Predictor.KernelExpansion(KernelHypothesis(d.Kernel, d.Output, d.SupportPoints, d.Coefficients, embedding, path));
            }
            return new ReliableReluModel(d.Options, embedding, predictor, d.Report, [.. d.FeatureNames]) { LabelName = d.LabelName, FormatVersion = d.FormatVersion };
        }
        catch (ArgumentException x) { throw new ModelFormatException($"{path}: {x.Message}", x); }
    }

    /// <summary>
    /// SHA-256 over the bits of everything that determines a reliable model's predictions; from format version 2 on, the
    /// feature names (their count, then each) and the label name lead (version 1 files were written without them).
    /// </summary>
    private static string Checksum(ModelDocument d)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (d.FormatVersion >= 2)
        {
            Add(hash, d.FeatureNames?.Length ?? -1);
            foreach (var name in d.FeatureNames ?? []) Text(hash, name);
            Text(hash, d.LabelName);
        }
        Text(hash, d.Task);
        Add(hash, d.Embedding);
        for (var k = d.Kernel; k is not null; k = k.Inner) Add(hash, k);
        Add(hash, d.Output);
        foreach (var row in d.SupportPoints ?? []) foreach (var v in row ?? []) Add(hash, v);
        foreach (var v in d.Coefficients ?? []) Add(hash, v);
        foreach (var row in d.Pieces ?? []) foreach (var v in row ?? []) Add(hash, v);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // ---- baselines ------------------------------------------------------------------------------------------------

    private static BaselineDocument ToDocument(BaselineModel model)
    {
        HypothesisDocument hypothesis = model.Fit.Hypothesis switch
        {
            BaselineHypothesis.Kernelised k => new HypothesisDocument
            {
                Kind = "kernel",
                Kernel = KernelDocument.From(k.Hypothesis.Kernel),
                Output = OutputDocument.From(k.Hypothesis.Rule),
                SupportPoints = [.. Enumerable.Range(0, k.Hypothesis.Support.Count).Select(i => k.Hypothesis.Support[i].ToArray())],
                Coefficients = [.. k.Hypothesis.Coefficients],
            },
            BaselineHypothesis.SingleIndex s => new HypothesisDocument
            {
                Kind = "single-index",
                Weights = [.. s.Hypothesis.Weights],
                LinkKnots = [.. s.Hypothesis.Link.Knots],
                LinkValues = [.. s.Hypothesis.Link.Values],
            },
            var other => throw new InvalidOperationException($"baseline hypothesis {other.GetType().Name} has no file form"),
        };
        var document = new BaselineDocument
        {
            Format = BaselineFormat,
            FormatVersion = FormatVersion,
            LibraryVersion = LibraryVersion,
            Method = BaselineMethods.Name(model.Method),
            Options = model.Options,
            Embedding = EmbeddingDocument.From(model.Embedding),
            Hypothesis = hypothesis,
            Parameters = new SortedDictionary<string, double>(model.Fit.Parameters),
            SelectionError = model.Fit.SelectionError,
            Trace = [.. model.Fit.Trace],
            Calibration = model.Fit.Calibration,
        };
        return document with { ContentSha256 = Checksum(document) };
    }

    private static BaselineModel FromDocument(BaselineDocument d, string path)
    {
        ModelFormatException Bad(string what) => new($"{path}: {what}");
        if (d.Method is null || d.Options is null || d.Embedding is null || d.Hypothesis is null || d.Parameters is null || d.Trace is null)
            throw Bad("a required section (method, options, embedding, hypothesis, parameters or trace) is missing.");
        if (d.ContentSha256 != Checksum(d)) throw Bad("the content checksum does not match: the file was modified or corrupted after it was written.");
        var embedding = Embedding(d.Embedding, path);
        try
        {
            var method = BaselineMethods.Parse(d.Method);
            Baseline.Validate(d.Options);
            var h = d.Hypothesis;
            BaselineHypothesis hypothesis;
            if (h.Kind == "kernel")
            {
                if (h.Kernel is null || h.Output is null || h.SupportPoints is null || h.Coefficients is null)
                    throw Bad("the kernel hypothesis lacks its kernel, output rule, support points or coefficients.");
                hypothesis = new BaselineHypothesis.Kernelised(KernelHypothesis(h.Kernel, h.Output, h.SupportPoints, h.Coefficients, embedding, path));
            }
            else if (h.Kind == "single-index")
            {
                if (h.Weights is null || h.LinkKnots is null || h.LinkValues is null) throw Bad("the single-index hypothesis lacks its weights or link.");
                if (h.Weights.Length != embedding.OutputDimension) throw Bad($"{h.Weights.Length} weights; the embedding produces {embedding.OutputDimension} coordinates.");
                hypothesis = new BaselineHypothesis.SingleIndex(new LinearHypothesis([.. h.Weights], new MonotoneLink([.. h.LinkKnots], [.. h.LinkValues])));
            }
            else throw Bad($"unknown hypothesis kind '{h.Kind}': use kernel, single-index.");
            var fit = new BaselineFit(d.Method, hypothesis, ImmutableSortedDictionary.CreateRange(d.Parameters), d.SelectionError, [.. d.Trace], d.Calibration);
            return new BaselineModel(method, d.Options, embedding, fit);
        }
        catch (ArgumentException x) { throw new ModelFormatException($"{path}: {x.Message}", x); }
    }

    /// <summary>SHA-256 over the bits of everything that determines a baseline's predictions.</summary>
    private static string Checksum(BaselineDocument d)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Text(hash, d.Method);
        Add(hash, d.Embedding);
        var h = d.Hypothesis;
        Text(hash, h?.Kind);
        if (h?.Kernel is { } kernel) Add(hash, kernel);
        else
        {
            Text(hash, null);
            Add(hash, -1);
        }
        Add(hash, h?.Output);
        foreach (var row in h?.SupportPoints ?? []) foreach (var v in row ?? []) Add(hash, v);
        foreach (var array in new[] { h?.Coefficients, h?.Weights, h?.LinkKnots, h?.LinkValues })
        {
            Add(hash, array?.Length ?? -1);
            foreach (var v in array ?? []) Add(hash, v);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // ---- the shared sections --------------------------------------------------------------------------------------

    private static Embedding Embedding(EmbeddingDocument e, string path)
    {
        Embedding embedding;
        try { embedding = e.ToEmbedding(); }
        catch (ArgumentException x) { throw new ModelFormatException($"{path}: embedding: {x.Message}", x); }
        if (embedding.InputDimension != e.InputDimension)
            throw new ModelFormatException($"{path}: embedding has {embedding.InputDimension} means for input dimension {e.InputDimension}.");
        return embedding;
    }

    private static KernelHypothesis KernelHypothesis(KernelDocument k, OutputDocument o, double[][] supportPoints, double[] coefficients, Embedding embedding, string path)
    {
        ModelFormatException Bad(string what) => new($"{path}: {what}");
        var kernel = k.ToKernel() ?? throw Bad($"unsupported or invalid kernel '{k.Kind}' (degree {k.Degree}{(k.Gamma is double g ? $", gamma {g.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" : "")}).");
        var rule = o.ToRule() ?? throw Bad($"output rule '{o.Kind}' is unknown or has invalid numbers.");
        if (supportPoints.Length == 0 || supportPoints.Length != coefficients.Length)
            throw Bad($"{supportPoints.Length} support points but {coefficients.Length} coefficients.");
        for (int i = 0; i < supportPoints.Length; i++)
            if (supportPoints[i] is null || supportPoints[i].Length != embedding.OutputDimension)
                throw Bad($"support point {i} has {supportPoints[i]?.Length ?? 0} coordinates; the embedding produces {embedding.OutputDimension}.");
        var support = PointSet.FromRows(supportPoints, PointDomain.Ball, "support_points");
        return new KernelHypothesis(kernel, support, [.. coefficients], rule);
    }

    private static void Add(IncrementalHash hash, double v) => hash.AppendData(BitConverter.GetBytes(v));

    private static void Text(IncrementalHash hash, string? s) => hash.AppendData(System.Text.Encoding.UTF8.GetBytes((s ?? "") + "\0"));

    private static void Add(IncrementalHash hash, EmbeddingDocument? e)
    {
        Text(hash, e?.Kind);
        Add(hash, e?.Bias == true ? 1 : 0);
        Add(hash, e?.InputDimension ?? -1);
        Add(hash, e?.Scale ?? double.NaN);
        foreach (var v in e?.Means ?? []) Add(hash, v);
        foreach (var v in e?.Deviations ?? []) Add(hash, v);
    }

    private static void Add(IncrementalHash hash, KernelDocument k)
    {
        Text(hash, k.Kind);
        Add(hash, k.Degree);
        if (k.Gamma is double gamma) Add(hash, gamma); // only Gaussian kernels carry gamma: files of the other kernels keep their checksums
    }

    private static void Add(IncrementalHash hash, OutputDocument? o)
    {
        Text(hash, o?.Kind);
        Add(hash, o?.Threshold ?? double.NaN);
        Add(hash, o?.Lower ?? double.NaN);
        Add(hash, o?.Upper ?? double.NaN);
    }
}
