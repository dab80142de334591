namespace Kairos.Bench.Harness;

/// <summary>Where the built host, the bench plugin builds and the bench scripts are, found from the bench's own folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The <c>kairos</c> executable the out-of-process scenarios start: <c>KAIROS_BENCH_HOST</c> when set, otherwise the
    /// Release build of src/Host.
    /// </summary>
    public static string Host => Environment.GetEnvironmentVariable("KAIROS_BENCH_HOST") is { Length: > 0 } host
        ? Path.GetFullPath(host)
        : Path.Combine(Root, "src", "Host", "bin", "Release", "net10.0", "kairos");

    /// <summary>The bench plugin built as version N (<c>out/v1</c>, <c>out/v2</c>; bench/run.sh builds them).</summary>
    public static string PluginBuild(int version) => Path.Combine(Root, "bench", "plugins", "BenchPlugin", "out", $"v{version}");

    public static string Script => Path.Combine(Root, "bench", "scripts", "bench-cold.csx");

    /// <summary>Why the out-of-process scenarios cannot run, or null when everything they need is built.</summary>
    public static string? Missing()
    {
        if (!File.Exists(Host))
        {
            return $"the Release host '{Host}' is not built: run bench/run.sh (or dotnet build src/Host -c Release)";
        }
        foreach (var v in new[] { 1, 2 })
        {
            if (!File.Exists(Path.Combine(PluginBuild(v), "BenchPlugin.dll")))
            {
                return $"the bench plugin '{PluginBuild(v)}' is not built: run bench/run.sh";
            }
        }
        return null;
    }

    /// <summary>Copies a plugin build into <paramref name="pluginsDir"/>/BenchPlugin/ (the folder-per-plugin layout).</summary>
    public static void DeployPlugin(int version, string pluginsDir)
    {
        var target = Path.Combine(pluginsDir, "BenchPlugin");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(PluginBuild(version)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Plugins.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
