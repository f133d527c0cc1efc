using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastNeuron.Common;

namespace FastNeuron.Training;

/// <summary>The per-parameter constants of one optimizer step.</summary>
internal readonly record struct StepConstants<T>(T Rate, T Scale, T Momentum, T Correction1, T Correction2)
    where T : unmanaged;

/// <summary>
/// One optimizer step over a parameter array, element by element, written once against <see cref="ISimdOps{TVec, T}"/>.
/// Every element's update is a fixed sequence of rounded operations (no fused multiply-add, no estimates), so the
/// scalar reference and every width give the same bits. g = summed·scale is the batch's mean descent direction.
/// </summary>
internal static class OptimizerSteps
{
    /// <summary>
    /// destination = w after one step. destination may be w itself; a separate one lets the caller keep w when the
    /// step gives a non-finite weight.
    /// </summary>
    public static void Step<T>(Optimizer optimizer, ReadOnlySpan<T> w, ReadOnlySpan<T> summed, Span<T> first, Span<T> second, in StepConstants<T> c, Span<T> destination, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool usesFirst = optimizer != Optimizer.Sgd, usesSecond = optimizer is Optimizer.Adam or Optimizer.Rprop;
        if (summed.Length < w.Length || (usesFirst && first.Length < w.Length) || (usesSecond && second.Length < w.Length) || destination.Length < w.Length)
        {
            throw new ArgumentException("An optimizer step needs gradient and state arrays as long as the weights (SGD has no state; momentum only the first).");
        }
        var action = new StepAction<T>(optimizer, w, summed, first, second, c, destination);
        WidthDispatch.Run<T, StepAction<T>>(width, ref action);
    }

    private static void Step<T, TVec, TOps>(Optimizer optimizer, ReadOnlySpan<T> w, ReadOnlySpan<T> summed, Span<T> first, Span<T> second, in StepConstants<T> c, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        ref T gr = ref MemoryMarshal.GetReference(summed);
        ref T fr = ref MemoryMarshal.GetReference(first);
        ref T sr = ref MemoryMarshal.GetReference(second);
        int whole = w.Length - w.Length % TOps.Count;
        switch (optimizer)
        {
            case Optimizer.Sgd: Sgd<T, TVec, TOps>(ref wr, ref gr, ref dr, whole, c); Sgd<T, T, ScalarOps<T>>(ref Unsafe.Add(ref wr, whole), ref Unsafe.Add(ref gr, whole), ref Unsafe.Add(ref dr, whole), w.Length - whole, c); break;
            case Optimizer.Momentum:
                Momentum<T, TVec, TOps>(ref wr, ref gr, ref fr, ref dr, whole, c);
                Momentum<T, T, ScalarOps<T>>(ref Unsafe.Add(ref wr, whole), ref Unsafe.Add(ref gr, whole), ref Unsafe.Add(ref fr, whole), ref Unsafe.Add(ref dr, whole), w.Length - whole, c);
                break;
            case Optimizer.Adam:
                Adam<T, TVec, TOps>(ref wr, ref gr, ref fr, ref sr, ref dr, whole, c);
                Adam<T, T, ScalarOps<T>>(ref Unsafe.Add(ref wr, whole), ref Unsafe.Add(ref gr, whole), ref Unsafe.Add(ref fr, whole), ref Unsafe.Add(ref sr, whole), ref Unsafe.Add(ref dr, whole), w.Length - whole, c);
                break;
            default:
                Rprop<T, TVec, TOps>(ref wr, ref gr, ref fr, ref sr, ref dr, whole);
                Rprop<T, T, ScalarOps<T>>(ref Unsafe.Add(ref wr, whole), ref Unsafe.Add(ref gr, whole), ref Unsafe.Add(ref fr, whole), ref Unsafe.Add(ref sr, whole), ref Unsafe.Add(ref dr, whole), w.Length - whole);
                break;
        }
    }

    /// <summary>w ← w + rate·(summed·scale).</summary>
    private static void Sgd<T, TVec, TOps>(ref T w, ref T summed, ref T destination, int length, in StepConstants<T> c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
    {
        TVec rate = TOps.Create(c.Rate), scale = TOps.Create(c.Scale);
        for (int j = 0; j < length; j += TOps.Count)
        {
            TVec g = TOps.Multiply(TOps.Load(ref summed, (nuint)j), scale);
            TOps.Store(TOps.Add(TOps.Load(ref w, (nuint)j), TOps.Multiply(rate, g)), ref destination, (nuint)j);
        }
    }

    /// <summary>v ← μ·v + rate·g; w ← w + v.</summary>
    private static void Momentum<T, TVec, TOps>(ref T w, ref T summed, ref T velocity, ref T destination, int length, in StepConstants<T> c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
    {
        TVec rate = TOps.Create(c.Rate), scale = TOps.Create(c.Scale), mu = TOps.Create(c.Momentum);
        for (int j = 0; j < length; j += TOps.Count)
        {
            TVec g = TOps.Multiply(TOps.Load(ref summed, (nuint)j), scale);
            TVec v = TOps.Add(TOps.Multiply(mu, TOps.Load(ref velocity, (nuint)j)), TOps.Multiply(rate, g));
            TOps.Store(v, ref velocity, (nuint)j);
            TOps.Store(TOps.Add(TOps.Load(ref w, (nuint)j), v), ref destination, (nuint)j);
        }
    }

    /// <summary>m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w + rate·(m/c₁)/(√(v/c₂) + ε), β₁ 0.9, β₂ 0.999, ε 1e-8.</summary>
    private static void Adam<T, TVec, TOps>(ref T w, ref T summed, ref T firstMoment, ref T secondMoment, ref T destination, int length, in StepConstants<T> c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
    {
        TVec rate = TOps.Create(c.Rate), scale = TOps.Create(c.Scale);
        TVec beta1 = TOps.Create(T.CreateChecked(0.9)), beta2 = TOps.Create(T.CreateChecked(0.999));
        TVec oneMinusBeta1 = TOps.Create(T.One - T.CreateChecked(0.9)), oneMinusBeta2 = TOps.Create(T.One - T.CreateChecked(0.999));
        TVec epsilon = TOps.Create(T.CreateChecked(1e-8)), correction1 = TOps.Create(c.Correction1), correction2 = TOps.Create(c.Correction2);
        for (int j = 0; j < length; j += TOps.Count)
        {
            TVec g = TOps.Multiply(TOps.Load(ref summed, (nuint)j), scale);
            TVec m = TOps.Add(TOps.Multiply(beta1, TOps.Load(ref firstMoment, (nuint)j)), TOps.Multiply(oneMinusBeta1, g));
            TVec v = TOps.Add(TOps.Multiply(beta2, TOps.Load(ref secondMoment, (nuint)j)), TOps.Multiply(oneMinusBeta2, TOps.Multiply(g, g)));
            TOps.Store(m, ref firstMoment, (nuint)j);
            TOps.Store(v, ref secondMoment, (nuint)j);
            TVec step = TOps.Divide(TOps.Multiply(rate, TOps.Divide(m, correction1)), TOps.Add(TOps.Sqrt(TOps.Divide(v, correction2)), epsilon));
            TOps.Store(TOps.Add(TOps.Load(ref w, (nuint)j), step), ref destination, (nuint)j);
        }
    }

    /// <summary>
    /// iRprop−, on the summed gradient: where g·previous &gt; 0 the step grows ×1.2 (at most 50), where it is &lt; 0 the step
    /// shrinks ×0.5 (at least 1e-6) and g counts as 0; w moves by the step in g's direction; previous ← g.
    /// </summary>
    private static void Rprop<T, TVec, TOps>(ref T w, ref T summed, ref T previous, ref T steps, ref T destination, int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
    {
        TVec zero = TOps.Create(T.Zero), up = TOps.Create(T.CreateChecked(1.2)), down = TOps.Create(T.CreateChecked(0.5));
        TVec max = TOps.Create(T.CreateChecked(50)), min = TOps.Create(T.CreateChecked(1e-6));
        for (int j = 0; j < length; j += TOps.Count)
        {
            TVec g = TOps.Load(ref summed, (nuint)j);
            TVec product = TOps.Multiply(g, TOps.Load(ref previous, (nuint)j));
            TVec step = TOps.Load(ref steps, (nuint)j);
            TVec grown = TOps.Multiply(step, up);
            grown = TOps.SelectWhereLessThanOrEqual(grown, max, grown, max);
            TVec shrunk = TOps.Multiply(step, down);
            shrunk = TOps.SelectWhereGreaterThanOrEqual(shrunk, min, shrunk, min);
            // product ≤ 0 keeps or shrinks the step; product > 0 grows it. Then product ≥ 0 keeps it, < 0 shrinks it.
            step = TOps.SelectWhereLessThanOrEqual(product, zero, TOps.SelectWhereGreaterThanOrEqual(product, zero, step, shrunk), grown);
            g = TOps.SelectWhereGreaterThanOrEqual(product, zero, g, zero);
            TVec move = TOps.SelectWhereLessThanOrEqual(g, zero, TOps.SelectWhereGreaterThanOrEqual(g, zero, zero, TOps.Subtract(zero, step)), step);
            TOps.Store(step, ref steps, (nuint)j);
            TOps.Store(g, ref previous, (nuint)j);
            TOps.Store(TOps.Add(TOps.Load(ref w, (nuint)j), move), ref destination, (nuint)j);
        }
    }

    private readonly ref struct StepAction<T>(Optimizer optimizer, ReadOnlySpan<T> w, ReadOnlySpan<T> summed, Span<T> first, Span<T> second, StepConstants<T> c, Span<T> destination) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly Optimizer _optimizer = optimizer;
        private readonly ReadOnlySpan<T> _w = w, _summed = summed;
        private readonly Span<T> _first = first, _second = second, _destination = destination;
        private readonly StepConstants<T> _c = c;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => Step<T, TVec, TOps>(_optimizer, _w, _summed, _first, _second, _c, _destination);
    }
}
