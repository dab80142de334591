namespace Kairos.Host.Plugins.Discovery;

/// <summary>How plugin files are named in messages: relative to the working directory when below it.</summary>
internal static class PluginPaths
{
    public static string Display(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
