using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastNeuron.Networks;
using FastNeuron.Training;

namespace FastNeuron.Distributed;

/// <summary>
/// <see cref="Network{T}.Fit"/> cut at its batches' chunk fold, for a trainer that computes batch chunks elsewhere:
/// <see cref="NextEpoch"/> gives each epoch's row order (<c>System.Random(options.Seed)</c>'s shuffle, as Fit's),
/// batches are its consecutive runs of <see cref="BatchSize"/> rows, each batch is cut into chunks of 4,096 of its rows
/// whose partials (<see cref="Network{T}.ComputeChunkGradients"/> on the chunk's rows, in batch order) are folded in
/// chunk order (<see cref="ChunkGradients"/>), and <see cref="Step"/> takes Fit's optimizer step with the sum. The
/// weights are Fit's bits (without validation data: no reports, no early stopping). Made by
/// <see cref="Network{T}.CreateMiniBatchStepper"/>.
/// </summary>
public sealed class MiniBatchStepper<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Network<T> _network;
    private readonly FitOptions _options;
    private readonly OptimizerState<T> _optimizer;
    private readonly int[] _order;
    private readonly Random _random;
    private readonly T[][] _weightGradients, _biasGradients, _nextWeights, _nextBiases;
    private int _rowsDone;

    internal MiniBatchStepper(Network<T> network, NetworkLayers<T> layers, FitOptions options, int rows)
    {
        _network = network;
        _options = options;
        Rows = rows;
        BatchSize = options.BatchSize <= 0 ? rows : Math.Min(options.BatchSize, rows);
        _optimizer = new OptimizerState<T>(options, layers.Weights, layers.Biases, layers.Width, layers.Backend);
        _order = Enumerable.Range(0, rows).ToArray();
        _random = new Random(options.Seed);
        _weightGradients = layers.Weights.Select(w => new T[w.Length]).ToArray();
        _biasGradients = layers.Biases.Select(b => new T[b.Length]).ToArray();
        _nextWeights = layers.Weights.Select(w => new T[w.Length]).ToArray();
        _nextBiases = layers.Biases.Select(b => new T[b.Length]).ToArray();
    }

    /// <summary>Rows of the training set.</summary>
    public int Rows { get; }

    /// <summary>Rows per batch (the last of an epoch may have fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Epochs begun.</summary>
    public int Epoch { get; private set; }

    /// <summary>Starts the next epoch: the rows' order for it, valid until the next call.</summary>
    public ReadOnlySpan<int> NextEpoch()
    {
        if (Epoch >= _options.Epochs) throw new InvalidOperationException($"All {_options.Epochs} epochs have begun.");
        Epoch++;
        _random.Shuffle(_order);
        _rowsDone = 0;
        return _order;
    }

    /// <summary>
    /// Fit's step for a batch of <paramref name="batchRows"/> rows whose folded compact gradient is
    /// <paramref name="gradient"/>: the optimizer at 1 / batchRows, then the divergence check naming the epoch (the
    /// network keeps the weights before the step).
    /// </summary>
    public void Step(ReadOnlySpan<T> gradient, int batchRows)
    {
        if (Epoch == 0) throw new InvalidOperationException("Call NextEpoch before the first step.");
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchRows, BatchSize);
        _network.ApplyMiniBatchStep(_optimizer, gradient, _weightGradients, _biasGradients, _nextWeights, _nextBiases, batchRows, Epoch, _options.Epochs);
        _rowsDone += batchRows;
    }

    /// <summary>
    /// The stepper's state between two epochs (the epochs done, the optimizer's moments or step sizes and its bias
    /// correction), for <see cref="RestoreState"/> on a new stepper of a network given the same weights: training then
    /// carries on with Fit's bits. Fails in the middle of an epoch.
    /// </summary>
    public byte[] SaveState()
    {
        if (Epoch > 0 && _rowsDone != Rows)
        {
            throw new InvalidOperationException($"Epoch {Epoch} has stepped {_rowsDone:N0} of its {Rows:N0} rows; save between epochs.");
        }
        int values = _optimizer.SnapshotLength, size = Unsafe.SizeOf<T>();
        var state = new byte[HeaderBytes + values * size];
        _optimizer.Save(MemoryMarshal.Cast<byte, T>(state.AsSpan(HeaderBytes)), out double beta1, out double beta2);
        BinaryPrimitives.WriteInt32LittleEndian(state, Epoch);
        BinaryPrimitives.WriteInt32LittleEndian(state.AsSpan(4), size);
        BinaryPrimitives.WriteDoubleLittleEndian(state.AsSpan(8), beta1);
        BinaryPrimitives.WriteDoubleLittleEndian(state.AsSpan(16), beta2);
        return state;
    }

    /// <summary>
    /// Puts a new stepper where <see cref="SaveState"/> left one (its network must hold the weights saved with it):
    /// the optimizer's state, and the shuffles of the epochs done replayed, so the next <see cref="NextEpoch"/> gives
    /// the same order. Fails naming <paramref name="state"/> when it does not fit this network, type or options.
    /// </summary>
    public void RestoreState(ReadOnlySpan<byte> state)
    {
        if (Epoch != 0) throw new InvalidOperationException("Restore into a new stepper, before its first epoch.");
        int values = _optimizer.SnapshotLength, size = Unsafe.SizeOf<T>();
        if (state.Length != HeaderBytes + values * size || BinaryPrimitives.ReadInt32LittleEndian(state[4..]) != size)
        {
            throw new ArgumentException($"state has {state.Length} bytes; this stepper's ({typeof(T).Name}, {values:N0} optimizer values) has {HeaderBytes + values * size}.", nameof(state));
        }
        int epochs = BinaryPrimitives.ReadInt32LittleEndian(state);
        if (epochs < 0 || epochs > _options.Epochs)
        {
            throw new ArgumentException($"state is after epoch {epochs}; the options run {_options.Epochs}.", nameof(state));
        }
        _optimizer.Restore(MemoryMarshal.Cast<byte, T>(state[HeaderBytes..]),
            BinaryPrimitives.ReadDoubleLittleEndian(state[8..]), BinaryPrimitives.ReadDoubleLittleEndian(state[16..]));
        for (int e = 0; e < epochs; e++) _random.Shuffle(_order);
        Epoch = epochs;
        _rowsDone = Rows;
    }

    // Epochs done, element size, β₁^t, β₂^t.
    private const int HeaderBytes = 24;
}
