using ReluVerified.Core.Kernels;

namespace ReluVerified.Properties.Generators;

/// <summary>A shrinkable kernel description: 0 = linear, 1 = multinomial(Degree), 2 = compositional(Degree, multinomial(Inner)).</summary>
public sealed record KernelCase(int Kind, int Degree, int Inner)
{
    /// <summary>The kernel value.</summary>
    public Kernel Kernel() => Kind switch
    {
        0 => new Kernel.Linear(),
        1 => new Kernel.Multinomial(Degree),
        _ => new Kernel.Compositional(new Kernel.Multinomial(Inner), Degree),
    };
}
