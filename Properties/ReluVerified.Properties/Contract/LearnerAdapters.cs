namespace ReluVerified.Properties.Contract;

/// <summary>Adapters of every learner of the library to <see cref="ILearnerUnderTest"/>.</summary>
public static class LearnerAdapters
{
    /// <summary>All learners the contract is applied to.</summary>
    public static IReadOnlyList<ILearnerUnderTest> All { get; } =
    [
        new ReliableReluAdapter("reliable-relu", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 8 }),
        new ReliableReluAdapter("agnostic-relu", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.Agnostic, Degree = 2, Weight = 8 }),
        // Regression: this adapter once failed with "reliable-relu-selected-calibrated: reversing the rows moved a prediction
        // by 2.54E-001" (column means summed in row order changed the embedded bits, hence the content-hash split);
        // fixed by order-independent sums in Embedding.Fit and canonical row order in DataPartition.
        new ReliableReluAdapter("reliable-relu-selected-calibrated", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Calibrate = true, Epsilon = 0.3, Delta = 0.2, Scale = ScaleKind.Standardize, Bias = true }),
        new ReliableReluAdapter("depth2", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.Depth2, Units = 3, Degree = 3, Weight = 16 }),
        new ReliableReluAdapter("leaky", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.Leaky, Degree = 3, Weight = 16 }),
        new ReliableReluAdapter("max-affine", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.MaxAffine, Pieces = 3, Degree = 2, Weight = 16 }),
        new ReliableReluAdapter("max-affine-lspa", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.MaxAffineLspa, Pieces = 3, Restarts = 3 }),
        new ReliableReluAdapter("reliable-relu-rank-uniform", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 8, Rank = 12 }),
        new ReliableReluAdapter("agnostic-relu-rank-kmeans", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.Agnostic, Degree = 3, Weight = 8, Rank = 10, Landmarks = LandmarkKind.KMeansPlusPlus }),
        new ReliableReluAdapter("reliable-relu-rank-leverage-selected", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Rank = 15, Landmarks = LandmarkKind.Leverage }),
        new ReliableReluAdapter("reliable-relu-rank-pivoted", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 3, Weight = 16, Rank = 8, Landmarks = LandmarkKind.Pivoted }),
        new ReliableReluAdapter("polynomial", new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.Polynomial, Degree = 2, Weight = 4 }),
        new BaselineAdapter(BaselineMethod.Alphatron, new BaselineOptions { Iterations = 60 }),
        new BaselineAdapter(BaselineMethod.Glmtron, new BaselineOptions()),
        new BaselineAdapter(BaselineMethod.Isotron, new BaselineOptions { Iterations = 40, Scale = ScaleKind.Standardize, Bias = true }),
        // Regression: "gd-relu: reversing the rows moved a prediction by 2.22E-016" (gradient sums in row order); fixed by
        // fitting rows in canonical order.
        new BaselineAdapter(BaselineMethod.GdRelu, new BaselineOptions { Restarts = 3, Steps = 60 }),
        new BaselineAdapter(BaselineMethod.Krr, new BaselineOptions()),
        new BaselineAdapter(BaselineMethod.KrrNp, new BaselineOptions { Epsilon = 0.3, Delta = 0.2 }),
    ];

    private sealed class BaselineAdapter(BaselineMethod method, BaselineOptions options) : ILearnerUnderTest
    {
        public string Name => BaselineMethods.Name(method);
        public object Fit(double[][] x, double[] y, int seed) => Baseline.Fit(method, x, y, options with { Seed = seed });
        public double[] Predict(object model, double[][] x) => ((BaselineModel)model).Predict(x);
        public object RoundTrip(object model, string path)
        {
            ((BaselineModel)model).Save(path);
            return BaselineModel.Load(path);
        }
    }

    private sealed class ReliableReluAdapter(string name, ReliableReluOptions options) : ILearnerUnderTest
    {
        public string Name => name;
        public object Fit(double[][] x, double[] y, int seed) => ReliableRelu.Fit(x, y, options with { Seed = seed });
        public double[] Predict(object model, double[][] x) => ((ReliableReluModel)model).Predict(x);
        public object RoundTrip(object model, string path)
        {
            ((ReliableReluModel)model).Save(path);
            return ReliableReluModel.Load(path);
        }
    }
}
