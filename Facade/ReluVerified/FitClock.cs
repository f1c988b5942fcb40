using System.Diagnostics;
using ReluVerified.Core.Learning;

namespace ReluVerified;

/// <summary>
/// Times a fit from outside Core, which reads no clock: passed to the learner as its progress, it forwards every report to
/// the caller's progress (when there is one) and charges the time from one report to the next to the phase the first of
/// them named: <see cref="LearnerPhase.Gram"/> to the Gram time, <see cref="LearnerPhase.Solve"/> to the solve time, any
/// other phase to neither. The total runs from construction to <see cref="Stop"/>.
/// </summary>
internal sealed class FitClock(IProgress<LearnerProgress>? inner) : IProgress<LearnerProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private LearnerPhase? _phase;
    private double _mark, _gram, _solve;

    /// <inheritdoc />
    public void Report(LearnerProgress value)
    {
        lock (_gate)
        {
            Charge();
            _phase = value.Phase;
        }
        inner?.Report(value);
    }

    /// <summary>Charges the running phase up to now and returns the timings in milliseconds.</summary>
    public FitTimings Stop()
    {
        lock (_gate)
        {
            Charge();
            _phase = null;
            return new FitTimings(_gram, _solve, _clock.Elapsed.TotalMilliseconds);
        }
    }

    private void Charge()
    {
        double now = _clock.Elapsed.TotalMilliseconds;
        if (_phase == LearnerPhase.Gram) _gram += now - _mark;
        else if (_phase == LearnerPhase.Solve) _solve += now - _mark;
        _mark = now;
    }
}
