namespace BackEnd.Routing;

/// <summary>
/// Binds a handler parameter from an <c>application/x-www-form-urlencoded</c> body (an HTML form): each field fills the
/// member of the same name (case-insensitive), with the JSON body's limits, 400/413/415 problems and validation.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromFormAttribute : Attribute
{
}
