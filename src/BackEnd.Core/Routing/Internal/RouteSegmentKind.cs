namespace BackEnd.Routing.Internal;

internal enum RouteSegmentKind
{
    Literal,
    Parameter,
    CatchAll,
}
