namespace ReluVerified;

/// <summary>The baseline learners compared in docs/comparison.md, each named by its peer id.</summary>
public enum BaselineMethod
{
    /// <summary>peer:alphatron: kernelised GLMtron with held-out iterate selection.</summary>
    Alphatron,

    /// <summary>peer:glmtron: GLMtron in weight space (linear kernel).</summary>
    Glmtron,

    /// <summary>peer:isotron: GLMtron with an isotonic (PAV) link.</summary>
    Isotron,

    /// <summary>peer:gd-relu: projected gradient descent on a single ReLU with seeded restarts.</summary>
    GdRelu,

    /// <summary>peer:krr: unconstrained kernel ridge regression, (d, lambda) selected on held-out data.</summary>
    Krr,

    /// <summary>peer:krr-np: kernel ridge with a Neyman-Pearson post-hoc threshold on held-out zero-labelled scores.</summary>
    KrrNp,
}
