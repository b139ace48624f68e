namespace BackEnd.Routing.Internal.Binding;

/// <summary>How a body kind is named in problem texts.</summary>
internal sealed record BodyMedia(string Name, string Article, string MediaType)
{
    public static readonly BodyMedia Json = new("JSON", "JSON", "application/json");

    public static readonly BodyMedia Form = new("form", "a form", "application/x-www-form-urlencoded");
}
