using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project bench/FastNeuron.Benchmarks -- --filter '*'      (all, default ISA)
//        ... -- --isa --filter '*Kernel*'   the same benchmarks once per instruction-set job (see below)
//        ... -- --job Dry --filter '*'      CI: build and run each benchmark once, no timing claims
// bench/run-cpu.sh runs the suite the way docs/benchmarks/<cpu>/ is made.
bool isaJobs = args.Contains("--isa");
args = args.Where(a => a != "--isa").ToArray();

var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median)
    .AddColumn(RankColumn.Arabic)
    .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
    .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams, BenchmarkLogicalGroupRule.ByJob);
if (!args.Contains("--job"))
{
    // Enough iterations for a stable median on a noisy 2-core machine, short ones so that the suite runs in minutes.
    Job measured = Job.Default.WithWarmupCount(3).WithIterationCount(15)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(150));
    if (isaJobs)
    {
        // What older CPUs would see, on this one. Each job's actual ISA is in the results' environment lines
        // (BenchmarkDotNet prints the runtime's hardware intrinsics per job), and the tests assert that these
        // switches take effect.
        config = config
            .AddJob(measured.WithId("Native"))
            .AddJob(measured.WithEnvironmentVariable("DOTNET_PreferredVectorBitWidth", "128").WithId("Vector128"))
            .AddJob(measured.WithEnvironmentVariable("DOTNET_EnableAVX2", "0").WithId("NoAVX2"))
            .AddJob(measured.WithEnvironmentVariable("DOTNET_EnableHWIntrinsic", "0").WithId("NoSIMD"));
        if (Avx512F.IsSupported)
        {
            config = config.AddJob(measured.WithEnvironmentVariable("DOTNET_EnableAVX512", "0").WithId("NoAVX512"));
        }
    }
    else
    {
        config = config.AddJob(measured.AsDefault());
    }
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
