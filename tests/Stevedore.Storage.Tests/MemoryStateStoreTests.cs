using Stevedore.Storage.Memory;

namespace Stevedore.Storage.Tests;

/// <summary>The contract on the in-memory store (<c>--ephemeral</c>), every item kept as an object.</summary>
public sealed class MemoryStateStoreTests : StateStoreContract
{
    protected override IStateStore CreateStore(TimeProvider clock) => new MemoryStateStore(clock);
}

/// <summary>The contract on the in-memory store with every item kept as a record, as bulk kinds are.</summary>
public sealed class MemoryStateStoreRecordTests : StateStoreContract
{
    protected override IStateStore CreateStore(TimeProvider clock) => new MemoryStateStore(_ => true, clock);
}

/// <summary>
/// The contract on the in-memory store with S3 objects (one of the contract's kinds) kept as records and roles as
/// objects, so that transactions and snapshots span both.
/// </summary>
public sealed class MemoryStateStoreMixedTests : StateStoreContract
{
    protected override IStateStore CreateStore(TimeProvider clock) => new MemoryStateStore(kind => kind == TestKinds.Object, clock);
}
