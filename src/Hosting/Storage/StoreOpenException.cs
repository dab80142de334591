namespace Kairos.Host.Storage;

/// <summary>The store could not be opened; the message names the file and the cause. The file is never overwritten.</summary>
internal sealed class StoreOpenException(string message, Exception? inner = null) : Exception(message, inner);
