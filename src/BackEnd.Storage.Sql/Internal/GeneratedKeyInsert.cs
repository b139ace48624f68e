using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

// The insert of an entity whose integer key the database generates, compiled per entity type and dialect: the members are
// read typed and written into the kept command's parameters in place, and the key goes back into the member as an Int64,
// where the general path built a parameter list per row and boxed the key and version on their way. A batch of inserts in
// one transaction runs this once per row.
internal sealed class GeneratedKeyInsert
{
    private static readonly MethodInfo ItemByIndex = typeof(DbParameterCollection).GetProperty("Item", [typeof(int)])!.GetMethod!;
    private static readonly PropertyInfo ParameterValue = typeof(DbParameter).GetProperty(nameof(DbParameter.Value))!;
    private static readonly MethodInfo FormatInstant = typeof(SqliteDialect).GetMethod(nameof(SqliteDialect.FormatInstant), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ToDbValue = typeof(SqlDialect).GetMethod(nameof(SqlDialect.ToDbValue))!;

    private readonly string[] _parameterNames;
    private readonly Action<object, DbParameterCollection> _bind;
    private readonly Func<object, long> _key;
    private readonly Action<object, long> _setKey;
    private readonly Action<object, long> _setVersion;

    private GeneratedKeyInsert(SqlEntityCommands commands)
    {
        var descriptor = commands.Descriptor;
        _parameterNames = [.. commands.DataParameterNames.Select(name => "@" + name)];
        var entity = Expression.Parameter(typeof(object), "entity");
        var typed = Expression.Convert(entity, descriptor.EntityType);
        var parameters = Expression.Parameter(typeof(DbParameterCollection), "parameters");
        var assignments = commands.DataProperties.Select((property, i) => (Expression)Expression.Assign(
            Expression.Property(Expression.Call(parameters, ItemByIndex, Expression.Constant(i)), ParameterValue),
            DbValue(Expression.Property(typed, property.Property), property.Type, commands.Dialect)));
        _bind = Expression.Lambda<Action<object, DbParameterCollection>>(Expression.Block(assignments), entity, parameters).Compile();

        var key = descriptor.Key.Property;
        _key = Expression.Lambda<Func<object, long>>(Expression.Convert(Expression.Property(typed, key), typeof(long)), entity).Compile();
        var value = Expression.Parameter(typeof(long), "value");
        _setKey = Expression.Lambda<Action<object, long>>(
            Expression.Assign(Expression.Property(typed, key), Expression.ConvertChecked(value, key.PropertyType)), entity, value).Compile();
        _setVersion = Expression.Lambda<Action<object, long>>(
            Expression.Assign(Expression.Property(typed, descriptor.Version.Property), value), entity, value).Compile();
    }

    // Null when the entity does not qualify: a key the caller sets, a key or version set through the constructor only, or a
    // JSON member (checked as it is bound); those take the general path.
    public static GeneratedKeyInsert? For(SqlEntityCommands commands)
    {
        var descriptor = commands.Descriptor;
        return descriptor.KeyGeneration == KeyGeneration.Identity
            && descriptor.Key.CanWrite
            && descriptor.Version.CanWrite
            && !commands.JsonData.Contains(true)
                ? new GeneratedKeyInsert(commands)
                : null;
    }

    // Whether the database is to choose this entity's key (the member is 0).
    public bool GeneratesKey(object entity) => _key(entity) == 0;

    public void Bind(DbCommand command, object entity)
    {
        var parameters = command.Parameters;
        if (parameters.Count != _parameterNames.Length)
        {
            // First use of this kept command: its parameters, named as the general path names them.
            parameters.Clear();
            foreach (var name in _parameterNames)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameters.Add(parameter);
            }
        }

        _bind(entity, parameters);
    }

    // The stored copy gets its key and first version.
    public void Complete(object stored, long key)
    {
        _setKey(stored, key);
        _setVersion(stored, 1L);
    }

    // The dialect's ToDbValue, specialised by the member's declared type where its result is known (text, primitives, SQLite's
    // instants); other types go through it unchanged.
    private static Expression DbValue(Expression member, Type type, SqlDialect dialect)
    {
        if (type == typeof(string))
        {
            return Expression.Coalesce(Expression.Convert(member, typeof(object)), Expression.Constant(DBNull.Value, typeof(object)));
        }

        if (type == typeof(DateTimeOffset) && dialect.Kind == SqlDatabaseKind.Sqlite)
        {
            return Expression.Call(FormatInstant, member);
        }

        if (type.IsPrimitive)
        {
            return Expression.Convert(member, typeof(object));
        }

        return Expression.Call(Expression.Constant(dialect), ToDbValue, Expression.Convert(member, typeof(object)));
    }
}
