namespace BackEnd.Storage.Document.Internal;

internal enum WriteOutcome
{
    Done,
    NotFound,
    Conflict,
}
