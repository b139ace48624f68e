using System.Data.Common;

namespace BackEnd.Storage.Sql.Internal;

internal sealed class CachedCommand(DbCommand command)
{
    public DbCommand Command { get; } = command;

    public bool InUse { get; set; }

    public bool Prepared { get; set; }
}
