using System.Runtime.CompilerServices;
using Kairos.Host.Catalog;
using Kairos.Host.Sources.Retiring;

namespace Kairos.Tests.Fakes;

/// <summary>
/// A retirement that records each call as <c>"call version"</c> (<c>"retired version:collected"</c>), in order, and
/// unloads nothing: <see cref="Unload"/> hands back a reference that is already unreachable, so the verifier sees a
/// version collected at once.
/// </summary>
internal sealed class RecordingRetirement<TVersion>(Func<TVersion, IReadOnlyList<JobHandler>>? handlers = null) : IVersionRetirement<TVersion>
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<JobHandler> Handlers(TVersion version) => handlers?.Invoke(version) ?? [];

    public void Started(TVersion version) => Add($"started {version}");

    public void DrainTimedOut(TVersion version, TimeSpan grace) => Add($"drain-timed-out {version}");

    public void RunsIgnoreCancellation(TVersion version, TimeSpan grace) => Add($"runs-ignore-cancellation {version}");

    public WeakReference? Unload(TVersion version)
    {
        Add($"unload {version}");
        return Unreferenced();
    }

    public void Retired(TVersion version, bool? collected) => Add($"retired {version}:{collected}");

    public void Discarded(TVersion version, bool? collected) => Add($"discarded {version}:{collected}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Unreferenced() => new(new object());

    private void Add(string call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }
    }
}
