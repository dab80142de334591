// The benchmark's script job (cold start, script edits): prints a marker line with its revision when it runs.
//
// kairos: id = bench.script
// kairos: description = Benchmark marker
// kairos: cron = 0 0 0 1 1 *
// kairos: overlap = allow
Console.WriteLine("KAIROS_BENCH_FIRED script REVISION");
