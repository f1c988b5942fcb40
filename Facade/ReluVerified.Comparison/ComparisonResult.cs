using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReluVerified;

/// <summary>
/// The outcome of a comparison (<see cref="HeadToHead"/>): every split's rows and curves, each method's mean and spread
/// over the splits, each method's trade-off curve averaged over the splits (<see cref="TradeOff.Average"/>), and what was
/// compared.
/// </summary>
/// <param name="Splits">The splits, in order.</param>
/// <param name="Summaries">One summary per method, in the order the methods ran.</param>
/// <param name="Curves">One curve per method averaged over the splits, in the same order.</param>
/// <param name="Loss">The loss the figures use.</param>
/// <param name="Options">The comparison's settings.</param>
/// <param name="Notes">What was left out and why (e.g. a method whose native library does not load here).</param>
public sealed record ComparisonResult(
    ImmutableArray<ComparisonSplit> Splits,
    ImmutableArray<MethodSummary> Summaries,
    ImmutableArray<TradeOffCurve> Curves,
    string Loss,
    ComparisonOptions Options,
    ImmutableArray<string> Notes)
{
    /// <summary>What the rows are (a file name or a scenario); empty unless the caller says.</summary>
    public string Source { get; init; } = "";

    /// <summary>The summary of <paramref name="method"/>, or null when it did not run.</summary>
    public MethodSummary? Summary(string method) => Summaries.FirstOrDefault(s => s.Method == method);

    /// <summary>Assembles the result from its splits (which must list the same methods in the same order).</summary>
    public static ComparisonResult Create(ImmutableArray<ComparisonSplit> splits, string loss, ComparisonOptions options, ImmutableArray<string> notes)
    {
        if (splits.IsDefaultOrEmpty) throw new ArgumentException("a comparison has at least one split.", nameof(splits));
        var methods = splits[0].Rows.Select(r => r.Method).ToArray();
        if (splits.Any(s => !s.Rows.Select(r => r.Method).SequenceEqual(methods) || !s.Curves.Select(c => c.Method).SequenceEqual(methods)))
            throw new ArgumentException("every split must list the same methods in the same order.", nameof(splits));
        var summaries = methods.Select((_, m) => MethodSummary.Of([.. splits.Select(s => s.Rows[m])])).ToImmutableArray();
        var curves = methods.Select((_, m) => TradeOff.Average([.. splits.Select(s => s.Curves[m])])).ToImmutableArray();
        return new ComparisonResult(splits, summaries, curves, loss, options, notes);
    }

    /// <summary>
    /// The result as one JSON object: <c>parameters</c> (every setting, the source and the loss), <c>methods</c> (mean and
    /// spread of both false-positive rates, positive loss, loss and times per method), <c>curves</c> (trade-off curves
    /// averaged over splits, with each method's operating point), <c>splits</c> (every split's rows and curves) and
    /// <c>notes</c>. Undefined figures are written as NaN.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        parameters = new { source = Source, loss = Loss, options = Options },
        methods = Summaries,
        curves = Curves,
        splits = Splits,
        notes = Notes,
    }, Json);

    /// <summary>snake_case names, enums as text, NaN and infinities as named literals, indented.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <inheritdoc />
    public bool Equals(ComparisonResult? other) => other is not null && Splits.SequenceEqual(other.Splits) && Summaries.SequenceEqual(other.Summaries)
        && Curves.SequenceEqual(other.Curves) && Loss == other.Loss && Options.Equals(other.Options) && Notes.SequenceEqual(other.Notes) && Source == other.Source;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Splits.Length, Summaries.Length, Loss, Source);
}
