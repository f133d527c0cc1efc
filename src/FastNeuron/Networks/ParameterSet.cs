using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastNeuron.Kernels.Dense;

namespace FastNeuron.Networks;

/// <summary>
/// One version of a network's weights and biases, each layer's array laid out as <see cref="NetworkLayers{T}"/>
/// stores it. A set that inference reads (<see cref="NetworkLayers{T}.Published"/>) is never written again: training
/// works on its own arrays and publishes a new set, so a reader that takes the set once per call sees one version,
/// whole, and never waits.
/// </summary>
/// <remarks>
/// A published set also keeps its big layers' weights packed for the blocked kernels (<see cref="Panels"/>), made on
/// the first inference that reads them: its arrays never change, so neither do its panels. The set that training
/// writes (<see cref="NetworkLayers{T}.Working"/>) keeps none.
/// </remarks>
internal sealed class ParameterSet<T>(T[][] weights, T[][] biases, bool published = false)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// Each layer's pinned buffer once made: its panels (a layer that keeps panels) or a 64-byte-aligned copy of its
    /// weights (a layer within 64 KB); no layer has both. Null before, and for layers that keep neither.
    /// </summary>
    private readonly T[]?[] _kept = new T[]?[published ? weights.Length : 0];

    /// <summary>Whether each layer keeps panels (<see cref="KeepsPanels"/>); empty for a set that keeps none.</summary>
    private readonly bool[] _keeps = published ? Array.ConvertAll(weights, w => KeepsPanels(w.Length)) : [];

    /// <summary>Layer l's weights, inputs × stride.</summary>
    public T[][] Weights { get; } = weights;

    /// <summary>Layer l's biases, stride values.</summary>
    public T[][] Biases { get; } = biases;

    /// <summary>A set whose arrays are copies of these: what training publishes while it goes on writing its own.</summary>
    public ParameterSet<T> Copy()
        => new(Array.ConvertAll(Weights, w => (T[])w.Clone()), Array.ConvertAll(Biases, b => (T[])b.Clone()), published: true);

    /// <summary>
    /// A set holding these same arrays under new outer arrays, so that swapping a layer here leaves it alone: what
    /// training publishes when it returns (its arrays are never written again: the next training detaches first).
    /// </summary>
    /// <param name="keepsPanels">False for a set whose arrays someone may still write (a test's
    /// <c>Network.MutableWeights</c>): it packs per call, as an unpublished set does.</param>
    public ParameterSet<T> Share(bool keepsPanels = true) => new((T[][])Weights.Clone(), (T[][])Biases.Clone(), published: keepsPanels);

    /// <summary>
    /// Whether a published set keeps a layer of <paramref name="weights"/> values (inputs × stride) packed: beyond L1
    /// (where the blocked kernel pays for a batch, and a single sample streams them from L2 faster packed) and up to
    /// 16 MB (a bigger layer is packed per call, as before, rather than held twice).
    /// </summary>
    public static bool KeepsPanels(long weights)
        => DenseForwardBlocked.BeyondL1<T>(weights) && weights * Unsafe.SizeOf<T>() <= 16L << 20;

    /// <summary>
    /// Layer <paramref name="layer"/>'s weights (<paramref name="inputs"/> × <paramref name="stride"/>) packed by
    /// <see cref="DenseForwardBlocked.Pack{T}"/>, 64-byte aligned, made once on first use; empty when this set keeps
    /// no panels for the layer (not published, or <see cref="KeepsPanels"/> says no). Threads that race to make them
    /// each pack a buffer and keep the first one stored: every caller reads a whole one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Panels(int layer, int inputs, int stride)
        => (uint)layer < (uint)_keeps.Length && _keeps[layer] ? Kept(layer, inputs, stride, panels: true) : default;

    /// <summary>
    /// Layer <paramref name="layer"/>'s weights for the row-major kernels. A published set reads a copy on a 64-byte
    /// boundary, made once on first use: an ordinary array's data starts wherever the collector put it, in some
    /// processes 16 bytes past a cache line, and then every 512-bit load of the layer straddles two lines (64-32-10's
    /// batch of 1,000: 37.7 → 33.4 µs with the copy, before-after-issue12-session6-networks.md). An unpublished set, or a
    /// layer beyond 64 KB (which a published set keeps as panels, or reads in place over 16 MB), reads the array itself.
    /// The cost: a small layer's weights are held twice once inference has read them.
    /// </summary>
    public ReadOnlySpan<T> RowMajor(int layer)
        => (uint)layer >= (uint)_kept.Length || DenseForwardBlocked.BeyondL1<T>(Weights[layer].Length)
            ? Weights[layer]
            : Kept(layer, Weights[layer].Length, 1, panels: false);   // a copy needs no shape: one row of every value

    /// <summary>
    /// Layer <paramref name="layer"/>'s kept buffer (<paramref name="inputs"/> × <paramref name="stride"/> values), made on
    /// first use: its weights packed into panels, or copied as they are. Threads that race to make it each make one and
    /// keep the first one stored: every caller reads a whole one.
    /// </summary>
    private ReadOnlySpan<T> Kept(int layer, int inputs, int stride, bool panels)
    {
        int length = inputs * stride;
        T[]? buffer = Volatile.Read(ref _kept[layer]);
        if (buffer is null)
        {
            var made = GC.AllocateUninitializedArray<T>(length + DenseLayout.BlockBytes / Unsafe.SizeOf<T>(), pinned: true);
            if (panels)
            {
                DenseForwardBlocked.Pack<T>(Weights[layer], inputs, stride, Aligned(made, length));
            }
            else
            {
                Weights[layer].CopyTo(Aligned(made, length));
            }
            buffer = Interlocked.CompareExchange(ref _kept[layer], made, null) ?? made;
        }
        return Aligned(buffer, length);
    }

    private static Span<T> Aligned(T[] pinned, int length)
    {
        Span<T> all = pinned;
        return all.Slice(DenseLayout.ElementsToBoundary(all), length);
    }
}
