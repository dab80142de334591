using Kairos.Host.Catalog;
using Kairos.Host.Scripts.Header;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Tests.Chaining;

/// <summary>Chains as a job declares them (attribute, script header) and as the catalog loads them (cycles refused).</summary>
public sealed class ChainDeclarationTests
{
    [Job("reports.build", OnSuccess = "reports.publish, reports.notify", OnFailure = "reports.alert")]
    private sealed class ChainedJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Job("reports.bad", OnFailure = "Reports.Alert")]
    private sealed class BadChainJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Handler(JobDefinition definition, string source) : JobHandler(definition, source, "1")
    {
        public override Task RunAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static Handler Job(string id, string source, string onSuccess = "", string onFailure = "") =>
        new(new JobDefinition(id, "", JobPolicies.Default with { OnSuccess = onSuccess, OnFailure = onFailure }, []), source);

    [Fact]
    public void TryRead_KeepsTheChains_Normalized()
    {
        Assert.True(JobDeclarationReader.TryRead(typeof(ChainedJob), out var definition, out var error), error);

        Assert.Equal("reports.publish,reports.notify", definition!.Policies.OnSuccess);
        Assert.Equal("reports.alert", definition.Policies.OnFailure);
    }

    [Fact]
    public void TryRead_RefusesAChain_ThatNamesABadId_QuotingIt()
    {
        Assert.False(JobDeclarationReader.TryRead(typeof(BadChainJob), out _, out var error));

        Assert.Contains("(job 'reports.bad'): OnFailure 'Reports.Alert' names 'Reports.Alert': expected job ids separated by ','", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReadsOnSuccessAndOnFailure_FromTheScriptHeader()
    {
        const string text = "// kairos: id = reports.build\n// kairos: on-success = reports.publish\n// kairos: on-failure = reports.alert, ops.page\nreturn;";

        Assert.True(ScriptHeaderParser.TryParse(text, out var definition, out var errors), string.Join("\n", errors));

        Assert.Equal("reports.publish", definition.Policies.OnSuccess);
        Assert.Equal("reports.alert,ops.page", definition.Policies.OnFailure);
    }

    [Fact]
    public void Parse_ReportsABadChain_AtItsValue()
    {
        var result = ScriptHeaderParser.Parse("// kairos: id = reports.build\n// kairos: on-failure = Ops Page\nreturn;");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, 25, ScriptHeaderError.InvalidValue), (error.Line, error.Column, error.Code));
        Assert.StartsWith("on-failure 'Ops Page' names 'Ops Page'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_RefusesTheJobThatClosesACycle_AcrossSources_NamingTheCycle()
    {
        var catalog = new JobCatalog();
        catalog.Publish("plugin:reports", [Job("a", "plugin:reports", onSuccess: "b"), Job("b", "plugin:reports", onFailure: "c")], []);

        var problems = catalog.Publish("script:c.csx", [Job("c", "script:c.csx", onSuccess: "a"), Job("d", "script:c.csx", onSuccess: "a")], []);

        var problem = Assert.Single(problems);
        Assert.Equal(("script:c.csx", "c"), (problem.Source, problem.JobId));
        Assert.StartsWith("chain cycle c -> a -> b -> c: job 'c' closes it, so it is not loaded", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["a", "b", "d"], catalog.Current.RunnableJobIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Publish_RefusesTheSecondOfTwoJobsThatChainToEachOther_InOnePublish()
    {
        var catalog = new JobCatalog();

        var problems = catalog.Publish("app", [Job("a", "app", onSuccess: "b"), Job("b", "app", onFailure: "a")], []);

        Assert.Equal("b", Assert.Single(problems).JobId);
        Assert.Equal(["a"], catalog.Current.RunnableJobIds);
    }

    [Fact]
    public void Publish_LoadsChainsWithoutALoop()
    {
        var catalog = new JobCatalog();

        var problems = catalog.Publish("app", [Job("a", "app", onSuccess: "b,c", onFailure: "c"), Job("b", "app", onSuccess: "c"), Job("c", "app")], []);

        Assert.Empty(problems);
        Assert.Equal(3, catalog.Current.RunnableJobIds.Count);
    }
}
