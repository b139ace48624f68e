namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>A predicate over a document in engine-neutral form; each engine renders it (LiteDB expression, jsonb SQL).</summary>
/// <remarks>Paths name JSON members of the query view; values are scalars as that view stores them (numbers, text, booleans).</remarks>
internal abstract record QueryNode;
