namespace ReluVerified;

/// <summary>The learning task a model solves (the paper's result it implements).</summary>
public enum ReluTask
{
    /// <summary>
    /// T2.1 (labels in [0,1]): the program constrains the score on every zero-labelled row; the report states what is
    /// guaranteed (with calibration, conditional FP rate at most eps with probability 1 - delta; the Rademacher bounds on
    /// the joint FP rate and the positive loss when their premises hold).
    /// </summary>
    Reliable,

    /// <summary>R2.2: overall loss within eps of the best ReLU (labels in [0,1]).</summary>
    Agnostic,

    /// <summary>T2.3, reliable: depth-2 networks sum_j a_j ReLU(w_j.x) with <see cref="ReliableReluOptions.Units"/> hidden units.</summary>
    Depth2,

    /// <summary>T2.3, agnostic.</summary>
    Depth2Agnostic,

    /// <summary>Leaky ReLU / PReLU a t + (1-a) ReLU(t), slope known or not (labels in [-1,1], agnostic, square loss).</summary>
    Leaky,

    /// <summary>T2.6: max-k-affine regression with the tournament kernel (labels in [-1,1], square loss).</summary>
    MaxAffine,

    /// <summary>The Magnani-Boyd least-squares partition heuristic for max-k-affine regression (no guarantee).</summary>
    MaxAffineLspa,

    /// <summary>T2.4: noisy reconstruction of a degree-d polynomial with coefficient weight at most B (labels in [-1,1]).</summary>
    Polynomial,
}
