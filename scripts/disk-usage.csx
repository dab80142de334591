// Reports what takes the space in a folder: its total size and file count, its largest subfolders and files.
// The folder and the length of the lists come from the trigger data, so one script serves several folders
// (add a trigger per folder with 'trigger = NAME' and its own 'data').
//
// kairos: id = reports.disk-usage
// kairos: description = Disk usage report of a folder (data: folder, top)
// kairos: cron = 0 */15 * * * *
// kairos: timeout = 2m
// kairos: data = {"folder": ".", "top": 5}
#load "lib/format.csx"

var folder = Path.GetFullPath(GetDataString("folder", "."));
var top = Math.Max(1, (int)GetDataNumber("top", 5));
if (!Directory.Exists(folder))
{
    Logger.LogWarning("Folder {Folder} does not exist; nothing to report", folder);
    return;
}

var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
long total = 0;
var count = 0;
var bySubfolder = new Dictionary<string, long>();
var largest = new List<(string Path, long Size)>();
foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", options))
{
    CancellationToken.ThrowIfCancellationRequested();
    long size;
    try
    {
        size = file.Length;
    }
    catch (IOException)
    {
        continue; // deleted while we walked
    }
    total += size;
    count++;
    var relative = Path.GetRelativePath(folder, file.FullName);
    var separator = relative.IndexOf(Path.DirectorySeparatorChar);
    var subfolder = separator < 0 ? "." : relative[..separator];
    bySubfolder[subfolder] = bySubfolder.GetValueOrDefault(subfolder) + size;
    largest.Add((relative, size));
    if (largest.Count > top * 8)
    {
        largest = largest.OrderByDescending(f => f.Size).Take(top).ToList();
    }
}

Logger.LogInformation("{Folder}: {Total} in {Count} files", folder, Bytes(total), count);
foreach (var (name, size) in bySubfolder.OrderByDescending(p => p.Value).Take(top))
{
    var share = total == 0 ? 0 : 100.0 * size / total;
    Logger.LogInformation("folder {Name}: {Size} ({Share}%)", name, Bytes(size), share.ToString("0.0", CultureInfo.InvariantCulture));
}
foreach (var (path, size) in largest.OrderByDescending(f => f.Size).Take(top))
{
    Logger.LogInformation("file {Path}: {Size}", path, Bytes(size));
}
