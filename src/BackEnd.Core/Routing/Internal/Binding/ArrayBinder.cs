using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>Binds an array from every value of a repeated query key or header; absent means an empty array.</summary>
internal sealed class ArrayBinder<T>(BindingSource source, string parameter, string key, ValueParser<T> parser, string typeName)
{
    public bool TryBind(HttpContext context, out T[] value, out BindingError error)
    {
        StringValues values = source == BindingSource.Header ? context.Request.Headers[key] : context.Request.Query[key];
        if (values.Count == 0)
        {
            value = [];
            error = default;
            return true;
        }

        var result = new T[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var text = values[i] ?? string.Empty;
            if (!parser.TryParse(text, out result[i]))
            {
                value = [];
                error = new BindingError(400, $"The value '{ValueBinder<T>.Truncate(text)}' of parameter '{parameter}' ('{key}') is not a valid {typeName}.");
                return false;
            }
        }

        value = result;
        error = default;
        return true;
    }
}
