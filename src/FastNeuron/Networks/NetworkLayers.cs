using System.Numerics;
using FastNeuron.Kernels.Dense;

namespace FastNeuron.Networks;

/// <summary>
/// A network's layers as the kernels see them: sizes, activations, padded strides, weights (inputs × stride,
/// numpy's orientation) and biases (stride), plus how they are computed (backend, width, loss, biases on or off).
/// Training replaces <see cref="Weights"/>[l] and <see cref="Biases"/>[l] with new arrays each step.
/// </summary>
internal sealed class NetworkLayers<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public NetworkLayers(int[] sizes, Activation[] activations, bool useBias, Loss loss, Backend backend, VectorWidth width)
    {
        Sizes = sizes;
        Activations = activations;
        UseBias = useBias;
        Loss = loss;
        Backend = backend;
        Width = width;
        int count = sizes.Length - 1;
        Strides = new int[count];
        Weights = new T[count][];
        Biases = new T[count][];
        for (int l = 0; l < count; l++)
        {
            int stride = Strides[l] = DenseLayout.Stride<T>(sizes[l + 1]);
            Weights[l] = new T[sizes[l] * stride];
            Biases[l] = new T[stride];
        }
        WidestStride = Strides.Max();
    }

    /// <summary>Units per layer, inputs first.</summary>
    public int[] Sizes { get; }

    public Activation[] Activations { get; }

    /// <summary>Layer l's padded width: its units rounded up to whole 64-byte blocks.</summary>
    public int[] Strides { get; }

    public int WidestStride { get; }

    public T[][] Weights { get; }

    public T[][] Biases { get; }

    public bool UseBias { get; }

    public Loss Loss { get; }

    public Backend Backend { get; }

    public VectorWidth Width { get; }

    public int Count => Weights.Length;

    public int InputCount => Sizes[0];

    public int OutputCount => Sizes[^1];

    /// <summary>
    /// Draws every layer's weights in turn from numpy's generator seeded with <paramref name="seed"/> (float64, times
    /// Glorot's range √(6 / (inputs + outputs)) when <paramref name="scaled"/>, then rounded to T); biases stay 0.
    /// </summary>
    public void Initialise(uint seed, bool scaled)
    {
        var random = new NumpyRandom(seed);
        for (int l = 0; l < Count; l++)
        {
            int inputs = Sizes[l], outputs = Sizes[l + 1];
            // Off, the draws are the seed programs' [−1, 1); on, Glorot's range keeps wide layers out of saturation.
            double scale = scaled ? Math.Sqrt(6.0 / (inputs + outputs)) : 1.0;
            WeightDraw.Symmetric<T>(random, inputs, outputs, scale, Weights[l], Strides[l]);
        }
    }

    /// <summary>Layer l's weights without the padding, (inputs × units) row-major.</summary>
    public T[] CopyWeights(int layer)
    {
        int inputs = Sizes[layer], units = Sizes[layer + 1], stride = Strides[layer];
        var copy = new T[inputs * units];
        for (int k = 0; k < inputs; k++)
        {
            Weights[layer].AsSpan(k * stride, units).CopyTo(copy.AsSpan(k * units));
        }
        return copy;
    }

    /// <summary>Layer l's biases without the padding.</summary>
    public T[] CopyBiases(int layer) => Biases[layer].AsSpan(0, Sizes[layer + 1]).ToArray();
}
