using System.Text;

namespace BackEnd.Core.Tests.Server;

/// <summary>Bounded random mutation of valid requests (fixed seed): never a crash, never a 500, and the server keeps serving.</summary>
public sealed class MutationTests
{
    private const int Iterations = 3000;

    private static readonly string[] s_seeds =
    [
        "GET /path/to?x=1&y=%20z HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n",
        "POST /submit HTTP/1.1\r\nHost: example.com\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world",
        "PUT /chunks HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /second HTTP/1.1\r\nHost: h\r\n\r\n",
    ];

    private static readonly byte[] s_interesting = "\r\n\0 \t:;,-_0123456789abcdefABCDEF\x7f\xff\x80/?%#\""u8.ToArray();

    [Fact]
    public async Task Mutate_ThousandsOfRequests_NeverCrashOrServerError()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody);
        var random = new Random(20261122);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();

        for (var i = 0; i < Iterations && failures.Count < 10; i++)
        {
            var request = Mutate(random, Encoding.Latin1.GetBytes(s_seeds[random.Next(s_seeds.Length)]));
            List<TestResponse> responses;
            try
            {
                responses = await server.SendAllAsync(request, headRequests: request.AsSpan().StartsWith("HEAD "u8));
            }
            catch (InvalidDataException ex)
            {
                failures.Add($"#{i} unparsable response ({ex.Message}) to {Escape(request)}");
                continue;
            }

            foreach (var response in responses)
            {
                statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
                if (response.Status == 500 || (response.Status > 501 && response.Status != 505))
                {
                    failures.Add($"#{i} status {response.Status} for {Escape(request)}");
                }
            }
        }

        var after = await server.SendAllAsync("GET /still-alive HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(200, Assert.Single(after).Status);
        Assert.True(statuses.Keys.Any(s => s >= 400), "The mutations never produced a rejected request; the generator is broken.");
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var mutations = 1 + random.Next(3);
        for (var m = 0; m < mutations && bytes.Count > 1; m++)
        {
            var position = random.Next(bytes.Count);
            var value = random.Next(2) == 0 ? s_interesting[random.Next(s_interesting.Length)] : (byte)random.Next(256);
            switch (random.Next(6))
            {
                case 0:
                    bytes[position] = value;
                    break;
                case 1:
                    bytes.Insert(position, value);
                    break;
                case 2:
                    bytes.RemoveAt(position);
                    break;
                case 3:
                    bytes.InsertRange(position, "\r\n"u8.ToArray());
                    break;
                case 4:
                    var length = Math.Min(random.Next(1, 16), bytes.Count - position);
                    bytes.InsertRange(position, bytes.GetRange(position, length));
                    break;
                default:
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
            }
        }

        return [.. bytes];
    }

    private static string Escape(byte[] request) =>
        Encoding.Latin1.GetString(request).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
}
