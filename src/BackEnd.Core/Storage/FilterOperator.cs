namespace BackEnd.Storage;

/// <summary>How a <see cref="FieldFilter"/> compares a field with its value.</summary>
public enum FilterOperator
{
    /// <summary>The field equals the value; a <see langword="null"/> value matches missing values.</summary>
    Equal,

    /// <summary>The field differs from the value; a <see langword="null"/> value matches present values.</summary>
    NotEqual,

    /// <summary>The field is less than the value.</summary>
    LessThan,

    /// <summary>The field is less than or equal to the value.</summary>
    LessThanOrEqual,

    /// <summary>The field is greater than the value.</summary>
    GreaterThan,

    /// <summary>The field is greater than or equal to the value.</summary>
    GreaterThanOrEqual,

    /// <summary>The text field equals the value ignoring case (ASCII letters on every provider; beyond ASCII it depends on the database).</summary>
    EqualIgnoreCase,
}
