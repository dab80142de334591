using Kairos.Host.Operations.Statistics;
using Kairos.Host.Operations.Views;
using Kairos.Host.Scheduling.Planning;
using Kairos.Web.Security;

namespace Kairos.Web.Dashboard;

/// <summary>
/// What the dashboard's pages read and steer the scheduler with, injected into their private properties (a page is a
/// public Razor component; its parameters may only be public types). Registered in the container that serves the
/// pages: the app's own (<see cref="KairosWebBuilderExtensions.AddKairosWeb"/>) or Kairos's web server's.
/// </summary>
internal sealed class DashboardServices(
    KairosOperations operations,
    RequestAccess access,
    RunStatistics statistics,
    TriggerSchedule schedule,
    TimeProvider time)
{
    public KairosOperations Operations => operations;

    public RequestAccess Access => access;

    /// <summary>Success rates, durations, lateness, the hourly chart and the week's heat map.</summary>
    public RunStatistics Statistics => statistics;

    /// <summary>The engine's own fire-time rules, for the next fire times a job page previews.</summary>
    public TriggerSchedule Schedule => schedule;

    public TimeProvider Time => time;
}
