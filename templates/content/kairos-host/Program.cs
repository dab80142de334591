using Kairos.Host.Hosting;
using KairosHost1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
// Kairos reads the "Kairos" section of the app's configuration: kairos.json in the working directory (the content
// root), then the environment (Kairos__MaxConcurrency=8) and the command line, later winning.
builder.Configuration.AddJsonFile("kairos.json", optional: true, reloadOnChange: true);
builder.Configuration.AddEnvironmentVariables();
builder.Configuration.AddCommandLine(args);

builder.Services.AddKairos(options =>
    {
        // Defaults of an embedding app, here or in kairos.json: no plugins, no scripts, no control API.
        // options.PluginsPath = "plugins";   // load and watch plugins in this folder: code with the app's full rights
        // options.ScriptsPath = "scripts";   // the same for .csx scripts
        // options.ControlApi = true;         // let the kairos CLI talk to this process (loopback, token beside the store)
    })
    .AddJob<HelloJob>();

await builder.Build().RunAsync();
