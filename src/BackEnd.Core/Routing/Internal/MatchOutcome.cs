namespace BackEnd.Routing.Internal;

internal enum MatchOutcome
{
    NotFound,
    Matched,
    MethodNotAllowed,
    Options,
}
