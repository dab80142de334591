using System.Reflection;
using System.Runtime.CompilerServices;
using Kairos.Host.Catalog;

namespace Kairos.Host.Plugins.Inspection;

/// <summary>A job class found in a plugin, with its checked declaration.</summary>
internal sealed record PluginJobType(Type Type, JobDefinition Definition);

/// <summary>What a plugin's main assembly declares: its jobs, its optional startup class, and what is wrong.</summary>
internal sealed record PluginTypes(IReadOnlyList<PluginJobType> Jobs, Type? Startup, IReadOnlyList<PluginProblem> Problems, string? Fatal);

/// <summary>
/// Finds the job classes of a loaded plugin and checks each one as far as can be done before it runs: its declaration,
/// that it implements this host's <see cref="IJob"/>, and that its code can be compiled, which loads the assemblies
/// it depends on, so a missing dependency is reported at load with the job's name instead of at its first fire.
/// </summary>
internal static class PluginTypeScanner
{
    public static PluginTypes Scan(Assembly assembly)
    {
        var problems = new List<PluginProblem>();
        var jobs = new List<PluginJobType>();
        var startups = new List<Type>();
        foreach (var type in LoadableTypes(assembly, problems))
        {
            if (!(type.IsPublic || type.IsNestedPublic) || type.IsAbstract || !type.IsClass)
            {
                continue;
            }
            try
            {
                if (ImplementsForeignContract(type) is { } foreign)
                {
                    return new PluginTypes([], null, problems, PluginImageInspector.IncompatibleMessage(foreign.Assembly.GetName().Version));
                }
                if (typeof(IPluginStartup).IsAssignableFrom(type))
                {
                    startups.Add(type);
                }
                if (!JobDeclarationReader.IsJobType(type))
                {
                    continue;
                }
                if (!JobDeclarationReader.TryRead(type, out var definition, out var error))
                {
                    problems.Add(new PluginProblem(DeclaredIdOrName(type), error!));
                    continue;
                }
                if (CheckCode(type) is { } codeError)
                {
                    problems.Add(new PluginProblem(definition!.Id, $"{type.FullName} (job '{definition.Id}') cannot run: {codeError}"));
                    continue;
                }
                jobs.Add(new PluginJobType(type, definition!));
            }
            catch (Exception e) when (IsLoadFailure(e))
            {
                problems.Add(new PluginProblem(DeclaredIdOrName(type), $"{type.FullName} could not be loaded: {e.Message}"));
            }
        }
        if (startups.Count > 1)
        {
            return new PluginTypes([], null, problems,
                $"declares {startups.Count} IPluginStartup classes ({string.Join(", ", startups.Select(s => s.FullName))}): expected at most one");
        }
        return new PluginTypes(jobs, startups.FirstOrDefault(), problems, null);
    }

    /// <summary>
    /// The job id a refused job class declares, valid or not, or its class name when it declares none (or its attribute
    /// cannot be read): the name <c>kairos jobs</c> lists it under.
    /// </summary>
    private static string DeclaredIdOrName(Type type)
    {
        try
        {
            if (type.GetCustomAttribute<JobAttribute>()?.Id is { Length: > 0 } id)
            {
                return id;
            }
        }
        catch (Exception e) when (IsLoadFailure(e) || e is CustomAttributeFormatException)
        {
        }
        return type.FullName ?? type.Name;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly, List<PluginProblem> problems)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            foreach (var message in e.LoaderExceptions.Where(x => x is not null).Select(x => x!.Message).Distinct())
            {
                problems.Add(new PluginProblem(null, $"a type could not be loaded: {message}"));
            }
            return e.Types.Where(t => t is not null)!;
        }
    }

    /// <summary>An interface named <c>Kairos.IJob</c> that is not ours: the plugin carries its own copy of the contract.</summary>
    private static Type? ImplementsForeignContract(Type type) =>
        type.GetInterfaces().FirstOrDefault(i =>
            i.FullName is "Kairos.IJob" or "Kairos.IPluginStartup" && i.Assembly != typeof(IJob).Assembly);

    /// <summary>Compiles the job's own methods and those of its nested types (async state machines, lambdas).</summary>
    private static string? CheckCode(Type type)
    {
        const BindingFlags declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        try
        {
            foreach (var t in new[] { type }.Concat(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)))
            {
                if (t.ContainsGenericParameters)
                {
                    continue;
                }
                foreach (var method in t.GetMethods(declared).Cast<MethodBase>().Concat(t.GetConstructors(declared)))
                {
                    if (!method.IsAbstract && !method.ContainsGenericParameters && method.GetMethodBody() is not null)
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    }
                }
            }
            return null;
        }
        catch (Exception e) when (IsLoadFailure(e))
        {
            return e.Message;
        }
    }

    public static bool IsLoadFailure(Exception e) =>
        e is FileNotFoundException or FileLoadException or TypeLoadException or MissingMemberException
            or BadImageFormatException or ReflectionTypeLoadException or NotSupportedException;
}
