using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Core.Learning;

/// <summary>
/// One solved (d, B) on the fit rows, as the learner's finish (<see cref="KernelLearner.Finish"/>) takes it: the kernel,
/// the chosen degree and weight, the solver's result, and the hypothesis's support and coefficients (the fit rows for the
/// exact kernel, the landmarks for a Nystroem factor, with its S-lowrank report).
/// </summary>
internal sealed record SolvedCandidate(Kernel Kernel, int Degree, double NormBound, SolverResult Result, PointSet Support,
    ImmutableArray<double> Coefficients, LowRankReport? LowRank);
