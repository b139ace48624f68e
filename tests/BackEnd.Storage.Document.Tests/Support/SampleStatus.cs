namespace BackEnd.Storage.Document.Tests.Support;

public enum SampleStatus
{
    Draft = 0,
    Active = 2,
    Archived = 10,
}
