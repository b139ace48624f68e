using System.IO.Pipelines;

namespace BackEnd.Server.Internal;

/// <summary>A pipe pair over a network or TLS stream. Zero-byte reads keep idle connections from holding buffers.</summary>
internal sealed class StreamDuplexPipe : IDuplexPipe
{
    private static readonly StreamPipeReaderOptions s_readerOptions = new(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true);
    private static readonly StreamPipeWriterOptions s_writerOptions = new(minimumBufferSize: 4096, leaveOpen: true);

    public StreamDuplexPipe(Stream stream)
    {
        Input = PipeReader.Create(stream, s_readerOptions);
        Output = PipeWriter.Create(stream, s_writerOptions);
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }
}
