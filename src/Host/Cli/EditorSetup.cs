using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kairos.Host.Operations;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Editor;

namespace Kairos.Host.Cli;

/// <summary>
/// <c>kairos scripts init-editor</c>: writes into the scripts folder what OmniSharp (VS Code's C# extension with
/// OmniSharp, and other editors using it) needs for IntelliSense in <c>.csx</c> files: <c>omnisharp.json</c>
/// (script support on, <c>net10.0</c>, the response file) and <c>.kairos/</c> with <c>kairos.rsp</c> (a reference to each
/// assembly scripts share with the host, copied beside it, and a <c>/u:</c> for each default import
/// (<see cref="EditorGlobals.Imports"/>), plus the static import of <see cref="EditorGlobals"/>). Idempotent: a file
/// equal to what would be written is left alone; one changed since Kairos wrote it (<c>.kairos/init-editor.json</c> keeps
/// the hash of each file written) is kept unless <c>--force</c>.
/// </summary>
internal static class EditorSetup
{
    public const string FolderName = ".kairos";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    public const string ManifestName = "init-editor.json";

    public static int Run(string? scripts, string? configFile, bool force, TextWriter output)
    {
        var folder = scripts ?? StoreSettings.Resolve(null, configFile, null, null).Kairos.ScriptsPath;
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new OperationException("scripts are off (Kairos:ScriptsPath is empty): pass --scripts DIR");
        }
        var written = Write(Path.GetFullPath(folder), force);
        foreach (var (path, what) in written)
        {
            output.WriteLine($"{what,-9} {path}");
        }
        if (written.Any(w => w.What == Kept))
        {
            Console.Error.WriteLine("kairos: warning: files changed since Kairos wrote them were kept: --force overwrites them");
        }
        return 0;
    }

    public const string Wrote = "wrote";
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";
    public const string Kept = "kept";

    /// <summary>Writes the files; for each, its full path and <see cref="Wrote"/>, <see cref="Updated"/>, <see cref="Unchanged"/> or <see cref="Kept"/>.</summary>
    public static IReadOnlyList<(string Path, string What)> Write(string scriptsFolder, bool force)
    {
        var kairos = Path.Combine(scriptsFolder, FolderName);
        Directory.CreateDirectory(kairos);
        var manifestPath = Path.Combine(kairos, ManifestName);
        var manifest = File.Exists(manifestPath)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(manifestPath)) ?? []
            : [];
        var files = new List<(string Path, byte[] Content)>();
        var references = new List<string>();
        foreach (var assembly in ScriptReferences.SharedAssemblies)
        {
            var target = Path.Combine(kairos, Path.GetFileName(assembly.Location));
            files.Add((target, File.ReadAllBytes(assembly.Location)));
            references.Add(target);
        }
        var scriptReferences = new ScriptReferences();
        var (image, documentation) = EditorGlobals.Compile(scriptReferences);
        var globals = Path.Combine(kairos, EditorGlobals.AssemblyName + ".dll");
        files.Add((globals, image));
        files.Add((Path.ChangeExtension(globals, ".xml"), documentation));
        references.Add(globals);
        var rsp = Path.Combine(kairos, "kairos.rsp");
        var rspText = new StringBuilder("# Written by 'kairos scripts init-editor': what a Kairos script compiles against, for the editor.\n");
        foreach (var reference in references)
        {
            rspText.Append(CultureInfo.InvariantCulture, $"/r:\"{reference}\"\n");
        }
        foreach (var import in EditorGlobals.Imports(scriptReferences).Append(EditorGlobals.TypeName))
        {
            rspText.Append(CultureInfo.InvariantCulture, $"/u:{import}\n");
        }
        files.Add((rsp, Encoding.UTF8.GetBytes(rspText.ToString())));
        var omnisharp = new JsonObject
        {
            ["script"] = new JsonObject
            {
                ["enabled"] = true,
                ["defaultTargetFramework"] = "net10.0",
                ["enableScriptNuGetReferences"] = false,
                ["rspFilePath"] = rsp,
            },
        };
        files.Add((Path.Combine(scriptsFolder, "omnisharp.json"),
            Encoding.UTF8.GetBytes(omnisharp.ToJsonString(Indented) + "\n")));

        var results = new List<(string, string)>();
        foreach (var (path, content) in files)
        {
            var key = Path.GetRelativePath(scriptsFolder, path).Replace('\\', '/');
            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            string what;
            if (!File.Exists(path))
            {
                what = Wrote;
            }
            else
            {
                var current = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
                what = current == hash ? Unchanged
                    : force || (manifest.TryGetValue(key, out var ours) && ours == current) ? Updated
                    : Kept;
            }
            if (what is Wrote or Updated)
            {
                File.WriteAllBytes(path, content);
            }
            if (what != Kept)
            {
                manifest[key] = hash;
            }
            results.Add((path, what));
        }
        File.WriteAllText(manifestPath, JsonSerializer.Serialize(manifest, Indented) + "\n");
        return results;
    }
}
