using Kairos.Host.Operations;
using Kairos.Web.Security;

namespace Kairos.Web.Dashboard;

/// <summary>
/// What the dashboard's pages read and steer the scheduler with, injected into their private properties (a page is a
/// public Razor component; its parameters may only be public types). Registered in the container that serves the
/// pages: the app's own (<see cref="KairosWebBuilderExtensions.AddKairosWeb"/>) or Kairos's web server's.
/// </summary>
internal sealed class DashboardServices(KairosOperations operations, RequestAccess access)
{
    public KairosOperations Operations => operations;

    public RequestAccess Access => access;
}
