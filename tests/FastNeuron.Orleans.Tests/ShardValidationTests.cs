using Orleans.TestingHost;

namespace FastNeuron.Orleans.Tests;

/// <summary>Issue 16: shards that do not cover the data, overlap, disagree in width or type, or cannot be read fail before any step, naming the shard.</summary>
public sealed class ShardValidationTests : IAsyncLifetime
{
    private readonly ShardedData _data = new(Models.NetworkInputs, Models.Classes, 9);
    private InProcessTestCluster _cluster = null!;
    private ShardSpec[] _shards = [];

    public async Task InitializeAsync()
    {
        _shards = _data.WriteShards<float>("valid");
        _cluster = await Clusters.Start(1, Path.Combine(_data.Folder, "state"));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _data.Dispose();
    }

    private async Task<string> Fails(string name, ShardSpec[] shards, long totalRows = ShardedData.Rows, ModelSpec? model = null)
    {
        var job = new TrainingJob { Name = name, Model = model ?? Models.NetworkSpec<float>(), Shards = shards, TotalRows = totalRows, Iterations = 3 };
        var trainer = _cluster.Client.GetGrain<IDataParallelTrainerGrain>(name);
        var error = await Assert.ThrowsAsync<ShardDataException>(() => trainer.Train(job));
        Assert.Equal(0, await trainer.StepsDone());
        return error.Message;
    }

    private ShardSpec[] With(int index, ShardSpec replacement) => [.. _shards.Select((s, i) => i == index ? replacement : s)];

    [Fact]
    public async Task AGapNamesTheShardAfterIt()
    {
        string message = await Fails("gap", With(1, new ShardSpec { Path = _shards[1].Path, FirstRow = 3 * 4096 }));
        Assert.Contains("Shard 1", message);
        Assert.Contains("rows 8,192 to 12,287 are in no shard", message);
    }

    [Fact]
    public async Task AnOverlapNamesTheShard()
    {
        string message = await Fails("overlap", With(1, new ShardSpec { Path = _shards[1].Path, FirstRow = 4096 }));
        Assert.Contains("Shard 1", message);
        Assert.Contains("overlap", message);
    }

    [Fact]
    public async Task ShardsThatStopShortOfTheDataFail()
    {
        string message = await Fails("short", _shards, ShardedData.Rows + 4096);
        Assert.Contains($"rows {ShardedData.Rows:N0} to {ShardedData.Rows + 4095:N0} are in no shard", message);
        Assert.Contains("Shard 0", await Fails("missing-first", _shards[1..]));
    }

    [Fact]
    public async Task AWidthOrTypeThatDisagreesNamesTheShard()
    {
        ShardSpec[] wide = _data.WriteShards<float>("wide", columns: Models.NetworkInputs + 1);
        string message = await Fails("width", With(2, wide[2]));
        Assert.Contains("Shard 2", message);
        Assert.Contains("7 input columns but the model takes 6", message);
        ShardSpec[] doubles = _data.WriteShards<double>("doubles");
        Assert.Contains("Shard 1", await Fails("type", With(1, doubles[1])));
    }

    [Fact]
    public async Task ABoundaryOffTheChunksOrAMissingFileNamesTheShard()
    {
        string offChunk = await Fails("off-chunk", With(1, new ShardSpec { Path = _shards[1].Path, FirstRow = 8000 }));
        Assert.Contains("Shard 1", offChunk);
        Assert.Contains("chunk boundary", offChunk);
        string missing = await Fails("missing", With(2, new ShardSpec { Path = Path.Combine(_data.Folder, "nowhere.fnm"), FirstRow = 3 * 4096 }));
        Assert.Contains("Shard 2", missing);
        Assert.Contains("nowhere.fnm", missing);
    }

    [Fact]
    public async Task AStoredJobIsNeverResumedByAnotherJobOfTheSameName()
    {
        var trainer = _cluster.Client.GetGrain<IDataParallelTrainerGrain>("reused");
        var first = new TrainingJob { Name = "reused", Model = Models.NetworkSpec<float>(), Shards = _shards, TotalRows = ShardedData.Rows, Iterations = 2 };
        Assert.Equal(2, (await trainer.Train(first)).Step);
        var other = new TrainingJob { Name = "reused", Model = Models.NetworkSpec<float>(), Shards = _shards, TotalRows = ShardedData.Rows, Iterations = 3 };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => trainer.Train(other));
        Assert.Contains("stored state from a different job", error.Message);
        TrainingResult again = await trainer.Train(first);
        Assert.Equal((2, 2), (again.Step, again.ResumedAfterStep));
    }
}
