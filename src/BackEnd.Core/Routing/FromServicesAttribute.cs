namespace BackEnd.Routing;

/// <summary>Binds a handler parameter from the request-scoped service provider.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromServicesAttribute : Attribute
{
}
