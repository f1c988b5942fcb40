using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ReluVerified.Core.Approximation;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// <c>relu approx</c>: certified polynomial approximations (L-approx). One certificate at a degree, the smallest degree
/// for an error, or the degree/error/weight table with theory beside it (text, Markdown, PNG plot).
/// </summary>
internal static class ApproxCommand
{
    internal static Command Create()
    {
        var function = new Option<string>("--function") { Description = "relu, abs, leaky:A, shifted:S,B (ReLU(S t + B)) or sigmoid:L", DefaultValueFactory = _ => "relu" };
        var degree = new Option<int?>("--degree") { Description = "degree d of the approximation" };
        var epsilon = new Option<double?>("--epsilon") { Description = "find the smallest degree whose certified error is at most this" };
        var method = new Option<string>("--method") { Description = "chebyshev (interpolation) or remez (best uniform)", DefaultValueFactory = _ => "chebyshev" };
        var json = new Option<bool>("--json") { Description = "write the certificate as a JSON object" };
        var table = new Option<bool>("--table") { Description = "print degrees 1..--max-degree: certified error, attained error, weight, theory" };
        var maxDegree = new Option<int>("--max-degree") { Description = "last degree of --table, or of the --epsilon search", DefaultValueFactory = _ => 40 };
        var markdown = new Option<bool>("--markdown") { Description = "with --table: write a Markdown document instead of plain text" };
        var plot = new Option<FileInfo?>("--plot") { Description = "with --table: also save a PNG plot of error and weight against degree" };
        var command = new Command("approx", "Certified polynomial approximation of ReLU and its gadgets on [-1, 1] (rigorous sup error, weight, coefficients).")
        {
            function, degree, epsilon, method, json, table, maxDegree, markdown, plot,
        };
        command.SetAction(parse =>
        {
            try
            {
                var target = TargetFunction.Parse(parse.GetValue(function)!);
                var how = ParseMethod(parse.GetValue(method)!);
                int? d = parse.GetValue(degree);
                double? eps = parse.GetValue(epsilon);
                bool asTable = parse.GetValue(table);
                int modes = (d.HasValue ? 1 : 0) + (eps.HasValue ? 1 : 0) + (asTable ? 1 : 0);
                if (modes != 1) throw new ArgumentException("Give exactly one of --degree D, --epsilon E or --table.");
                if (asTable)
                {
                    int max = parse.GetValue(maxDegree);
                    if (max < 1 || max > 200) throw new ArgumentException($"--max-degree must lie in 1..200 for a table, got {max}.");
                    var rows = ApproximationTable.Rows(target, max, how);
                    Console.Out.Write(parse.GetValue(markdown) ? Markdown(target, how, rows, parse.GetValue(plot)) : Text(target, how, rows));
                    if (parse.GetValue(plot) is { } png) SavePlot(png.FullName, target, how, rows);
                    return ExitCodes.Success;
                }
                ApproximationCertificate certificate;
                if (d is int degreeValue)
                {
                    if (degreeValue < 0 || degreeValue > 2000) throw new ArgumentException($"--degree must lie in 0..2000, got {degreeValue}.");
                    certificate = ApproximationTable.Approximate(target, degreeValue, how);
                }
                else
                {
                    double e = eps!.Value;
                    if (!(e > 0) || !double.IsFinite(e)) throw new ArgumentException($"--epsilon must be a positive number, got {e}.");
                    int max = parse.GetResult(maxDegree) is { Implicit: false } ? parse.GetValue(maxDegree) : ApproximationTable.DefaultMaxDegree;
                    var search = ApproximationTable.SmallestDegree(target, e, how, max);
                    if (search.Certificate is null)
                    {
                        Console.Error.WriteLine($"relu approx: no degree up to {max} certifies error <= {e} for {target.Describe()} (theory suggests {search.TheoryDegree}).");
                        return ExitCodes.Failure;
                    }
                    certificate = search.Certificate;
                }
                Console.Out.Write(parse.GetValue(json) ? Json(certificate, eps) : Text(certificate, eps));
                return ExitCodes.Success;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"relu approx: {CommandRunner.Message(e)}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    private static ApproximationMethod ParseMethod(string text) => text.Trim().ToLowerInvariant() switch
    {
        "chebyshev" => ApproximationMethod.Chebyshev,
        "remez" => ApproximationMethod.Remez,
        _ => throw new ArgumentException($"--method must be chebyshev or remez, got '{text}'."),
    };

    private static string Name(ApproximationMethod method) => method.ToString().ToLowerInvariant();

    private static string G(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    internal static string Json(ApproximationCertificate c, double? epsilon)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("function", c.Function.Describe());
            w.WriteString("method", Name(c.Method));
            if (epsilon is double e) w.WriteNumber("epsilon", e);
            w.WriteNumber("degree", c.Degree);
            Number(w, "sup_error", c.SupError);
            Number(w, "sup_error_attained", c.SupErrorLowerBound);
            w.WriteBoolean("certified", c.Certified);
            Number(w, "max_abs", c.MaxAbs);
            Number(w, "weight", c.Weight);
            Number(w, "monomial_rounding_bound", c.Polynomial.MonomialRoundingBound);
            w.WriteStartArray("coefficients");
            foreach (double beta in c.Coefficients) Value(w, beta);
            w.WriteEndArray();
            w.WriteStartArray("chebyshev_coefficients");
            foreach (double ck in c.Polynomial.Chebyshev) Value(w, ck);
            w.WriteEndArray();
            var theory = c.Theory;
            w.WriteStartObject("theory");
            w.WriteNumber("degree_bound", theory.DegreeBound);
            Number(w, "error_bound", theory.ErrorBound);
            Number(w, "weight_bound", theory.WeightBound);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    /// <summary>JSON has no infinities: values beyond double range (weights past degree ~440) are written as null.</summary>
    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        Value(w, value);
    }

    private static void Value(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value)) w.WriteNumberValue(value);
        else w.WriteNullValue();
    }

    private static string Text(ApproximationCertificate c, double? epsilon)
    {
        var t = c.Theory;
        var s = new StringBuilder();
        s.AppendLine($"{c.Function.Describe()} on [-1, 1], {Name(c.Method)}, degree {c.Degree}" + (epsilon is double e ? $" (smallest degree with certified error <= {G(e)})" : ""));
        s.AppendLine($"  certified sup error : {G(c.SupError)}   (attained at a point: {G(c.SupErrorLowerBound)})");
        s.AppendLine($"  max |p| on [-1, 1]  : {G(c.MaxAbs)}");
        s.AppendLine($"  weight sum beta_i^2 : {G(c.Weight)}");
        s.AppendLine($"  theory              : degree {t.DegreeBound} for this error; error {G(t.ErrorBound)} at this degree; weight <= {G(t.WeightBound)}");
        s.AppendLine("  monomial coefficients beta_0..beta_d:");
        for (int i = 0; i < c.Coefficients.Length; i++) s.AppendLine($"    {i,3}  {c.Coefficients[i].ToString("R", CultureInfo.InvariantCulture)}");
        return s.ToString();
    }

    private static string Text(TargetFunction target, ApproximationMethod method, IReadOnlyList<ApproximationTableRow> rows)
    {
        var s = new StringBuilder();
        s.AppendLine($"{target.Describe()} on [-1, 1], {Name(method)}: certified sup error vs attained error vs weight, theory beside");
        s.AppendLine($"{"d",4} {"certified",11} {"attained",11} {"gap %",6} {"weight",11} {"max|p|",8} {"theory err",11} {"theory weight",14}");
        foreach (var r in rows)
            s.AppendLine($"{r.Degree,4} {G(r.CertifiedError),11} {G(r.AttainedError),11} {Gap(r),6} {G(r.Weight),11} {r.MaxAbs,8:F4} {G(r.TheoryError),11} {G(r.TheoryWeight),14}");
        return s.ToString();
    }

    private static string Gap(ApproximationTableRow r)
        => r.AttainedError > 0 ? (100 * (r.CertifiedError / r.AttainedError - 1)).ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Markdown(TargetFunction target, ApproximationMethod method, IReadOnlyList<ApproximationTableRow> rows, FileInfo? plot)
    {
        var s = new StringBuilder();
        s.AppendLine($"# Certified polynomial approximation of {target.Describe()} (L-approx)");
        s.AppendLine();
        s.AppendLine("Generated by");
        s.AppendLine();
        s.AppendLine("```");
        s.AppendLine($"relu approx --function {target.Describe()} --method {Name(method)} --table --max-degree {rows.Count} --markdown" + (plot is null ? "" : $" --plot {plot.Name}"));
        s.AppendLine("```");
        s.AppendLine();
        s.AppendLine($"Polynomial: {(method == ApproximationMethod.Chebyshev ? "interpolant at the d+1 Chebyshev points of the first kind" : "best uniform approximation (Remez exchange)")}.");
        s.AppendLine("*certified* is a rigorous upper bound on sup over [-1, 1] of |p - f| (outward-rounded interval branch and bound, see");
        s.AppendLine("Proofs/L-approx-relu.md); *attained* is |p(t) - f(t)| at a point, so the true sup lies between the two.");
        s.AppendLine("*weight* is sum beta_i^2 over the exact monomial coefficients.");
        s.AppendLine("*theory error* is " + TheoryErrorMeaning(method) + ".");
        s.AppendLine("The plot draws this bound, for this construction, at every degree of the table.");
        s.AppendLine("*theory weight* is the coefficient bound (d+1)(4e)^{2d} max|p|^2 (Proofs/L-approx-relu.md).");
        s.AppendLine();
        if (plot is not null)
        {
            s.AppendLine($"![degree vs error vs weight]({plot.Name})");
            s.AppendLine();
        }
        s.AppendLine("| d | certified error | attained error | gap % | weight | max abs p | theory error | theory weight |");
        s.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            s.AppendLine($"| {r.Degree} | {G(r.CertifiedError)} | {G(r.AttainedError)} | {Gap(r)} | {G(r.Weight)} | {r.MaxAbs.ToString("F4", CultureInfo.InvariantCulture)} | {G(r.TheoryError)} | {G(r.TheoryWeight)} |");
        return s.ToString();
    }

    /// <summary>What the table's theory error column bounds, for each construction (TheoryBounds.ErrorBoundFor).</summary>
    internal static string TheoryErrorMeaning(ApproximationMethod method) => method == ApproximationMethod.Chebyshev
        ? "an explicit bound on the error of the degree-d interpolant itself: interpolation aliases every T_k, k > d, onto +-T_j or 0, "
          + "so its error is at most twice the Chebyshev tail sum_{k>d} |a_k| (for ReLU 2/(pi(2 floor(d/2)+1)), every d >= 1)"
        : "an explicit bound on the error of the degree-d best approximation: no worse than the truncated Chebyshev series, "
          + "whose tail is at most sum_{k>d} |a_k| (for ReLU 1/(pi(2 floor(d/2)+1)), every d >= 1)";

    /// <summary>The PNG behind docs/approximation.png: log10 of certified error and weight against degree, theory beside.</summary>
    private static void SavePlot(string path, TargetFunction target, ApproximationMethod method, IReadOnlyList<ApproximationTableRow> rows)
    {
        var plot = new ScottPlot.Plot();
        void Series(Func<ApproximationTableRow, double> value, string label, bool dashed, bool rightAxis)
        {
            // a bound is drawn only at the degrees where it applies to the plotted construction (finite there)
            var shown = rows.Where(r => double.IsFinite(value(r)) && value(r) > 0).ToArray();
            if (shown.Length == 0) return;
            var line = plot.Add.Scatter(shown.Select(r => (double)r.Degree).ToArray(), shown.Select(r => Math.Log10(value(r))).ToArray());
            line.LegendText = label;
            if (dashed) line.LinePattern = ScottPlot.LinePattern.Dashed;
            if (rightAxis) line.Axes.YAxis = plot.Axes.Right;
        }
        Series(r => r.Weight, "weight sum beta_i^2, achieved (left axis)", false, false);
        Series(r => r.TheoryWeight, "weight bound (d+1)(4e)^{2d} max|p|^2 (left axis)", true, false);
        Series(r => r.CertifiedError, "certified sup error, achieved (right axis)", false, true);
        Series(r => r.TheoryError, method == ApproximationMethod.Chebyshev
            ? "error bound of the degree-d interpolant, twice the Chebyshev tail (right axis)"
            : "error bound of the degree-d best approximation, the Chebyshev tail (right axis)", true, true);
        // the right axis spans every error drawn on it (its automatic range can leave the first points outside)
        var errors = rows.SelectMany(r => new[] { r.CertifiedError, r.TheoryError }).Where(v => double.IsFinite(v) && v > 0).Select(Math.Log10).ToArray();
        if (errors.Length > 0)
        {
            double margin = 0.05 * Math.Max(errors.Max() - errors.Min(), 0.1);
            plot.Axes.Right.Min = errors.Min() - margin;
            plot.Axes.Right.Max = errors.Max() + margin;
        }
        plot.Title($"{target.Describe()} on [-1,1], {method.ToString().ToLowerInvariant()}: degree vs certified error vs weight");
        plot.XLabel("degree d");
        plot.Axes.Left.Label.Text = "log10(weight)";
        plot.Axes.Right.Label.Text = "log10(sup error)";
        plot.ShowLegend(ScottPlot.Alignment.UpperCenter);
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, 1000, 650));
    }
}
