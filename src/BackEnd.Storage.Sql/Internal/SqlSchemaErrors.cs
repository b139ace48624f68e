namespace BackEnd.Storage.Sql.Internal;

// One wording for a schema that is behind the code, whichever engine reported it.
internal static class SqlSchemaErrors
{
    public static SchemaMismatchException Missing(SqlDatabaseKind database, string? table, string? column, Exception? inner)
    {
        var what = (table, column) switch
        {
            (not null, not null) => $"The table '{table}' has no column '{column}'",
            (not null, null) => $"The table '{table}' does not exist",
            (null, not null) => $"The column '{column}' does not exist",
            _ => "A table or column the statement uses does not exist",
        };
        var message = $"{what} in the {database} database. Add a migration that creates it (AddMigration or AddMigrationsFromAssembly), "
            + "or, for a prototype, let start-up create the tables with CreateTablesFor<TEntity>().";
        return new SchemaMismatchException(message, table, column, inner);
    }
}
