namespace Kairos.Host.Storage.Runs;

/// <summary>Run ids: version-7 GUIDs, so they sort by creation time in every store.</summary>
internal static class RunIds
{
    public static string New(DateTimeOffset now) => Guid.CreateVersion7(now).ToString("N");
}
