using System.Numerics;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary><see cref="FusedEpoch.Chunk"/> for one chunk at the width <see cref="WidthDispatch"/> picks; returns its Σδ.</summary>
internal readonly ref struct FusedChunkFunc<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, T bias, bool useBias, Span<T> partial, bool prefetch) : IWidthFunc<T, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ReadOnlySpan<T> _x = x, _y = y, _w = w;
    private readonly Span<T> _partial = partial;
    private readonly T _bias = bias;
    private readonly bool _useBias = useBias, _prefetch = prefetch;

    public T Invoke<TVec, TOps>()
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        => FusedEpoch.Chunk<T, TVec, TOps>(_x, _y, _w, _bias, _useBias, _partial, _prefetch);
}
