using System.Runtime.Intrinsics;
using FastNeuron.Common;

namespace FastNeuron.Tests;

/// <summary>
/// A kernel called without a width runs at <see cref="VectorWidths.Best"/> through <c>WidthDispatch.RunBest</c>, which
/// the JIT folds to one direct call: the same instantiation, and so the same bits, as naming that width.
/// </summary>
public class DefaultWidthTests
{
    [Fact]
    public void NoWidthRunsTheLaneTypeOfTheBestWidth()
    {
        var action = new LaneTypeAction();
        WidthDispatch.Run<float, LaneTypeAction>(null, ref action);
        Type expected = VectorWidths.Best switch
        {
            VectorWidth.Vector512 => typeof(Vector512<float>),
            VectorWidth.Vector256 => typeof(Vector256<float>),
            VectorWidth.Vector128 => typeof(Vector128<float>),
            _ => typeof(float),
        };
        Assert.Equal(expected, action.Seen);
        foreach (VectorWidth width in VectorWidths.All)
        {
            var named = new LaneTypeAction();
            WidthDispatch.Run<float, LaneTypeAction>(width, ref named);
            Assert.Equal(width switch { VectorWidth.Vector512 => 16, VectorWidth.Vector256 => 8, VectorWidth.Vector128 => 4, _ => 1 }, named.Lanes);
        }
    }

    [Fact]
    public void EveryPublicKernelGivesTheBestWidthsBitsWithoutAWidth()
    {
        var random = new Random(64);
        float[] x = TestData.Values<float>(random, 203), y = TestData.Values<float>(random, 203);
        float[] batch = TestData.Values<float>(random, 7 * 203, specials: false), deltas = TestData.Values<float>(random, 7, specials: false);
        VectorWidth best = VectorWidths.Best;
        (string Name, Action<VectorWidth?, float[]> Kernel)[] kernels =
        [
            ("Sigmoid", (w, d) => NeuronKernels.Sigmoid<float>(x, d, w)),
            ("Exp", (w, d) => NeuronKernels.Exp<float>(x, d, w)),
            ("SigmoidFromOutputDerivative", (w, d) => NeuronKernels.SigmoidFromOutputDerivative<float>(x, d, w)),
            ("SigmoidDelta", (w, d) => NeuronKernels.SigmoidDelta<float>(x, y, d, w)),
            ("UpdateWeights", (w, d) => NeuronKernels.UpdateWeights<float>(x, y, 0.37f, d, w)),
            ("Gradient", (w, d) => NeuronKernels.Gradient<float>(batch, deltas, d, w)),
            ("WeightedSums", (w, d) => NeuronKernels.WeightedSums<float>(batch, x, d.AsSpan(0, 7), w)),
            ("WeightedSum", (w, d) => d[0] = NeuronKernels.WeightedSum<float>(x, y, w)),
        ];
        foreach (var (name, kernel) in kernels)
        {
            float[] named = new float[203], unnamed = new float[203];
            kernel(best, named);
            kernel(null, unnamed);
            TestData.AssertBitwiseEqual<float>(named, unnamed, $"{name} without a width against {best}");
        }
    }

    private struct LaneTypeAction : IWidthAction<float>
    {
        public Type? Seen;
        public int Lanes;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, float>
        {
            Seen = typeof(TVec);
            Lanes = TOps.Count;
        }
    }
}
