using Kairos.Web.Dashboard.Pages;
using Kairos.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Web.Dashboard;

/// <summary>
/// The web dashboard: server-rendered pages (Razor components rendered per request, no client framework), under a
/// path of the app's choosing, behind the same access rule as the API. The sign-in page and the stylesheet and
/// script are outside that rule (the sign-in is how a browser gets in); the actions are forms posted to
/// <see cref="DashboardActions"/>.
/// </summary>
internal static class DashboardEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string path, IServiceProvider kairos)
    {
        var access = kairos.GetRequiredService<RequestAccess>();
        var group = endpoints.MapGroup(path);
        var pages = new DashboardPages(path, access);

        var open = group.MapGroup("");
        DashboardAssets.Map(open);
        SignInEndpoints.Map(open, pages);

        var guarded = group.MapGroup("").AddEndpointFilter(new DashboardAccessFilter(access, pages));
        guarded.MapGet("/", (HttpContext c) => pages.Render<Overview>(c));
        guarded.MapGet("/jobs", (HttpContext c) => pages.Render<Jobs>(c));
        guarded.MapGet("/jobs/{id}", (HttpContext c, string id, string? status, string? page, string? explain, string? at, string? trigger) =>
            pages.Exists(c, id) is { } missing
                ? missing
                : pages.Render<Job>(c, new Dictionary<string, object?>
                {
                    ["Id"] = id, ["Status"] = status, ["Page"] = page, ["Explain"] = explain, ["At"] = at, ["Trigger"] = trigger,
                }));
        guarded.MapGet("/runs/{id}", (HttpContext c, string id) =>
            pages.RunExists(c, id) is { } missing ? missing : pages.Render<Run>(c, new Dictionary<string, object?> { ["Id"] = id }));
        guarded.MapGet("/sources", (HttpContext c) => pages.Render<Sources>(c));
        guarded.MapGet("/nodes", (HttpContext c) => pages.Render<Nodes>(c));
        guarded.MapGet("/audit", (HttpContext c, string? job, string? page) =>
            pages.Render<Audit>(c, new Dictionary<string, object?> { ["JobId"] = job, ["Page"] = page }));
        DashboardActions.Map(guarded, pages);
        return group;
    }
}

/// <summary>Renders the dashboard's pages: fills the request's <see cref="DashboardRequest"/> (access, anti-forgery token, message) first.</summary>
internal sealed class DashboardPages(string path, RequestAccess access)
{
    public RequestAccess Access => access;

    /// <summary>The dashboard's root as the browser sees it (the app's path base included), without a trailing slash.</summary>
    public string BaseOf(HttpContext context) => context.Request.PathBase.Value + path.TrimEnd('/');

    public IResult Render<TPage>(HttpContext context, IReadOnlyDictionary<string, object?>? parameters = null, int statusCode = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        var request = context.RequestServices.GetRequiredService<DashboardRequest>();
        var basePath = BaseOf(context);
        var (level, actor) = access.Of(context);
        request.Base = basePath;
        request.Level = level;
        request.Actor = actor;
        request.TokenRequired = access.Decide(new DefaultHttpContext()).Level == AccessLevel.None;
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        request.AntiforgeryField = tokens.FormFieldName;
        request.AntiforgeryToken = tokens.RequestToken ?? "";
        request.Flash = FlashMessage.Take(context, basePath);
        context.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<TPage>(parameters ?? new Dictionary<string, object?>()) { StatusCode = statusCode };
    }

    /// <summary>A page saying what went wrong (an unknown job or run), with its status code.</summary>
    public IResult Message(HttpContext context, int statusCode, string title, string text) =>
        Render<MessagePage>(context, new Dictionary<string, object?> { ["Title"] = title, ["Text"] = text }, statusCode);

    /// <summary>Null when the job is listed (stored, or declared and broken); else the 404 page naming the known ids.</summary>
    public IResult? Exists(HttpContext context, string jobId)
    {
        var operations = context.RequestServices.GetRequiredService<DashboardServices>().Operations;
        return operations.Scheduler.JobRows(jobId).Count > 0
            ? null
            : Message(context, StatusCodes.Status404NotFound, "Unknown job", operations.Scheduler.UnknownJob(jobId).Message);
    }

    /// <summary>Null when the run exists; else the 404 page.</summary>
    public IResult? RunExists(HttpContext context, string runId)
    {
        try
        {
            context.RequestServices.GetRequiredService<DashboardServices>().Operations.Run(runId);
            return null;
        }
        catch (Host.Operations.RunNotFoundException e)
        {
            return Message(context, StatusCodes.Status404NotFound, "Unknown run", e.Message);
        }
    }
}
