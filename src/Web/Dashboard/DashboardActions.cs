using Kairos.Host.Operations;
using Kairos.Host.Operations.Views;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kairos.Web.Dashboard;

/// <summary>
/// The dashboard's forms: each posts here, is checked against forgery (<see cref="IAntiforgery"/>, validated here so it
/// holds on Kairos's own server and mounted in any app), acts through the scheduler API for the request's actor, and
/// redirects back to the page (post-redirect-get) with a message: what was done, or why it was not (bad JSON data, an
/// unknown job), never an error page.
/// </summary>
internal static partial class DashboardActions
{
    public static void Map(IEndpointRouteBuilder group, DashboardPages pages)
    {
        group.MapPost("/jobs/{id}/trigger", (HttpContext c, string id) => Act(c, pages, $"/jobs/{Uri.EscapeDataString(id)}", (ops, form) =>
        {
            var data = form["data"].ToString();
            var queued = ops.Trigger(id, string.IsNullOrWhiteSpace(data) ? null : data);
            return $"Queued run {queued.RunId} of {id}" + (queued.Note is null ? "" : $": {queued.Note}");
        }));
        group.MapPost("/jobs/{id}/pause", (HttpContext c, string id) => Act(c, pages, $"/jobs/{Uri.EscapeDataString(id)}", (ops, form) =>
        {
            var until = Optional(form["until"]);
            ops.Pause(id, Optional(form["reason"]), until);
            return until is null ? $"Paused {id} until resumed" : $"Paused {id} until {until}";
        }));
        group.MapPost("/jobs/{id}/resume", (HttpContext c, string id) => Act(c, pages, $"/jobs/{Uri.EscapeDataString(id)}", (ops, _) =>
        {
            ops.Resume(id);
            return $"Resumed {id}";
        }));
        group.MapPost("/jobs/{id}/disable", (HttpContext c, string id) => Act(c, pages, $"/jobs/{Uri.EscapeDataString(id)}", (ops, form) =>
        {
            ops.Disable(id, Optional(form["reason"]));
            return $"Disabled {id}";
        }));
        group.MapPost("/jobs/{id}/enable", (HttpContext c, string id) => Act(c, pages, $"/jobs/{Uri.EscapeDataString(id)}", (ops, _) =>
        {
            ops.Enable(id);
            return $"Enabled {id}";
        }));
        group.MapPost("/runs/{id}/cancel", (HttpContext c, string id) => Act(c, pages, $"/runs/{Uri.EscapeDataString(id)}", (ops, _) =>
        {
            ops.Cancel(id);
            return $"Asked run {id} to stop";
        }));
        group.MapPost("/runs/{id}/retry", (HttpContext c, string id) => Act(c, pages, $"/runs/{Uri.EscapeDataString(id)}", (ops, _) =>
        {
            var queued = ops.Retry(id);
            return $"Queued run {queued.RunId} to retry {id}" + (queued.Note is null ? "" : $": {queued.Note}");
        }));
        MapBackfill(group, pages);
    }

    private static async Task<IResult> Act(HttpContext context, DashboardPages pages, string back, Func<KairosOperations, IFormCollection, string> action)
    {
        var services = context.RequestServices;
        var basePath = pages.BaseOf(context);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Kairos.Web.Dashboard");
        var path = context.Request.Path.ToString();
        FlashMessage flash;
        try
        {
            await services.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var actor = pages.Access.Of(context).Actor;
            var operations = services.GetRequiredService<DashboardServices>().Operations.As(actor);
            flash = new FlashMessage(true, action(operations, form));
            LogAction(logger, actor, path, flash.Text);
        }
        catch (AntiforgeryValidationException e)
        {
            LogForgery(logger, path, e.Message);
            flash = new FlashMessage(false, "The form was refused: it came without this dashboard's anti-forgery token (reload the page and try again)");
        }
        catch (Exception e) when (e is ArgumentException or OperationException or RunNotFoundException or InvalidDataException)
        {
            flash = new FlashMessage(false, ErrorText.Of(e));
        }
        flash.Set(context, basePath);
        return Results.Redirect(basePath + back);
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [LoggerMessage(EventId = 760, Level = LogLevel.Information, Message = "Dashboard action by {Actor}: {Path}: {Outcome}")]
    private static partial void LogAction(ILogger logger, string actor, string path, string outcome);

    [LoggerMessage(EventId = 761, Level = LogLevel.Warning, Message = "Dashboard form refused (no valid anti-forgery token): {Path}: {Reason}")]
    private static partial void LogForgery(ILogger logger, string path, string reason);
}
