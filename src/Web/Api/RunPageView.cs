
using Kairos.Host.Operations.Views;

namespace Kairos.Web.Api;

/// <summary>One page of <c>GET /api/runs</c>: the runs, newest first, and the token of the next page (null on the last).</summary>
internal sealed record RunPageView(IReadOnlyList<RunView> Runs, string? NextPage);
