using System.Numerics;
using FastNeuron.Onnx.Import;
using OnnxProto = global::Onnx;

namespace FastNeuron.Onnx.Tests;

/// <summary>
/// The fixtures Fixtures/make_fixtures.py wrote (PyTorch and onnx.helper models with their inputs and outputs) and the
/// backend node tests of Debian's libonnx-testdata, read the same way: model.onnx and test_data_set_0/*.pb.
/// </summary>
internal static class OnnxFixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Model(string name) => Path.Combine(Folder, name, "model.onnx");

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string folder in Directory.GetDirectories(Folder).Where(f => File.Exists(Path.Combine(f, "model.onnx"))).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }
        return data;
    }

    /// <summary>A .pb tensor file of an ONNX test case.</summary>
    public static Tensor ReadTensor(string path)
    {
        var proto = OnnxProto.TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        return Tensor.Read(proto, problem => new InvalidDataException($"{path}: {problem}"));
    }

    public static (Tensor Input, Tensor Output) Case(string folder)
        => (ReadTensor(Path.Combine(folder, "test_data_set_0", "input_0.pb")), ReadTensor(Path.Combine(folder, "test_data_set_0", "output_0.pb")));

    public static T[] As<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => values.Select(T.CreateChecked).ToArray();

    /// <summary>
    /// The largest |actual − expected| over all outputs in units of the last place of the outputs' scale, the
    /// largest |expected| (an ulp of T at that magnitude): "a few ulps of the output scale".
    /// </summary>
    public static double UlpsOfScale<T>(ReadOnlySpan<T> actual, ReadOnlySpan<double> expected)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double scale = 0, error = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            error = Math.Max(error, Math.Abs(double.CreateChecked(actual[i]) - expected[i]));
        }
        double ulp = double.CreateChecked(T.BitIncrement(T.CreateChecked(scale)) - T.CreateChecked(scale));
        return error / ulp;
    }
}
