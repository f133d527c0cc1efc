using System.Numerics;
using System.Runtime.InteropServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

// DenseKernels' calls, each carrying its arguments to the instantiation WidthDispatch picks.
internal static partial class DenseKernels
{
    private readonly ref struct ForwardAction<T>(ReadOnlySpan<T> x, int xStride, int rows, int inputs, ReadOnlySpan<T> w, int stride, ReadOnlySpan<T> bias, bool useBias, Span<T> z) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _x = x, _w = w, _bias = bias;
        private readonly Span<T> _z = z;
        private readonly int _xStride = xStride, _rows = rows, _inputs = inputs, _stride = stride;
        private readonly bool _useBias = useBias;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => DenseForward.Invoke<T, TVec, TOps>(ref MemoryMarshal.GetReference(_x), _xStride, _rows, _inputs, ref MemoryMarshal.GetReference(_w), _stride,
                ref MemoryMarshal.GetReference(_bias), _useBias, ref MemoryMarshal.GetReference(_z));
    }

    private readonly ref struct ForwardBlockedAction<T>(ReadOnlySpan<T> x, int xStride, int rows, int inputs, ReadOnlySpan<T> packed, int stride, ReadOnlySpan<T> bias, bool useBias, Span<T> z, Span<T> partials) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _x = x, _packed = packed, _bias = bias;
        private readonly Span<T> _z = z, _partials = partials;
        private readonly int _xStride = xStride, _rows = rows, _inputs = inputs, _stride = stride;
        private readonly bool _useBias = useBias;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => DenseForwardBlocked.Invoke<T, TVec, TOps>(ref MemoryMarshal.GetReference(_x), _xStride, _rows, _inputs, ref MemoryMarshal.GetReference(_packed), _stride,
                ref MemoryMarshal.GetReference(_bias), _useBias, ref MemoryMarshal.GetReference(_z), ref MemoryMarshal.GetReference(_partials));
    }

    private readonly ref struct WeightGradientAction<T>(ReadOnlySpan<T> a, int aStride, int inputs, ReadOnlySpan<T> delta, int stride, int rows, Span<T> weightGradient, Span<T> biasGradient, bool useBias) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _a = a, _delta = delta;
        private readonly Span<T> _weightGradient = weightGradient, _biasGradient = biasGradient;
        private readonly int _aStride = aStride, _inputs = inputs, _stride = stride, _rows = rows;
        private readonly bool _useBias = useBias;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => DenseWeightGradient.Invoke<T, TVec, TOps>(ref MemoryMarshal.GetReference(_a), _aStride, _inputs, ref MemoryMarshal.GetReference(_delta), _stride, _rows,
                ref MemoryMarshal.GetReference(_weightGradient), ref MemoryMarshal.GetReference(_biasGradient), _useBias);
    }

    private readonly ref struct HiddenDeltaAction<T, TDerivative>(ReadOnlySpan<T> nextDelta, int nextStride, int nextUnits, ReadOnlySpan<T> transposedWeights, int stride, ReadOnlySpan<T> activations, Span<T> delta, int rows) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDerivative : IUnaryOperator
    {
        private readonly ReadOnlySpan<T> _nextDelta = nextDelta, _transposedWeights = transposedWeights, _activations = activations;
        private readonly Span<T> _delta = delta;
        private readonly int _nextStride = nextStride, _nextUnits = nextUnits, _stride = stride, _rows = rows;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => DenseHiddenDelta.Invoke<T, TVec, TOps, TDerivative>(ref MemoryMarshal.GetReference(_nextDelta), _nextStride, _nextUnits, ref MemoryMarshal.GetReference(_transposedWeights),
                _stride, ref MemoryMarshal.GetReference(_activations), ref MemoryMarshal.GetReference(_delta), _rows);
    }

    private readonly ref struct ActivateAction<T>(Activation activation, Span<T> values, int rows, int stride, int units) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly Span<T> _values = values;
        private readonly Activation _activation = activation;
        private readonly int _rows = rows, _stride = stride, _units = units;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => DenseKernels.Activate<T, TVec, TOps>(_activation, ref MemoryMarshal.GetReference(_values), _rows, _stride, _units);
    }
}
