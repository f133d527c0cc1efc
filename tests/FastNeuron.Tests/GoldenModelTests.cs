namespace FastNeuron.Tests;

/// <summary>
/// The golden model files: each golden model, trained on this machine, must hash to the SHA-256 committed in
/// <see cref="GoldenModels"/>, at the widest accelerated width, at every width (in software where not accelerated) and on the Scalar backend, on one thread and (where the
/// batch crosses chunks) on two. CI reruns this class under the runtime's instruction-set switches and under arm64
/// emulation (<c>fastneuron verify</c>), so the hashes pin the bits across CPUs.
/// </summary>
[Trait("Category", "Verification")]
public class GoldenModelTests
{
    public static TheoryData<string, VectorWidth?, int> Runs()
    {
        var data = new TheoryData<string, VectorWidth?, int>();
        foreach (GoldenModel model in GoldenModels.All)
        {
            data.Add(model.Name, null, 1);
            foreach (VectorWidth width in VectorWidths.All)
            {
                data.Add(model.Name, width, 1);
            }
            if (model.CrossesChunks)
            {
                data.Add(model.Name, null, 2);
                data.Add(model.Name, VectorWidth.Scalar, 2);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void TrainingGivesTheCommittedHash(string name, VectorWidth? width, int threads)
    {
        GoldenModel model = GoldenModels.Named(name);
        string actual = model.ComputeSha256(width, threads);
        Assert.True(actual == model.ExpectedSha256,
            $"Golden model {name} ({width?.ToString() ?? $"{VectorWidths.Best}, the widest accelerated"}, {threads} thread(s)) " +
            $"hashed to {actual}; the committed hash is {model.ExpectedSha256}.");
    }

    [Fact]
    public void TheSetCoversWhatItPromises()
    {
        string all = string.Join("\n", GoldenModels.All.Select(m => m.Description));
        foreach (string word in new[] { "SGD", "momentum", "Adam", "RPROP", "sigmoid", "tanh", "relu", "leaky relu", "linear", "softmax",
                     "squared error", "cross-entropy", "no bias", "biases", "Train", "epochs", "chunks", "Neuron<double>", "Neuron<float>", "Network<double>", "Network<float>" })
        {
            Assert.Contains(word, all);
        }
        Assert.Equal(GoldenModels.All.Count, GoldenModels.All.Select(m => m.Name).Distinct().Count());
        Assert.All(GoldenModels.All, m => Assert.Matches("^[0-9a-f]{64}$", m.ExpectedSha256));
    }

    [Fact]
    public void TheManagedSha256IsThePlatformsOnEveryLength()
    {
        var random = new Random(3);
        for (int length = 0; length < 300; length++)
        {
            var message = new byte[length];
            random.NextBytes(message);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(message)), Sha256.HexDigest(message));
        }
        var large = new byte[1 << 20];
        random.NextBytes(large);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(large)), Sha256.HexDigest(large));
    }
}
