using System.Numerics;

namespace FastNeuron;

/// <summary>
/// The optimizers' per-weight state and step, element by element in scalar code, so that every backend takes
/// the same steps. g is the batch's mean descent direction (Δw / batch size).
/// </summary>
internal sealed class Optimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly FitOptions _options;
    private readonly T[][] _first;
    private readonly T[][] _second;
    private readonly T[][] _firstBias;
    private readonly T[][] _secondBias;
    private long _step;

    public Optimizer(FitOptions options, T[][] weights, T[][] biases)
    {
        _options = options;
        _first = weights.Select(w => new T[w.Length]).ToArray();
        _second = weights.Select(w => new T[w.Length]).ToArray();
        _firstBias = biases.Select(b => new T[b.Length]).ToArray();
        _secondBias = biases.Select(b => new T[b.Length]).ToArray();
        if (options.Optimizer == FastNeuron.Optimizer.Rprop)
        {
            // Rprop: _second holds each weight's step size.
            foreach (T[] steps in _second.Concat(_secondBias)) steps.AsSpan().Fill(T.CreateChecked(0.1));
        }
    }

    public void Step(T[][] weights, T[][] gradients, T[][] biases, T[][] biasGradients, bool useBias, T scale)
    {
        _step++;
        for (int l = 0; l < weights.Length; l++)
        {
            Update(weights[l], gradients[l], _first[l], _second[l], scale);
            if (useBias)
            {
                Update(biases[l], biasGradients[l], _firstBias[l], _secondBias[l], scale);
            }
        }
    }

    private void Update(Span<T> w, ReadOnlySpan<T> summed, Span<T> first, Span<T> second, T scale)
    {
        T rate = T.CreateChecked(_options.LearningRate);
        switch (_options.Optimizer)
        {
            case FastNeuron.Optimizer.Sgd:
                for (int j = 0; j < w.Length; j++) w[j] += rate * (summed[j] * scale);
                break;
            case FastNeuron.Optimizer.Momentum:
                T mu = T.CreateChecked(_options.Momentum);
                for (int j = 0; j < w.Length; j++)
                {
                    first[j] = mu * first[j] + rate * (summed[j] * scale);
                    w[j] += first[j];
                }
                break;
            case FastNeuron.Optimizer.Adam:
                T beta1 = T.CreateChecked(0.9), beta2 = T.CreateChecked(0.999), epsilon = T.CreateChecked(1e-8);
                T correction1 = T.One - T.CreateChecked(Math.Pow(0.9, _step));
                T correction2 = T.One - T.CreateChecked(Math.Pow(0.999, _step));
                for (int j = 0; j < w.Length; j++)
                {
                    T g = summed[j] * scale;
                    first[j] = beta1 * first[j] + (T.One - beta1) * g;
                    second[j] = beta2 * second[j] + (T.One - beta2) * (g * g);
                    w[j] += rate * (first[j] / correction1) / (T.Sqrt(second[j] / correction2) + epsilon);
                }
                break;
            default:
                // iRprop−: first holds the previous gradient, second the step size.
                T up = T.CreateChecked(1.2), down = T.CreateChecked(0.5), max = T.CreateChecked(50), min = T.CreateChecked(1e-6);
                for (int j = 0; j < w.Length; j++)
                {
                    T g = summed[j];
                    T product = g * first[j];
                    if (product > T.Zero) second[j] = T.Min(second[j] * up, max);
                    else if (product < T.Zero) { second[j] = T.Max(second[j] * down, min); g = T.Zero; }
                    w[j] += g > T.Zero ? second[j] : g < T.Zero ? -second[j] : T.Zero;
                    first[j] = g;
                }
                break;
        }
    }
}
