using System.Numerics;
using FastNeuron.Training;

namespace FastNeuron.Training;

/// <summary>
/// The optimizers' per-weight state, and one step over every layer through <see cref="OptimizerSteps"/>, which
/// gives the same bits at every width. The arrays are the network's padded layer arrays; padding lanes have zero
/// gradients and stay zero under every optimizer.
/// </summary>
internal sealed partial class OptimizerState<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly FitOptions _options;
    private readonly VectorWidth _width;
    private readonly T[] _tensorScratch;
    private readonly long _weightCount;
    private readonly T[][] _first;
    private readonly T[][] _second;
    private readonly T[][] _firstBias;
    private readonly T[][] _secondBias;
    // β₁^t and β₂^t for Adam's bias correction, carried as float64 running products: IEEE multiplications give the
    // same bits everywhere, where Math.Pow is the platform's libm and may differ in the last bit.
    private double _beta1Power = 1.0;
    private double _beta2Power = 1.0;

    /// <summary>Adam's β₁.</summary>
    internal const double Beta1 = 0.9;

    /// <summary>Adam's β₂.</summary>
    internal const double Beta2 = 0.999;

    /// <summary>1 − β₁^t and 1 − β₂^t after the steps taken so far, as Adam's bias correction uses them (float64).</summary>
    internal (double First, double Second) BiasCorrection => (1.0 - _beta1Power, 1.0 - _beta2Power);

    public OptimizerState(FitOptions options, T[][] weights, T[][] biases, VectorWidth width, Backend backend = Backend.Vector)
    {
        _options = options;
        _width = width;
        // The TensorPrimitives backend runs SGD, momentum and Adam on TensorPrimitives (the same roundings).
        _tensorScratch = backend == Backend.TensorPrimitives ? new T[2 * weights.Concat(biases).Max(a => a.Length)] : [];
        _weightCount = weights.Sum(w => (long)w.Length);
        // Only the state the optimizer reads: SGD none, momentum its velocity, Adam and iRprop− both arrays. An epoch of
        // SGD on 784-256-128-10 allocated two unused copies of the weights' size per Fit call.
        bool usesFirst = options.Optimizer != FastNeuron.Optimizer.Sgd;
        bool usesSecond = options.Optimizer is FastNeuron.Optimizer.Adam or FastNeuron.Optimizer.Rprop;
        _first = weights.Select(w => usesFirst ? new T[w.Length] : []).ToArray();
        _second = weights.Select(w => usesSecond ? new T[w.Length] : []).ToArray();
        _firstBias = biases.Select(b => usesFirst ? new T[b.Length] : []).ToArray();
        _secondBias = biases.Select(b => usesSecond ? new T[b.Length] : []).ToArray();
        if (options.Optimizer == FastNeuron.Optimizer.Rprop)
        {
            // Rprop: _second holds each weight's step size, 0.1 to start (FANN's rprop_delta_zero).
            foreach (T[] steps in _second.Concat(_secondBias)) steps.AsSpan().Fill(T.CreateChecked(0.1));
        }
    }

    /// <summary>One step: the new weights and biases go to <paramref name="newWeights"/> and <paramref name="newBiases"/>.</summary>
    public void Step(T[][] weights, T[][] gradients, T[][] biases, T[][] biasGradients, bool useBias, T scale, T[][] newWeights, T[][] newBiases)
    {
        _beta1Power *= Beta1;
        _beta2Power *= Beta2;
        var constants = new StepConstants<T>(
            T.CreateChecked(_options.LearningRate), scale, T.CreateChecked(_options.Momentum),
            T.One - T.CreateChecked(_beta1Power), T.One - T.CreateChecked(_beta2Power));
        if (TryStepOnThreads(weights, gradients, biases, biasGradients, useBias, constants, newWeights, newBiases))
        {
            return;
        }
        for (int l = 0; l < weights.Length; l++)
        {
            StepOne(weights[l], gradients[l], _first[l], _second[l], constants, newWeights[l]);
            if (useBias)
            {
                StepOne(biases[l], biasGradients[l], _firstBias[l], _secondBias[l], constants, newBiases[l]);
            }
            else
            {
                biases[l].CopyTo(newBiases[l], 0);
            }
        }
    }

    private void StepOne(T[] w, T[] summed, T[] first, T[] second, in StepConstants<T> constants, T[] destination)
    {
        if (_tensorScratch.Length == 0
            || !Networks.TensorPrimitivesBackward.Step<T>(_options.Optimizer, w, summed, first, second, constants, destination, _tensorScratch))
        {
            OptimizerSteps.Step<T>(_options.Optimizer, w, summed, first, second, constants, destination, _width);
        }
    }
}
