namespace ReluVerified.Core.Baselines;

/// <summary>
/// Pool-adjacent-violators (PAV): the weighted L2 projection of a sequence onto the cone of non-decreasing sequences,
/// argmin_z sum_i w_i (z_i - v_i)^2 subject to z_1 &lt;= ... &lt;= z_n (peer:isotron). Linear time; the result is
/// piecewise constant on consecutive blocks, each equal to the weighted mean of its values.
/// </summary>
public static class IsotonicRegression
{
    /// <summary>The isotonic fit of <paramref name="values"/> with positive <paramref name="weights"/> (all ones when empty).</summary>
    public static double[] Fit(ReadOnlySpan<double> values, ReadOnlySpan<double> weights = default)
    {
        Preconditions.AllFinite(values, nameof(values));
        int n = values.Length;
        Preconditions.Check(weights.IsEmpty || weights.Length == n, nameof(weights), $"{nameof(weights)} has {weights.Length} entries for {n} values.");
        for (int i = 0; i < weights.Length; i++)
            Preconditions.Check(double.IsFinite(weights[i]) && weights[i] > 0, nameof(weights), $"{nameof(weights)}[{i}] is {weights[i]}: weights must be positive.");
        var mean = new double[n];
        var weight = new double[n];
        var length = new int[n];
        int blocks = 0;
        for (int i = 0; i < n; i++)
        {
            mean[blocks] = values[i];
            weight[blocks] = weights.IsEmpty ? 1.0 : weights[i];
            length[blocks] = 1;
            blocks++;
            while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1])
            {
                double w = weight[blocks - 2] + weight[blocks - 1];
                mean[blocks - 2] = (weight[blocks - 2] * mean[blocks - 2] + weight[blocks - 1] * mean[blocks - 1]) / w;
                weight[blocks - 2] = w;
                length[blocks - 2] += length[blocks - 1];
                blocks--;
            }
        }
        var result = new double[n];
        for (int b = 0, i = 0; b < blocks; b++)
            for (int k = 0; k < length[b]; k++) result[i++] = mean[b];
        return result;
    }
}
