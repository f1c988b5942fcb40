namespace ReluVerified.Core.Learning;

/// <summary>
/// What the low-rank approximation did to the chosen program (S-lowrank): its rank, how landmarks were chosen, and the
/// residual trace(K - L L') that bounds |k(x_i, x_j) - k~(x_i, x_j)| and, through |f(x_i) - f~(x_i)| &lt;= ||f|| sqrt(res_ii),
/// what the certificate for K~ says about the exact kernel (Proofs/S-lowrank.md).
/// </summary>
/// <param name="Rank">The rank r.</param>
/// <param name="Landmarks">The landmark method's name ("uniform", "kmeans++", "leverage", "pivoted" or "supplied").</param>
/// <param name="ResidualTrace">trace(K - L L') over the fit part.</param>
/// <param name="KernelTrace">trace(K) over the fit part.</param>
/// <param name="MaxResidual">max_i (k(x_i, x_i) - ||L_i||^2): the largest residual diagonal entry.</param>
/// <param name="Jitter">The ridge added to the landmark Gram matrix before factoring it.</param>
public sealed record LowRankReport(int Rank, string Landmarks, double ResidualTrace, double KernelTrace, double MaxResidual, double Jitter)
{
    /// <summary>trace(K - L L') / trace(K): the share of the kernel's trace the factor misses.</summary>
    public double RelativeResidual => KernelTrace > 0 ? ResidualTrace / KernelTrace : 0;
}
