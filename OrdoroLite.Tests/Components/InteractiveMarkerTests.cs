using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;
using OrdoroLite.App.Components.Layout;

namespace OrdoroLite.Tests.Components;

/// <summary>Browser tests wait for this marker; it must appear only once the circuit is live.</summary>
public sealed class InteractiveMarkerTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();

    public Task InitializeAsync()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        _ctx.AddAuthorization(); // the layout's nav menu asks who is signed in
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void Layout_renders_the_interactive_marker_only_when_the_renderer_is_interactive(bool interactive, int markers)
    {
        _ctx.SetRendererInfo(new RendererInfo("Server", interactive));

        var layout = _ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        layout.FindAll("[data-testid=interactive]").Should().HaveCount(markers);
    }
}
