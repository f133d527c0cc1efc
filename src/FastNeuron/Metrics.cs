using System.Numerics;
using FastNeuron.Kernels;

namespace FastNeuron;

/// <summary>
/// The figures FastNeuron reports for a network's outputs against targets, each computed in one place, in float64,
/// rows in order, so that training's reports, <c>fastneuron train</c> and <c>fastneuron evaluate</c> print the same
/// numbers for the same model and data. Outputs and targets are row-major (rows × units).
/// </summary>
public static class Metrics
{
    /// <summary>
    /// The mean over rows of the loss training minimises: for <see cref="Loss.SquaredError"/>, ½ Σⱼ (y − o)² per row
    /// (half the squared error, summed over outputs); for <see cref="Loss.CrossEntropy"/>, −Σⱼ y·log o per row, or
    /// −(y·log o + (1 − y)·log(1 − o)) for one sigmoid output, with o at least 1e-300 and FastNeuron's own log, so
    /// the value is the same on every machine. <see cref="LossName"/> says which.
    /// </summary>
    public static double MeanLoss<T>(Loss loss, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = CheckShapes(outputs.Length, targets.Length, units);
        if (rows == 0) return 0;
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            total += RowLoss(loss, outputs.Slice(i * units, units), targets.Slice(i * units, units));
        }
        return total / rows;
    }

    /// <summary>What <see cref="MeanLoss"/> computes for <paramref name="loss"/>, for labels: "cross-entropy" or "½·squared error".</summary>
    public static string LossName(Loss loss) => loss switch
    {
        Loss.SquaredError => "½·squared error",
        Loss.CrossEntropy => "cross-entropy",
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Not a defined Loss."),
    };

    /// <summary>
    /// The fraction of rows whose largest output is at the target's largest (the first of equals); with one output,
    /// the rows where output and target lie on the same side of ½. A row with a NaN or infinite output has no class
    /// and counts as wrong.
    /// </summary>
    public static double Accuracy<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = CheckShapes(outputs.Length, targets.Length, units);
        if (rows == 0) return 0;
        int correct = 0;
        for (int i = 0; i < rows; i++)
        {
            if (IsRight(outputs.Slice(i * units, units), targets.Slice(i * units, units))) correct++;
        }
        return (double)correct / rows;
    }

    /// <summary>The mean over every value of (y − o)², in float64.</summary>
    public static double MeanSquaredError<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShapes(outputs.Length, targets.Length, 1);
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            double error = double.CreateChecked(targets[i]) - double.CreateChecked(outputs[i]);
            sum += error * error;
        }
        return outputs.Length == 0 ? 0 : sum / outputs.Length;
    }

    /// <summary>The mean over every value of |y − o|, in float64.</summary>
    public static double MeanAbsoluteError<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShapes(outputs.Length, targets.Length, 1);
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            sum += Math.Abs(double.CreateChecked(targets[i]) - double.CreateChecked(outputs[i]));
        }
        return outputs.Length == 0 ? 0 : sum / outputs.Length;
    }

    /// <summary>
    /// R² = 1 − Σ (y − o)² / Σ (y − ȳ)² over every value (one output's coefficient of determination); NaN when the
    /// targets do not vary.
    /// </summary>
    public static double RSquared<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShapes(outputs.Length, targets.Length, 1);
        if (outputs.Length == 0) return double.NaN;
        double mean = 0;
        for (int i = 0; i < targets.Length; i++) mean += double.CreateChecked(targets[i]);
        mean /= targets.Length;
        double residual = 0, total = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            double y = double.CreateChecked(targets[i]);
            double error = y - double.CreateChecked(outputs[i]);
            residual += error * error;
            total += (y - mean) * (y - mean);
        }
        return total > 0 ? 1 - residual / total : double.NaN;
    }

    /// <summary>The index of the largest value; the first of equals; 0 for an empty span.</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> values)
        where T : IComparisonOperators<T, T, bool>
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++)
        {
            if (values[j] > values[best]) best = j;
        }
        return best;
    }

    /// <summary>One row's loss; see <see cref="MeanLoss"/>.</summary>
    internal static double RowLoss<T>(Loss loss, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int j = 0; j < outputs.Length; j++)
        {
            double o = double.CreateChecked(outputs[j]), y = double.CreateChecked(targets[j]);
            if (loss == Loss.SquaredError)
            {
                sum += 0.5 * (y - o) * (y - o);
            }
            else if (outputs.Length == 1)
            {
                sum -= y * LogDouble.Log(Math.Max(o, 1e-300)) + (1 - y) * LogDouble.Log(Math.Max(1 - o, 1e-300));
            }
            else if (y != 0)
            {
                // Only the classes the target holds contribute: one log per row for one-hot targets.
                sum -= y * LogDouble.Log(Math.Max(o, 1e-300));
            }
        }
        return sum;
    }

    /// <summary>Whether one row counts as right for <see cref="Accuracy"/>.</summary>
    internal static bool IsRight<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // A NaN is neither above ½ nor the largest: it would fall to class 0. A row that is not finite has no class.
        if (Common.Checks.IndexOfNonFinite(outputs) >= 0) return false;
        if (outputs.Length == 1)
        {
            T half = T.CreateChecked(0.5);
            return (outputs[0] > half) == (targets[0] > half);
        }
        return ArgMax(outputs) == ArgMax(targets);
    }

    private static int CheckShapes(int outputs, int targets, int units)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        if (outputs != targets)
        {
            throw new ArgumentException($"outputs has {outputs} values but targets has {targets}; they must match.", nameof(targets));
        }
        if (outputs % units != 0)
        {
            throw new ArgumentException($"outputs has {outputs} values, not a whole number of rows of {units} units.", nameof(outputs));
        }
        return outputs / units;
    }
}
