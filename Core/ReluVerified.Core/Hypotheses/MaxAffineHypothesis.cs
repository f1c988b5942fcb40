using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Hypotheses;

/// <summary>
/// A max-k-affine function h(x) = clip_[lo,hi](max_j w_j.x) on embedded points (T2.6's class; with a bias coordinate in
/// the embedding the pieces are affine). Produced by the least-squares partition heuristic (Core/ReluVerified.Core/Regression/LeastSquaresPartition.cs).
/// </summary>
/// <param name="Pieces">One weight vector w_j per row.</param>
/// <param name="Lower">Lower end of the output clip.</param>
/// <param name="Upper">Upper end of the output clip.</param>
public sealed record MaxAffineHypothesis(Matrix Pieces, double Lower, double Upper)
{
    /// <summary>max_j w_j.x for each point (before clipping).</summary>
    public double[] Scores(PointSet points)
    {
        Preconditions.NotNull(points);
        Preconditions.Check(points.Dimension == Pieces.Columns, nameof(points), $"{nameof(points)} have dimension {points.Dimension}; the pieces have {Pieces.Columns}.");
        var scores = new double[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            double best = double.NegativeInfinity;
            for (int j = 0; j < Pieces.Rows; j++) best = Math.Max(best, TensorPrimitives.Dot(Pieces.Row(j), points[i]));
            scores[i] = best;
        }
        return scores;
    }

    /// <summary>The clipped predictions.</summary>
    public double[] Predict(PointSet points) => Scores(points).Select(s => Math.Clamp(s, Lower, Upper)).ToArray();
}
