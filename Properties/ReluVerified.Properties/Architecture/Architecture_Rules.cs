using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ReluVerified.Core.Kernels;
using Xunit;

namespace ReluVerified.Properties.Architecture;

/// <summary>
/// Design rules checked by reflection, metadata and source text (docs/architecture.md): Core's public types are
/// immutable, Core does no I/O and draws no ambient randomness, Core's folders form layers and only LinearAlgebra calls
/// BLAS, the projects reference each other only downwards, and docs/theorems.md traces every id to code that names it, to
/// a property class and to a proof. The rules on clocks, public arrays, equality and method length are in Architecture_Rules.Design.cs.
/// </summary>
public partial class Architecture_Rules
{
    private static readonly Assembly Core = typeof(GramEngine).Assembly;

    [Fact]
    public void Core_public_types_have_no_public_setters_and_no_mutable_fields()
    {
        var violations = new List<string>();
        foreach (var type in Core.GetExportedTypes().Where(t => !t.IsEnum))
        {
            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                var setter = property.SetMethod;
                if (setter is { IsPublic: true } && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
                    violations.Add($"{type.FullName}.{property.Name} has a public setter");
            }
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                if (!field.IsInitOnly && !field.IsLiteral && !field.Name.Contains("k__BackingField") && !field.IsDefined(typeof(CompilerGeneratedAttribute)))
                    violations.Add($"{type.FullName}.{field.Name} is a mutable field");
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void Core_references_neither_the_facade_nor_io_nor_ambient_randomness()
    {
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name is "ReluVerified" or "relu" or "System.Console");
        using var stream = File.OpenRead(Core.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var forbiddenTypes = new HashSet<string>
        {
            "System.IO.File", "System.IO.FileStream", "System.IO.Directory", "System.IO.StreamReader", "System.IO.StreamWriter",
            "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.Path", "System.Console", "System.Net.Http.HttpClient",
            "System.Environment", "System.Guid",
        };
        var violations = new List<string>();
        foreach (var handle in reader.TypeReferences)
        {
            var t = reader.GetTypeReference(handle);
            string name = $"{reader.GetString(t.Namespace)}.{reader.GetString(t.Name)}";
            if (forbiddenTypes.Contains(name) || name.StartsWith("System.Net.", StringComparison.Ordinal)) violations.Add($"uses {name}");
        }
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference) continue;
            var parent = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
            if (reader.GetString(parent.Namespace) != "System" || reader.GetString(parent.Name) != "Random") continue;
            string memberName = reader.GetString(member.Name);
            var blob = reader.GetBlobReader(member.Signature);
            blob.ReadSignatureHeader();
            int parameters = memberName == ".ctor" ? blob.ReadCompressedInteger() : -1;
            if (memberName == "get_Shared" || (memberName == ".ctor" && parameters == 0))
                violations.Add($"ambient randomness: System.Random.{memberName} (randomness must be passed in)");
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void Every_id_in_the_theorem_map_has_code_a_property_and_a_proof_or_a_stated_gap()
    {
        var rows = TheoremRows().ToList();
        Assert.NotEmpty(rows);
        var propertyClasses = typeof(Architecture_Rules).Assembly.GetTypes().Select(t => t.Name).ToHashSet();
        var proofClasses = Directory.EnumerateFiles(RepositoryFiles.Path("Proofs"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .SelectMany(f => ClassPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToHashSet();
        var problems = new List<string>();
        foreach (var (id, code, property, proof) in rows)
        {
            foreach (var (cell, what) in new[] { (code, "code"), (property, "property"), (proof, "proof") })
                if (string.IsNullOrWhiteSpace(cell) || (cell.Contains("not yet built") && !cell.Contains('(')))
                    problems.Add($"{id}: the {what} cell is empty or a gap without a reason in parentheses");
            foreach (var name in BacktickNames(property).Where(n => !n.Contains('.')))
                if (!propertyClasses.Contains(name)) problems.Add($"{id}: property class {name} does not exist in Properties");
            foreach (var name in BacktickNames(proof))
            {
                if (name.EndsWith(".md", StringComparison.Ordinal))
                {
                    if (!File.Exists(RepositoryFiles.Path("Proofs", name))) problems.Add($"{id}: Proofs/{name} does not exist");
                }
                else if (!proofClasses.Contains(name)) problems.Add($"{id}: proof check class {name} does not exist in Proofs");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_core_type_the_theorem_map_names_cites_that_id_in_its_xml_docs()
    {
        var docs = XDocument.Load(Path.ChangeExtension(Core.Location, ".xml"));
        // Every documented member, keyed by its name without the kind prefix and the parameter list.
        var documentation = docs.Descendants("member")
            .Select(m => (Name: ((string?)m.Attribute("name")) ?? "", Text: m.Value))
            .Where(m => m.Name.Length > 2)
            .GroupBy(m => m.Name[2..].Split('(')[0])
            .ToDictionary(g => g.Key, g => string.Concat(g.Select(m => m.Text)));
        var problems = new List<string>();
        foreach (var (id, code, _, _) in TheoremRows())
        {
            if (!id.StartsWith('T') && !id.StartsWith('L') && !id.StartsWith('R') && !id.StartsWith('S')) continue;
            foreach (var name in BacktickNames(code).Where(n => n.StartsWith("Core.", StringComparison.Ordinal)))
            {
                string fullName = "ReluVerified." + name.Split('(')[0];
                if (!documentation.TryGetValue(fullName, out var text)) { problems.Add($"{id}: {fullName} is not a documented Core type or member"); continue; }
                if (!text.Contains(id, StringComparison.Ordinal)) problems.Add($"{id}: the XML docs of {fullName} do not cite {id}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// No file outside LinearAlgebra calls OpenBLAS (NativeBlas) directly: every product and factorisation goes through it.
    /// (That LinearAlgebra names no higher layer is part of <see cref="Core_folders_name_only_lower_layers"/>.)
    /// </summary>
    [Fact]
    public void Linear_algebra_owns_every_BLAS_call()
    {
        var problems = new List<string>();
        foreach (var (file, folder) in CoreSourceFiles())
        {
            if (folder == "LinearAlgebra") continue;
            var text = File.ReadAllText(file);
            if (text.Contains("NativeBlas.D", StringComparison.Ordinal) || text.Contains("NativeBlas.S", StringComparison.Ordinal))
                problems.Add($"{CoreRelative(file)} calls NativeBlas directly");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    internal static IEnumerable<(string Id, string Code, string Property, string Proof)> TheoremRows()
    {
        foreach (var line in File.ReadLines(RepositoryFiles.Path("docs", "theorems.md")))
        {
            if (!line.StartsWith("| ", StringComparison.Ordinal) || line.StartsWith("| id", StringComparison.Ordinal) || line.StartsWith("|---", StringComparison.Ordinal)) continue;
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 7) continue;
            yield return (cells[1], cells[3], cells[4], cells[5]);
        }
    }

    private static IEnumerable<string> BacktickNames(string cell)
        => BacktickPattern().Matches(cell).Select(m => m.Groups[1].Value).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"\bclass\s+(\w+)")]
    private static partial Regex ClassPattern();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BacktickPattern();
}
