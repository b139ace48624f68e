namespace BackEnd.Storage.Providers;

/// <summary>Who assigns an entity's key on insert.</summary>
public enum KeyGeneration
{
    /// <summary>The caller always supplies the key (string keys, or numeric keys marked <c>[DatabaseGenerated(None)]</c>).</summary>
    None,

    /// <summary>The store assigns increasing numbers to a zero <see cref="long"/> or <see cref="int"/> key (an identity column in SQL).</summary>
    Identity,

    /// <summary>The provider assigns a new time-ordered <see cref="Guid"/> (version 7) to an empty key.</summary>
    NewGuid,
}
