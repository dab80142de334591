using System.Reflection;
using System.Reflection.Metadata;
using System.Runtime.Loader;

namespace Kairos.Host.Plugins.Loading;

/// <summary>
/// Makes the host's own caches forget a plugin's types before its context is unloaded. Some framework caches keep
/// strong references to every type they saw: on .NET 10, <c>TypeDescriptor</c>'s event cache, which Newtonsoft.Json
/// fills when it (de)serialises a plugin's type, kept every such plugin's context alive forever. The framework clears
/// these caches for .NET hot reload through <see cref="MetadataUpdateHandlerAttribute"/> handlers
/// (<c>static void ClearCache(Type[]? updatedTypes)</c>); we call the framework's handlers with the plugin's types, as a
/// hot reload agent would when those types change. <c>TypeDescriptor</c>'s provider table is not cleared by its handler,
/// so the entries keyed by the plugin's types are removed from it, its sibling static tables and the tables of the
/// reflection providers directly. "The plugin's types" there include the framework's types built from them
/// (<c>IEquatable&lt;PluginRecord&gt;</c>, <c>List&lt;PluginType&gt;</c>, <c>PluginType[]</c>), which hold the plugin's
/// context alive as surely as its own types do.
/// </summary>
internal static class PluginHostCaches
{
    private static readonly Lazy<MethodInfo[]> Handlers = new(FindHandlers);
    private static readonly string[] TypeKeyedTables = ["System.ComponentModel.TypeDescriptor", "System.ComponentModel.ReflectTypeDescriptionProvider"];

    public static void Forget(AssemblyLoadContext context)
    {
        var types = context.Assemblies.SelectMany(LoadableTypes).ToArray();
        if (types.Length == 0)
        {
            return;
        }
        foreach (var handler in Handlers.Value)
        {
            try
            {
                handler.Invoke(null, [types]);
            }
            catch (TargetInvocationException)
            {
                // A cache that cannot be cleared shows up as a leak in the unload check, with the plugin's name.
            }
        }
        RemoveTypeKeys(context);
    }

    private static void RemoveTypeKeys(AssemblyLoadContext context)
    {
        var componentModel = AssemblyLoadContext.Default.Assemblies
            .FirstOrDefault(a => a.GetName().Name == "System.ComponentModel.TypeConverter");
        if (componentModel is null)
        {
            return; // Nothing has used TypeDescriptor yet.
        }
        const BindingFlags statics = BindingFlags.Static | BindingFlags.NonPublic;
        foreach (var typeName in TypeKeyedTables)
        {
            foreach (var field in componentModel.GetType(typeName)?.GetFields(statics) ?? [])
            {
                RemoveTypeKeys(field.GetValue(null), context);
            }
        }
        // The reflection providers keep their per-type data in instance tables: one provider describes classes and
        // structs (registered for object), another interfaces (registered for TypeDescriptor.InterfaceType), so
        // IEquatable<PluginRecord>, cached when a record was described, sits in the second one's table.
        var typeDescriptor = componentModel.GetType("System.ComponentModel.TypeDescriptor");
        foreach (var root in ProviderRoots(typeDescriptor))
        {
            object? node = TypeDescriptorProvider(typeDescriptor, root);
            for (var depth = 0; node is not null && depth < 16; depth++)
            {
                var provider = node.GetType().GetField("Provider", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(node);
                foreach (var field in provider?.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic) ?? [])
                {
                    RemoveTypeKeys(field.GetValue(provider), context);
                }
                node = node.GetType().GetField("Next", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(node);
            }
        }
    }

    /// <summary>The types whose providers describe every other type: <c>object</c>, and the stand-ins for interfaces and COM objects.</summary>
    private static IEnumerable<Type> ProviderRoots(Type? typeDescriptor)
    {
        yield return typeof(object);
        foreach (var name in (string[])["InterfaceType", "ComObjectType"])
        {
            if (typeDescriptor?.GetProperty(name, BindingFlags.Static | BindingFlags.Public)?.GetValue(null) is Type stand)
            {
                yield return stand;
            }
        }
    }

    private static object? TypeDescriptorProvider(Type? typeDescriptor, Type type) =>
        typeDescriptor?.GetMethod("GetProvider", BindingFlags.Static | BindingFlags.Public, [typeof(Type)])?.Invoke(null, [type]);

    /// <summary>
    /// Only thread-safe tables are touched (a plain <c>Hashtable</c> there is guarded by locks we cannot take; the
    /// framework's own handler clears those).
    /// </summary>
    private static void RemoveTypeKeys(object? candidate, AssemblyLoadContext context)
    {
        if (candidate is not System.Collections.IDictionary table
            || !candidate.GetType().IsGenericType
            || candidate.GetType().GetGenericTypeDefinition() != typeof(System.Collections.Concurrent.ConcurrentDictionary<,>))
        {
            return;
        }
        foreach (var key in table.Keys.Cast<object>().OfType<Type>().Where(t => Mentions(t, context)).ToList())
        {
            table.Remove(key);
        }
    }

    /// <summary>
    /// Whether <paramref name="type"/> holds the context alive: a type defined in it, and also a type built from one,
    /// which belongs to the framework's assembly yet references the plugin's type. <c>IEquatable&lt;Subscription&gt;</c>
    /// is such a type: every record implements <c>IEquatable</c> of itself, TypeDescriptor caches each interface of a
    /// type it describes, and that one key kept a plugin that (de)serialised a record with Newtonsoft.Json alive forever.
    /// Arrays (<c>Subscription[]</c>) and generic collections (<c>List&lt;Subscription&gt;</c>) are the same.
    /// </summary>
    private static bool Mentions(Type type, AssemblyLoadContext context)
    {
        if (type.HasElementType)
        {
            return Mentions(type.GetElementType()!, context);
        }
        if (type.IsConstructedGenericType)
        {
            return Mentions(type.GetGenericTypeDefinition(), context) || type.GenericTypeArguments.Any(a => Mentions(a, context));
        }
        return AssemblyLoadContext.GetLoadContext(type.Assembly) == context;
    }

    private static MethodInfo[] FindHandlers() =>
        [.. AssemblyLoadContext.Default.Assemblies
            .Where(a => !a.IsDynamic && a.GetName().Name is { } name && name.StartsWith("System.", StringComparison.Ordinal))
            .SelectMany(a => a.GetCustomAttributes<MetadataUpdateHandlerAttribute>())
            .Select(a => a.HandlerType.GetMethod("ClearCache", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(Type[])]))
            .Where(m => m is not null)
            .Distinct()!];

    private static Type[] LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return [.. e.Types.Where(t => t is not null)!];
        }
    }
}
