using System.Text.Json.Serialization;

namespace ReluVerified;

/// <summary>
/// The kernel family a fit uses. Written in model files and on the command line as "multinomial" and "gaussian".
/// </summary>
public enum KernelKind
{
    /// <summary>The multinomial kernel MK_d, the kernel of T2.1 (and of T2.3, T2.4; T2.6 nests it as a tournament).</summary>
    [JsonStringEnumMemberName("multinomial")]
    Multinomial,

    /// <summary>The Gaussian kernel (P-gaussian in docs/theorems.md): no theorem of the paper applies to it.</summary>
    [JsonStringEnumMemberName("gaussian")]
    Gaussian,
}
