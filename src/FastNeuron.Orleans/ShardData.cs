using System.Numerics;

namespace FastNeuron.Orleans;

/// <summary>
/// A shard's mapped matrix file as a model reads it: X in place (never copied), and the targets: the file's y for a
/// neuron or a one-output network, or, for a network of K outputs, y's class labels 0 … K − 1 made one-hot once.
/// </summary>
internal sealed unsafe class ShardData<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly MatrixFile _file;
    private readonly T[]? _oneHot;

    public ShardData(int index, ShardSpec spec, int inputCount, int outputCount)
    {
        _file = ShardFiles.Open(index, spec);
        try
        {
            ShardFiles.CheckFits(index, spec, _file.Rows, _file.Columns, _file.ElementSize, inputCount, sizeof(T));
            if (_file.Rows * Math.Max(inputCount, outputCount) > int.MaxValue)
            {
                throw new ShardDataException($"Shard {index} ({spec.Path}) has {_file.Rows:N0} rows of {inputCount} inputs; a shard holds at most {int.MaxValue:N0} values: split it.");
            }
            Rows = (int)_file.Rows;
            if (outputCount > 1) _oneHot = OneHot(index, spec, outputCount);
            OutputCount = outputCount;
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public int Rows { get; }

    public int OutputCount { get; }

    public ReadOnlySpan<T> Inputs => new(_file.Inputs<T>(), Rows * _file.Columns);

    public ReadOnlySpan<T> Targets => _oneHot ?? new ReadOnlySpan<T>(_file.Targets<T>(), Rows);

    private T[] OneHot(int index, ShardSpec spec, int classes)
    {
        var targets = new T[Rows * classes];
        T* y = _file.Targets<T>();
        for (int row = 0; row < Rows; row++)
        {
            T label = y[row];
            if (!T.IsInteger(label) || label < T.Zero || label >= T.CreateChecked(classes))
            {
                throw new ShardDataException($"Shard {index} ({spec.Path}), row {row:N0} (global row {spec.FirstRow + row:N0}): target {label} is not a class 0 to {classes - 1} of the network's {classes} outputs.");
            }
            targets[row * classes + int.CreateChecked(label)] = T.One;
        }
        return targets;
    }

    public void Dispose() => _file.Dispose();
}
