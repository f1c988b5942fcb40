namespace ReluVerified.Properties.Contract;

/// <summary>
/// What the learner contract needs from a learner: fit raw rows and labels with a seed, predict, and round-trip a
/// fitted model through its file format. Each learner of the library gets one adapter.
/// </summary>
public interface ILearnerUnderTest
{
    /// <summary>Name printed in failures.</summary>
    string Name { get; }

    /// <summary>Fits to rows and labels; returns an opaque fitted model.</summary>
    object Fit(double[][] x, double[] y, int seed);

    /// <summary>Predictions of a fitted model on rows.</summary>
    double[] Predict(object model, double[][] x);

    /// <summary>Saves the model to <paramref name="path"/> and loads it back.</summary>
    object RoundTrip(object model, string path);
}
