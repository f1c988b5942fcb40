using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ReluVerified.ML;

/// <summary>
/// Saves and loads a fitted ML.NET pipeline that holds <see cref="ReliableReluTransformer"/>s. ML.NET 5 cannot store a
/// transformer of another assembly in its model zip through its public API (its loader registration and model contexts
/// are internal, and <c>CustomMapping</c> carries no fitted state), so the file is a zip of parts: the pipeline is
/// flattened into its transformers, each run of ML.NET transformers is written by <c>mlContext.Model.Save</c> (with the
/// schema it reads), each reliable ReLU as its model file (<see cref="FittedModel.Save"/>, versioned JSON, doubles in
/// round-trip form), and a manifest lists them in order. <see cref="Load"/> rebuilds the chain, so the loaded pipeline
/// predicts the same bits. Docs: docs/mlnet.md.
/// </summary>
public static class ReluVerifiedModelIO
{
    /// <summary>The manifest's format name.</summary>
    public const string Format = "reluverified-mlnet";

    /// <summary>The manifest's format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    private const string ManifestEntry = "manifest.json";
    private const string InputSchemaEntry = "input-schema.mlnet.zip";

    /// <summary>
    /// Writes <paramref name="model"/> (a transformer or a chain of them, fitted on data of schema
    /// <paramref name="inputSchema"/>) to <paramref name="path"/>, replacing it.
    /// </summary>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        WriteEntry(zip, InputSchemaEntry, stream => mlContext.Model.Save(new TransformerChain<ITransformer>(), inputSchema, stream));
        var parts = new List<PartDocument>();
        var schema = inputSchema;
        foreach (var run in Runs(Flatten(model)))
        {
            string entry = $"parts/{parts.Count}";
            if (run is [ReliableReluTransformer relu])
            {
                entry += ".model.json";
                WriteEntry(zip, entry, stream => stream.Write(ModelBytes(relu.Model)));
                parts.Add(new PartDocument("reliable-relu", entry, relu.FeatureColumnName, relu.ScoreColumnName));
            }
            else
            {
                entry += ".mlnet.zip";
                var runSchema = schema;
                WriteEntry(zip, entry, stream => mlContext.Model.Save(new TransformerChain<ITransformer>([.. run]), runSchema, stream));
                parts.Add(new PartDocument("mlnet", entry, null, null));
            }
            foreach (var transformer in run) schema = transformer.GetOutputSchema(schema);
        }
        WriteEntry(zip, ManifestEntry, stream => JsonSerializer.Serialize(stream, new ManifestDocument(Format, FormatVersion, parts), Json));
    }

    /// <summary>Reads a file written by <see cref="Save"/>: the pipeline, and the schema it was fitted on.</summary>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var zip = ZipFile.OpenRead(path);
        var manifest = ReadManifest(zip, path);
        using (var stream = Open(zip, InputSchemaEntry, path)) mlContext.Model.Load(stream, out inputSchema);
        var transformers = new List<ITransformer>();
        foreach (var part in manifest.Parts)
        {
            using var stream = Open(zip, part.Entry, path);
            transformers.Add(part.Kind switch
            {
                "mlnet" => mlContext.Model.Load(stream, out _),
                "reliable-relu" => new ReliableReluTransformer(ReadModel(stream), part.FeatureColumn ?? "Features", part.ScoreColumn ?? "Score"),
                _ => throw new ModelFormatException($"{path}: part '{part.Entry}' is of unknown kind '{part.Kind}'."),
            });
        }
        return new TransformerChain<ITransformer>([.. transformers]);
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private sealed record PartDocument(string Kind, string Entry, string? FeatureColumn, string? ScoreColumn);

    private sealed record ManifestDocument(string Format, int FormatVersion, List<PartDocument> Parts);

    /// <summary>The transformers of <paramref name="model"/> in order, nested chains opened.</summary>
    private static IEnumerable<ITransformer> Flatten(ITransformer model)
        => model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [model];

    /// <summary>Each reliable ReLU alone, and each maximal run of other transformers together.</summary>
    private static IEnumerable<List<ITransformer>> Runs(IEnumerable<ITransformer> transformers)
    {
        var run = new List<ITransformer>();
        foreach (var transformer in transformers)
        {
            if (transformer is not ReliableReluTransformer) { run.Add(transformer); continue; }
            if (run.Count > 0) yield return run;
            run = [];
            yield return [transformer];
        }
        if (run.Count > 0) yield return run;
    }

    private static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
    {
        // ML.NET's writer seeks in its stream, so each part is written to memory first
        using var buffer = new MemoryStream();
        write(buffer);
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        buffer.Position = 0;
        buffer.CopyTo(entry);
    }

    private static Stream Open(ZipArchive zip, string name, string path)
    {
        var entry = zip.GetEntry(name) ?? throw new ModelFormatException($"{path}: the entry '{name}' is missing.");
        var buffer = new MemoryStream();
        using (var stream = entry.Open()) stream.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    private static ManifestDocument ReadManifest(ZipArchive zip, string path)
    {
        ManifestDocument? manifest;
        try
        {
            using var stream = Open(zip, ManifestEntry, path);
            manifest = JsonSerializer.Deserialize<ManifestDocument>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path}: the manifest is not readable JSON: {e.Message}", e);
        }
        if (manifest is null || manifest.Format != Format || manifest.Parts is null)
            throw new ModelFormatException($"{path}: not a '{Format}' file (save it with ReluVerifiedModelIO.Save; a plain ML.NET zip loads with mlContext.Model.Load).");
        if (manifest.FormatVersion != FormatVersion)
            throw new ModelFormatException($"{path}: format version {manifest.FormatVersion} is not supported (this library reads version {FormatVersion}).");
        return manifest;
    }

    // The model codec reads and writes files (Facade/ReluVerified/ModelCodec.cs): a part passes through a temporary file.
    private static byte[] ModelBytes(ReliableReluModel model)
        => ThroughTemporaryFile(path => { model.Save(path); return File.ReadAllBytes(path); });

    private static ReliableReluModel ReadModel(Stream stream)
        => ThroughTemporaryFile(path =>
        {
            using (var file = File.Create(path)) stream.CopyTo(file);
            return ReliableReluModel.Load(path);
        });

    private static T ThroughTemporaryFile<T>(Func<string, T> use)
    {
        var path = Path.Combine(Path.GetTempPath(), $"reluverified-{Guid.NewGuid():N}.json");
        try { return use(path); }
        finally { File.Delete(path); }
    }
}
