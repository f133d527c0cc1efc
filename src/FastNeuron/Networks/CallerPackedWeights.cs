using System.Numerics;
using System.Runtime.InteropServices;
using FastNeuron.Kernels.Dense;

namespace FastNeuron.Networks;

/// <summary>
/// The big layers' weights packed into panels once, by the thread that splits a batch over the workers, for every
/// part of that batch to read. The workers then never pack: no repeated packing per part, and no pinned copy of a
/// network's weights left in a worker thread's buffers after the call (the workers live as long as the process). The
/// panels are the calling thread's pinned pack buffers (<see cref="DenseKernels.PackWeights{T}"/>), valid while the
/// caller waits for the parts; one instance per splitting object, reused, so a call allocates nothing.
/// </summary>
internal sealed unsafe class CallerPackedWeights<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T*[] _panels = [];
    private int[] _lengths = [];

    /// <summary>
    /// Packs every layer whose blocked kernel pays for <paramref name="rows"/> rows (the smallest part's) from
    /// <paramref name="weights"/>, on this thread; the other layers stay unpacked and the parts take them row-major.
    /// </summary>
    public void Pack(NetworkLayers<T> layers, T[][] weights, int rows) => Pack(layers, weights, rows, null);

    /// <summary>
    /// <see cref="Pack(NetworkLayers{T}, T[][], int)"/> from a published set: the layers it keeps packed
    /// (<see cref="ParameterSet{T}.Panels"/>) are read from there, and only the others are packed here.
    /// </summary>
    public void Pack(NetworkLayers<T> layers, ParameterSet<T> parameters, int rows) => Pack(layers, parameters.Weights, rows, parameters);

    private void Pack(NetworkLayers<T> layers, T[][] weights, int rows, ParameterSet<T>? parameters)
    {
        if (_panels.Length < layers.Count)
        {
            _panels = new T*[layers.Count];
            _lengths = new int[layers.Count];
        }
        for (int l = 0; l < layers.Count; l++)
        {
            _panels[l] = null;
            _lengths[l] = 0;
            if (layers.Backend == Backend.TensorPrimitives || !DenseForwardBlocked.Pays<T>(rows, layers.Sizes[l], layers.Strides[l])) continue;
            ReadOnlySpan<T> packed = parameters is null ? default : parameters.Panels(l, layers.Sizes[l], layers.Strides[l]);
            if (packed.IsEmpty) packed = DenseKernels.PackWeights<T>(weights[l], layers.Sizes[l], layers.Strides[l], l);
            _panels[l] = (T*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetReference(packed));
            _lengths[l] = packed.Length;
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s panels, or empty when the caller left it unpacked.</summary>
    public ReadOnlySpan<T> Layer(int layer) => layer < _lengths.Length && _lengths[layer] > 0 ? new ReadOnlySpan<T>(_panels[layer], _lengths[layer]) : default;

    /// <summary>Forgets the panels once the parts are done (the caller's buffers may be repacked by its next call).</summary>
    public void Clear()
    {
        Array.Clear(_panels);
        Array.Clear(_lengths);
    }
}
