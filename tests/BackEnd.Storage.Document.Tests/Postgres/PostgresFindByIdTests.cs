using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;

namespace BackEnd.Storage.Document.Tests.Postgres;

/// <summary>
/// Find by id on PostgreSQL: outside a transaction, once the engine is set up, the document is read from the row's pooled bytes in the
/// query path; the first call, calls in a transaction and every other case keep the general path. Both must give the same documents.
/// </summary>
public sealed class PostgresFindByIdTests : PostgresStoreTests
{
    [PostgresFact]
    public async Task FindById_FirstCallAndLaterCalls_ReturnTheSameDocument_WithItsVersion()
    {
        var samples = Store.GetCollection<Sample>("byid");

        // The engine's very first statement: the general path (nothing is set up yet).
        var before = await samples.FindByIdAsync(1L);
        await samples.InsertManyAsync([new Sample { Id = 1, Code = "one", N = 1 }, new Sample { Id = 2, Code = "two", Name = "\u20AC'\"\\" }]);
        var second = (await samples.FindByIdAsync(2L))!;
        second.Code = "changed";
        Assert.True(await samples.UpdateAsync(second));

        var first = await samples.FindByIdAsync(1L);
        var updated = await samples.FindByIdAsync(2L);
        var again = await samples.FindByIdAsync(2L);
        var missing = await samples.FindByIdAsync(3L);

        Assert.Null(before);
        Assert.Equal(("one", 1, 1L), (first!.Code, first.N, first.Version));
        Assert.Equal(("changed", "\u20AC'\"\\", 2L), (updated!.Code, updated.Name, updated.Version));
        Assert.NotSame(updated, again);
        Assert.Equal(updated.Code, again!.Code);
        Assert.Null(missing);
    }

    [PostgresFact]
    public async Task FindById_InATransaction_SeesItsOwnInsert_AndOutsideDoesNotUntilCommit()
    {
        var samples = Store.GetCollection<Sample>("byidtx");
        await samples.InsertAsync(new Sample { Id = 1, Code = "committed" });
        Sample? inside;
        Sample? outside;
        await using (var transaction = await Store.Engine.BeginTransactionAsync(CancellationToken.None))
        {
            var scoped = new DocumentCollection<Sample>(Store, "byidtx", transaction);
            await scoped.InsertAsync(new Sample { Id = 2, Code = "pending" });
            inside = await scoped.FindByIdAsync(2L);
            outside = await samples.FindByIdAsync(2L);
        }

        Assert.Equal("pending", inside!.Code);
        Assert.Null(outside);
        Assert.Null(await samples.FindByIdAsync(2L));
        Assert.Equal("committed", (await samples.FindByIdAsync(1L))!.Code);
    }

    [PostgresFact]
    public async Task FindById_WrongIdType_ThrowsBeforeAnyStatement_AndLargeDocumentsReadWhole()
    {
        var samples = Store.GetCollection<Sample>("byidlarge");
        var large = new string('x', 50_000) + "\u00E9";
        await samples.InsertAsync(new Sample { Id = 5, Code = "big", Name = large });

        await Assert.ThrowsAsync<ArgumentException>(() => samples.FindByIdAsync(5));
        await Assert.ThrowsAsync<ArgumentNullException>(() => samples.FindByIdAsync(null!));
        var read = await samples.FindByIdAsync(5L);

        Assert.Equal(large, read!.Name);
        Assert.Equal(1L, read.Version);
    }
}
