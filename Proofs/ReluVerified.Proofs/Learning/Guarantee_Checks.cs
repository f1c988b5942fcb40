using System.Collections.Immutable;
using System.Text.Json;
using ReluVerified.Core.Approximation;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// T2.1's reported guarantee (and those of R2.2, T2.3, T2.4, T2.6) says only what is true: its premises are the ones
/// Proofs/T2.1-reliable-relu.md states, recomputed here from the report and the certified approximation table; its
/// statement writes only numbers that are fields; it says "never reach eps" (and gives no sample size) when the terms
/// that do not shrink with m already exceed eps; the union bound grows with the candidates; ties in selection go to the
/// simpler candidate; and the false-positive figures say whether they are joint or conditional.
/// </summary>
public class Guarantee_Checks
{
    /// <summary>Planted reliable-agnostic rows on S^(n-1), moved off the ball (3 v + 1) so that the embedding matters.</summary>
    private static (double[][] X, double[] Y) Planted(int m, int n, int seed)
    {
        var sample = Scenarios.Create("reliable-agnostic", n).Draw(m, seed);
        return ([.. Enumerable.Range(0, m).Select(i => sample.Points[i].ToArray().Select(v => 3 * v + 1).ToArray())], [.. sample.Labels]);
    }

    /// <summary>Planted rows on the sphere itself (for scale none).</summary>
    private static (double[][] X, double[] Y) OnSphere(int m, int n, int seed)
    {
        var sample = Scenarios.Create("reliable-agnostic", n).Draw(m, seed);
        return ([.. Enumerable.Range(0, m).Select(i => sample.Points[i].ToArray())], [.. sample.Labels]);
    }

    private static JsonElement Report(ReliableReluModel model) => JsonDocument.Parse(model.Report.ToJson()).RootElement;

    /// <summary>The options of README's C# quick start, as written there (the check below reads them back from README.md).</summary>
    private static readonly ReliableReluOptions QuickStart = new() { Recipe = LearnerRecipe.Theorem, Epsilon = 0.1, Scale = ScaleKind.Standardize, Calibrate = true };

    [Fact]
    public void Readme_quick_start_options_print_a_guarantee_whose_numbers_are_fields_and_whose_premises_are_right()
    {
        string readme = File.ReadAllText(RepositoryPaths.File("README.md"));
        Assert.Contains("new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Epsilon = 0.1, Scale = ScaleKind.Standardize, Calibrate = true }", readme);
        Assert.Contains("Console.WriteLine(model.Report.Guarantee.Statement);", readme);

        var (x, y) = Planted(1200, 6, 21);
        var model = ReliableRelu.Fit(x, y, QuickStart);
        var report = Report(model);
        var guarantee = report.GetProperty("guarantee");
        Assert.Equal(GuaranteeText.Of(model.Report.Guarantee with { Statement = "" }), model.Report.Guarantee.Statement);
        GuaranteeFields.AssertStatementNumbersAreFields(guarantee);

        int d = model.Report.Degree;
        var approximation = GuaranteeFields.Relu(d);
        // The approximation the bound uses is the certified Remez polynomial of the chosen degree (tolerance: the same
        // certificate, so the same bits).
        Assert.Equal(approximation.SupError, guarantee.GetProperty("approximation_error").GetDouble());
        Assert.Equal(approximation.Weight, guarantee.GetProperty("approximation_weight").GetDouble());
        var (premises, reaches, _) = GuaranteeFields.Recompute(report, approximation.SupError, approximation.Weight, unitWeights: true, embeddingFixed: false);
        GuaranteeFields.AssertPremises(guarantee, premises);
        Assert.Equal(reaches, guarantee.GetProperty("reaches_epsilon").GetBoolean());
        Assert.Equal(model.Report.Candidates.Length, guarantee.GetProperty("candidates_union").GetInt32());
        Assert.Equal("joint", guarantee.GetProperty("false_positive_bound_kind").GetString());
        Assert.Equal("conditional", guarantee.GetProperty("calibrated_false_positive_bound_kind").GetString());
        Assert.Contains("conditional false-positive rate P(h != 0 | y = 0) is <= 0.1", model.Report.Guarantee.Statement);
        // the standardize embedding is fitted on the rows, so no Rademacher bound is claimed
        Assert.False(premises["embedding fixed before the sample (scale none)"]);
        Assert.Null(model.Report.Guarantee.FalsePositiveBound);
        Assert.Contains("never reach eps = 0.1", model.Report.Guarantee.Statement);
    }

    [Fact]
    public void When_the_terms_that_do_not_shrink_with_m_exceed_eps_the_text_says_never_and_there_is_no_sample_size()
    {
        var (x, y) = OnSphere(900, 5, 3);
        var model = ReliableRelu.Fit(x, y, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Scale = ScaleKind.None, Degree = 3, Weight = 16 });
        var report = Report(model);
        var guarantee = report.GetProperty("guarantee");
        var approximation = GuaranteeFields.Relu(3);
        var (premises, reaches, floor) = GuaranteeFields.Recompute(report, approximation.SupError, approximation.Weight, true, true);
        GuaranteeFields.AssertPremises(guarantee, premises);
        // L (eps_a + tau) alone: 2 (0.0628 + 0.025) = 0.176 >= eps = 0.1
        Assert.True(2 * (approximation.SupError + model.Report.Threshold!.Value) >= 0.1);
        Assert.True(floor >= 0.1);
        Assert.False(reaches);
        Assert.False(model.Report.Guarantee.ReachesEpsilon);
        Assert.Null(model.Report.Guarantee.RequiredSamples);
        Assert.Equal(JsonValueKind.Null, guarantee.GetProperty("required_samples").ValueKind);
        Assert.Contains("They never reach eps = 0.1 at this degree", model.Report.Guarantee.Statement);
        Assert.Contains($"sum to {GuaranteeText.Number(guarantee.GetProperty("loss_floor").GetDouble())} >= eps", model.Report.Guarantee.Statement);
        Assert.DoesNotContain(" at m = ", model.Report.Guarantee.Statement);
        GuaranteeFields.AssertStatementNumbersAreFields(guarantee);
    }

    [Fact]
    public void When_every_premise_holds_and_the_floor_is_below_eps_the_sample_size_is_the_one_computed_by_hand()
    {
        var (x, y) = OnSphere(600, 4, 5);
        const double epsilon = 0.5, delta = 0.05;
        var model = ReliableRelu.Fit(x, y, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Scale = ScaleKind.None, Degree = 4, Weight = 4, Epsilon = epsilon, Delta = delta });
        var report = Report(model);
        var guarantee = report.GetProperty("guarantee");
        var approximation = GuaranteeFields.Relu(4);
        var (premises, reaches, floor) = GuaranteeFields.Recompute(report, approximation.SupError, approximation.Weight, true, true);
        GuaranteeFields.AssertPremises(guarantee, premises);
        Assert.True(reaches, $"floor {floor}");
        Assert.True(model.Report.Guarantee.ReachesEpsilon);
        Assert.Equal(0.0, model.Report.MaxViolation);
        // m >= ((2/tau_c) sqrt(B k) + sqrt(ln(3|C|/delta)/2))^2 / (eps - D)^2 and (2 L sqrt(B k) + 2 b sqrt(ln(3|C|/delta)/2))^2 / (eps - floor)^2,
        // with B' = B (1 + 1e-9) (the solver's feasibility tolerance), k = d + 1 = 5, L = 2, b = 1, |C| = 1 and D = 0 (no violated
        // zero constraint)
        double tauC = model.Report.ConstraintLevel, root = Math.Sqrt(4.0 * (1 + 1e-9) * 5), conc = Math.Sqrt(Math.Log(3 / delta) / 2);
        double fp = (2 * root / tauC + conc) / epsilon, loss = (2 * 2 * root + 2 * conc) / (epsilon - floor);
        double expected = Math.Ceiling(Math.Max(fp * fp, loss * loss));
        // Tolerance: the same expression summed in another order; a rounding can move the ceiling by one.
        Assert.InRange(model.Report.Guarantee.RequiredSamples!.Value, expected - 1 - 1e-8 * expected, expected + 1 + 1e-8 * expected);
        Assert.Contains($"Both bounds reach eps = 0.5 at m = {GuaranteeText.Number(model.Report.Guarantee.RequiredSamples!.Value)}", model.Report.Guarantee.Statement);
        Assert.NotNull(model.Report.Guarantee.FalsePositiveBound);
        GuaranteeFields.AssertStatementNumbersAreFields(guarantee);
    }

    [Fact]
    public void The_union_bound_grows_with_the_number_of_candidates()
    {
        var approximation = new ComparatorApproximation("ReLUs", "certified", 0.001, 1.0);
        TheoremGuarantee With(int candidates) => TheoremGuarantee.Ideal(ProgramTask.Reliable, 5000, 5, 4, 16, 0.0125, 0.025, 0.05, 2, 1, 1,
            candidates, approximation);
        var g = new[] { 1, 2, 9, 27 }.Select(With).ToArray();
        for (int i = 1; i < g.Length; i++)
        {
            Assert.True(g[i].Concentration > g[i - 1].Concentration);
            Assert.True(g[i].FalsePositiveBound > g[i - 1].FalsePositiveBound);
            Assert.True(g[i].PositiveLossSlack > g[i - 1].PositiveLossSlack);
            Assert.True(g[i].RequiredSamples(0.1) > g[i - 1].RequiredSamples(0.1));
        }
        // c = sqrt(ln(3 |C| / delta) / 2m) exactly (tolerance: a few ulps of the same expression)
        Assert.Equal(Math.Sqrt(Math.Log(3 * 9 / 0.05) / (2 * 5000.0)), g[2].Concentration, 1e-15);

        var (x, y) = OnSphere(500, 4, 7);
        var grid = ReliableRelu.Fit(x, y, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Scale = ScaleKind.None });
        var single = ReliableRelu.Fit(x, y, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Scale = ScaleKind.None, Degree = grid.Report.Degree, Weight = grid.Report.Weight });
        Assert.Equal(9, grid.Report.Guarantee.CandidatesUnion);
        Assert.Equal(9, grid.Report.Candidates.Length);
        Assert.Equal(1, single.Report.Guarantee.CandidatesUnion);
    }

    [Fact]
    public void Ties_within_the_selection_tolerance_go_to_the_smaller_weight_and_degree()
    {
        var settings = ReliableRelu.Settings(new ReliableReluOptions { Recipe = LearnerRecipe.Theorem });
        Metrics Selection(double positiveLoss, double fp = 0.02) => new(600, 300, 300, fp, positiveLoss, positiveLoss);
        CandidateScore Score(int d, double b, double loss, double fp = 0.02) => new(d, b, ExitCondition.Converged, 0.025, 1e-9, Selection(loss, fp));
        // B = 16 lower than B = 4 by 1e-10 (solver noise, 4e-9 relative): the tie goes to B = 4
        Assert.Equal(0, KernelLearner.Choose([Score(2, 4, 0.0278411745), Score(2, 16, 0.0278411744), Score(2, 64, 0.02784117445)], settings));
        // a tie between (2, 64) and (4, 4): B (d + 1) is 192 against 20, so (4, 4) is the simpler hypothesis
        Assert.Equal(1, KernelLearner.Choose([Score(2, 64, 0.0300000001), Score(4, 4, 0.03)], settings));
        // equal B (d + 1): the lower degree
        Assert.Equal(1, KernelLearner.Choose([Score(3, 4, 0.03), Score(2, 4, 0.03)], settings));
        // a difference above the tolerance (1e-4 relative) is kept: the larger B wins
        Assert.Equal(1, KernelLearner.Choose([Score(2, 4, 0.0279), Score(2, 16, 0.027897)], settings));
        // candidates that miss the false-positive target lose even when tied
        Assert.Equal(1, KernelLearner.Choose([Score(2, 4, 0.02, fp: 0.2), Score(3, 16, 0.02)], settings));
        // the agnostic task breaks ties on the loss the same way
        var agnostic = settings with { Task = ProgramTask.Agnostic };
        Assert.Equal(0, KernelLearner.Choose([Score(2, 4, 0.0278411745), Score(2, 16, 0.0278411744)], agnostic));
    }

    [Fact]
    public void Metrics_give_the_conditional_false_positive_rate_beside_the_joint_one()
    {
        var m = Metrics.Of([0, 0.5, 0.2, 0, 0.7], [0, 0, 0.3, 0, 0], new Loss.Square());
        Assert.Equal(2.0 / 5, m.FalsePositiveRate);
        Assert.Equal(2.0 / 4, m.ConditionalFalsePositiveRate);
        Assert.Null(Metrics.Of([0.5], [0.5], new Loss.Square()).ConditionalFalsePositiveRate);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(m, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        Assert.Equal(0.5, json.RootElement.GetProperty("conditional_false_positive_rate").GetDouble());
    }

    [Fact]
    public void Non_unit_sample_weights_withdraw_the_positive_loss_bound_but_not_the_false_positive_one()
    {
        var (x, y) = OnSphere(500, 4, 11);
        var weights = Enumerable.Range(0, x.Length).Select(i => 1.0 + (i % 3)).ToArray();
        var model = ReliableRelu.Fit(TrainingData.FromRows(x, y) with { SampleWeights = [.. weights] }, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Scale = ScaleKind.None, Degree = 2, Weight = 4 });
        var premises = model.Report.Guarantee.Premises!.Value;
        var unit = premises.Single(p => p.Name == "unit sample weights");
        Assert.False(unit.Holds);
        Assert.Equal("positive-loss", unit.AppliesTo);
        Assert.NotNull(model.Report.Guarantee.FalsePositiveBound);
        Assert.Contains("No positive loss bound", model.Report.Guarantee.Statement);
        Assert.Contains("unit sample weights", model.Report.Guarantee.Statement);
    }

    [Fact]
    public void Each_task_reports_the_approximation_of_its_own_class_at_the_chosen_degree()
    {
        var (x, y) = OnSphere(300, 3, 4);
        var yRegression = y.Select(v => 2 * v - 1).ToArray();
        var relu2 = GuaranteeFields.Relu(2);

        var depth2 = ReliableRelu.Fit(x, y, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.Depth2, Units = 3, Scale = ScaleKind.None, Degree = 2, Weight = 8 });
        Assert.Equal(Math.Sqrt(3) * relu2.SupError, depth2.Report.Guarantee.ApproximationError!.Value, 1e-15);
        Assert.Equal(3 * relu2.Weight, depth2.Report.Guarantee.ApproximationWeight!.Value, 1e-15);

        var leaky = ReliableRelu.Fit(x, yRegression, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.Leaky, Scale = ScaleKind.None, Degree = 2, Weight = 8 });
        Assert.Equal(relu2.SupError, leaky.Report.Guarantee.ApproximationError);
        Assert.Equal(Math.Max(relu2.Weight, 1.0), leaky.Report.Guarantee.ApproximationWeight);
        Assert.Equal("agnostic", leaky.Report.Guarantee.Bound);

        var maxAffine = ReliableRelu.Fit(x, yRegression, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.MaxAffine, Pieces = 3, Scale = ScaleKind.None, Degree = 2, Weight = 8 });
        var abs2 = ApproximationTable.Approximate(new TargetFunction.Abs(), 2, ApproximationMethod.Remez);
        // 3 pieces: 2 levels, inputs halved into [-1/2, 1/2], so 2 x 2 x eps_abs (tolerance: one rounding of the product)
        Assert.Equal(4 * abs2.SupError, maxAffine.Report.Guarantee.ApproximationError!.Value, 1e-15);
        Assert.Null(maxAffine.Report.Guarantee.ApproximationWeight);
        Assert.False(maxAffine.Report.Guarantee.ReachesEpsilon);
        Assert.Null(maxAffine.Report.Guarantee.RequiredSamples);
        Assert.Contains("No loss bound: no certified approximation at this degree", maxAffine.Report.Guarantee.Statement);

        var polynomial = ReliableRelu.Fit(x, yRegression, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.Polynomial, Scale = ScaleKind.None, Degree = 2, Weight = 8 });
        Assert.Equal(0.0, polynomial.Report.Guarantee.ApproximationError);
        Assert.Equal(8.0, polynomial.Report.Guarantee.ApproximationWeight);
        foreach (var model in new[] { depth2, leaky, maxAffine, polynomial })
            GuaranteeFields.AssertStatementNumbersAreFields(Report(model).GetProperty("guarantee"));
    }

    [Fact]
    public void Max_affine_theory_halves_the_inputs_so_each_level_gets_tau_c_over_twice_the_levels()
    {
        var (x, y) = OnSphere(200, 3, 6);
        var options = new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.MaxAffine, Pieces = 2, Scale = ScaleKind.None, Degree = 2, Weight = 8 };
        var model = ReliableRelu.Fit(x, y.Select(v => 2 * v - 1).ToArray(), options);
        double tauC = model.Report.ConstraintLevel; // eps / (4 L), L = 4 on [-1, 1]
        var abs = ApproximationTable.SmallestDegree(new TargetFunction.Abs(), tauC / 2).Certificate!;
        Assert.Equal((int)Gadgets.Tournament(abs, 2).Degree, model.Report.Guarantee.TheoryDegree);
        Assert.Null(model.Report.Guarantee.TheoryWeight);
    }

    [Fact]
    public void With_a_bias_coordinate_the_class_says_what_it_is_in_the_scaled_columns()
    {
        var (x, y) = OnSphere(300, 3, 8);
        var model = ReliableRelu.Fit(x, y, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Scale = ScaleKind.None, Bias = true, Degree = 2, Weight = 4 });
        string comparator = model.Report.Guarantee.Comparator!;
        Assert.Contains("z = (x', 1) / sqrt(2)", comparator);
        Assert.Contains("||u||^2 + c^2 <= 1/2", comparator);
        Assert.Contains("only scaled by 1/sqrt(2)", comparator);
        Assert.Contains(comparator, model.Report.Guarantee.Statement);
    }

    [Fact]
    public void A_calibrated_fit_fits_its_embedding_without_the_calibration_rows()
    {
        var (x, y) = Planted(800, 4, 12);
        var options = new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Scale = ScaleKind.Standardize, Calibrate = true };
        var model = ReliableRelu.Fit(x, y, options);
        var raw = new Core.Geometry.LabelledSample(Core.Geometry.PointSet.Trusted(x.Length, 4, [.. x.SelectMany(r => r)], Core.Geometry.PointDomain.Ball), [.. y]);
        var parts = KernelLearner.Partition(raw, ReliableRelu.Settings(options));
        Assert.NotEmpty(parts.Calibration);
        var kept = parts.Fit.Concat(parts.Selection).ToArray();
        var embedding = (Embedding.Standardize)model.Embedding;
        for (int j = 0; j < 4; j++)
        {
            double mean = kept.Select(i => x[i][j]).Order().Sum() / kept.Length;
            // Tolerance: the embedding sums the sorted column too; only the order of additions may differ (1e-15 relative).
            Assert.Equal(mean, embedding.Means[j], 1e-12);
        }
    }

    [Fact]
    public void The_guarantee_fields_survive_the_model_file_round_trip()
    {
        var (x, y) = OnSphere(400, 4, 13);
        var model = ReliableRelu.Fit(x, y, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Scale = ScaleKind.None, Degree = 2, Weight = 4 });
        string path = Path.Combine(Path.GetTempPath(), $"relu-guarantee-{Guid.NewGuid():N}.json");
        try
        {
            model.Save(path);
            var g = ReliableReluModel.Load(path).Report.Guarantee;
            Assert.Equal(model.Report.Guarantee, g);
            Assert.True(model.Report.Guarantee.Premises!.Value.SequenceEqual(g.Premises!.Value));
            Assert.Equal(model.Report.Guarantee.ApproximationError, g.ApproximationError);
            Assert.Equal(model.Report.Guarantee.CandidatesUnion, g.CandidatesUnion);
            Assert.Equal(GuaranteeText.Of(g with { Statement = "" }), g.Statement);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_model_file_written_before_the_new_guarantee_fields_loads_and_predicts_the_same_bits()
    {
        var model = ReliableReluModel.Load(RepositoryPaths.File("Proofs", "ReluVerified.Proofs", "Learning", "Fixtures", "model-v1-main.json"));
        var table = CsvTable.Read(RepositoryPaths.File("Proofs", "ReluVerified.Proofs", "Learning", "Fixtures", "model-v1-main-data.csv"));
        var expected = File.ReadAllLines(RepositoryPaths.File("Proofs", "ReluVerified.Proofs", "Learning", "Fixtures", "model-v1-main-predictions.csv"))
            .Skip(1).Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected, model.Predict(table.Features));
        var g = model.Report.Guarantee;
        Assert.Null(g.Bound);
        Assert.Null(g.Premises);
        Assert.False(g.ReachesEpsilon);
        Assert.StartsWith("Rademacher bounds, probability >= 0.95 over 80 training rows", g.Statement);
        Assert.Equal(g.Statement, GuaranteeText.Of(g));
        // saved again, it carries the old guarantee unchanged
        string path = Path.Combine(Path.GetTempPath(), $"relu-old-{Guid.NewGuid():N}.json");
        try
        {
            model.Save(path);
            Assert.Equal(g.Statement, ReliableReluModel.Load(path).Report.Guarantee.Statement);
        }
        finally { File.Delete(path); }
    }
}
