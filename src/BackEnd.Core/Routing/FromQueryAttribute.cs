namespace BackEnd.Routing;

/// <summary>Binds a handler parameter from the query string.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromQueryAttribute : Attribute
{
    /// <summary>Gets or sets the name to read; the parameter name when <see langword="null"/>.</summary>
    public string? Name { get; set; }
}
