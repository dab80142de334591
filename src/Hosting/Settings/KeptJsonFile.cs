using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Kairos.Host.Settings;

/// <summary>
/// A JSON settings file (<c>kairos.json</c>) reloaded when it changes, that keeps its last good settings when a reload
/// finds it unreadable: the file provider of Microsoft.Extensions.Configuration empties its settings then (a half-written
/// file, a typo), which would drop every override at once. Its first load fails as usual, so a bad file still stops the
/// host at start.
/// </summary>
internal sealed class KeptJsonFileSource(Func<Exception, string> describe) : JsonConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new KeptJsonFileProvider(this, describe);
    }
}

/// <summary>The provider of <see cref="KeptJsonFileSource"/>; <see cref="Problem"/> says why the last reload was refused.</summary>
internal sealed class KeptJsonFileProvider(JsonConfigurationSource source, Func<Exception, string> describe) : JsonConfigurationProvider(source)
{
    private volatile bool _loaded;
    private volatile string? _problem;

    /// <summary>Why the file's last reload was refused (its settings before it stay in force); null when it was read.</summary>
    public string? Problem => _problem;

    public override void Load()
    {
        base.Load();
        _loaded = true;
    }

    public override void Load(Stream stream)
    {
        if (!_loaded)
        {
            base.Load(stream);
            return;
        }
        var previous = Data;
        try
        {
            base.Load(stream);
            _problem = null;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidDataException)
        {
            Data = previous;
            _problem = describe(e);
        }
    }
}
