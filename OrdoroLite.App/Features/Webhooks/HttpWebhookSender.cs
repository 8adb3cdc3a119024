using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.App.Features.Webhooks;

/// <summary>
/// Posts webhooks over HTTP(S). The connection goes only to an address the guard allows (checked on
/// the addresses the host resolves to at connect time, not only when subscribing), redirects are
/// not followed (a 3xx is a failed attempt), cookies are not kept, and the answer's body is not read.
/// </summary>
public sealed class HttpWebhookSender : IWebhookSender, IDisposable
{
    public const string UserAgent = "OrdoroLite-Webhooks/1";

    private readonly HttpClient _http;

    public HttpWebhookSender(WebhookTargetGuard guard)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, ct) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
                var allowed = addresses.Where(guard.IsAllowed).ToList();
                if (allowed.Count == 0)
                {
                    throw new HttpRequestException(addresses.Length == 0
                        ? $"The host \"{host}\" has no address."
                        : WebhookTargetGuard.RefusedSentence(host, addresses[0]));
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url)
        {
            Content = new ByteArrayContent(request.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        message.Headers.UserAgent.ParseAdd(UserAgent);
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
            return new WebhookResponse((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"The URL answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        catch (HttpRequestException e)
        {
            return new WebhookResponse(null, e.InnerException is { } inner && e.Message.Contains("connect", StringComparison.OrdinalIgnoreCase)
                ? $"{e.Message} ({inner.Message})"
                : e.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
