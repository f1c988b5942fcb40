using System.Text;
using System.Text.RegularExpressions;

namespace ReluVerified.Properties.Architecture;

/// <summary>
/// Pure functions over C# source text for the source-level architecture rules: masking comments and literals, matching
/// braces, finding the methods of a file and the body of a hand-written Equals. A lexical approximation of C#, not a
/// parser: it knows comments, regular, verbatim, interpolated and raw string literals and character literals, which is
/// what brace matching needs.
/// </summary>
internal static partial class SourceText
{
    /// <summary>
    /// The text with every comment and every string or character literal replaced by spaces (line breaks kept), so that
    /// offsets and line numbers are those of the original and every brace, parenthesis and name left is code.
    /// </summary>
    internal static string CodeOnly(string source)
    {
        var code = new StringBuilder(source);
        int i = 0;
        void Blank(int from, int to)
        {
            for (int k = from; k < to && k < code.Length; k++) if (code[k] != '\n' && code[k] != '\r') code[k] = ' ';
        }
        while (i < source.Length)
        {
            char c = source[i];
            char next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                int end = source.IndexOf('\n', i);
                end = end < 0 ? source.Length : end;
                Blank(i, end);
                i = end;
            }
            else if (c == '/' && next == '*')
            {
                int end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end + 2;
                Blank(i, end);
                i = end;
            }
            else if (c == '\'')
            {
                int k = i + 1;
                while (k < source.Length && source[k] != '\'') k += source[k] == '\\' ? 2 : 1;
                Blank(i, k + 1);
                i = k + 1;
            }
            else if (c == '"' || ((c == '@' || c == '$') && StringStart(source, i) > i))
            {
                int end = StringEnd(source, i);
                Blank(i, end);
                i = end;
            }
            else i++;
        }
        return code.ToString();
    }

    // The offset of the opening quote of a string literal whose prefix ($, @, $@, @$, $$...) starts at i, or i if none.
    private static int StringStart(string source, int i)
    {
        int k = i;
        while (k < source.Length && (source[k] == '$' || source[k] == '@')) k++;
        return k < source.Length && source[k] == '"' ? k : i;
    }

    // The offset just past the string literal (with its prefix) that starts at i.
    private static int StringEnd(string source, int i)
    {
        int quote = source[i] == '"' ? i : StringStart(source, i);
        string prefix = source[i..quote];
        bool verbatim = prefix.Contains('@');
        int quotes = 0;
        while (quote + quotes < source.Length && source[quote + quotes] == '"') quotes++;
        if (quotes >= 3)
        {
            // Raw string literal: ends at the same run of quotes.
            int end = source.IndexOf(new string('"', quotes), quote + quotes, StringComparison.Ordinal);
            return end < 0 ? source.Length : end + quotes;
        }
        if (quotes == 2) return quote + 2; // the empty string
        int k = quote + 1;
        bool interpolated = prefix.Contains('$');
        int holes = 0;
        while (k < source.Length)
        {
            char c = source[k];
            if (interpolated && c == '{')
            {
                if (k + 1 < source.Length && source[k + 1] == '{' && holes == 0) { k += 2; continue; }
                holes++;
            }
            else if (interpolated && c == '}' && holes > 0) holes--;
            else if (holes > 0 && c == '"') { k = StringEnd(source, k); continue; }
            else if (holes == 0 && c == '\\' && !verbatim) { k += 2; continue; }
            else if (holes == 0 && c == '"')
            {
                if (verbatim && k + 1 < source.Length && source[k + 1] == '"') { k += 2; continue; }
                return k + 1;
            }
            k++;
        }
        return source.Length;
    }

    /// <summary>The offset of the brace that closes the one at <paramref name="open"/> in masked code, or -1.</summary>
    internal static int MatchingBrace(string code, int open)
    {
        int depth = 0;
        for (int k = open; k < code.Length; k++)
        {
            if (code[k] == '{') depth++;
            else if (code[k] == '}' && --depth == 0) return k;
        }
        return -1;
    }

    /// <summary>The 1-based line of an offset.</summary>
    internal static int LineOf(string text, int offset)
    {
        int line = 1;
        for (int k = 0; k < offset && k < text.Length; k++) if (text[k] == '\n') line++;
        return line;
    }

    /// <summary>A method, constructor, operator or accessor-free member with a body, and its length in lines.</summary>
    internal sealed record Method(string Name, int FirstLine, int LastLine)
    {
        internal int Lines => LastLine - FirstLine + 1;
    }

    /// <summary>
    /// Every method (and constructor, operator, conversion) declared in a type body of the file, from the line of its
    /// signature (the line with its name and opening parenthesis) to its closing brace, or to the semicolon that ends an
    /// expression body. Local functions and lambdas are counted in the method that holds them.
    /// </summary>
    internal static IReadOnlyList<Method> Methods(string source)
    {
        var code = CodeOnly(source);
        var methods = new List<Method>();
        ScanBody(code, 0, code.Length, inType: false, methods);
        return methods;
    }

    private static void ScanBody(string code, int from, int to, bool inType, List<Method> methods)
    {
        int segment = from;
        int k = from;
        while (k < to)
        {
            char c = code[k];
            if (c == ';') { if (inType) ExpressionBodied(code, segment, k, methods); segment = k + 1; k++; continue; }
            if (c == '}') { segment = k + 1; k++; continue; }
            if (c != '{') { k++; continue; }
            int close = MatchingBrace(code, k);
            if (close < 0) return;
            string header = code[segment..k];
            if (TypeHeader().IsMatch(header) || NamespaceHeader().IsMatch(header))
            {
                ScanBody(code, k + 1, close, inType: true, methods);
                segment = close + 1;
                k = close + 1;
                continue;
            }
            var signature = inType ? MethodSignature().Match(header) : Match.Empty;
            if (IsMethod(header, signature))
            {
                int end = close;
                if (header.Contains("=>", StringComparison.Ordinal))
                {
                    // An expression body holding braces (a switch expression, a collection): it ends at its semicolon.
                    int depth = 0;
                    for (end = close + 1; end < to; end++)
                    {
                        if (code[end] is '(' or '{' or '[') depth++;
                        else if (code[end] is ')' or '}' or ']') depth--;
                        else if (code[end] == ';' && depth == 0) break;
                    }
                }
                int nameOffset = segment + signature.Groups["name"].Index;
                methods.Add(new Method(signature.Groups["name"].Value, LineOf(code, nameOffset), LineOf(code, end)));
                segment = end + 1;
                k = end + 1;
                continue;
            }
            // A property with accessors, an initialiser, an enum body: skip it whole.
            segment = close + 1;
            k = close + 1;
        }
    }

    private static void ExpressionBodied(string code, int from, int semicolon, List<Method> methods)
    {
        string header = code[from..semicolon];
        int arrow = header.IndexOf("=>", StringComparison.Ordinal);
        if (arrow < 0) return;
        var signature = MethodSignature().Match(header[..arrow]);
        if (!IsMethod(header, signature)) return;
        int nameOffset = from + signature.Groups["name"].Index;
        methods.Add(new Method(signature.Groups["name"].Value, LineOf(code, nameOffset), LineOf(code, semicolon)));
    }

    // A signature match that is a method: not a control statement, and no assignment before the name (a field or
    // property initialiser calling a constructor or a lambda).
    private static bool IsMethod(string header, Match signature)
        => signature.Success && !ControlKeywords.Contains(signature.Groups["name"].Value)
           && !Regex.IsMatch(header[..signature.Index], @"(?<![=!<>])=(?![=>])");

    private static readonly HashSet<string> ControlKeywords =
        ["if", "for", "foreach", "while", "switch", "using", "lock", "catch", "fixed", "return", "nameof", "typeof", "sizeof", "new", "when", "checked", "unchecked", "default"];

    /// <summary>
    /// The text of the body of <c>bool Equals(T other)</c> in the declaration of the type at <paramref name="typePath"/>
    /// (its simple name, after the names of the types it is nested in) in this file, masked (no comments or literals), or
    /// null when the file declares no such method for that type.
    /// </summary>
    internal static string? EqualsBody(string source, IReadOnlyList<string> typePath)
    {
        var code = CodeOnly(source);
        var scopes = new List<(int From, int To)> { (0, code.Length) };
        foreach (var name in typePath)
            scopes = scopes.SelectMany(scope => TypeBodies(code, scope.From, scope.To, name)).ToList();
        string typeName = typePath[^1];
        foreach (var (open, close) in scopes)
        {
            var equals = new Regex($@"\bbool\s+Equals\s*\(\s*{Regex.Escape(typeName)}\s*(<[^>]*>)?\s*\??\s+\w+\s*\)").Match(code, open, close - open);
            if (!equals.Success) continue;
            int after = equals.Index + equals.Length;
            while (after < code.Length && char.IsWhiteSpace(code[after])) after++;
            if (code[after] == '{')
            {
                int end = MatchingBrace(code, after);
                return end < 0 ? null : code[after..(end + 1)];
            }
            if (code[after] == '=' && after + 1 < code.Length && code[after + 1] == '>')
            {
                int depth = 0;
                for (int k = after; k < code.Length; k++)
                {
                    if (code[k] is '(' or '{' or '[') depth++;
                    else if (code[k] is ')' or '}' or ']') depth--;
                    else if (code[k] == ';' && depth == 0) return code[after..(k + 1)];
                }
            }
        }
        return null;
    }

    // The bodies (offsets of the braces) of the declarations of a type named name between from and to.
    private static IEnumerable<(int Open, int Close)> TypeBodies(string code, int from, int to, string name)
    {
        foreach (Match declaration in new Regex($@"\b(class|struct|record|interface)\s+{Regex.Escape(name)}\b").Matches(code[..to], from))
        {
            int open = code.IndexOf('{', declaration.Index, to - declaration.Index);
            int semicolon = code.IndexOf(';', declaration.Index, to - declaration.Index);
            if (open < 0 || (semicolon >= 0 && semicolon < open)) continue;
            int close = MatchingBrace(code, open);
            if (close > 0) yield return (open, close);
        }
    }

    [GeneratedRegex(@"\b(class|struct|interface|record|enum)\s+\w+")]
    private static partial Regex TypeHeader();

    [GeneratedRegex(@"^\s*namespace\b")]
    private static partial Regex NamespaceHeader();

    // A member signature: a name (or operator), optional type parameters, a parameter list, optional base call or
    // constraints. The name is the last identifier before the parameter list.
    [GeneratedRegex(@"(?<name>(operator\s*\S+|\w+))\s*(<[^()]*>)?\s*\((?<params>[^()]|\((?<p>)|\)(?<-p>))*(?(p)(?!))\)\s*((:\s*(base|this)\s*\(.*\))|(where\b[^{]*))?\s*(=>.*)?$", RegexOptions.Singleline)]
    private static partial Regex MethodSignature();
}
