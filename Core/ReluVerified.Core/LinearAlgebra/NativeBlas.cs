using System.Runtime.InteropServices;

namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// Direct bindings to Debian's <c>libopenblas.so.0</c> (CBLAS and Fortran LAPACK), probed once with
/// <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>. Every caller keeps a managed path that gives the same results.
/// </summary>
internal static unsafe partial class NativeBlas
{
    private const string Library = "libopenblas.so.0";

    internal const int RowMajor = 101;
    internal const int NoTrans = 111;
    internal const int Trans = 112;
    internal const int Upper = 121;
    internal const int Lower = 122;
    internal const int NonUnit = 131;
    internal const int Right = 142;

    private static readonly Lazy<bool> Loaded = new(() => NativeLibrary.TryLoad(Library, out _));

    /// <summary>True when OpenBLAS could be loaded on this machine.</summary>
    internal static bool IsAvailable => Loaded.Value;

    /// <summary>Resolves a requested backend to the one that will run, or throws if Native is requested but absent.</summary>
    internal static bool UseNative(ComputeBackend backend) => backend switch
    {
        ComputeBackend.Managed => false,
        ComputeBackend.Native => IsAvailable
            ? true
            : throw new InvalidOperationException($"ComputeBackend.Native was requested but {Library} could not be loaded. Install it (Debian: apt-get install -y libopenblas0) or use ComputeBackend.Auto."),
        _ => IsAvailable,
    };

    [LibraryImport(Library, EntryPoint = "cblas_dsyrk")]
    internal static partial void Dsyrk(int order, int uplo, int trans, int n, int k, double alpha, double* a, int lda, double beta, double* c, int ldc);

    /// <summary>Single-precision <see cref="Dsyrk"/> (the mixed-precision r-space Newton matrices of T2.1).</summary>
    [LibraryImport(Library, EntryPoint = "cblas_ssyrk")]
    internal static partial void Ssyrk(int order, int uplo, int trans, int n, int k, float alpha, float* a, int lda, float beta, float* c, int ldc);

    [LibraryImport(Library, EntryPoint = "cblas_dgemm")]
    internal static partial void Dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);

    /// <summary>
    /// Triangular matrix product in place (CBLAS): B = alpha B op(A) for side Right, A triangular; half the multiply-adds of
    /// <see cref="Dgemm"/> with a triangular A.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "cblas_dtrmm")]
    internal static partial void Dtrmm(int order, int side, int uplo, int transA, int diag, int m, int n, double alpha, double* a, int lda, double* b, int ldb);

    [LibraryImport(Library, EntryPoint = "cblas_dgemv")]
    internal static partial void Dgemv(int order, int trans, int m, int n, double alpha, double* a, int lda, double* x, int incx, double beta, double* y, int incy);

    /// <summary>Triangular solve with many right-hand sides (CBLAS): B = alpha B op(A)^(-1) for side Right.</summary>
    [LibraryImport(Library, EntryPoint = "cblas_dtrsm")]
    internal static partial void Dtrsm(int order, int side, int uplo, int transA, int diag, int m, int n, double alpha, double* a, int lda, double* b, int ldb);

    /// <summary>
    /// Symmetric matrix-vector product reading one triangle (CBLAS): half the memory traffic of <see cref="Dgemv"/> (2.2x
    /// and 3.8x faster at n = 4000 and 2000: Bench/scripts/factor_kernels.py, the run in docs/solver.md).
    /// </summary>
    [LibraryImport(Library, EntryPoint = "cblas_dsymv")]
    internal static partial void Dsymv(int order, int uplo, int n, double alpha, double* a, int lda, double* x, int incx, double beta, double* y, int incy);

    /// <summary>
    /// Triangular solve with one right-hand side (CBLAS, in place). Two of them solve with a Cholesky factor 2.1x to 3.8x
    /// faster than LAPACK's potrs with one vector, which goes through the blocked trsm (OpenBLAS at n = 2000 and 4000, double
    /// and single precision: Bench/scripts/factor_kernels.py, the run in docs/solver.md).
    /// </summary>
    [LibraryImport(Library, EntryPoint = "cblas_dtrsv")]
    internal static partial void Dtrsv(int order, int uplo, int trans, int diag, int n, double* a, int lda, double* x, int incx);

    /// <summary>Single-precision <see cref="Dtrsv"/>.</summary>
    [LibraryImport(Library, EntryPoint = "cblas_strsv")]
    internal static partial void Strsv(int order, int uplo, int trans, int diag, int n, float* a, int lda, float* x, int incx);

    /// <summary>LAPACK Cholesky factorisation (column-major): uplo 'L' or 'U'.</summary>
    [LibraryImport(Library, EntryPoint = "dpotrf_")]
    internal static partial void Dpotrf(byte* uplo, int* n, double* a, int* lda, int* info);

    /// <summary>
    /// LAPACK pivoted Cholesky (complete pivoting, blocked): P' A P = L L' with L lower triangular, stopping at the first pivot
    /// at or below <paramref name="tol"/>; <paramref name="rank"/> is the number of pivots taken, <paramref name="piv"/> the
    /// 1-based permutation, <paramref name="work"/> 2n doubles. info 0: full rank; 1: rank deficient; negative: bad argument.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "dpstrf_")]
    internal static partial void Dpstrf(byte* uplo, int* n, double* a, int* lda, int* piv, int* rank, double* tol, double* work, int* info);

    /// <summary>LAPACK single-precision Cholesky (the mixed-precision Newton solves of T2.1 refine its solutions in double).</summary>
    [LibraryImport(Library, EntryPoint = "spotrf_")]
    internal static partial void Spotrf(byte* uplo, int* n, float* a, int* lda, int* info);
}
