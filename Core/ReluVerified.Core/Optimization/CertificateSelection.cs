namespace ReluVerified.Core.Optimization;

/// <summary>
/// The choices <see cref="ReliableSolver"/> makes when it turns a point into a certificate (T2.1 / R2.2 / T2.1-budget,
/// Proofs/T2.1-reliable-program.md "Stopping rule and floating-point certificate"): how far a result is from the stopping
/// rule, when a point is scaled into the ball, which multipliers on Z are tried, in which order, which rounding-safe
/// evaluation is returned, and the exit condition of the returned point. Every multiplier tried is a valid dual point, so
/// these choices decide how tight the certificate is, never whether it is valid. Pure functions, each checked on its own by
/// T2_1_SolverCertificate_Checks.
/// </summary>
internal static class CertificateSelection
{
    /// <summary>
    /// How far a working estimate is from the stopping rule's gap and stationarity parts: the larger of
    /// (objective - dual) / (gap tolerance * s) and stationarity / (stationarity tolerance * s), s = max(1, |objective|)
    /// (the scale <see cref="ReliableSolver.Certified"/> uses); at most 1 when both parts pass; +infinity for NaN.
    /// </summary>
    internal static double Score(double objective, double dual, double stationarity, SolverOptions options)
    {
        double scale = Math.Max(1, Math.Abs(objective));
        double score = Math.Max((objective - dual) / (options.GapTolerance * scale), stationarity / (options.StationarityTolerance * scale));
        return double.IsNaN(score) ? double.PositiveInfinity : score;
    }

    /// <summary>
    /// How far a result is from the whole stopping rule: the largest of its four quantities divided by its tolerance (the
    /// ball's relative to B = <paramref name="bound"/>); at most 1 exactly when <see cref="ReliableSolver.Certified"/> holds,
    /// +infinity when any of them is NaN. Ranks the interior-point iterates.
    /// </summary>
    internal static double Score(SolverResult r, SolverOptions options, double bound)
    {
        double score = Math.Max(Score(r.Objective, r.DualBound, r.Stationarity, options),
            Math.Max(r.ConstraintViolation / options.ConstraintTolerance, r.BallViolation / (options.BallTolerance * bound)));
        return double.IsNaN(score) ? double.PositiveInfinity : score;
    }

    /// <summary>
    /// The result a repeated solve keeps (the cold retry of a warm start, the retry without centrality correctors): the
    /// second attempt when it converged or scores nearer the stopping rule than the first (<see cref="Score(SolverResult, SolverOptions, double)"/>),
    /// otherwise the first; its <see cref="SolverResult.Iterations"/> count both attempts.
    /// </summary>
    internal static SolverResult Nearer(SolverResult first, SolverResult second, SolverOptions options, double bound)
    {
        bool secondBetter = second.Exit == ExitCondition.Converged || Score(second, options, bound) < Score(first, options, bound);
        return (secondBetter ? second : first) with { Iterations = first.Iterations + second.Iterations };
    }

    /// <summary>
    /// Whether a point with squared norm q is scaled onto the ball ||f||^2 = B before it is certified: when it lies outside
    /// (q &gt; B) and scaling by sqrt(B / q) &lt; 1 cannot break a zero constraint, which holds when Z is empty, when
    /// tau_c &gt;= 0 (f_i &lt;= tau_c stays true when f_i shrinks toward 0), or for the penalised program (whose zero
    /// constraints are soft).
    /// </summary>
    internal static bool ScalesIntoBall(ISolvableProgram program, double q, int zeroCount)
        => q > program.NormBound && (zeroCount == 0 || program.Threshold >= 0 || double.IsFinite(program.ZeroPenalty));

    /// <summary>
    /// The multipliers on Z tried for a point alpha, each a vector over all m points, zero off Z, in this order: the
    /// interior-point nu clipped to nu_i &gt;= 0; with <paramref name="useStationarity"/> (m-space, where s + 2 theta alpha = 0
    /// at an optimum) the estimate max(0, -2 theta alpha_i); and nu = 0 when <paramref name="final"/> or without the
    /// estimate (each candidate costs a mat-vec per iteration). Z empty: the clipped interior nu alone (all zeros). The
    /// penalised program (T2.1-budget) clips every candidate to its box [0, c_i] (<see cref="DualCertificate.ZeroCap"/>).
    /// </summary>
    internal static IReadOnlyList<double[]> MultiplierCandidates(ISolvableProgram program, IReadOnlyList<double> alpha, IReadOnlyList<double> nu,
        double theta, int[] zero, bool useStationarity, bool final)
    {
        bool soft = double.IsFinite(program.ZeroPenalty);
        double Clip(int i, double value) => soft ? Math.Min(Math.Max(0, value), DualCertificate.ZeroCap(program, i)) : Math.Max(0, value);
        var candidates = new List<double[]>();
        var interior = new double[program.Count];
        foreach (int i in zero) interior[i] = Clip(i, nu[i]);
        candidates.Add(interior);
        if (zero.Length == 0) return candidates;
        if (useStationarity)
        {
            var recovered = new double[program.Count];
            foreach (int i in zero) recovered[i] = Clip(i, -2 * theta * alpha[i]);
            candidates.Add(recovered);
        }
        if (final || !useStationarity) candidates.Add(new double[program.Count]);
        return candidates;
    }

    /// <summary>
    /// The order in which candidates are tried: nearest the stopping rule first (smaller <paramref name="scores"/>), ties to
    /// the larger dual bound, remaining ties in the given order. Returns indices into the inputs.
    /// </summary>
    internal static int[] RankOrder(IReadOnlyList<double> scores, IReadOnlyList<double> duals)
        => Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ThenBy(i => -duals[i]).ToArray();

    /// <summary>
    /// Which rounding-safe evaluation is returned: candidates are evaluated in rank order (<paramref name="rigorousScore"/> of
    /// the k-th candidate, computed only when reached) until one meets the stopping rule (score &lt;= 1); the returned index
    /// is the first with the least score among those evaluated (a later candidate replaces it only when strictly better).
    /// <paramref name="count"/> must be at least 1.
    /// </summary>
    internal static int FirstCertified(int count, Func<int, double> rigorousScore)
    {
        int chosen = -1;
        double best = double.PositiveInfinity;
        for (int k = 0; k < count; k++)
        {
            double score = rigorousScore(k);
            if (chosen < 0 || score < best) (chosen, best) = (k, score);
            if (score <= 1) break;
        }
        return chosen;
    }

    /// <summary>
    /// The exit condition of the returned point: Converged exactly when its rounding-safe certificate meets the stopping
    /// rule; otherwise the interior point's own exit, except that an interior Converged (its working estimate passed while
    /// the rounding-safe certificate did not) becomes NumericalTrouble.
    /// </summary>
    internal static ExitCondition FinalExit(bool certified, ExitCondition interiorExit)
        => certified ? ExitCondition.Converged : interiorExit == ExitCondition.Converged ? ExitCondition.NumericalTrouble : interiorExit;
}
