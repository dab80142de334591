namespace Kairos.Host.Operations;

/// <summary>A CLI or control API request that cannot be done as asked (unknown job, bad value); the message says why.</summary>
internal sealed class OperationException(string message) : Exception(message);
