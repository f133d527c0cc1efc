using System.Numerics;
using System.Runtime.Intrinsics.X86;
using FastNeuron.Kernels.Dense;

namespace FastNeuron.Tests;

/// <summary>
/// The backward pass's transposed weights (Kernels/Dense/WeightTranspose.cs): every variant this CPU can run, against
/// the element-by-element definition, at shapes with every leftover of the 8 × 8 and 4 × 4 blocks. Padding lanes of the
/// destination must keep what they held: the hidden deltas read them as zeros.
/// </summary>
[Trait("Category", "Verification")]
public class WeightTransposeTests
{
    private static readonly (int Inputs, int Outputs)[] Shapes = [(1, 1), (3, 5), (8, 8), (9, 15), (16, 16), (17, 33), (64, 10), (130, 70), (256, 128), (301, 200)];

    [Fact]
    public void EveryVariantIsTheElementwiseTranspose()
    {
        int checkedVariants = 0;
        foreach ((int inputs, int outputs) in Shapes)
        {
            checkedVariants += AssertVariants<float>(inputs, outputs, (w, s, t, ts) => WeightTranspose.EightByEight(ref w[0], inputs, outputs, s, ref t[0], ts));
            checkedVariants += AssertVariants<double>(inputs, outputs, (w, s, t, ts) => WeightTranspose.FourByFour(ref w[0], inputs, outputs, s, ref t[0], ts));
        }
        // The portable reference and the dispatcher always run; the AVX blocks wherever this CPU has AVX.
        Assert.Equal(Shapes.Length * 2 * (Avx.IsSupported ? 3 : 2), checkedVariants);
    }

    [Fact]
    public void ShortSpansAndOverflowingShapesAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => WeightTranspose.Invoke<float>(new float[16 * 16], 16, 16, 16, new float[15 * 16], 16));
        Assert.Contains("16 × 16", error.Message);
        Assert.Throws<ArgumentException>(() => WeightTranspose.Invoke<float>(new float[16 * 16], 16, 17, 16, new float[17 * 16], 16));
        // Shapes whose products overflow an int are refused, not wrapped into a check that passes.
        Assert.Throws<ArgumentException>(() => WeightTranspose.Invoke<float>(new float[16], 65536, 32768, 32768, new float[16], 65536));
        Assert.Throws<ArgumentException>(() => DenseForwardBlocked.Pack<float>(new float[16], 65536, 32768, new float[16]));
    }

    private delegate void BlockVariant<T>(T[] weights, int stride, T[] destination, int inputStride);

    private static int AssertVariants<T>(int inputs, int outputs, BlockVariant<T> blocks)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(inputs * 1000 + outputs);
        int stride = DenseLayout.Stride<T>(outputs), inputStride = DenseLayout.Stride<T>(inputs);
        var weights = new T[inputs * stride];
        for (int i = 0; i < weights.Length; i++) weights[i] = T.CreateChecked(random.NextDouble() - 0.5);
        T sentinel = T.CreateChecked(-7.25);
        var expected = new T[outputs * inputStride];
        Array.Fill(expected, sentinel);
        for (int k = 0; k < inputs; k++)
        {
            for (int o = 0; o < outputs; o++) expected[o * inputStride + k] = weights[k * stride + o];
        }
        var variants = new List<(string Name, Action<T[]> Run)>
        {
            ("Reference", t => WeightTranspose.Reference<T>(weights, inputs, outputs, stride, t, inputStride)),
            ("Invoke", t => WeightTranspose.Invoke<T>(weights, inputs, outputs, stride, t, inputStride)),
        };
        if (Avx.IsSupported) variants.Add(("AVX blocks", t => blocks(weights, stride, t, inputStride)));
        foreach ((string name, Action<T[]> run) in variants)
        {
            var actual = new T[outputs * inputStride];
            Array.Fill(actual, sentinel);
            run(actual);
            for (int i = 0; i < actual.Length; i++)
            {
                Assert.True(expected[i].Equals(actual[i]), $"{typeof(T).Name} {name} {inputs} x {outputs}: element {i} (output {i / inputStride}, input {i % inputStride}) is {actual[i]}, expected {expected[i]}");
            }
        }
        return variants.Count;
    }
}
