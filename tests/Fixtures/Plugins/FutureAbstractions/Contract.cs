namespace Kairos;

public interface IJob
{
    Task ExecuteAsync(CancellationToken cancellationToken);
}

[AttributeUsage(AttributeTargets.Class)]
public sealed class JobAttribute(string id) : Attribute
{
    public string Id { get; } = id;
}
