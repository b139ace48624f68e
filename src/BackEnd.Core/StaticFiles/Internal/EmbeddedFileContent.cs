namespace BackEnd.StaticFiles.Internal;

/// <summary>The bytes and validators of one embedded resource, computed once.</summary>
internal sealed record EmbeddedFileContent(byte[] Bytes, DateTimeOffset LastModified, string ETag);
