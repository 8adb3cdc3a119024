using Microsoft.Data.Sqlite;
using OrdoroLite.App.Hosting;

namespace OrdoroLite.Tests.Hosting;

/// <summary>The <c>seed</c>, <c>import</c> and <c>bench</c> commands refuse bad input with a sentence naming it, and change nothing.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ordorolite-commands-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    private CommandConsole Console => new(new StringReader(""), _out, _error, Interactive: false);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Import_given_a_directory_says_it_is_a_directory_not_that_it_does_not_exist()
    {
        var exitCode = await AppCommands.RunAsync(["import", _folder], Console);

        exitCode.Should().Be(2);
        _error.ToString().Should().Contain($"{_folder} is a directory, not a file.").And.NotContain("does not exist");
    }

    [Fact]
    public async Task Import_given_a_missing_file_says_it_does_not_exist()
    {
        var missing = Path.Combine(_folder, "nope.csv");

        var exitCode = await AppCommands.RunAsync(["import", missing], Console);

        exitCode.Should().Be(2);
        _error.ToString().Should().Contain($"{missing} does not exist.");
    }

    [Theory]
    [InlineData("--orders", "1", 1)]
    [InlineData("--orders", "10,000,000", 10_000_000)]
    [InlineData("--products", "10", 10)]
    [InlineData("--products", "100000", 100_000)]
    [InlineData("--seed", "0", 0)]
    [InlineData("--seed", "2147483647", int.MaxValue)]
    public void Seed_takes_a_number_at_either_end_of_its_range(string option, string value, int expected)
    {
        var options = AppCommands.SeedOptions.Parse(["--db", Path.Combine(_folder, "x.db"), option, value]);

        (option switch { "--orders" => options.Orders, "--products" => options.Products, _ => options.Seed }).Should().Be(expected);
    }

    [Theory]
    [InlineData("--orders", "0", "--orders 0 is out of range; it must be between 1 and 10,000,000.")]
    [InlineData("--orders", "10000001", "--orders 10000001 is out of range; it must be between 1 and 10,000,000.")]
    [InlineData("--orders", "99999999999999999999999", "--orders 99999999999999999999999 is out of range; it must be between 1 and 10,000,000.")]
    [InlineData("--orders", "ten", "--orders \"ten\" is not a whole number.")]
    [InlineData("--products", "9", "--products 9 is out of range; it must be between 10 and 100,000.")]
    [InlineData("--products", "100001", "--products 100001 is out of range; it must be between 10 and 100,000.")]
    [InlineData("--seed", "-1", "--seed -1 is out of range; it must be between 0 and 2,147,483,647.")]
    [InlineData("--seed", "2147483648", "--seed 2147483648 is out of range; it must be between 0 and 2,147,483,647.")]
    public async Task Seed_refuses_a_number_just_outside_its_range_naming_the_option_and_writes_nothing(string option, string value, string expected)
    {
        var path = Path.Combine(_folder, "seeded.db");

        var exitCode = await AppCommands.RunAsync(["seed", "--db", path, option, value], Console);

        exitCode.Should().Be(2);
        _error.ToString().Should().StartWith(expected);
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task Seed_without_a_value_after_an_option_says_which_option_needs_one()
    {
        var exitCode = await AppCommands.RunAsync(["seed", "--db", Path.Combine(_folder, "x.db"), "--orders"], Console);

        exitCode.Should().Be(2);
        _error.ToString().Should().StartWith("--orders needs a value.");
    }

    [Fact]
    public async Task Seed_with_the_smallest_sizes_allowed_writes_a_database()
    {
        var path = Path.Combine(_folder, "small.db");

        var exitCode = await AppCommands.RunAsync(["seed", "--db", path, "--orders", "1", "--products", "10"], Console);

        exitCode.Should().Be(0, _error.ToString());
        _out.ToString().Should().Contain("10 products, 1 orders");
        File.Exists(path).Should().BeTrue();
    }

    [Theory]
    [InlineData("--orders", "1000")]
    [InlineData("--orders", "10000000")]
    [InlineData("--runs", "1")]
    [InlineData("--runs", "1000")]
    [InlineData("--warmups", "0")]
    [InlineData("--warmups", "100")]
    [InlineData("--clients", "1")]
    [InlineData("--clients", "200")]
    [InlineData("--seconds", "5")]
    [InlineData("--seconds", "600")]
    [InlineData("--servers", "2")]
    [InlineData("--import-orders", "100")]
    [InlineData("--import-orders", "150000")]
    public void Bench_takes_a_number_at_either_end_of_its_range(string option, string value)
    {
        var check = () => AppCommands.CheckBenchNumbers(["--db", "/tmp/x.db", option, value, "--only", "grid"]);

        check.Should().NotThrow();
    }

    [Theory]
    [InlineData("--orders", "999", "--orders 999 is out of range; it must be between 1,000 and 10,000,000.")]
    [InlineData("--orders", "10000001", "--orders 10000001 is out of range; it must be between 1,000 and 10,000,000.")]
    [InlineData("--runs", "0", "--runs 0 is out of range; it must be between 1 and 1,000.")]
    [InlineData("--runs", "2147483648", "--runs 2147483648 is out of range; it must be between 1 and 1,000.")]
    [InlineData("--warmups", "-1", "--warmups -1 is out of range; it must be between 0 and 100.")]
    [InlineData("--warmups", "101", "--warmups 101 is out of range; it must be between 0 and 100.")]
    [InlineData("--clients", "0", "--clients 0 is out of range; it must be between 1 and 200.")]
    [InlineData("--clients", "201", "--clients 201 is out of range; it must be between 1 and 200.")]
    [InlineData("--seconds", "601", "--seconds 601 is out of range; it must be between 5 and 600.")]
    [InlineData("--servers", "3", "--servers 3 is out of range; it must be between 1 and 2.")]
    [InlineData("--import-orders", "99", "--import-orders 99 is out of range; it must be between 100 and 150,000.")]
    [InlineData("--import-orders", "150001", "--import-orders 150001 is out of range; it must be between 100 and 150,000.")]
    public async Task Bench_refuses_a_number_just_outside_its_range_naming_the_option_before_it_starts(string option, string value, string expected)
    {
        var json = Path.Combine(_folder, "bench.json");

        var exitCode = await AppCommands.RunAsync(["bench", "--json", json, option, value], Console);

        exitCode.Should().Be(2);
        _error.ToString().Should().StartWith(expected).And.Contain("Nothing was run.");
        File.Exists(json).Should().BeFalse();
    }
}
