namespace ReluVerified.Core.LinearAlgebra;

/// <summary>Which implementation runs the dense linear algebra (Gram matrices, mat-vecs, factorisations).</summary>
public enum ComputeBackend
{
    /// <summary>Native OpenBLAS when <c>libopenblas.so.0</c> loads, managed SIMD code otherwise.</summary>
    Auto,

    /// <summary>Managed, SIMD, multi-threaded code only (always available).</summary>
    Managed,

    /// <summary>Native OpenBLAS only; asking for it when the library is absent is a broken contract.</summary>
    Native,
}
