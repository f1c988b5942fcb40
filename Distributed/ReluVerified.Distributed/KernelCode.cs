using ReluVerified.Core.Kernels;

namespace ReluVerified.Distributed;

/// <summary>A <see cref="Kernel"/> as a message (each case of its closed set, compositions nested).</summary>
/// <param name="Kind">"linear", "multinomial", "compositional" or "gaussian".</param>
/// <param name="Degree">The degree (multinomial, compositional).</param>
/// <param name="Gamma">The Gaussian kernel's gamma.</param>
/// <param name="Inner">The inner kernel of a composition, else null.</param>
[GenerateSerializer, Immutable]
internal sealed record KernelCode(string Kind, int Degree, double Gamma, KernelCode? Inner)
{
    /// <summary>The code of <paramref name="kernel"/>.</summary>
    public static KernelCode Of(Kernel kernel) => kernel switch
    {
        Kernel.Linear => new KernelCode("linear", 0, 0, null),
        Kernel.Multinomial k => new KernelCode("multinomial", k.Degree, 0, null),
        Kernel.Compositional k => new KernelCode("compositional", k.Degree, 0, Of(k.Inner)),
        Kernel.Gaussian k => new KernelCode("gaussian", 0, k.Gamma, null),
        _ => throw new ArgumentException($"no code for the kernel {kernel.Describe()}.", nameof(kernel)),
    };

    /// <summary>The kernel this code stands for (equal to the one it was made of).</summary>
    public Kernel ToKernel() => Kind switch
    {
        "linear" => new Kernel.Linear(),
        "multinomial" => new Kernel.Multinomial(Degree),
        "compositional" => new Kernel.Compositional((Inner ?? throw new InvalidOperationException("a compositional kernel code has no inner kernel.")).ToKernel(), Degree),
        "gaussian" => new Kernel.Gaussian(Gamma),
        _ => throw new InvalidOperationException($"unknown kernel code '{Kind}'."),
    };
}
