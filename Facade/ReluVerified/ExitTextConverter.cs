using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReluVerified;

/// <summary>
/// Writes <see cref="FitExit"/> by its C# name ("Converged", "Fixpoint"), the text report JSON has always held for the exit;
/// reads only those names back, and refuses any other text naming it and the allowed ones.
/// </summary>
internal sealed class ExitTextConverter : JsonConverter<FitExit>
{
    public override FitExit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        foreach (var value in Enum.GetValues<FitExit>())
            if (value.ToString() == text) return value;
        throw new JsonException($"unknown exit '{text ?? reader.TokenType.ToString()}': use {string.Join(", ", Enum.GetNames<FitExit>())}.");
    }

    public override void Write(Utf8JsonWriter writer, FitExit value, JsonSerializerOptions options)
        => writer.WriteStringValue(Enum.IsDefined(value) ? value.ToString() : throw new JsonException($"FitExit value {(int)value} has no name."));
}
