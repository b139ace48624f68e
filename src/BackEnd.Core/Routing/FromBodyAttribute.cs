namespace BackEnd.Routing;

/// <summary>Binds a handler parameter from the JSON request body; at most one parameter per handler.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromBodyAttribute : Attribute
{
}
