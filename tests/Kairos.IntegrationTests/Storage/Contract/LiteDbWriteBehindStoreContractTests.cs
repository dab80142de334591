using Kairos.Host.Storage.LiteDb;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>
/// The store contract against LiteDB as the host opens it: trigger changes written behind (a window longer than any
/// test, so only the reads and writes the contract makes write them).
/// </summary>
public sealed class LiteDbWriteBehindStoreContractTests() : LiteDbStoreContractTests(new TriggerWriteBehind(TimeSpan.FromHours(1), TimeProvider.System));
