using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReluVerified.Core.Approximation;
using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// Independent readings of a report's <c>guarantee</c> object (T2.1): the numbers and strings it holds, the check that
/// every number in the statement is one of its fields, and the premises recomputed from the report and the certified
/// approximation table without going through <c>TheoremGuarantee</c>.
/// </summary>
internal static partial class GuaranteeFields
{
    /// <summary>Notation in the statement that contains digits but is not a figure.</summary>
    private static readonly string[] Notation = ["P(h != 0 | y = 0)", "P(h != 0, y = 0)", "Proofs/S-lowrank.md"];

    /// <summary>Asserts that every number written in the statement is (the 4-significant-digit form of) a field of the guarantee.</summary>
    internal static void AssertStatementNumbersAreFields(JsonElement guarantee)
    {
        var numbers = new HashSet<string>();
        var strings = new List<string>();
        Collect(guarantee, numbers, strings, skip: "statement");
        string text = guarantee.GetProperty("statement").GetString()!;
        // strings that are fields (class, construction, premise names) may hold digits of their own: they are fields too
        foreach (var s in strings.Concat(Notation).Where(s => s.Length > 0).OrderByDescending(s => s.Length)) text = text.Replace(s, " ");
        foreach (Match m in NumberPattern().Matches(text))
        {
            // a hyphen after a letter joins words ("rank-20"); it is no minus sign
            string value = m.Value.StartsWith('-') && m.Index > 0 && char.IsLetter(text[m.Index - 1]) ? m.Value[1..] : m.Value;
            Assert.True(numbers.Contains(value), $"the statement writes {m.Value}, which is no field of the guarantee: ...{text[Math.Max(0, m.Index - 60)..Math.Min(text.Length, m.Index + 20)]}...");
        }
    }

    private static void Collect(JsonElement e, HashSet<string> numbers, List<string> strings, string? skip = null)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == skip) continue;
                    if (p.Value.ValueKind == JsonValueKind.Object && p.Name == "low_rank")
                    {
                        foreach (var q in p.Value.EnumerateObject()) Collect(q.Value, numbers, strings);
                        continue;
                    }
                    Collect(p.Value, numbers, strings);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) Collect(item, numbers, strings);
                break;
            case JsonValueKind.Number:
                double v = e.GetDouble();
                numbers.Add(GuaranteeText.Number(v));
                if (e.TryGetInt64(out long integer)) numbers.Add(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.String:
                strings.Add(e.GetString()!);
                break;
        }
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?(E[+-]?\d+)?")]
    private static partial Regex NumberPattern();

    /// <summary>
    /// The premises and reach of T2.1's guarantee for a reliable ReLU fit, recomputed from the report's own figures and a
    /// certified approximation (error, weight) of degree d, as Proofs/T2.1-reliable-relu.md states them.
    /// </summary>
    internal static (Dictionary<string, bool> Premises, bool Reaches, double Floor) Recompute(JsonElement report, double approximationError,
        double approximationWeight, bool unitWeights, bool embeddingFixed)
    {
        double tauC = report.GetProperty("constraint_level").GetDouble();
        double tau = report.GetProperty("threshold").GetDouble();
        double b = report.GetProperty("weight").GetDouble();
        double epsilon = report.GetProperty("epsilon").GetDouble();
        double gap = Math.Max(0, report.GetProperty("duality_gap").GetDouble());
        double violation = report.GetProperty("max_violation").GetDouble();
        bool sound = report.GetProperty("exit").GetString() != "Infeasible" && double.IsFinite(gap) && double.IsFinite(violation);
        var premises = new Dictionary<string, bool>
        {
            ["solver certificate sound (not infeasible, finite gap and violation)"] = sound,
            // max_violation includes ||f||^2 - B; with no violation at all (every check's solve) the ball premise holds
            ["||f||^2 <= B (1 + solver ball tolerance)"] = violation <= b * 1e-9,
            ["tau >= 2 tau_c > 0"] = tauC > 0 && tau >= 2 * tauC,
            ["certified approximation at degree d"] = true,
            ["B >= B_a(d)"] = b >= approximationWeight,
            ["tau_c >= eps_a(d)"] = tauC >= approximationError,
            ["unit sample weights"] = unitWeights,
            ["loss Lipschitz beyond the output range (square, absolute or Huber)"] = true,
            ["embedding fixed before the sample (scale none)"] = embeddingFixed,
        };
        // square loss on [0,1]: L = 2, cost of the approximation L e + e^2; the positive-loss floor adds L tau and the gap
        const double lipschitz = 2;
        double floor = lipschitz * approximationError + approximationError * approximationError + lipschitz * Math.Max(tau, 0) + gap;
        // with no violated zero constraint the training dual loss is 0; a violated one adds at most violation / tau_c
        bool reaches = premises.Values.All(h => h) && floor < epsilon && violation / tauC < epsilon;
        return (premises, reaches, floor);
    }

    /// <summary>The certified best (Remez) ReLU approximation of degree d that the guarantee uses, from the Core table.</summary>
    internal static ApproximationCertificate Relu(int degree) => ApproximationTable.Approximate(new TargetFunction.Relu(), degree, ApproximationMethod.Remez);

    /// <summary>Asserts that the report's premises are exactly the recomputed ones (names and truth values).</summary>
    internal static void AssertPremises(JsonElement guarantee, Dictionary<string, bool> expected)
    {
        var actual = guarantee.GetProperty("premises").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("holds").GetBoolean());
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }
}
