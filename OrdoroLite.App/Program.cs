using MudBlazor.Services;
using OrdoroLite.App.Components;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Api;
using OrdoroLite.App.Features.Labels;
using OrdoroLite.App.Features.Channels;
using OrdoroLite.App.Features.Refunds;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.App.Features.Webhooks;
using OrdoroLite.App.Features.Orders.Jobs;
using OrdoroLite.App.Hosting;
using OrdoroLite.Domain.Data;

if (await AppCommands.TryRunAsync(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);

DatabaseSettings database;
OrdoroLite.Domain.Labels.Carriers.CarrierRules carriers;
try
{
    database = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath);
    carriers = OrdoroLite.App.Features.Labels.CarrierSetup.RulesFrom(builder.Configuration);
}
catch (StartupException e)
{
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 1;
    return;
}

builder.Services.AddOrdoroDomain(database.ConnectionString, database.Provider);
builder.Services.AddRefundWorker(builder.Configuration);
builder.Services.AddCarriers(carriers, builder.Configuration);
builder.Services.AddChannelSync(builder.Configuration);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
// Bottom left: at the top right (MudBlazor's default) the messages covered the order page's Actions button.
builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft);
builder.Services.AddStaffSignIn();
builder.Services.AddScoped<OrdoroLite.App.Features.Account.CurrentStaff>();
builder.Services.AddOrdersFeature();
builder.Services.AddWebSecurity(builder.Environment, builder.Configuration);
builder.Services.AddServerFarm();
builder.Services.AddApi(builder.Configuration);
builder.Services.AddWebhooks(builder.Configuration);

var app = builder.Build();

app.Logger.LogInformation("Database: {Database}", database.Where);
Console.WriteLine($"OrdoroLite database: {database.Where}");
try
{
    await DatabaseStartup.PrepareAsync(app.Services, database, app.Logger);
}
catch (StartupException e)
{
    // One sentence, not a stack trace: the database is not where the configuration says.
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 1;
    return;
}

app.UseWebSecurity();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseApiProblems();
app.UseAuthentication();
app.UseAuthorization();
app.UseApiRateLimits();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous(); // the sign-in page needs its styles before anyone signs in
app.MapStaffSignIn();
app.MapServerFarm();
app.MapApi();
app.MapJobOutcomeDownload();
// No per-message deflate on the circuit's WebSocket: its compressor state is native memory kept per open tab
// (≈ 0.8 MB of server RSS per idle tab here, docs/performance.md); frame-ancestors 'none' comes from WebSecurity.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.DisableWebSocketCompression = true);

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
