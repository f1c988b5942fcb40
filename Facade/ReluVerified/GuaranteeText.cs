using System.Globalization;
using System.Text;
using ReluVerified.Core.Learning;

namespace ReluVerified;

/// <summary>
/// The one function that turns a <see cref="FitGuarantee"/>'s fields into sentences (T2.1, R2.2, T2.3, T2.4, T2.6): the
/// report's statement and what <c>relu fit</c> prints. Every number it writes is a field of the guarantee, formatted by
/// <see cref="Number"/>; a bound is stated only when its premises hold, otherwise the failing premises are named.
/// </summary>
internal static class GuaranteeText
{
    /// <summary>How every number in the text is written: 4 significant digits, invariant culture.</summary>
    public static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The guarantee in sentences. A guarantee read from a file written before issue 12 (no <see cref="FitGuarantee.Bound"/>) keeps its stored statement.</summary>
    public static string Of(FitGuarantee g)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (g.Bound is null) return g.Statement;
        if (g.Bound == "none") return "None: the least-squares partition heuristic can stop at a local optimum; compare with the max-affine task (T2.6).";
        var s = new StringBuilder();
        string confidence = Number(g.Confidence ?? double.NaN), epsilon = Number(g.Epsilon ?? double.NaN);
        if (g.CalibratedFalsePositiveBound is double calibrated)
            s.Append($"Calibrated: the conditional false-positive rate P(h != 0 | y = 0) is <= {Number(calibrated)} on fresh data with probability >= {confidence} "
                + $"over the {g.CalibrationZeroCount} held-out zero-labelled calibration rows (Neyman-Pearson umbrella rule; rows i.i.d., the calibration rows used for nothing else), "
                + $"so the joint rate P(h != 0, y = 0) is <= {Number(calibrated)} too. ");
        bool reliable = g.Bound == "reliable";
        string candidates = g.CandidatesUnion == 1 ? "for its 1 candidate" : $"for all {g.CandidatesUnion} candidates the selection tried (every (d, B, lambda, bandwidth)) at once";
        bool noTheorem = g.Comparator?.StartsWith("none", StringComparison.Ordinal) == true;
        if (noTheorem)
            s.Append($"No theorem of the paper applies to this kernel, so nothing bounds the {(reliable ? "positive " : "")}loss against a class of ReLUs; "
                + $"the Rademacher {(reliable ? "false-positive " : "")}bound below needs only a kernel bounded on the ball and holds with probability >= {confidence} over the {g.FitRows} fit rows and {candidates}. ");
        else
            s.Append($"{(reliable ? "Rademacher bounds" : "The Rademacher bound")}, with probability >= {confidence} over the {g.FitRows} fit rows and {candidates}, "
                + $"{(reliable ? "compare" : "compares")} h with the class {g.Comparator}. ");
        if (reliable)
        {
            s.Append(g.FalsePositiveBound is double fp
                ? $"Joint false-positive rate P(h != 0, y = 0) <= {Number(fp)}{(fp >= 1 ? " (vacuous at this size)" : "")}. "
                : $"No joint false-positive bound ({Failures(g, TheoremGuarantee.FalsePositive)}). ");
        }
        string loss = reliable ? "positive loss" : "loss";
        string lossBound = reliable ? TheoremGuarantee.PositiveLoss : TheoremGuarantee.AgnosticLoss;
        string opt = reliable ? "the least positive loss of a class member with no false positives" : "the least loss in the class";
        string lossTitle = char.ToUpperInvariant(loss[0]) + loss[1..];
        if (noTheorem)
            s.Append($"No {loss} bound ({g.Approximation}).");
        else if (g.ApproximationError is null || g.ApproximationWeight is null)
            s.Append($"No {loss} bound: no certified approximation at this degree ({g.Approximation}).");
        else if (g.ApproximationTerm is double a && !g.Failing(lossBound).Any())
            s.Append($"{lossTitle} <= opt + {Number(a)} + {Number(g.PositiveLossSlack)}, where opt is {opt}, {Number(a)} is what the {g.Approximation} "
                + $"can cost (eps_a = {Number(g.ApproximationError.Value)}, B_a = {Number(g.ApproximationWeight.Value)} at d = {g.Degree}), "
                + $"and {Number(g.PositiveLossSlack)} holds {(reliable ? "the threshold, " : "")}the duality gap {Number(g.DualityGap ?? double.NaN)} and the estimation terms.");
        else
            s.Append($"No {loss} bound ({Failures(g, lossBound)}; the {g.Approximation} has eps_a = {Number(g.ApproximationError.Value)}, "
                + $"B_a = {Number(g.ApproximationWeight.Value)} at d = {g.Degree}).");
        s.Append(' ');
        if (g.ReachesEpsilon && g.RequiredSamples is double m)
            s.Append($"{(reliable ? "Both bounds reach" : "The bound reaches")} eps = {epsilon} at m = {Number(m)} fit rows (the terms that do not shrink with m held at this fit's values).");
        else
        {
            var reasons = new List<string>();
            var failing = (g.Premises ?? []).Where(p => !p.Holds).Select(p => p.Name).ToList();
            if (failing.Count > 0) reasons.Add($"premises fail: {string.Join("; ", failing)}");
            if (g.LossFloor is double floor && g.Epsilon is double e && floor >= e)
                reasons.Add($"the terms of the {loss} bound that do not shrink with m (approximation, threshold, duality gap) sum to {Number(floor)} >= eps");
            if (reliable && g.TrainingDualLoss is double d && g.Epsilon is double e2 && d >= e2)
                reasons.Add($"the fit rows' dual loss {Number(d)} >= eps");
            if (g.ApproximationTerm is null) reasons.Add("the approximation term is unknown");
            s.Append($"They never reach eps = {epsilon} at this degree: {string.Join("; ", reasons)}.");
        }
        if (g.LowRank is { } lr)
            s.Append($" Certificate for the rank-{lr.Rank} Nystroem kernel K~ ({lr.Landmarks} landmarks): trace(K - K~) = {Number(lr.ResidualTrace)} "
                + $"(a share {Number(lr.RelativeResidual)} of trace K), largest residual diagonal {Number(lr.MaxResidual)}; an exact-kernel function f of norm ||f|| "
                + $"is matched on every training point within ||f|| sqrt({Number(lr.MaxResidual)}) (Proofs/S-lowrank.md).");
        return s.ToString();
    }

    private static string Failures(FitGuarantee g, string bound)
        => "premise failing: " + string.Join("; ", g.Failing(bound).Select(p => p.Name));
}
