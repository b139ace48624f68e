using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Document.Tests.KeyValue;

/// <summary>Turns each case of <see cref="KeyValueStoreContractTests"/> into a test, skipped with a reason (<see cref="RequiresEnvironmentVariableAttribute"/>) when the engine's server is not configured.</summary>
public abstract class KeyValueContractRunner : KeyValueStoreContractTests
{
    [StoreFact]
    public Task Set_ThenGet_ReturnsValue() => Run(Set_ThenGet_ReturnsValue_Core);

    [StoreFact]
    public Task Set_EmptyString_IsNotMissing() => Run(Set_EmptyString_IsNotMissing_Core);

    [StoreFact]
    public Task Set_WithTimeToLive_InvisibleOnceExpired() => Run(Set_WithTimeToLive_InvisibleOnceExpired_Core);

    [StoreFact]
    public Task Delete_ReportsWhetherKeyExisted() => Run(Delete_ReportsWhetherKeyExisted_Core);

    [StoreFact]
    public Task Increment_ConcurrentCallers_CountsEveryCall() => Run(Increment_ConcurrentCallers_CountsEveryCall_Core);

    [StoreFact]
    public Task Increment_TimeToLive_AppliesOnlyWhenCreated() => Run(Increment_TimeToLive_AppliesOnlyWhenCreated_Core);

    [StoreFact]
    public Task Increment_NonInteger_ThrowsInvalidOperation() => Run(Increment_NonInteger_ThrowsInvalidOperation_Core);

    [StoreFact]
    public Task CompareAndSet_OnlyFromExpectedValue() => Run(CompareAndSet_OnlyFromExpectedValue_Core);

    [StoreFact]
    public Task CompareAndSet_ConcurrentWriters_ExactlyOneWins() => Run(CompareAndSet_ConcurrentWriters_ExactlyOneWins_Core);

    [StoreFact]
    public Task ListPush_KeepsNewestFirstAndTrims() => Run(ListPush_KeepsNewestFirstAndTrims_Core);

    [StoreFact]
    public Task ListPush_WithTimeToLive_InvisibleOnceExpired() => Run(ListPush_WithTimeToLive_InvisibleOnceExpired_Core);

    [StoreFact]
    public Task WrongKind_ThrowsInvalidOperation() => Run(WrongKind_ThrowsInvalidOperation_Core);

    [StoreFact]
    public Task BadInput_IsRefusedClearly() => Run(BadInput_IsRefusedClearly_Core);

    [StoreFact]
    public Task Keys_WithMetacharacters_AreData() => Run(Keys_WithMetacharacters_AreData_Core);

    private Task Run(Func<Task> test) => Enabled ? test() : throw new InvalidOperationException("The engine's server is not configured.");
}
