using Microsoft.ML;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// One fitted ML.NET model read through one output column, or a constant where there was nothing to fit (the hurdle's
/// classifier when the fit rows hold one class only, its regressor when they hold no positive label).
/// </summary>
/// <param name="Model">The trained model; null for a constant.</param>
/// <param name="Column">The output column read ("Score" or "Probability").</param>
/// <param name="Constant">The value of every row when <paramref name="Model"/> is null.</param>
/// <param name="Seed">The seed of the ML.NET context the rows are loaded in.</param>
internal sealed record TreeComponent(ITransformer? Model, string Column, double Constant, int Seed)
{
    /// <summary>The component's value on every row of <paramref name="x"/>.</summary>
    internal double[] Evaluate(Matrix x)
    {
        if (Model is null) return [.. Enumerable.Repeat(Constant, x.Rows)];
        return MlData.Column(Model, new MLContext(Seed), x, MlData.AllRows(x.Rows), Column);
    }
}
