using Kairos.Host.Cli;

return await KairosCli.RunAsync(args).ConfigureAwait(false);
