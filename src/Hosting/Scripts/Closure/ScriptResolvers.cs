using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace Kairos.Host.Scripts.Closure;

/// <summary>
/// The one place that says how <c>#load</c> and <c>#r</c> paths resolve (relative to the file that contains the
/// directive), shared by the closure reader and the compiler so both see the same files.
/// </summary>
internal static class ScriptResolvers
{
    public static SourceFileResolver Sources(string baseDirectory) => new(ImmutableArray<string>.Empty, baseDirectory);

    public static ScriptMetadataResolver Metadata(string baseDirectory) => ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory);

    public static IEnumerable<string> ResolveReference(ScriptMetadataResolver resolver, string reference, string containingFile) =>
        resolver.ResolveReference(reference, containingFile, MetadataReferenceProperties.Assembly)
            .Select(r => r.FilePath)
            .OfType<string>();
}
