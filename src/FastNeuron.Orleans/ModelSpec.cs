namespace FastNeuron.Orleans;

/// <summary>
/// The model a job trains, as every silo builds it: a <see cref="Network{T}"/> or a <see cref="Neuron{T}"/> with the
/// constructor arguments a single-machine run would use, in float32 (<see cref="ElementSize"/> 4) or float64 (8).
/// Enumerations travel as their numbers.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class ModelSpec
{
    /// <summary>True for a <see cref="Neuron{T}"/> (Sizes = [inputs, 1]), false for a <see cref="Network{T}"/>.</summary>
    [Id(0)] public bool IsNeuron { get; init; }

    /// <summary>4 (float32) or 8 (float64); the shards' matrix files must hold the same.</summary>
    [Id(1)] public int ElementSize { get; init; } = 4;

    /// <summary>Units per layer, inputs first.</summary>
    [Id(2)] public int[] Sizes { get; init; } = [];

    /// <summary>One <see cref="Activation"/> per layer (a neuron's is sigmoid).</summary>
    [Id(3)] public int[] Activations { get; init; } = [];

    /// <summary>Biases on or off.</summary>
    [Id(4)] public bool UseBias { get; init; }

    /// <summary>The network's <see cref="FastNeuron.Loss"/>.</summary>
    [Id(5)] public int Loss { get; init; }

    /// <summary>Glorot-scaled initial weights (networks).</summary>
    [Id(6)] public bool ScaledInitialization { get; init; }

    /// <summary>The weight draw's seed.</summary>
    [Id(7)] public uint Seed { get; init; } = 1;

    /// <summary>η.</summary>
    [Id(8)] public double LearningRate { get; init; } = 1.0;

    /// <summary>The <see cref="FastNeuron.Backend"/>.</summary>
    [Id(9)] public int Backend { get; init; } = (int)FastNeuron.Backend.Vector;

    /// <summary>The <see cref="VectorWidth"/>, or −1 for the machine's best.</summary>
    [Id(10)] public int Width { get; init; } = -1;

    /// <summary>Threads each silo's shard grain uses for its chunks (any count gives the same bits).</summary>
    [Id(11)] public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>A network's spec: the arguments of the sizes constructor of <see cref="Network{T}"/>.</summary>
    public static ModelSpec Network<T>(int[] sizes, Activation[] activations, uint seed = 1, bool useBias = false, double learningRate = 1.0,
        Backend backend = FastNeuron.Backend.Vector, VectorWidth? width = null, Loss loss = FastNeuron.Loss.SquaredError, bool scaledInitialization = false, int? threads = null)
        where T : unmanaged
        => new()
        {
            ElementSize = ElementSizeOf<T>(), Sizes = (int[])sizes.Clone(), Activations = Array.ConvertAll(activations, a => (int)a), Seed = seed, UseBias = useBias,
            LearningRate = learningRate, Backend = (int)backend, Width = width is { } w ? (int)w : -1, Loss = (int)loss, ScaledInitialization = scaledInitialization,
            Threads = threads ?? Environment.ProcessorCount,
        };

    /// <summary>A neuron's spec: <see cref="Neuron{T}(int, uint, NeuronOptions?)"/>'s arguments.</summary>
    public static ModelSpec Neuron<T>(int inputCount, uint seed = 1, NeuronOptions? options = null)
        where T : unmanaged
    {
        options ??= new NeuronOptions();
        return new()
        {
            IsNeuron = true, ElementSize = ElementSizeOf<T>(), Sizes = [inputCount, 1], Activations = [(int)Activation.Sigmoid], Seed = seed, UseBias = options.UseBias,
            LearningRate = options.LearningRate, Backend = (int)options.Backend, Width = options.Width is { } w ? (int)w : -1,
            Threads = options.Threads ?? Environment.ProcessorCount,
        };
    }

    private static int ElementSizeOf<T>()
        where T : unmanaged
        => typeof(T) == typeof(float) ? 4 : typeof(T) == typeof(double) ? 8 : throw new NotSupportedException($"{typeof(T).Name}: use float or double.");

    /// <summary>A text that changes whenever anything that decides the result changes (for the job's fingerprint).</summary>
    internal string Describe()
        => $"{(IsNeuron ? "neuron" : "network")} f{ElementSize * 8} sizes {string.Join('-', Sizes)} activations {string.Join(',', Activations)} bias {UseBias} " +
            $"loss {Loss} scaled {ScaledInitialization} seed {Seed} eta {LearningRate:R} backend {Backend} width {Width}";
}
