using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;

namespace BackEnd.Storage.Sql.Internal;

// Compiles, once per row type and column list, a reader that calls the constructor and setters with values read by the typed
// getters (ColumnReaders): no object[] of boxed values, no reflection per row. A NULL becomes null in a member that can hold
// it, and the column's error in one that cannot.
internal static class CompiledRowReader
{
    private static readonly MethodInfo IsDBNull = typeof(DbDataReader).GetMethod(nameof(DbDataReader.IsDBNull), [typeof(int)])!;
    private static readonly MethodInfo NullError = typeof(RowColumn).GetMethod(nameof(RowColumn.Null))!;

    // One member's value read from one column; SqliteStored: a repository column on SQLite (see ColumnReaders); FieldType:
    // the column's driver type when it is known for the whole result set (see ColumnReaders.ForFieldType); Unchecked: a
    // reference-type member read with FieldType's getter without asking whether the column is NULL (the getter then throws).
    public readonly record struct Member(int Ordinal, Type Type, RowColumn Column, bool SqliteStored = false, Type? FieldType = null, bool Unchecked = false);

    // readerType: the exact type of the driver's reader the delegate will be given (the caller checks it), or null for any.
    // A compiled delegate is a DynamicMethod, which never tiers up, so PGO never turns its DbDataReader getter calls into direct
    // ones as it does in hand-written code; cast once to the driver's sealed reader, its getters and IsDBNull are called
    // directly (inlined where small), with no virtual dispatch.
    public static Func<DbDataReader, TResult> Compile<TResult>(
        Type type, ConstructorInfo? constructor, IReadOnlyList<(ParameterInfo Parameter, Member Value)> arguments, IReadOnlyList<(PropertyInfo Property, Member Value)> setters,
        Type? readerType = null)
    {
        var reader = Expression.Parameter(typeof(DbDataReader), "reader");
        var typed = readerType is null || readerType == typeof(DbDataReader) ? null : Expression.Variable(readerType, "typed");
        var arguments1 = arguments.Select(a => As(Read(reader, typed, a.Value), a.Parameter.ParameterType));
        var created = constructor is null ? Expression.New(type) : Expression.New(constructor, arguments1);
        Expression body = setters.Count == 0
            ? created
            : Expression.MemberInit(created, setters.Select(s => Expression.Bind(s.Property, As(Read(reader, typed, s.Value), s.Property.PropertyType))));
        body = As(body, typeof(TResult));
        if (typed is not null)
        {
            body = Expression.Block(typeof(TResult), [typed], Expression.Assign(typed, Expression.Convert(reader, readerType!)), body);
        }

        return Expression.Lambda<Func<DbDataReader, TResult>>(body, reader).Compile();
    }

    // A reader of the first column alone, for queries of single values.
    public static Func<DbDataReader, TResult> CompileValue<TResult>(RowColumn column)
    {
        var reader = Expression.Parameter(typeof(DbDataReader), "reader");
        return Expression.Lambda<Func<DbDataReader, TResult>>(Read(reader, null, new Member(0, typeof(TResult), column)), reader).Compile();
    }

    // typed: the reader cast to its driver's type, whose getters read the columns whose driver type is known.
    private static Expression Read(ParameterExpression reader, ParameterExpression? typed, Member member)
    {
        var ordinal = Expression.Constant(member.Ordinal);
        var column = Expression.Constant(member.Column);
        var underlying = Nullable.GetUnderlyingType(member.Type);
        var valueType = underlying ?? member.Type;
        var direct = member.FieldType is { } fieldType ? ColumnReaders.ForFieldType(valueType, fieldType) : null;
        var method = direct ?? ColumnReaders.For(valueType, member.SqliteStored);
        Expression value = (direct is not null && typed is not null ? ColumnReaders.Direct(typed, ordinal, valueType, member.FieldType!) : null)
            ?? Expression.Call(method, reader, ordinal, column);
        var isNull = typed is not null && typed.Type.GetMethod(nameof(DbDataReader.IsDBNull), [typeof(int)]) is { } typedIsNull
            ? Expression.Call(typed, typedIsNull, ordinal)
            : Expression.Call(reader, IsDBNull, ordinal);
        if (member.Unchecked && direct is not null && !member.Type.IsValueType)
        {
            return value;
        }

        if (member.Type.IsValueType && underlying is null)
        {
            if (direct is not null || (member.SqliteStored && method.Name.StartsWith("Stored", StringComparison.Ordinal)))
            {
                // The driver's getter refuses a NULL (SQLite with an InvalidOperationException, Npgsql and MySqlConnector with an
                // InvalidCastException or SqlNullValueException), which SqlEntityCommands turns into this member's error; no NULL
                // check is paid on the way.
                return value;
            }

            return Expression.Condition(isNull, Expression.Throw(Expression.Call(column, NullError, reader, ordinal), member.Type), value);
        }

        return Expression.Condition(isNull, Expression.Default(member.Type), As(value, member.Type));
    }

    // A value converted to a constructor parameter or member type; types that differ otherwise than by Nullable go
    // through object, with the cast a boxed path would make.
    private static Expression As(Expression value, Type type)
    {
        if (value.Type == type)
        {
            return value;
        }

        if (type.IsAssignableFrom(value.Type) || Nullable.GetUnderlyingType(type) == value.Type)
        {
            return Expression.Convert(value, type);
        }

        return Expression.Convert(Expression.Convert(value, typeof(object)), type);
    }
}
