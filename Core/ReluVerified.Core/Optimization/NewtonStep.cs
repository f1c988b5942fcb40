namespace ReluVerified.Core.Optimization;

/// <summary>
/// One Newton direction of <see cref="InteriorPointIterate"/>: the point, predictions, Z pairs, epigraph slacks and multipliers,
/// the ball pair, the excess variables with their multipliers (penalised program only; empty otherwise) and the Huber split's
/// quadratic part (Huber only; empty otherwise).
/// </summary>
internal sealed record NewtonStep(double[] Dx, double[] Df, double[] Ds, double[] Dnu, double[] Da, double[] Db, double[] Dlam, double[] Dkap,
    double Dsigma, double Dtheta, double[] De, double[] Dzeta, double[] Dh);
