using ReluVerified.Properties.Generators;
using Xunit;

namespace ReluVerified.Properties.Contract;

/// <summary>The learner contract (<see cref="LearnerContract"/>) applied to every learner of the library.</summary>
public class Learner_Contract : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("relu-contract-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string> Learners() => new(LearnerAdapters.All.Select(l => l.Name));

    [Theory]
    [MemberData(nameof(Learners))]
    public void Learner_satisfies_the_estimator_contract(string name)
    {
        var learner = LearnerAdapters.All.Single(l => l.Name == name);
        var problem = new PlantedCase(SphereKind.Uniform, 5, 1, 424242);
        var train = problem.Draw(240, 1);
        var probe = problem.Draw(90, 2);
        // Raw rows at another scale and offset, so the embedding is exercised too.
        double[][] Raw(Core.Geometry.LabelledSample s) => [.. Enumerable.Range(0, s.Count).Select(i => s.Points[i].ToArray().Select(v => 2 * v + 0.5).ToArray())];
        LearnerContract.Check(learner, Raw(train), [.. train.Labels], Raw(probe), _scratch);
    }
}
