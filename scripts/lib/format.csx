// Helpers shared by the sample scripts through '#load "lib/format.csx"'.
// This file has no '// kairos:' header, so it is a library, not a job; editing it reloads every script that loads it.

static string Bytes(long bytes)
{
    string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
    double value = bytes;
    var unit = 0;
    while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
    {
        value /= 1024;
        unit++;
    }
    return unit == 0 ? $"{bytes} B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
}
