namespace BackEnd.Routing.Internal;

internal enum RouteSegmentKind
{
    Literal,
    Parameter,
    CatchAll,

    /// <summary>A segment of literal text and parameters, such as <c>{name}.{ext}</c> or <c>v{version}</c>.</summary>
    Complex,
}
