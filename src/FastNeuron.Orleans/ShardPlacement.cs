using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace FastNeuron.Orleans;

/// <summary>Places shard i of a job on the i-th compatible silo (by address, modulo their count), so the shards spread over the silos.</summary>
[GenerateSerializer, Immutable]
public sealed class ShardPlacementStrategy : PlacementStrategy
{
    internal static readonly ShardPlacementStrategy Instance = new();
}

/// <summary>Marks a grain class for <see cref="ShardPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardPlacementAttribute() : PlacementAttribute(ShardPlacementStrategy.Instance);

/// <summary>The director behind <see cref="ShardPlacementStrategy"/>; a key without an index goes to a random silo.</summary>
internal sealed class ShardPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        SiloAddress[] silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
        int index = IndexOf(target.GrainIdentity.Key.ToString());
        return Task.FromResult(silos[(index < 0 ? Random.Shared.Next(silos.Length) : index) % silos.Length]);
    }

    /// <summary>The shard index at the end of a key "job/index", or −1.</summary>
    public static int IndexOf(string key)
    {
        int slash = key.LastIndexOf('/');
        return slash >= 0 && int.TryParse(key.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture, out int index) && index >= 0 ? index : -1;
    }
}
