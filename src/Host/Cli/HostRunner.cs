using Kairos.Host.Hosting;
using Kairos.Host.Plugins;
using Kairos.Host.Scripts;
using Kairos.Host.Storage;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Telemetry;
using Kairos.Host.Text;
using Kairos.Web;
using Kairos.Web.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Cli;

/// <summary>
/// <c>kairos run</c>: a Generic Host with <see cref="KairosServiceCollectionExtensions.AddKairos"/>. Settings, later
/// ones winning: <c>kairos.json</c> (or <c>--config FILE</c>), <c>KAIROS_*</c> environment variables, command-line options.
/// Before the host starts, the settings are checked and the store is claimed, so a refusal is one line of its own.
/// </summary>
internal static partial class HostRunner
{
    public static async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        if (settings.ConfigFile is { } file && !File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"kairos: error: config file '{file}' does not exist").ConfigureAwait(false);
            return 1;
        }
        if (!(KebabCase.TryParse<StoreKind>(settings.Store, out var store, ignoreCase: true) && store == StoreKind.Postgres))
        {
            KairosBsonMapper.Prepare();
        }
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        Configure(builder.Configuration, settings, reload: true);
        CheckStoreAhead(builder.Configuration);
        AddConsoleLog(builder);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(5));
        builder.Services.AddKairos().AddKairosHttpServer();
        builder.Services.AddHostTelemetry(builder.Configuration);
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostRunner).FullName!);
        try
        {
            var options = CheckSettings(host.Services);
            // The store is this host's before anything loads: a second host on it stops here, having loaded nothing.
            host.Services.GetRequiredService<StoreClaim>().Acquire();
            // Plugins and scripts load while the store opens; the sources publish them as before.
            _ = host.Services.GetService<PluginJobSource>()?.Preload();
            _ = host.Services.GetService<ScriptJobSource>()?.Preload();
            if (!options.UsesPostgres)
            {
                _ = host.Services.GetRequiredService<LiteDbStore>();
            }
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (StoreOpenException e)
        {
            return await RefuseAsync(logger, e, [e.Message]).ConfigureAwait(false);
        }
        catch (SettingsException e)
        {
            return await RefuseAsync(logger, e, e.Problems).ConfigureAwait(false);
        }
        catch (OptionsValidationException e)
        {
            return await RefuseAsync(logger, e, [.. e.Failures]).ConfigureAwait(false);
        }
        catch (InvalidOperationException e) when (e.InnerException is StoreOpenException inner)
        {
            return await RefuseAsync(logger, e, [inner.Message]).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts the read-only check of an existing LiteDB store file (<see cref="StoreCheckAhead"/>) on another core while
    /// the host is built; the store's open takes its answer if the file has not changed since. Read from the settings as
    /// they stand: a path that ends up different is simply checked again at the open.
    /// </summary>
    private static void CheckStoreAhead(ConfigurationManager configuration)
    {
        var kairos = configuration.GetSection(KairosOptions.SectionName);
        if (KebabCase.TryParse<StoreKind>(kairos[nameof(KairosOptions.Store)], out var store, ignoreCase: true) && store == StoreKind.Postgres)
        {
            return;
        }
        StoreCheckAhead.Start(kairos[nameof(KairosOptions.DatabasePath)] is { Length: > 0 } path ? path : KairosOptions.DefaultDatabasePath);
    }

    /// <summary>The host's log on stderr, one line per event with a UTC time, filtered by the settings' <c>Logging</c> section.</summary>
    internal static void AddConsoleLog(HostApplicationBuilder builder)
    {
        // ASP.NET Core's per-request lines are noise in a scheduler's log; its warnings and errors stay (Logging can lower it).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    /// <summary>
    /// What <c>kairos run</c> turns on that an embedding application gets only when it asks (see
    /// <see cref="KairosOptions"/>): the <c>plugins</c> and <c>scripts</c> folders of the working directory and the
    /// control API the CLI talks to. The lowest layer, so <c>kairos.json</c>, variables and options still override it.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string?> ExecutableDefaults = new Dictionary<string, string?>
    {
        [KairosOptions.SectionName + ":" + nameof(KairosOptions.PluginsPath)] = "plugins",
        [KairosOptions.SectionName + ":" + nameof(KairosOptions.ScriptsPath)] = "scripts",
    };

    /// <summary>The settings of the host, each bad value one problem (they are all reported together).</summary>
    internal static KairosOptions CheckSettings(IServiceProvider services)
    {
        var problems = new List<string>();
        T? Read<T>() where T : class
        {
            try
            {
                return services.GetRequiredService<IOptions<T>>().Value;
            }
            catch (OptionsValidationException e)
            {
                problems.AddRange(e.Failures);
                return null;
            }
        }
        var kairos = Read<KairosOptions>();
        _ = Read<ClusterOptions>();
        _ = Read<KairosHttpOptions>();
        _ = Read<TelemetryOptions>();
        return problems.Count > 0 ? throw new SettingsException(problems) : kairos!;
    }

    /// <summary>One line per problem on stderr; the exception, with its stack, only at debug level.</summary>
    private static async Task<int> RefuseAsync(ILogger logger, Exception e, IReadOnlyList<string> problems)
    {
        LogRefused(logger, e);
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync($"kairos: error: {problem}").ConfigureAwait(false);
        }
        return 1;
    }

    /// <param name="configuration">Where the settings are added.</param>
    /// <param name="settings">The command line's options.</param>
    /// <param name="reload">Watch the settings file (a running host): its changes apply live (job overrides, start conditions).</param>
    internal static void Configure(IConfigurationBuilder configuration, RunSettings settings, bool reload = false)
    {
        configuration.AddInMemoryCollection(ExecutableDefaults);
        SettingsFile.Add(configuration, Path.GetFullPath(settings.ConfigFile ?? "kairos.json"), optional: settings.ConfigFile is null, reload);
        var environment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (name.StartsWith("KAIROS_", StringComparison.OrdinalIgnoreCase))
            {
                environment[KairosOptions.SectionName + ":" + name["KAIROS_".Length..].Replace("__", ":", StringComparison.Ordinal)] = (string?)entry.Value;
            }
        }
        configuration.AddInMemoryCollection(environment);
        var overrides = new Dictionary<string, string?>();
        void Set(string key, string? value)
        {
            if (value is not null)
            {
                overrides[KairosOptions.SectionName + ":" + key] = value;
            }
        }
        Set(nameof(KairosOptions.DatabasePath), settings.Database);
        Set(nameof(KairosOptions.PluginsPath), settings.Plugins);
        Set(nameof(KairosOptions.ScriptsPath), settings.Scripts);
        Set(nameof(KairosOptions.Store), settings.Store);
        Set(nameof(KairosOptions.ConnectionString), settings.Connection);
        Set(nameof(KairosOptions.CreateStore), settings.Create ? "true" : null);
        Set("Http:Urls", settings.Http);
        configuration.AddInMemoryCollection(overrides);
    }

    [LoggerMessage(EventId = 121, Level = LogLevel.Debug, Message = "The host did not start")]
    private static partial void LogRefused(ILogger logger, Exception exception);
}

/// <summary>The options of <c>kairos run</c>; null means "not given".</summary>
internal sealed record RunSettings(
    string? Plugins, string? Scripts, string? Database, string? ConfigFile, string? Store = null, string? Connection = null, bool Create = false,
    string? Http = null);
