using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Samples.Shop.Tests.ScaleOut;

/// <summary>
/// Debian's nginx in front of the nodes, configured in a temp dir (its own pid, logs and temp paths), run in the
/// foreground as the current user: plain HTTP on one loopback port and TLS (a throwaway self-signed certificate) on
/// another, so the nodes see both schemes through <c>X-Forwarded-Proto</c>.
/// </summary>
public sealed class NginxProxy : IDisposable
{
    public const string Executable = "/usr/sbin/nginx";

    private readonly Process _process;

    private NginxProxy(Process process, string folder, int httpPort, int httpsPort)
    {
        _process = process;
        Folder = folder;
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}/");
        HttpsAddress = new Uri($"https://127.0.0.1:{httpsPort}/");
    }

    public string Folder { get; }

    /// <summary>The SHA-256 hash of the last certificate written: the one certificate the tests' clients trust.</summary>
    public static string? CertificateHash { get; private set; }

    public Uri HttpAddress { get; }

    public Uri HttpsAddress { get; }

    public string ErrorLog => File.Exists(Path.Combine(Folder, "error.log")) ? File.ReadAllText(Path.Combine(Folder, "error.log")) : string.Empty;

    public static async Task<NginxProxy> StartAsync(string folder, IReadOnlyList<int> upstreamPorts, int httpPort, int httpsPort)
    {
        Directory.CreateDirectory(folder);
        WriteCertificate(folder);
        var upstreams = string.Concat(upstreamPorts.Select(p => string.Create(CultureInfo.InvariantCulture, $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;\n")));

        // As root, nginx would hand its workers to "nobody", who cannot read this private folder.
        var user = Environment.UserName == "root" ? "user root;\n" : string.Empty;
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            {{user}}daemon off;
            # One process: killing it leaves no orphaned worker behind.
            master_process off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                upstream shop {
            {{upstreams}}        keepalive 16;
                }
                server {
                    listen 127.0.0.1:{{httpPort}};
                    listen 127.0.0.1:{{httpsPort}} ssl;
                    ssl_certificate {{folder}}/proxy.crt;
                    ssl_certificate_key {{folder}}/proxy.key;
                    location / {
                        proxy_pass http://shop;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        # A node that refuses the connection is skipped; a request it may have started is not sent twice.
                        proxy_next_upstream error timeout http_502 http_503;
                        proxy_next_upstream_tries 3;
                        proxy_connect_timeout 2s;
                        proxy_read_timeout 60s;
                        proxy_buffering off;
                    }
                }
            }
            """);
        var configPath = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", folder, "-c", configPath, "-e", Path.Combine(folder, "error.log") })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new NginxProxy(process, folder, httpPort, httpsPort);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}:\n{proxy.ErrorLog}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, httpPort);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        proxy.Dispose();
        throw new TimeoutException($"nginx did not listen on {httpPort}:\n{proxy.ErrorLog}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static void WriteCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        CertificateHash = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        File.WriteAllText(Path.Combine(folder, "proxy.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "proxy.key"), key.ExportPkcs8PrivateKeyPem());
    }
}
