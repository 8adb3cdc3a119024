using MudBlazor.Services;
using OrdoroLite.App.Components;
using OrdoroLite.App.Features.Account;
using OrdoroLite.App.Features.Refunds;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.App.Features.Orders.Jobs;
using OrdoroLite.App.Hosting;
using OrdoroLite.Domain.Data;

if (await AppCommands.TryRunAsync(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);

var databasePath = DatabaseLocation.Resolve(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddOrdoroDomain(DatabaseLocation.ConnectionString(databasePath));
builder.Services.AddRefundWorker(builder.Configuration);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddStaffSignIn();
builder.Services.AddScoped<OrdoroLite.App.Features.Account.CurrentStaff>();
builder.Services.AddOrdersFeature();

var app = builder.Build();

app.Logger.LogInformation("Database: {DatabasePath}", databasePath);
Console.WriteLine($"OrdoroLite database: {databasePath}");
await DatabaseStartup.PrepareAsync(app.Services, app.Logger);

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous(); // the sign-in page needs its styles before anyone signs in
app.MapStaffSignIn();
app.MapJobOutcomeDownload();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
