using System.Text.Json;

namespace Kairos.Samples.WebApp;

/// <summary>
/// Sends the welcome mail of one signup; triggered by <c>POST /signups</c> with the signup as data. Retried twice.
/// Signups arrive together, so runs overlap (up to eight at once): the default overlap policy, <c>Skip</c>, would
/// record a second signup's run as skipped while the first one's mail was still being sent.
/// </summary>
[Job(Id, Description = "Sends the welcome mail of a signup (triggered by POST /signups)", MaxAttempts = 3, RetryBackoffSeconds = 2,
    Overlap = OverlapPolicy.Allow, MaxConcurrency = 8)]
public sealed class SendWelcome(Mailer mailer) : IJob
{
    /// <summary>The job id, for the request handler that triggers it.</summary>
    public const string Id = "welcome.send";

    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var signup = JsonSerializer.Deserialize<Signup>(context.DataJson ?? "null", JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"run {context.RunId} has no signup data");
        mailer.Send(signup.Email, $"Welcome, {signup.Name ?? signup.Email}!");
        return Task.CompletedTask;
    }
}
