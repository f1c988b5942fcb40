namespace ReluVerified.Core.Approximation;

/// <summary>How a certified polynomial was constructed (L-approx).</summary>
public enum ApproximationMethod
{
    /// <summary>Interpolation at the d+1 Chebyshev points of the first kind (numpy's chebinterpolate).</summary>
    Chebyshev,

    /// <summary>Best uniform approximation by the Remez exchange algorithm.</summary>
    Remez,

    /// <summary>Derived from other certificates by the gadget algebra (<see cref="Gadgets"/>).</summary>
    Gadget,
}
