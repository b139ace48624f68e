using BackEnd.Http;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>Binds every handler argument into an array, for handlers with filters; <see langword="null"/> when binding failed.</summary>
internal delegate object?[]? ArgumentsBinder(HttpContext context, object? body, out BindingError error);
