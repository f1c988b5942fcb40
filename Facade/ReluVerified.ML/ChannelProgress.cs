using Microsoft.ML.Runtime;
using ReluVerified.Core.Learning;

namespace ReluVerified.ML;

/// <summary>
/// Reports a fit's <see cref="LearnerProgress"/> as information messages on an ML.NET channel (they reach
/// <c>MLContext.Log</c>) and forwards it to the caller's own progress, synchronously and in order.
/// </summary>
internal sealed class ChannelProgress(IChannel? channel, IProgress<LearnerProgress>? inner) : IProgress<LearnerProgress>
{
    public void Report(LearnerProgress value)
    {
        channel?.Info(MessageSensitivity.None, $"{value.Phase} {value.Step}/{value.Steps}: {value.Detail}");
        inner?.Report(value);
    }
}
