using System.Reflection;
using System.Runtime.CompilerServices;
using Kairos.Host.Catalog;
using Kairos.Host.Cli;

namespace Kairos.Tests.Architecture;

/// <summary>
/// Issue #13: no type of the library (Kairos.Hosting) or the executable takes more than about five services in its
/// constructor (loggers, options and the clock count too). The types that still take more are listed with their count:
/// a new one fails, a listed one that grew fails, and one that was cut must leave the list, so the list only shrinks.
/// </summary>
public sealed class ConstructorDependencyTests
{
    private const int Most = 5;

    /// <summary>Still over, each with the seam to cut it along named in the #13 report.</summary>
    private static readonly Dictionary<string, int> Known = new(StringComparer.Ordinal)
    {
        ["Kairos.Host.Execution.RunWriter"] = 6,
        ["Kairos.Host.Storage.Postgres.NodesInfoContributor"] = 6,
        ["Kairos.Host.Storage.Postgres.ClusterMembershipService"] = 6,
        ["Kairos.Host.Execution.Outcomes.AutoPause"] = 6,
    };

    [Fact]
    public void Constructors_TakeAtMostFiveServices_ExceptTheListedTypes()
    {
        var over = Counts().Where(c => c.Value > Most).ToList();

        var unexpected = over.Where(c => !Known.TryGetValue(c.Key, out var known) || c.Value > known)
            .Select(c => $"{c.Key} takes {c.Value} services").ToList();
        Assert.True(unexpected.Count == 0,
            $"expected at most {Most} services per constructor (cut along a seam, not into a bag of services): {string.Join("; ", unexpected)}");
        var cut = Known.Keys.Where(k => !over.Any(c => c.Key == k)).ToList();
        Assert.True(cut.Count == 0, $"no longer over {Most}, remove from the list: {string.Join(", ", cut)}");
    }

    [Fact]
    public void Counts_SeeThePrimaryConstructorsServices_WhenATypeTakesLoggersOptionsAndTheClock()
    {
        // The rule must see what it is about: LeaseRelease takes in-flight runs, a store role, the clock, options and a logger.
        Assert.Equal(5, Counts()["Kairos.Host.Execution.Leases.LeaseRelease"]);
    }

    /// <summary>The most services any constructor of each type takes, by full type name.</summary>
    private static Dictionary<string, int> Counts() =>
        new[] { typeof(JobCatalog).Assembly, typeof(LocalOperationsClient).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace?.StartsWith("Kairos.Host", StringComparison.Ordinal) == true
                && !t.IsDefined(typeof(CompilerGeneratedAttribute)) && !IsRecord(t) && !typeof(Delegate).IsAssignableFrom(t))
            .Select(t => (Name: t.FullName!, Most: t.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Select(c => c.GetParameters().Count(p => IsService(p.ParameterType))).DefaultIfEmpty(0).Max()))
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(t => t.Most), StringComparer.Ordinal);

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    /// <summary>A service: an interface (not a collection of values) or a class that is not data (a string, an array, a record).</summary>
    private static bool IsService(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsValueType || type == typeof(string) || type.IsArray || type == typeof(object))
        {
            return false;
        }
        if (type.IsInterface)
        {
            return !(type.IsGenericType && type.Namespace == "System.Collections.Generic" && !type.GetGenericArguments()[0].IsInterface);
        }
        return !IsRecord(type);
    }
}
