namespace BackEnd.Crud;

/// <summary>The body of a resource's list response: one page of items and how to get the next.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items, in the requested order.</param>
/// <param name="Page">The 1-based page number when the request paged by <c>page</c>; <see langword="null"/> when it followed a <c>cursor</c>.</param>
/// <param name="PageSize">The largest number of items in a page.</param>
/// <param name="Total">The number of all items matching the filters when the request paged by <c>page</c>; <see langword="null"/> when it followed a <c>cursor</c>.</param>
/// <param name="Next">An opaque cursor: pass it as <c>?cursor=</c> (with the same filters and sort) for the next page; <see langword="null"/> on the last page.</param>
/// <remarks>Serialized as <c>{"items":[...],"page":1,"pageSize":20,"total":42,"next":"..."}</c>; every field is always present.</remarks>
public sealed record ResourcePage<T>(IReadOnlyList<T> Items, int? Page, int PageSize, long? Total, string? Next);
