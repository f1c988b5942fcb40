namespace ReluVerified.Core.Learning;

/// <summary>The phase a <see cref="LearnerProgress"/> report names.</summary>
public enum LearnerPhase
{
    /// <summary>Reading rows from a file (a streaming fit's passes over it).</summary>
    Read,

    /// <summary>Building a kernel matrix: the exact Gram matrix (T2.1) or the Nystroem factor (S-lowrank).</summary>
    Gram,

    /// <summary>Solving a kernel program (one candidate, or the refit of the chosen one).</summary>
    Solve,

    /// <summary>Calibrating the threshold tau on the held-out calibration part (Neyman-Pearson).</summary>
    Calibrate,

    /// <summary>The fit is complete.</summary>
    Done,

    /// <summary>Predicting with a fitted model.</summary>
    Predict,
}
