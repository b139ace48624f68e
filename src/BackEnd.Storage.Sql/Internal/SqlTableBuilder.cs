using System.Reflection;
using System.Text;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

// CREATE TABLE IF NOT EXISTS from an entity's mapping, for CreateTablesFor (prototypes). Identifiers come from the descriptor only.
internal static class SqlTableBuilder
{
    public static string CreateTableIfMissing(EntityDescriptor descriptor, SqlDialect dialect)
    {
        var sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").Append(dialect.Quote(descriptor.TableName)).Append(" (");
        var nullability = new NullabilityInfoContext();
        var first = true;
        foreach (var property in descriptor.Properties)
        {
            sql.Append(first ? string.Empty : ", ");
            first = false;
            if (property == descriptor.Key && descriptor.KeyGeneration == KeyGeneration.Identity)
            {
                sql.Append(dialect.IdentityKeyColumn(property));
                continue;
            }

            var isKey = property == descriptor.Key;
            sql.Append(dialect.Quote(property.ColumnName)).Append(' ').Append(dialect.ColumnType(property, isKey));
            if (isKey)
            {
                sql.Append(" PRIMARY KEY");
            }
            else
            {
                var nullable = property.IsNullable
                    && (property.Type.IsValueType || nullability.Create(property.Property).WriteState != NullabilityState.NotNull);
                sql.Append(nullable ? " NULL" : " NOT NULL");
            }
        }

        return sql.Append(')').Append(dialect.CreateTableSuffix).ToString();
    }
}
