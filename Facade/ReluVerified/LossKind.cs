namespace ReluVerified;

/// <summary>The built-in losses (all convex, monotone, bounded and Lipschitz on [0,1], as T2.1 requires).</summary>
public enum LossKind
{
    /// <summary>(p - y)^2, Lipschitz 2.</summary>
    Square,

    /// <summary>|p - y|, Lipschitz 1.</summary>
    Absolute,

    /// <summary>Huber with width <see cref="ReliableReluOptions.HuberDelta"/>, Lipschitz 1.</summary>
    Huber,
}
