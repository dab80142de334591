using System.Runtime.CompilerServices;
using Kairos.Host.Catalog;
using Kairos.Host.Scripts.Loading;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Sources.Retiring;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scripts;

/// <summary>
/// What retiring a script version means (the steps <see cref="VersionRetirer{TVersion}"/> runs): a version is one
/// job's handler; unloading detaches its loaded script from it; the counters count the unload and its check.
/// </summary>
internal sealed class ScriptRetirement(ScriptStatusBoard board, ILogger<ScriptRetirement> logger) : IVersionRetirement<ScriptJobHandler>
{
    public IReadOnlyList<JobHandler> Handlers(ScriptJobHandler handler) => [handler];

    public void Started(ScriptJobHandler handler)
    {
    }

    public void DrainTimedOut(ScriptJobHandler handler, TimeSpan grace) =>
        ScriptLog.DrainTimedOut(logger, handler.Definition.Id, handler.Version, handler.InFlight);

    public void RunsIgnoreCancellation(ScriptJobHandler handler, TimeSpan grace)
    {
        // The runs' own timeout records them; the leak check below reports the context they keep alive.
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference? Unload(ScriptJobHandler handler)
    {
        if (handler.Detach() is not { } loaded)
        {
            return null;
        }
        board.Counters.UnloadStarted();
        return loaded.Unload();
    }

    public void Retired(ScriptJobHandler handler, bool? collected)
    {
        board.Counters.UnloadVerified(collected == true);
        if (collected == true)
        {
            ScriptLog.Collected(logger, handler.Definition.Id, handler.Version);
        }
        else
        {
            ScriptLog.Leaked(logger, handler.Definition.Id, handler.Version, handler.InFlight);
        }
        board.Touch();
    }

    public void Discarded(ScriptJobHandler handler, bool? collected) => Retired(handler, collected);
}
