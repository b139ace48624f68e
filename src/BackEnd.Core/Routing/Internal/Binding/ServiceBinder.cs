using BackEnd.Http;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>Binds a parameter from the request-scoped services; a missing required service is a programming error (500).</summary>
internal sealed class ServiceBinder<T>(string parameter, bool required)
{
    public bool TryBind(HttpContext context, out T value, out BindingError error)
    {
        error = default;
        var service = context.RequestServices.GetService(typeof(T));
        if (service is null && required)
        {
            throw new InvalidOperationException($"No service of type '{typeof(T)}' is registered for the handler parameter '{parameter}'.");
        }

        value = (T)service!;
        return true;
    }
}
