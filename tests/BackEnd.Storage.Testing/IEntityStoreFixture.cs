namespace BackEnd.Storage.Testing;

/// <summary>Provides a store whose tables for the contract entities exist; one per test class, shared by its tests.</summary>
public interface IEntityStoreFixture
{
    /// <summary>Gets the store under test.</summary>
    IEntityStore Store { get; }
}
