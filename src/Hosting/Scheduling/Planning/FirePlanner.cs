namespace Kairos.Host.Scheduling.Planning;

/// <summary>
/// Pure misfire logic: given a trigger's scheduled instant and now, which fires run, which are recorded as
/// <c>misfired</c>, and where the trigger goes next. A fire is on time when it is at most the threshold late.
/// </summary>
internal sealed class FirePlanner(TriggerSchedule schedule, TimeSpan threshold, int fireAllCap)
{
    /// <summary>At most this many misfired fires of one trigger get a record of their own; the rest are counted.</summary>
    public const int MaxMisfireRecords = 100;

    private const int MaxWalk = 100_000;

    public TriggerSchedule Schedule { get; } = schedule;

    public FirePlan Plan(string jobId, TriggerSpec spec, DateTimeOffset scheduled, DateTimeOffset now) => Plan(jobId, spec, scheduled, now, now);

    /// <summary>
    /// Plans the fires up to <paramref name="until"/> (at or after <paramref name="now"/>: fires claimed a little ahead
    /// of their instant run at it); lateness is measured from <paramref name="now"/>.
    /// </summary>
    public FirePlan Plan(string jobId, TriggerSpec spec, DateTimeOffset scheduled, DateTimeOffset now, DateTimeOffset until)
    {
        var onTime = new List<DateTimeOffset>();
        var late = new List<DateTimeOffset>();
        long lateCount = 0;
        DateTimeOffset? lastLate = null;
        DateTimeOffset? at = scheduled;
        var walked = 0;
        while (at is { } s && s <= until)
        {
            if (++walked > MaxWalk)
            {
                // A huge backlog (a per-second trigger down for days): count the rest without walking it.
                at = Schedule.NextAfter(jobId, spec, s, now);
                lateCount += 1;
                break;
            }
            if (now - s > threshold)
            {
                lateCount++;
                lastLate = s;
                if (late.Count < MaxMisfireRecords + fireAllCap)
                {
                    late.Add(s);
                }
            }
            else
            {
                onTime.Add(s);
            }
            at = Schedule.Next(jobId, spec, s);
        }

        var run = new List<DateTimeOffset>();
        var misfired = new List<DateTimeOffset>();
        var lateRun = 0;
        if (lateCount > 0)
        {
            switch (spec.Misfire)
            {
                case MisfirePolicy.FireAll:
                    run.AddRange(late.Take(fireAllCap));
                    lateRun = run.Count;
                    misfired.AddRange(late.Skip(fireAllCap));
                    break;
                case MisfirePolicy.Skip:
                    misfired.AddRange(late);
                    break;
                default:
                    run.Add(lastLate!.Value);
                    lateRun = 1;
                    misfired.AddRange(late.Where(l => l != lastLate.Value));
                    break;
            }
        }
        run.AddRange(onTime);
        var recorded = Math.Min(misfired.Count, MaxMisfireRecords);
        var notRecorded = lateCount - lateRun - recorded;
        return new FirePlan(run, misfired.Take(recorded).ToList(), Math.Max(0, notRecorded), at);
    }
}
