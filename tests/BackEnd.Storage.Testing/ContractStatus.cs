namespace BackEnd.Storage.Testing;

/// <summary>An enum stored as its number.</summary>
public enum ContractStatus
{
    Draft = 0,
    Active = 1,
    Archived = 7,
}
