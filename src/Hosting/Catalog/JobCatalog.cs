using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Kairos.Host.Catalog.Settings;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Catalog;

/// <summary>
/// The job ids this host can run now and the handler (loaded version) of each. Sources publish their whole set of
/// handlers at once; a newer publish of a source replaces its older one atomically, so new fires go to the new
/// version at once. A job id already published by another source is refused for the second source and reported.
/// Each handler is put under the configuration (<see cref="JobSettings"/>: overrides and start conditions) when it is
/// published, and again when the configuration reloads; the jobs that changed are then published anew.
/// </summary>
internal sealed class JobCatalog : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SourceEntry> _sources = new(StringComparer.Ordinal);
    private readonly JobSettings? _settings;
    private volatile CatalogSnapshot _current = CatalogSnapshot.Empty;

    public JobCatalog(JobSettings? settings = null)
    {
        _settings = settings;
        if (_settings is not null)
        {
            _settings.Changed += Reconfigure;
        }
    }

    /// <summary>Raised after every change, outside the catalog's lock, with the new snapshot and the jobs published.</summary>
    public event Action<CatalogChange>? Changed;

    public CatalogSnapshot Current => _current;

    public bool TryGetHandler(string jobId, [MaybeNullWhen(false)] out JobHandler handler) =>
        _current.Handlers.TryGetValue(jobId, out handler);

    /// <summary>
    /// Replaces everything <paramref name="source"/> provides. Returns the problems of this publish, including
    /// a conflict for every job id that another source already provides (that job stays with the first source).
    /// </summary>
    public IReadOnlyList<SourceProblem> Publish(string source, IReadOnlyList<JobHandler> handlers, IReadOnlyList<SourceProblem> problems)
    {
        CatalogChange change;
        var allProblems = new List<SourceProblem>(problems);
        lock (_gate)
        {
            var accepted = new Dictionary<string, JobHandler>(StringComparer.Ordinal);
            foreach (var handler in handlers)
            {
                var id = handler.Definition.Id;
                var owner = _sources.Values.FirstOrDefault(s => s.Name != source && s.Handlers.ContainsKey(id));
                if (owner is not null)
                {
                    allProblems.Add(new SourceProblem(source, id,
                        $"job id '{id}' is already declared by {owner.Name}; this declaration is ignored until that one is removed"));
                    continue;
                }
                if (ChainCycleOf(handler, source, accepted) is { } cycle)
                {
                    allProblems.Add(new SourceProblem(source, id, ChainCycles.Describe(id, cycle)));
                    continue;
                }
                if (!accepted.TryAdd(id, handler))
                {
                    allProblems.Add(new SourceProblem(source, id, $"job id '{id}' is declared twice in {source}; the first declaration is used"));
                }
                else if (_settings is not null)
                {
                    handler.Effective = _settings.Apply(handler.Declared);
                }
            }
            _sources[source] = new SourceEntry(source, accepted, allProblems);
            change = Rebuild([.. accepted.Values]);
        }
        Changed?.Invoke(change);
        return allProblems;
    }

    /// <summary>Forgets a source (its plugin or script was deleted); its jobs become orphaned.</summary>
    public void Remove(string source)
    {
        CatalogChange change;
        lock (_gate)
        {
            if (!_sources.Remove(source))
            {
                return;
            }
            change = Rebuild([]);
        }
        Changed?.Invoke(change);
    }

    public void Dispose()
    {
        if (_settings is not null)
        {
            _settings.Changed -= Reconfigure;
        }
    }

    /// <summary>Applies the configuration again to every handler; the jobs whose effect changed are published anew.</summary>
    private void Reconfigure()
    {
        CatalogChange change;
        lock (_gate)
        {
            var changed = new List<JobHandler>();
            foreach (var handler in _sources.Values.SelectMany(s => s.Handlers.Values))
            {
                var effective = _settings!.Apply(handler.Declared);
                if (!effective.SameAs(handler.Effective))
                {
                    handler.Effective = effective;
                    changed.Add(handler);
                }
            }
            if (changed.Count == 0)
            {
                return;
            }
            change = Rebuild(changed);
        }
        Changed?.Invoke(change);
    }

    /// <summary>
    /// The chain loop <paramref name="handler"/> would close among the jobs of the other sources and those of its own
    /// publish accepted before it (<see cref="ChainCycles"/>); null when none.
    /// </summary>
    private IReadOnlyList<string>? ChainCycleOf(JobHandler handler, string source, Dictionary<string, JobHandler> accepted)
    {
        var policies = handler.Declared.Policies;
        if (policies.OnSuccess.Length == 0 && policies.OnFailure.Length == 0)
        {
            return null;
        }
        IReadOnlyList<string> TargetsOf(JobPolicies p) => [.. ChainTargets.Split(p.OnSuccess), .. ChainTargets.Split(p.OnFailure)];
        IReadOnlyList<string> Loaded(string id) =>
            accepted.TryGetValue(id, out var mine) ? TargetsOf(mine.Declared.Policies)
            : _sources.Values.FirstOrDefault(s => s.Name != source && s.Handlers.ContainsKey(id)) is { } other ? TargetsOf(other.Handlers[id].Declared.Policies)
            : [];
        return ChainCycles.Closed(handler.Definition.Id, TargetsOf(policies), Loaded);
    }

    private CatalogChange Rebuild(IReadOnlyList<JobHandler> published)
    {
        var handlers = new Dictionary<string, JobHandler>(StringComparer.Ordinal);
        var problems = new List<SourceProblem>();
        foreach (var entry in _sources.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            foreach (var (id, handler) in entry.Handlers)
            {
                handlers.TryAdd(id, handler);
            }
            problems.AddRange(entry.Problems);
        }
        _current = new CatalogSnapshot(handlers.ToFrozenDictionary(StringComparer.Ordinal), problems);
        return new CatalogChange(_current, published);
    }

    private sealed record SourceEntry(string Name, IReadOnlyDictionary<string, JobHandler> Handlers, IReadOnlyList<SourceProblem> Problems);
}

/// <summary>What changed in the catalog: the new snapshot, and the handlers just published (to reconcile into the store).</summary>
internal sealed record CatalogChange(CatalogSnapshot Snapshot, IReadOnlyList<JobHandler> Published);
