using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReluVerified;

/// <summary>
/// Writes every enum of a model file or report as its kebab-case name ("max-norm", "depth2-agnostic"), or the name its
/// <see cref="JsonStringEnumMemberNameAttribute"/> gives ("kmeans++"), the same text the earlier string options held; reads
/// only those names back: any other text (or a number) is a <see cref="JsonException"/> naming the text and the allowed ones.
/// </summary>
internal sealed class EnumTextConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => (JsonConverter)Activator.CreateInstance(typeof(Typed<>).MakeGenericType(typeToConvert))!;

    /// <summary>The text of every value of <typeparamref name="T"/>, in declaration order.</summary>
    internal static ImmutableArray<(T Value, string Text)> Names<T>() where T : struct, Enum => Typed<T>.Table;

    private sealed class Typed<T> : JsonConverter<T> where T : struct, Enum
    {
        internal static readonly ImmutableArray<(T Value, string Text)> Table = [.. Enum.GetValues<T>().Select(v => (v, TextOf(v)))];

        private static string TextOf(T value)
        {
            string name = value.ToString();
            var member = typeof(T).GetField(name, BindingFlags.Public | BindingFlags.Static);
            return member?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.KebabCaseLower.ConvertName(name);
        }

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            foreach (var (value, name) in Table)
                if (name == text) return value;
            string shown = text ?? $"a {reader.TokenType} token";
            throw new JsonException($"unknown {typeof(T).Name} '{shown}': use {string.Join(", ", Table.Select(t => t.Text))}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            foreach (var (v, name) in Table)
                if (EqualityComparerCache.Equals(v, value)) { writer.WriteStringValue(name); return; }
            throw new JsonException($"{typeof(T).Name} value {value} has no name.");
        }
    }

    private static class EqualityComparerCache
    {
        public static bool Equals<T>(T a, T b) where T : struct, Enum => EqualityComparer<T>.Default.Equals(a, b);
    }
}
