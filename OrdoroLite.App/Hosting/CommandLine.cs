using System.Globalization;
using System.Text.RegularExpressions;
using OrdoroLite.Domain.Common;

namespace OrdoroLite.App.Hosting;

/// <summary>The console a command reads and writes: the process's own, or a test's writers.</summary>
/// <param name="In">Where a command reads typed input (a password), one line at a time.</param>
/// <param name="Out">Normal output.</param>
/// <param name="Error">Problems and usage.</param>
/// <param name="Interactive">True when a person types at a terminal: a password is then read without echo.</param>
public sealed record CommandConsole(TextReader In, TextWriter Out, TextWriter Error, bool Interactive)
{
    /// <summary>The process's console; interactive when standard input is not redirected.</summary>
    public static CommandConsole System => new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected);
}

/// <summary>Wrong usage of a command: the message names the option and says what is allowed. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Reads command options. Every number is checked against its documented range in
/// <see cref="Limits"/> and refused with the option named, e.g.
/// "--orders 0 is out of range; it must be between 1 and 10,000,000.".
/// </summary>
internal static partial class CommandLine
{
    /// <summary>The value after the option at <paramref name="i"/>, moving past it.</summary>
    /// <exception cref="UsageException">The option is the last argument.</exception>
    public static string Value(string[] args, ref int i)
    {
        var option = args[i];
        return ++i < args.Length ? args[i] : throw new UsageException($"{option} needs a value.");
    }

    /// <summary>A whole number (thousands separators allowed: 1,000,000) within <paramref name="range"/>.</summary>
    /// <exception cref="UsageException">Not a whole number, or outside the range.</exception>
    public static int Number(string option, string text, NumberRange range)
    {
        if (!WholeNumber().IsMatch(text))
        {
            throw new UsageException($"{option} \"{text}\" is not a whole number.");
        }

        // Digits too many for a long are out of range like any other number.
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value)
            || !range.Contains(value))
        {
            throw new UsageException(range.OutOfRange(option, text) + ".");
        }

        return checked((int)value);
    }

    [GeneratedRegex(@"^-?[0-9]{1,3}(,[0-9]{3})*\z|^-?[0-9]+\z")]
    private static partial Regex WholeNumber();
}
