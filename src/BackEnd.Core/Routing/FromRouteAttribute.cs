namespace BackEnd.Routing;

/// <summary>Binds a handler parameter from the route values.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromRouteAttribute : Attribute
{
    /// <summary>Gets or sets the name to read; the parameter name when <see langword="null"/>.</summary>
    public string? Name { get; set; }
}
