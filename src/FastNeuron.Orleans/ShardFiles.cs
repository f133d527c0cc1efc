namespace FastNeuron.Orleans;

/// <summary>Opening a shard's file and checking it against the model, with errors that name the shard.</summary>
internal static class ShardFiles
{
    /// <summary>Maps the shard's file; a missing or invalid file becomes a <see cref="ShardDataException"/> naming the shard.</summary>
    public static MatrixFile Open(int index, ShardSpec spec)
    {
        try
        {
            return MatrixFile.Open(spec.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            throw new ShardDataException($"Shard {index} ({spec.Path}) cannot be read on silo {Environment.MachineName}: {e.Message}", e);
        }
    }

    /// <summary>The file's width and element type against the model's.</summary>
    public static void CheckFits(int index, ShardSpec spec, long rows, int columns, int elementSize, int inputCount, int modelElementSize)
    {
        if (columns != inputCount)
        {
            throw new ShardDataException($"Shard {index} ({spec.Path}) has {columns} input columns but the model takes {inputCount}: the shards disagree in width with the model.");
        }
        if (elementSize != modelElementSize)
        {
            throw new ShardDataException($"Shard {index} ({spec.Path}) holds float{elementSize * 8} values but the model trains in float{modelElementSize * 8}.");
        }
        if (rows < 1) throw new ShardDataException($"Shard {index} ({spec.Path}) is empty.");
    }
}
