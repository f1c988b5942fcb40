namespace ReluVerified.Core.Learning;

/// <summary>
/// One premise of a kernel guarantee (T2.1, R2.2, L-generalisation), checked for the fit at hand: a bound whose premise
/// does not hold is not claimed (Proofs/T2.1-reliable-relu.md lists them and why each is needed).
/// </summary>
/// <param name="Name">The premise as a formula or phrase, e.g. "B >= B_a(d)".</param>
/// <param name="Holds">Whether it holds for this fit.</param>
/// <param name="AppliesTo">Which bound needs it: "false-positive", "positive-loss", "loss" (agnostic) or "all".</param>
public sealed record GuaranteePremise(string Name, bool Holds, string AppliesTo);
