using Kairos.Bench;

return await BenchProgram.MainAsync(args).ConfigureAwait(false);
