using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified;

/// <summary>
/// The versioned JSON format of fitted baselines (format "reluverified-baseline", version 1; section 6 of the algorithm
/// notes): method, options, embedding, the hypothesis (kernel, output rule, support points and coefficients; or weights
/// and link knots and values), the chosen hyper-parameters, the trace, the calibration, and a SHA-256 of everything that
/// determines predictions. Written atomically (<see cref="AtomicFile"/>) in shortest round-trip form, so predictions after
/// a round trip are bit-identical.
/// </summary>
public static class BaselineFile
{
    /// <summary>The format name written in every file.</summary>
    public const string Format = "reluverified-baseline";

    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(BaselineModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var document = ToDocument(model);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, ModelFile.Json));
    }

    /// <summary>Reads and checks a baseline file.</summary>
    public static BaselineModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new ModelFormatException($"{path}: baseline file not found.");
        BaselineDocument? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize<BaselineDocument>(stream, ModelFile.Json);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path}: not a readable baseline file (truncated or corrupted JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message}", e);
        }
        if (document is null) throw new ModelFormatException($"{path}: the file holds no baseline.");
        return FromDocument(document, path);
    }

    private static BaselineDocument ToDocument(BaselineModel model)
    {
        var e = model.Embedding;
        var h = model.Fit.Hypothesis;
        HypothesisDocument hypothesis = h switch
        {
            BaselineHypothesis.Kernelised k => new HypothesisDocument
            {
                Kind = "kernel",
                Kernel = k.Hypothesis.Kernel switch
                {
                    Kernel.Multinomial mk => new ModelFile.KernelDocument { Kind = "multinomial", Degree = mk.Degree },
                    Kernel.Linear => new ModelFile.KernelDocument { Kind = "linear", Degree = 1 },
                    Kernel.Gaussian g => new ModelFile.KernelDocument { Kind = "gaussian", Gamma = g.Gamma },
                    var other => throw new InvalidOperationException($"kernel {other.Describe()} cannot be saved in format version {FormatVersion}."),
                },
                Output = k.Hypothesis.Rule switch
                {
                    OutputRule.ReliableThreshold t => new ModelFile.OutputDocument { Kind = "threshold", Threshold = t.Threshold },
                    OutputRule.Clip c => new ModelFile.OutputDocument { Kind = "clip", Lower = c.Lower, Upper = c.Upper },
                    _ => throw new InvalidOperationException("unknown output rule"),
                },
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
            _ => throw new InvalidOperationException("unknown hypothesis kind"),
        };
        var document = new BaselineDocument
        {
            Format = Format,
            FormatVersion = FormatVersion,
            LibraryVersion = typeof(BaselineFile).Assembly.GetName().Version?.ToString() ?? "unknown",
            Method = BaselineMethods.Name(model.Method),
            Options = model.Options,
            Embedding = new ModelFile.EmbeddingDocument
            {
                Kind = e.Kind,
                Bias = e.Bias,
                InputDimension = e.InputDimension,
                Scale = e switch { Embedding.MaxNorm m => m.ScaleFactor, Embedding.Standardize s => s.ScaleFactor, _ => 1.0 },
                Means = e is Embedding.Standardize s1 ? [.. s1.Means] : null,
                Deviations = e is Embedding.Standardize s2 ? [.. s2.Deviations] : null,
            },
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
        if (d.Format != Format) throw Bad($"format is '{d.Format}', expected '{Format}'.");
        if (d.FormatVersion != FormatVersion) throw Bad($"format version {d.FormatVersion} is not supported by this library (it reads version {FormatVersion}); refit the baseline or use the library version that wrote it ({d.LibraryVersion}).");
        if (d.Method is null || d.Options is null || d.Embedding is null || d.Hypothesis is null || d.Parameters is null || d.Trace is null)
            throw Bad("a required section (method, options, embedding, hypothesis, parameters or trace) is missing.");
        if (d.ContentSha256 != Checksum(d)) throw Bad("the content checksum does not match: the file was modified or corrupted after it was written.");
        try
        {
            var method = BaselineMethods.Parse(d.Method);
            Baseline.Validate(d.Options);
            var e = d.Embedding;
            Embedding embedding = e.Kind switch
            {
                "none" => new Embedding.Identity(e.InputDimension, e.Bias),
                "max-norm" => new Embedding.MaxNorm(e.InputDimension, e.Scale, e.Bias),
                "standardize" => new Embedding.Standardize([.. e.Means ?? []], [.. e.Deviations ?? []], e.Scale, e.Bias),
                _ => throw new ArgumentException($"unknown embedding kind '{e.Kind}'"),
            };
            var h = d.Hypothesis;
            BaselineHypothesis hypothesis;
            if (h.Kind == "kernel")
            {
                if (h.Kernel is null || h.Output is null || h.SupportPoints is null || h.Coefficients is null) throw Bad("the kernel hypothesis lacks its kernel, output rule, support points or coefficients.");
                Kernel kernel = (h.Kernel.Kind, h.Kernel.Gamma) switch
                {
                    ("multinomial", null) => new Kernel.Multinomial(h.Kernel.Degree),
                    ("linear", null) => new Kernel.Linear(),
                    ("gaussian", double g) when double.IsFinite(g) && g > 0 => new Kernel.Gaussian(g),
                    _ => throw Bad($"unsupported or invalid kernel '{h.Kernel.Kind}'."),
                };
                OutputRule rule = h.Output.Kind switch
                {
                    "threshold" when double.IsFinite(h.Output.Threshold) => new OutputRule.ReliableThreshold(h.Output.Threshold),
                    "clip" when h.Output.Lower <= h.Output.Upper => new OutputRule.Clip(h.Output.Lower, h.Output.Upper),
                    _ => throw Bad($"output rule '{h.Output.Kind}' is unknown or has invalid numbers."),
                };
                if (h.SupportPoints.Length == 0) throw Bad("the kernel hypothesis has no support points.");
                for (int i = 0; i < h.SupportPoints.Length; i++)
                    if (h.SupportPoints[i] is null || h.SupportPoints[i].Length != embedding.OutputDimension)
                        throw Bad($"support point {i} has {h.SupportPoints[i]?.Length ?? 0} coordinates; the embedding produces {embedding.OutputDimension}.");
                var support = PointSet.FromRows(h.SupportPoints, PointDomain.Ball, "support_points");
                hypothesis = new BaselineHypothesis.Kernelised(new KernelHypothesis(kernel, support, [.. h.Coefficients], rule));
            }
            else if (h.Kind == "single-index")
            {
                if (h.Weights is null || h.LinkKnots is null || h.LinkValues is null) throw Bad("the single-index hypothesis lacks its weights or link.");
                if (h.Weights.Length != embedding.OutputDimension) throw Bad($"{h.Weights.Length} weights; the embedding produces {embedding.OutputDimension} coordinates.");
                hypothesis = new BaselineHypothesis.SingleIndex(new LinearHypothesis([.. h.Weights], new MonotoneLink([.. h.LinkKnots], [.. h.LinkValues])));
            }
            else throw Bad($"unknown hypothesis kind '{h.Kind}'.");
            var fit = new BaselineFit(d.Method, hypothesis, ImmutableSortedDictionary.CreateRange(d.Parameters), d.SelectionError, [.. d.Trace], d.Calibration);
            return new BaselineModel(method, d.Options, embedding, fit);
        }
        catch (ArgumentException x) { throw new ModelFormatException($"{path}: {x.Message}", x); }
    }

    /// <summary>SHA-256 over the bits of everything that determines predictions.</summary>
    private static string Checksum(BaselineDocument d)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(double v) => hash.AppendData(BitConverter.GetBytes(v));
        void Text(string? s) => hash.AppendData(System.Text.Encoding.UTF8.GetBytes((s ?? "") + "\0"));
        Text(d.Method);
        Text(d.Embedding?.Kind);
        Add(d.Embedding?.Bias == true ? 1 : 0);
        Add(d.Embedding?.InputDimension ?? -1);
        Add(d.Embedding?.Scale ?? double.NaN);
        foreach (var v in d.Embedding?.Means ?? []) Add(v);
        foreach (var v in d.Embedding?.Deviations ?? []) Add(v);
        var h = d.Hypothesis;
        Text(h?.Kind);
        Text(h?.Kernel?.Kind);
        Add(h?.Kernel?.Degree ?? -1);
        if (h?.Kernel?.Gamma is double gamma) Add(gamma); // only Gaussian kernels carry gamma: older files keep their checksums
        Text(h?.Output?.Kind);
        Add(h?.Output?.Threshold ?? double.NaN);
        Add(h?.Output?.Lower ?? double.NaN);
        Add(h?.Output?.Upper ?? double.NaN);
        foreach (var row in h?.SupportPoints ?? []) foreach (var v in row ?? []) Add(v);
        foreach (var array in new[] { h?.Coefficients, h?.Weights, h?.LinkKnots, h?.LinkValues })
        {
            Add(array?.Length ?? -1);
            foreach (var v in array ?? []) Add(v);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal sealed record BaselineDocument
    {
        public string? Format { get; init; }
        public int FormatVersion { get; init; }
        public string? LibraryVersion { get; init; }
        public string? Method { get; init; }
        public BaselineOptions? Options { get; init; }
        public ModelFile.EmbeddingDocument? Embedding { get; init; }
        public HypothesisDocument? Hypothesis { get; init; }
        public SortedDictionary<string, double>? Parameters { get; init; }
        public double SelectionError { get; init; }
        public double[]? Trace { get; init; }
        public ThresholdCalibration? Calibration { get; init; }
        public string? ContentSha256 { get; init; }
    }

    internal sealed record HypothesisDocument
    {
        public string? Kind { get; init; }
        public ModelFile.KernelDocument? Kernel { get; init; }
        public ModelFile.OutputDocument? Output { get; init; }
        public double[][]? SupportPoints { get; init; }
        public double[]? Coefficients { get; init; }
        public double[]? Weights { get; init; }
        public double[]? LinkKnots { get; init; }
        public double[]? LinkValues { get; init; }
    }
}
