// The quick start's first fire: says hello every 10 seconds. Edit the text below and save the file while the host
// runs: it is compiled again in about a second and the next fire prints the new text, without a restart.
// Delete the file when you no longer want it (its job then shows as orphaned).
//
// kairos: id = samples.hello
// kairos: description = Says hello every 10 seconds (edit me and save)
// kairos: interval = 10s

Logger.LogInformation("Hello from scripts/hello.csx (fire due at {Due:HH:mm:ss} UTC). Edit me and save.", ScheduledUtc);
