using ReluVerified.Core.Distributions;

namespace ReluVerified;

/// <summary>
/// A named data-generating process: a marginal on the sphere plus a label model. Scenarios drive the demo,
/// the comparison command and the documentation examples; every draw takes an explicit seed.
/// </summary>
/// <param name="Name">The scenario's name as typed on the command line.</param>
/// <param name="Description">One sentence saying what the scenario models.</param>
/// <param name="Distribution">The marginal distribution of the inputs.</param>
/// <param name="Labels">The label model.</param>
public sealed record Scenario(string Name, string Description, SphereDistribution Distribution, LabelModel Labels)
{
    /// <summary>Draws <paramref name="count"/> labelled points with the given seed.</summary>
    public Core.Geometry.LabelledSample Draw(int count, int seed) => Labelling.Sample(Distribution, Labels, count, new Random(seed));
}
