using System.Numerics;

namespace FastNeuron.Training;

/// <summary>
/// The optimizer's whole state as values, so that a trainer that stops can carry on with the same bits: every
/// per-weight array in turn (first moments, second moments or step sizes, for weights then biases), and β₁^t, β₂^t.
/// </summary>
internal sealed partial class OptimizerState<T>
{
    /// <summary>Values <see cref="Save"/> writes.</summary>
    public int SnapshotLength => _first.Concat(_second).Concat(_firstBias).Concat(_secondBias).Sum(a => a.Length);

    public void Save(Span<T> values, out double beta1Power, out double beta2Power)
    {
        int at = 0;
        foreach (T[] array in _first.Concat(_second).Concat(_firstBias).Concat(_secondBias))
        {
            array.CopyTo(values[at..]);
            at += array.Length;
        }
        (beta1Power, beta2Power) = (_beta1Power, _beta2Power);
    }

    public void Restore(ReadOnlySpan<T> values, double beta1Power, double beta2Power)
    {
        int at = 0;
        foreach (T[] array in _first.Concat(_second).Concat(_firstBias).Concat(_secondBias))
        {
            values.Slice(at, array.Length).CopyTo(array);
            at += array.Length;
        }
        (_beta1Power, _beta2Power) = (beta1Power, beta2Power);
    }
}
