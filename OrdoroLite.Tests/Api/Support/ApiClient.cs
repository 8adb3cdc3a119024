using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrdoroLite.Tests.Api.Support;

/// <summary>A program calling the API: a key in the Authorization header, JSON in and out, no cookies.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, string? key)
    {
        _http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        if (key is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    public async Task<ApiResponse> GetAsync(string path) => await ApiResponse.ReadAsync(await _http.GetAsync(path));

    /// <summary>POSTs JSON with an Idempotency-Key (a new one unless given; null sends none).</summary>
    public Task<ApiResponse> PostAsync(string path, object? body, string? idempotencyKey = "") =>
        PostRawAsync(path, body is null ? "" : JsonSerializer.Serialize(body, JsonSerializerOptions.Web), "application/json", idempotencyKey);

    public async Task<ApiResponse> PostRawAsync(string path, string body, string contentType, string? idempotencyKey = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey.Length == 0 ? Guid.NewGuid().ToString() : idempotencyKey);
        }

        return await ApiResponse.ReadAsync(await _http.SendAsync(request));
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request) => await ApiResponse.ReadAsync(await _http.SendAsync(request));

    public void Dispose() => _http.Dispose();
}

/// <summary>A response as a test reads it: status, headers, body text and its JSON.</summary>
public sealed record ApiResponse(HttpStatusCode Status, HttpResponseMessage Message, string Text)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement;

    public string? ContentType => Message.Content.Headers.ContentType?.MediaType;

    public string? Header(string name) =>
        Message.Headers.TryGetValues(name, out var values) || Message.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;

    /// <summary>The problem's detail (RFC 9457).</summary>
    public string Detail => Json.GetProperty("detail").GetString()!;

    /// <summary>Every problem listed under "errors", field by field.</summary>
    public Dictionary<string, string[]> Errors => Json.GetProperty("errors").EnumerateObject()
        .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray());

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage message) =>
        new(message.StatusCode, message, await message.Content.ReadAsStringAsync());
}
