namespace Kairos;

/// <summary>One loaded plugin or script.</summary>
public sealed class SourceInfo
{
    /// <summary>The plugin's name or the script's file name.</summary>
    public required string Name { get; init; }

    /// <summary>The file's full path.</summary>
    public required string Path { get; init; }

    /// <summary>The loaded version (a content hash), or <see langword="null"/> when none loaded.</summary>
    public string? Version { get; init; }

    /// <summary>The jobs it declares.</summary>
    public IReadOnlyList<string> JobIds { get; init; } = [];

    /// <summary>Why its current file does not load, or <see langword="null"/>.</summary>
    public string? Problem { get; init; }
}
