namespace ReluVerified.Core.Learning;

/// <summary>
/// The comparator class a kernel guarantee speaks of, and the certified approximation at the chosen degree d that puts
/// every member of the class into the RKHS ball (T2.1, R2.2, T2.3, T2.4, T2.6; L-approx, L-rkhs-norm): each member c has a
/// g in the RKHS of the learner's kernel with sup over the unit ball |g - c| &lt;= <see cref="Error"/> and
/// ||g||^2 &lt;= <see cref="Weight"/>. Null error or weight means the project has no such certificate at this degree, and
/// the guarantee then claims nothing about the (positive) loss.
/// </summary>
/// <param name="Class">The comparator class on the embedded points z (e.g. "max(0, w.z) with ||w|| &lt;= 1").</param>
/// <param name="Construction">Which certified polynomial gives (Error, Weight), or why there is none.</param>
/// <param name="Error">eps_a(d): the certified sup error over the class, or null.</param>
/// <param name="Weight">B_a(d): the bound on ||g||^2 in the kernel's RKHS, or null.</param>
public sealed record ComparatorApproximation(string Class, string Construction, double? Error, double? Weight)
{
    /// <summary>Whether both the error and the weight are certified.</summary>
    public bool Certified => Error is double e && double.IsFinite(e) && Weight is double w && double.IsFinite(w);
}
