using System.Text.Json;
using System.Text.Json.Serialization;
using Kairos;
using Kairos.Host.Hosting;
using Kairos.Samples.WebApp;
using Kairos.Web;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<Mailer>();
builder.Services.AddSingleton<ISchedulerListener, FailureLog>();
builder.Services.AddKairos(options =>
    {
        options.DatabasePath = builder.Configuration["Kairos:DatabasePath"] ?? "data/webapp.db";
        options.CreateStore = true;
    })
    .AddJob<SendWelcome>()
    .AddJob<SignupDigest>()
    // Kairos's HTTP API and dashboard, mounted below in this app's own pipeline.
    .AddKairosWeb();

// Statuses and states as the CLI writes them: "succeeded", "timed-out".
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));

var app = builder.Build();

// A request hands work to the scheduler and answers at once: the run is recorded, retried by its policy, and visible
// in GET /runs/ID (and `kairos history` when the control API is on).
app.MapPost("/signups", async (Signup signup, IScheduler scheduler, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(signup.Email))
    {
        return Results.BadRequest(new { error = "email is required" });
    }
    var runId = await scheduler.TriggerAsync(SendWelcome.Id, JsonSerializer.Serialize(signup), cancellationToken);
    return Results.Accepted($"/runs/{runId}", new { runId });
});

app.MapGet("/runs/{id}", async (string id, IScheduler scheduler, CancellationToken cancellationToken) =>
    await scheduler.GetRunAsync(id, cancellationToken) is { } run ? Results.Ok(run) : Results.NotFound(new { error = $"no run '{id}'" }));

// Answers when the run has ended (or after at most `seconds`, with 504): for a client that wants the outcome.
app.MapGet("/runs/{id}/outcome", async (string id, int? seconds, IScheduler scheduler, CancellationToken cancellationToken) =>
{
    try
    {
        return Results.Ok(await scheduler.WaitForRunAsync(id, TimeSpan.FromSeconds(Math.Clamp(seconds ?? 30, 1, 120)), cancellationToken));
    }
    catch (TimeoutException e)
    {
        return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status504GatewayTimeout);
    }
    catch (ArgumentException e)
    {
        return Results.NotFound(new { error = e.Message });
    }
});

app.MapGet("/jobs", (IScheduler scheduler, CancellationToken cancellationToken) => scheduler.GetJobsAsync(cancellationToken));

// Kairos's own API and dashboard under /kairos. A real app puts them behind its own sign-in:
// .RequireAuthorization("ops") on each, as Hangfire's dashboard takes an authorization filter.
app.MapKairosApi("/kairos/api");
app.MapKairosDashboard("/kairos");

app.Run();
