namespace ReluVerified;

/// <summary>The learning task a model solves (the paper's theorem it implements).</summary>
public enum ReluTask
{
    /// <summary>T2.1: at most eps false positives, positive loss within eps of the best zero-FP ReLU.</summary>
    Reliable,

    /// <summary>R2.2: overall loss within eps of the best ReLU.</summary>
    Agnostic,
}
