using System.Reflection;

namespace BackEnd.Crud.Internal;

/// <summary>A member clients may name in a query string, under its JSON name.</summary>
internal sealed record ResourceField(string Name, PropertyInfo Property);
