using Kairos;

namespace Fixtures.ProcessExit;

/// <summary>Ends the whole host process when its data asks for it: refused at load unless Kairos:AllowProcessExit.</summary>
[Job("fixtures.exiting")]
public sealed class ExitingJob : IJob
{
    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (context.DataJson == "\"exit\"")
        {
            Environment.Exit(3);
        }
    }
}
