using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace FastNeuron.Orleans;

/// <summary>
/// Grain state as files in a folder, one per grain and state name, written to a temporary file, flushed and renamed
/// over the old one: a crash leaves the previous state whole. The ETag is a counter stored with the state, so a
/// stale writer fails rather than overwrite a newer state. Meant for one machine or a shared folder; a cluster of
/// many machines would use a database-backed Orleans storage under the same name.
/// </summary>
internal sealed class FileGrainStorage(string folder, Serializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return Task.CompletedTask;
        }
        byte[] bytes = File.ReadAllBytes(path);
        long version = BitConverter.ToInt64(bytes, 0);
        grainState.State = serializer.Deserialize<T>(bytes.AsMemory(8));
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string path = PathOf(stateName, grainId);
        long stored = File.Exists(path) ? BitConverter.ToInt64(ReadPrefix(path)) : 0;
        long expected = grainState.ETag is null ? 0 : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        if (stored != expected)
        {
            throw new InconsistentStateException($"{path} is at version {stored} but this activation read version {expected}.", stored.ToString(CultureInfo.InvariantCulture), grainState.ETag);
        }
        long version = stored + 1;
        byte[] body = serializer.SerializeToArray(grainState.State);
        Directory.CreateDirectory(folder);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(BitConverter.GetBytes(version));
            file.Write(body);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private string PathOf(string stateName, GrainId grainId)
    {
        string key = $"{stateName}|{grainId}";
        return Path.Combine(folder, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".state");
    }

    private static byte[] ReadPrefix(string path)
    {
        var prefix = new byte[8];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        file.ReadExactly(prefix);
        return prefix;
    }
}
