using System.Globalization;
using System.Text.Json;

namespace FastNeuron.Onnx;

/// <summary>
/// The keys of the model's metadata_props that tell a user (and FastNeuron, reading the file back) what the model
/// expects: names, classes, element type, loss, and the exact float64 standardisation the graph's Sub and Div round.
/// Lists are JSON arrays.
/// </summary>
internal static class MetadataProperties
{
    public const string FeatureNames = "feature_names";
    public const string ClassLabels = "class_labels";
    public const string TargetName = "target_name";
    public const string ElementType = "element_type";
    public const string Loss = "loss";
    public const string Means = "standardisation_means";
    public const string Scales = "standardisation_scales";

    public static string Strings(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToArray(), JsonContext.Default.StringArray);

    public static string Doubles(IEnumerable<double> values)
        => "[" + string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";

    /// <summary>The JSON array of strings under <paramref name="key"/>; null when absent or not such an array.</summary>
    public static string[]? ReadStrings(IReadOnlyDictionary<string, string> properties, string key)
        => Read(properties, key, JsonContext.Default.StringArray);

    /// <summary>The JSON array of numbers under <paramref name="key"/>; null when absent or not such an array.</summary>
    public static double[]? ReadDoubles(IReadOnlyDictionary<string, string> properties, string key)
        => Read(properties, key, JsonContext.Default.DoubleArray);

    private static TArray? Read<TArray>(IReadOnlyDictionary<string, string> properties, string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TArray> type)
        where TArray : class
    {
        if (!properties.TryGetValue(key, out string? text)) return null;
        try
        {
            return JsonSerializer.Deserialize(text, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>System.Text.Json's source-generated serializers for the metadata's arrays (no reflection).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(double[]))]
internal sealed partial class JsonContext : System.Text.Json.Serialization.JsonSerializerContext
{
}
