// KairosScript1.csx: a Kairos script job. Save it in a host's scripts folder (./scripts of `kairos run`, or
// --scripts DIR) and the host compiles it within a second or two and runs it on the schedule below: no project, no
// build, no restart. Save it again and the next fire runs the new version.
//
// The header is the `// kairos: key = value` lines before the first line of code; the host reads them without
// compiling the script, and a bad value is reported with its line and column (KRS codes). Keys (each at most once):
//   id                 the job's stable id: lower-case letters, digits, '.', '-', '_'. Renaming it makes a new job.
//   description        shown by `kairos jobs` and the dashboard
//   cron               5 fields (minute hour day month weekday), or 6 with seconds first; with tz = an IANA zone
//   interval           instead of cron: the time between fires, such as 30s, 5m, 1h (at least 1s)
//   timeout            the run is cancelled after it and recorded timed-out (0: none)
//   overlap            skip (default), queue, allow or replace: what a fire does while a run is still going
//   max-attempts       attempts before the run is failed (default 1), retry-backoff between them (default 10s)
//   misfire            fire-once (default), fire-all or skip: fires missed while the host was down
//   data               one line of JSON, given to the run as DataJson (GetDataString, GetDataNumber, ...)
//   trigger = NAME     starts another trigger: the cron, interval, tz, misfire and data keys after it are its own
// No cron and no interval: the job runs only when triggered (`kairos trigger kairosscript1`).
// The script sees Logger, CancellationToken, TimeProvider (use it, not the wall clock), ScheduledUtc, JobId,
// DataJson, Triggers and Scheduler. It runs with the host's full rights. More: Kairos README "Writing a script job".
//
// kairos: id = kairosscript1
// kairos: description = Says hello to the name in its data (replace with the real work)
// kairos: interval = 1m
// kairos: timeout = 30s
// kairos: data = {"name": "world"}

var name = GetDataString("name", "world");
CancellationToken.ThrowIfCancellationRequested();
Logger.LogInformation("Hello, {Name}, from KairosScript1.csx (fire due at {Due:HH:mm:ss} UTC)", name, ScheduledUtc);
