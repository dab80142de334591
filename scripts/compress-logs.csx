// Compresses log files older than N days with GZip (app.log -> app.log.gz, keeping its date) and deletes the
// originals. Safe to re-run: a file is deleted only after its .gz is complete, and a run that is cancelled or
// fails leaves no partial archive behind.
//
// kairos: id = logs.compress-old
// kairos: description = GZip log files older than N days (data: folder, olderThanDays, pattern)
// kairos: cron = 30 3 * * *
// kairos: tz = Europe/London
// kairos: timeout = 30m
// kairos: misfire = fire-once
// kairos: data = {"folder": "logs", "olderThanDays": 7, "pattern": "*.log"}
#load "lib/format.csx"

var folder = Path.GetFullPath(GetDataString("folder", "logs"));
var days = GetDataNumber("olderThanDays", 7);
var pattern = GetDataString("pattern", "*.log");
if (!Directory.Exists(folder))
{
    Logger.LogWarning("Folder {Folder} does not exist; nothing to compress", folder);
    return;
}

var cutoff = TimeProvider.GetUtcNow().AddDays(-days).UtcDateTime;
var compressed = 0;
long saved = 0;
foreach (var file in new DirectoryInfo(folder).EnumerateFiles(pattern, SearchOption.TopDirectoryOnly))
{
    CancellationToken.ThrowIfCancellationRequested();
    if (file.LastWriteTimeUtc >= cutoff || file.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
    {
        continue;
    }
    var target = file.FullName + ".gz";
    if (File.Exists(target))
    {
        Logger.LogWarning("Skipping {File}: {Archive} already exists", file.Name, Path.GetFileName(target));
        continue;
    }
    var before = file.Length;
    var partial = target + ".partial";
    try
    {
        await using (var input = file.OpenRead())
        await using (var output = File.Create(partial))
        await using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            await input.CopyToAsync(gzip, CancellationToken);
        }
        File.SetLastWriteTimeUtc(partial, file.LastWriteTimeUtc);
        File.Move(partial, target);
    }
    catch
    {
        File.Delete(partial);
        throw;
    }
    var after = new FileInfo(target).Length;
    file.Delete();
    compressed++;
    saved += before - after;
    Logger.LogInformation("Compressed {File}: {Before} -> {After}", file.Name, Bytes(before), Bytes(after));
}
Logger.LogInformation("Compressed {Count} file(s) older than {Days} days in {Folder}; saved {Saved}", compressed, days, folder, Bytes(saved));
