using Kairos.Host.Operations.Cli;

return await KairosCli.RunAsync(args).ConfigureAwait(false);
