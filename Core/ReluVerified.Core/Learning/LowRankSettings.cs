using ReluVerified.Core.LowRank;

namespace ReluVerified.Core.Learning;

/// <summary>
/// Fit on a Nystroem factor of rank r instead of the exact Gram matrix (S-lowrank): memory O(m r) instead of O(m^2), and a
/// hypothesis over the r landmarks. The certificate is then for the approximated kernel K~ = L L'.
/// </summary>
/// <param name="Rank">The rank r (number of landmarks); at least 1, capped at the fit part's size.</param>
/// <param name="Landmarks">How the landmarks are chosen (seeded by the learner's seed).</param>
public sealed record LowRankSettings(int Rank, LandmarkMethod Landmarks);
