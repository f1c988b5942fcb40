using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ReluVerified.Core.Losses;

namespace ReluVerified;

/// <summary>
/// Writes a built-in loss as its <see cref="Loss.Describe"/> text ("square", "absolute", "huber(0.1)" with the width in
/// shortest round-trip form), the text report JSON has always held; reads those texts back, and refuses any other with a
/// <see cref="JsonException"/> naming it and the allowed forms.
/// </summary>
internal sealed class LossTextConverter : JsonConverter<Loss>
{
    public override Loss Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Parse(text) ?? throw new JsonException($"unknown loss '{text ?? reader.TokenType.ToString()}': use square, absolute or huber(DELTA) with DELTA positive.");
    }

    public override void Write(Utf8JsonWriter writer, Loss value, JsonSerializerOptions options) => writer.WriteStringValue(value.Describe());

    /// <summary>The loss a report text names, or null when it names none of the built-in losses.</summary>
    internal static Loss? Parse(string? text)
    {
        if (text == "square") return new Loss.Square();
        if (text == "absolute") return new Loss.Absolute();
        if (text is not null && text.StartsWith("huber(", StringComparison.Ordinal) && text.EndsWith(')')
            && double.TryParse(text.AsSpan(6, text.Length - 7), NumberStyles.Float, CultureInfo.InvariantCulture, out double delta)
            && delta > 0 && double.IsFinite(delta))
            return new Loss.Huber(delta);
        return null;
    }
}
