using System.Text.Json.Serialization.Metadata;
using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.HttpResults.Internal;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>Writes what a handler returned; the compiled binder calls the overload matching the declared return type.</summary>
internal static class ResultHandlers
{
    public static ValueTask WriteVoid(HttpContext context) => default;

    /// <summary>Writes a returned value; <paramref name="typeInfo"/> is the JSON contract resolved at start-up when the declared type settles it.</summary>
    public static ValueTask WriteValue<T>(HttpContext context, T value, JsonTypeInfo<T>? typeInfo)
    {
        if (value is IResult result)
        {
            return result.ExecuteAsync(context);
        }

        if (value is string text)
        {
            return ResponseWriter.WriteTextAsync(context, text, 200, null);
        }

        if (typeInfo is not null)
        {
            return ResponseWriter.WriteJsonAsync(context, value, typeInfo, 200, null);
        }

        if (value is null)
        {
            return ResponseWriter.WriteJsonAsync<T>(context, value, 200, null);
        }

        // A declared object (or interface) type hides the real one; serialize what was actually returned.
        return typeof(T) == typeof(object) || typeof(T).IsInterface || typeof(T).IsAbstract
            ? ResponseWriter.WriteJsonObjectAsync(context, value, 200)
            : ResponseWriter.WriteJsonAsync(context, value, 200, null);
    }

    public static ValueTask WriteTask(HttpContext context, Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? default : new ValueTask(task);
    }

    public static ValueTask WriteValueTask(HttpContext context, ValueTask task) => task;

    public static ValueTask WriteTaskOf<T>(HttpContext context, Task<T> task, JsonTypeInfo<T>? typeInfo)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? WriteValue(context, task.Result, typeInfo) : AwaitTask(context, task, typeInfo);
    }

    public static ValueTask WriteValueTaskOf<T>(HttpContext context, ValueTask<T> task, JsonTypeInfo<T>? typeInfo) =>
        task.IsCompletedSuccessfully ? WriteValue(context, task.Result, typeInfo) : AwaitValueTask(context, task, typeInfo);

    /// <summary>Writes a value that went through endpoint filters and so is only known as an object.</summary>
    public static ValueTask WriteObject(HttpContext context, object? value) => value switch
    {
        null => default,
        IResult result => result.ExecuteAsync(context),
        string text => ResponseWriter.WriteTextAsync(context, text, 200, null),
        _ => ResponseWriter.WriteJsonObjectAsync(context, value, 200),
    };

    public static async ValueTask<object?> UnwrapTask(object? value)
    {
        await ((Task)value!).ConfigureAwait(false);
        return null;
    }

    public static async ValueTask<object?> UnwrapValueTask(object? value)
    {
        await ((ValueTask)value!).ConfigureAwait(false);
        return null;
    }

    public static async ValueTask<object?> UnwrapTaskOf<T>(object? value) => await ((Task<T>)value!).ConfigureAwait(false);

    public static async ValueTask<object?> UnwrapValueTaskOf<T>(object? value) => await ((ValueTask<T>)value!).ConfigureAwait(false);

    public static ValueTask<object?> UnwrapNone(object? value) => new(value);

    private static async ValueTask AwaitTask<T>(HttpContext context, Task<T> task, JsonTypeInfo<T>? typeInfo) =>
        await WriteValue(context, await task.ConfigureAwait(false), typeInfo).ConfigureAwait(false);

    private static async ValueTask AwaitValueTask<T>(HttpContext context, ValueTask<T> task, JsonTypeInfo<T>? typeInfo) =>
        await WriteValue(context, await task.ConfigureAwait(false), typeInfo).ConfigureAwait(false);
}
