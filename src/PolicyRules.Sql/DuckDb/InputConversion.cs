using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Sql.Emit;

namespace PolicyRules.Sql.DuckDb;

/// <summary>
/// Reads a text cell as a value of its input's type in DuckDB SQL, accepting exactly what the interpreter's
/// <c>InputConverter.FromText</c> accepts and failing with its message (invalid_input, naming the field). One
/// addition: a number that C# holds but DECIMAL(38,10) does not is refused here, with its own message, instead of
/// being rounded.
/// Most cells of a real file are plain numbers: for those a cheap pattern (<see cref="Cell.Plain"/>) decides, and the
/// value is cast through a narrow decimal, which DuckDB parses an order of magnitude faster than DECIMAL(38,10) (on
/// 1,000,000 parcels the conversion went from about 25 s to 2 s); every other cell takes the full check.
/// </summary>
internal static class InputConversion
{
    // The checks use string functions, not regular expressions: they run on every cell of a bulk run.
    private static string Unsigned(string v) => $"(CASE WHEN left({v}, 1) IN ('+', '-') THEN substr({v}, 2) ELSE {v} END)";
    private static string Digits(string u) => $"translate({u}, '0123456789', '')";
    private static string IsWhole(string v) => $"(length({Unsigned(v)}) > 0 AND {Digits(Unsigned(v))} = '')";
    /// <summary>Digits with at most one point and at least one digit (DecimalText.TryParseNumber).</summary>
    private static string IsNumber(string v) => $"({Digits(Unsigned(v))} IN ('', '.') AND replace({Unsigned(v)}, '.', '') <> '')";
    /// <summary>At most <paramref name="whole"/> digits before the point (leading zeros aside) and <paramref name="fraction"/> after (trailing zeros aside).</summary>
    private static string Fits(string v, int whole, int fraction) =>
        $"(length(ltrim(split_part({Unsigned(v)}, '.', 1), '0')) <= {whole} AND length(rtrim(split_part({Unsigned(v)}, '.', 2), '0')) <= {fraction})";

    /// <summary>
    /// A cell's typed value and error (NULL when the cell is fine). <see cref="Plain"/>, when not null, is a predicate on
    /// the raw cell; <see cref="Value"/> and <see cref="Error"/> read it as the boolean column named by <c>plain</c>.
    /// </summary>
    public readonly record struct Cell(string Value, string Error, string? Plain);

    // Plain cells (no spaces, no unit, no exponent) that the narrow types hold: such a cell is valid, and these casts are exact.
    private const string PlainInt = "[+-]?[0-9]{1,9}";
    private const string PlainDecimal = "[+-]?[0-9]{1,8}(\\.[0-9]{1,10})?";

    /// <summary>
    /// The typed value and the error of the text column <paramref name="raw"/>; <paramref name="plain"/> is the name of the
    /// column the caller binds <see cref="Cell.Plain"/> to.
    /// </summary>
    public static Cell Convert(string raw, string field, RuleType type, PackageModel package, string plain, Lang lang, bool isAt = false)
    {
        var full = Full(raw, field, type, package, lang, isAt);
        var (pattern, cast) = type.Kind switch
        {
            TypeKind.Int => (PlainInt, $"CAST({raw} AS INTEGER)"),
            TypeKind.Decimal or TypeKind.Money or TypeKind.Rate => (PlainDecimal, $"CAST(CAST({raw} AS DECIMAL(18,10)) AS {SqlTypes.Decimal(SqlDialect.DuckDb)})"),
            _ => (null, null),
        };
        if (pattern is null) return full with { Plain = null };
        return new($"CASE WHEN {plain} THEN {cast} ELSE {full.Value} END", $"CASE WHEN {plain} THEN NULL ELSE {full.Error} END",
            $"coalesce(regexp_full_match({raw}, '{pattern}'), FALSE)");
    }

    private static Cell Full(string raw, string field, RuleType type, PackageModel package, Lang lang, bool isAt)
    {
        // Numbers and dates as a person types them (PersonText): full-width digits and signs, the ideographic space.
        // The interpreter tries them when the plain form fails; a plain form never holds them, so translating first is the same.
        var plain = $"trim({raw})";
        var v = $"trim(translate({raw}, '０１２３４５６７８９．％－＋：\u3000', '0123456789.%-+: '))";
        var empty = $"({raw} IS NULL OR {v} = '')";
        // The interpreter's messages (InputConverter.FromText), in the run's language; the 'at' column's is run's own (csv.bad_at).
        var cell = SqlMsg.Column(raw);
        string Fail(Msg message) => SqlBuilder.ErrorOf(ErrorCodes.InvalidInput, field, SqlMsg.Text(Msg.Of("input.at_path", ("path", field), ("message", message)), lang));
        string Got(string key) => isAt
            ? SqlBuilder.ErrorOf(ErrorCodes.InvalidInput, field, SqlMsg.Text(Msg.Of("csv.bad_at", ("value", cell)), lang))
            : Fail(Msg.Of(key, ("raw", cell)));
        var emptyError = type.Optional ? "NULL"
            // The cell as written (spaces included, as the other engines quote it); DuckDB reads an empty cell as NULL.
            : isAt ? SqlBuilder.ErrorOf(ErrorCodes.InvalidInput, field, SqlMsg.Text(Msg.Of("csv.bad_at", ("value", SqlMsg.Column($"coalesce({raw}, '')"))), lang))
            : SqlBuilder.Error(ErrorCodes.InvalidInput, Msg.Of("input.at_path", ("path", field), ("message", Msg.Of("text.empty", ("type", TypeWords.DescribeMsg(type))))).Render(lang), field);
        var decimalType = SqlTypes.Decimal(SqlDialect.DuckDb);
        var tooWide = Fail(Msg.Of("sql.decimal_too_wide", ("raw", cell), ("type", decimalType)));

        string value, error;
        switch (type.Kind)
        {
            case TypeKind.Int:
                value = $"TRY_CAST({v} AS INTEGER)";
                error = $"CASE WHEN NOT {IsWhole(v)} THEN {Got("text.expected_int")} " +
                        $"WHEN {value} IS NULL THEN {Fail(Msg.Of("text.int_range", ("raw", cell), ("min", int.MinValue), ("max", int.MaxValue)))} END";
                break;
            case TypeKind.Decimal:
                (value, error) = Decimal(v, Got("text.expected_number"), tooWide, decimalType);
                break;
            case TypeKind.Money:
            {
                var amount = $"(CASE WHEN ends_with({v}, '元') THEN rtrim(left({v}, length({v}) - 1)) WHEN lower(right({v}, 4)) = 'yuan' THEN rtrim(left({v}, length({v}) - 4)) ELSE {v} END)";
                (value, error) = Decimal(amount, Got("text.expected_money"), tooWide, decimalType);
                break;
            }
            case TypeKind.Rate:
            {
                // "7.9%" is 7.9 ÷ 100, written as an exact product.
                var number = $"(CASE WHEN ends_with({v}, '%') THEN rtrim(left({v}, length({v}) - 1)) ELSE {v} END)";
                var percent = $"ends_with({v}, '%')";
                var bad = Got("text.expected_rate");
                value = $"CASE WHEN {percent} THEN TRY_CAST(TRY_CAST({number} AS DECIMAL(38,8)) * CAST('0.01' AS DECIMAL(3,2)) AS {decimalType}) ELSE TRY_CAST({number} AS {decimalType}) END";
                error = $"CASE WHEN NOT {IsNumber(number)} THEN {bad} " +
                        $"WHEN {percent} AND NOT {Fits(number, 30, 8)} THEN {tooWide} " +
                        $"WHEN NOT {percent} AND NOT {Fits(number, 28, 10)} THEN {tooWide} WHEN {value} IS NULL THEN {tooWide} END";
                break;
            }
            case TypeKind.Bool:
                value = $"CASE WHEN {plain} IN ('true', '是') THEN TRUE WHEN {plain} IN ('false', '否') THEN FALSE END";
                error = $"CASE WHEN {value} IS NULL THEN {Got("text.expected_bool")} END";
                break;
            case TypeKind.Date:
            {
                // yyyy-mm-dd first; then, as PersonText reads them, 2017-9-1 and 2017年9月1日 (or 号), rebuilt as yyyy-mm-dd.
                var loose = $"(regexp_matches({v}, '^[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}$') OR regexp_matches({v}, '^[0-9]{{4}}年[0-9]{{1,2}}月[0-9]{{1,2}}[日号]$'))";
                var rebuilt = $"printf('%s-%02d-%02d', left({v}, 4), TRY_CAST(regexp_extract({v}, '^[0-9]{{4}}[-年]([0-9]{{1,2}})', 1) AS INTEGER), TRY_CAST(regexp_extract({v}, '([0-9]{{1,2}})[日号]?$', 1) AS INTEGER))";
                value = $"CASE WHEN length({v}) = 10 AND {Digits(v)} = '--' AND substr({v}, 5, 1) = '-' AND substr({v}, 8, 1) = '-' AND {v} >= '0001-01-01' THEN TRY_CAST({v} AS DATE) " +
                        $"WHEN {loose} AND {rebuilt} >= '0001-01-01' THEN TRY_CAST({rebuilt} AS DATE) END";
                error = $"CASE WHEN {value} IS NULL THEN {Got("text.expected_date")} END";
                break;
            }
            case TypeKind.DateTime:
            {
                // InputConverter.DateTimeFormats: yyyy-MM-ddTHH:mm, with :ss, or a space for the T.
                var shape = $"regexp_full_match({v}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[T ][0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}})?')";
                value = $"CASE WHEN {shape} AND {v} >= '0001' THEN TRY_CAST(replace({v}, 'T', ' ') AS TIMESTAMP) END";
                error = $"CASE WHEN {value} IS NULL THEN {Got("text.expected_datetime")} END";
                break;
            }
            case TypeKind.String:
                value = raw;
                error = "NULL";
                break;
            case TypeKind.Enum:
            {
                var model = package.FindEnum(type.Name!)!;
                var whens = model.Members.SelectMany(m => m.Label is null
                    ? [$"WHEN {plain} = {SqlTypes.Quote(m.Name)} THEN {SqlTypes.Quote(m.Name)}"]
                    : new[] { $"WHEN {plain} = {SqlTypes.Quote(m.Name)} THEN {SqlTypes.Quote(m.Name)}", $"WHEN {plain} = {SqlTypes.Quote(m.Label)} THEN {SqlTypes.Quote(m.Name)}" });
                value = $"CASE {string.Join(" ", whens)} END";
                error = $"CASE WHEN {value} IS NULL THEN {Fail(Msg.Of("text.not_member", ("raw", cell), ("enum", type.Name), ("members", model.Members.Select(m => m.Name).ToList())))} END";
                break;
            }
            default:
                throw new InvalidOperationException($"{type} has no SQL column");
        }
        return new($"CASE WHEN {empty} THEN NULL ELSE {value} END", $"CASE WHEN {empty} THEN {emptyError} ELSE {error} END", null);
    }

    private static (string Value, string Error) Decimal(string number, string bad, string tooWide, string decimalType)
    {
        var value = $"TRY_CAST({number} AS {decimalType})";
        var error = $"CASE WHEN NOT {IsNumber(number)} THEN {bad} WHEN NOT {Fits(number, 28, 10)} OR {value} IS NULL THEN {tooWide} END";
        return (value, error);
    }
}
