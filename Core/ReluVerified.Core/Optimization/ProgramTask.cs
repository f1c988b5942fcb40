namespace ReluVerified.Core.Optimization;

/// <summary>Which convex program a <see cref="KernelProgram"/> states (T2.1 reliable, R2.2 agnostic).</summary>
public enum ProgramTask
{
    /// <summary>
    /// T2.1: the loss over the positively labelled points only, subject to f(x_i) &lt;= tau_c on every zero-labelled point
    /// and ||f||_K^2 &lt;= B.
    /// </summary>
    Reliable,

    /// <summary>R2.2: the loss over all points subject to ||f||_K^2 &lt;= B only.</summary>
    Agnostic,
}
