using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace BackEnd.Core.Tests.Server;

/// <summary>https:// listeners with a certificate generated in the test, spoken to by an SslStream client.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Https_CertificateInCode_ServesOverTls()
    {
        using var certificate = CreateCertificate();
        await using var server = await TestServer.StartAsync(SchemeApp, o => o.ServerCertificate = certificate, "https://127.0.0.1:0");
        await using var client = await ConnectTlsAsync(server.Port, certificate, SslProtocols.Tls12 | SslProtocols.Tls13);

        await client.SendAsync("GET /secure HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal("https|True|/secure", response!.BodyText);
    }

    [Fact]
    public async Task Https_PemFiles_ServesTls12()
    {
        using var certificate = CreateCertificate();
        var directory = Directory.CreateTempSubdirectory("backend-tls-");
        try
        {
            var certPath = Path.Combine(directory.FullName, "cert.pem");
            var keyPath = Path.Combine(directory.FullName, "key.pem");
            await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
            using (var key = certificate.GetRSAPrivateKey()!)
            {
                await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
            }

            await using var server = await TestServer.StartAsync(SchemeApp, o => { o.CertificatePath = certPath; o.CertificateKeyPath = keyPath; }, "https://127.0.0.1:0");
            await using var client = await ConnectTlsAsync(server.Port, certificate, SslProtocols.Tls12);

            await client.SendAsync("GET /pem HTTP/1.1\r\nHost: localhost\r\n\r\n");
            var response = await client.ReadResponseAsync();

            Assert.Equal("https|True|/pem", response!.BodyText);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Https_PfxFile_Serves()
    {
        using var certificate = CreateCertificate();
        var path = Path.Combine(Path.GetTempPath(), $"backend-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pw"));
        try
        {
            await using var server = await TestServer.StartAsync(SchemeApp, o => { o.CertificatePath = path; o.CertificatePassword = "pw"; }, "https://127.0.0.1:0");
            await using var client = await ConnectTlsAsync(server.Port, certificate, SslProtocols.Tls13 | SslProtocols.Tls12);

            await client.SendAsync("GET /pfx HTTP/1.1\r\nHost: localhost\r\n\r\n");
            var response = await client.ReadResponseAsync();

            Assert.Equal("https|True|/pfx", response!.BodyText);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Https_PlainTextClient_NoHttpResponseAndClosed()
    {
        using var certificate = CreateCertificate();
        await using var server = await TestServer.StartAsync(SchemeApp, o => o.ServerCertificate = certificate, "https://127.0.0.1:0");
        await using var client = await server.ConnectAsync();
        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        var received = new MemoryStream();
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            int read;
            while ((read = await client.Stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset is as good as a close here.
        }

        Assert.DoesNotContain("HTTP/1.1", Encoding.Latin1.GetString(received.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CertificateWithoutPrivateKey_RefusedNamingTheReason()
    {
        using var withKey = CreateCertificate();
        using var publicOnly = X509CertificateLoader.LoadCertificate(withKey.Export(X509ContentType.Cert));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(SchemeApp, o => o.ServerCertificate = publicOnly, "https://127.0.0.1:0"));

        Assert.Contains("no private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CertificateForClientAuthenticationOnly_Refused()
    {
        using var certificate = CreateCertificate("1.3.6.1.5.5.7.3.2");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(SchemeApp, o => o.ServerCertificate = certificate, "https://127.0.0.1:0"));

        Assert.Contains("server authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KeyProblems_MessageNamesFileAndReason()
    {
        using var certificate = CreateCertificate();
        var directory = Directory.CreateTempSubdirectory("backend-tls-");
        try
        {
            var certPath = Path.Combine(directory.FullName, "cert.pem");
            var encryptedPath = Path.Combine(directory.FullName, "encrypted.pem");
            var missingPath = Path.Combine(directory.FullName, "missing.pem");
            await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
            using (var key = certificate.GetRSAPrivateKey()!)
            {
                var encrypted = key.ExportEncryptedPkcs8PrivateKey("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));
                await File.WriteAllTextAsync(encryptedPath, PemEncoding.WriteString("ENCRYPTED PRIVATE KEY", encrypted));
            }

            var noPassword = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                TestServer.StartAsync(SchemeApp, o => { o.CertificatePath = certPath; o.CertificateKeyPath = encryptedPath; }, "https://127.0.0.1:0"));
            var wrongPassword = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                TestServer.StartAsync(SchemeApp, o => { o.CertificatePath = certPath; o.CertificateKeyPath = encryptedPath; o.CertificatePassword = "wrong"; }, "https://127.0.0.1:0"));
            var missing = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                TestServer.StartAsync(SchemeApp, o => { o.CertificatePath = certPath; o.CertificateKeyPath = missingPath; }, "https://127.0.0.1:0"));

            Assert.Contains(encryptedPath, noPassword.Message, StringComparison.Ordinal);
            Assert.Contains("no CertificatePassword", noPassword.Message, StringComparison.Ordinal);
            Assert.Contains("password is wrong", wrongPassword.Message, StringComparison.Ordinal);
            Assert.Contains(missingPath, missing.Message, StringComparison.Ordinal);
            Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static ValueTask SchemeApp(BackEnd.Http.HttpContext context) =>
        context.Response.WriteAsync(Encoding.UTF8.GetBytes($"{context.Request.Scheme}|{context.Connection.IsTls}|{context.Request.Path}"));

    private static async Task<RawClient> ConnectTlsAsync(int port, X509Certificate2 expected, SslProtocols protocols)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == expected.GetCertHashString(),
        });
        return new RawClient(socket, ssl);
    }

    private static X509Certificate2 CreateCertificate(string usage = "1.3.6.1.5.5.7.3.1")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
