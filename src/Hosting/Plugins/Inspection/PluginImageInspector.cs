using System.Diagnostics.CodeAnalysis;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Kairos.Host.Plugins.Inspection;

/// <summary>
/// Reads a plugin's main assembly as metadata, before anything is loaded: is it a .NET assembly at all, and which
/// <c>Kairos.Abstractions</c> was it built against? A plugin built against a newer or other major version would get
/// its own copy of the contract, and its jobs would silently not be jobs of this host (McMaster issue #242).
/// </summary>
internal static class PluginImageInspector
{
    private const string AbstractionsName = "Kairos.Abstractions";

    public static Version HostAbstractionsVersion { get; } = typeof(IJob).Assembly.GetName().Version!;

    /// <summary>Checks the image; <paramref name="error"/> names the cause (the caller adds the file).</summary>
    public static bool TryInspect(string path, [NotNullWhen(false)] out string? error)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                error = "not a .NET assembly (it has no .NET metadata; a native library cannot be a plugin)";
                return false;
            }
            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                error = "not a .NET assembly (it is a module without an assembly manifest)";
                return false;
            }
            Version? referenced = null;
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                if (reader.StringComparer.Equals(reference.Name, AbstractionsName))
                {
                    referenced = reference.Version;
                }
            }
            if (referenced is null)
            {
                error = $"contains no jobs: it does not reference {AbstractionsName}; a plugin references it and declares public classes implementing Kairos.IJob with [Job(\"id\")]";
                return false;
            }
            error = CheckCompatible(referenced);
            return error is null;
        }
        catch (BadImageFormatException e)
        {
            error = $"not a valid .NET assembly: {e.Message}";
            return false;
        }
    }

    /// <summary>
    /// The contract's assembly version changes only with a breaking change, so a plugin works when it was built
    /// against the same major version and not a newer one.
    /// </summary>
    public static string? CheckCompatible(Version referenced)
    {
        var host = HostAbstractionsVersion;
        return referenced.Major == host.Major && referenced <= host
            ? null
            : IncompatibleMessage(referenced);
    }

    public static string IncompatibleMessage(Version? referenced) =>
        $"built against {AbstractionsName} {referenced?.ToString() ?? "(unknown version)"}, host has {HostAbstractionsVersion}: rebuild the plugin against the host's {AbstractionsName}";
}
