using System.Data.Common;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Sql.Tests.Infrastructure;

/// <summary>One row of a SQL result: the outputs by name and the error columns.</summary>
public sealed record SqlRow(int RowId, IReadOnlyDictionary<string, object?> Outputs, string? ErrorCode, string? ErrorField, string? ErrorMessage);

/// <summary>Loads rows into a table of the module's input types, runs the emitted statement, and reads the result in row order.</summary>
public static class Engines
{
    private static string CreateTable(string table, ModuleModel module, SqlDialect dialect, RulePackage package) =>
        $"CREATE TABLE {table} (row_id INTEGER, {string.Join(", ", module.Inputs.Select(i => $"{SqlTypes.Identifier(i.Name)} {SqlTypes.Column(i.Type, dialect, package.Model)}"))}, \"at\" DATE)";

    private static bool HoldsRecords(ModuleModel module) =>
        module.Inputs.Any(i => i.Type.Kind == TypeKind.Record || i.Type.Kind == TypeKind.List && i.Type.Element!.Kind == TypeKind.Record);

    /// <summary>Rows as one INSERT of literals: neither loader here writes a DuckDB STRUCT or a PostgreSQL composite value.</summary>
    private static string Insert(string table, ModuleModel module, IReadOnlyList<Dictionary<string, object?>> rows, SqlDialect dialect, RulePackage package) =>
        $"INSERT INTO {table} VALUES " + string.Join(",\n", rows.Select((row, k) =>
            $"({k}, {string.Join(", ", module.Inputs.Select(i => Literal(row[i.Name], i.Type, dialect, package.Model)))}, {Literal(row["at"], RuleType.Date, dialect, package.Model)})"));

    private static string Literal(object? value, RuleType type, SqlDialect dialect, PackageModel package) => value switch
    {
        null => $"CAST(NULL AS {SqlTypes.Column(type, dialect, package)})",
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        decimal d => $"CAST({SqlTypes.Quote(d.ToString(System.Globalization.CultureInfo.InvariantCulture))} AS {SqlTypes.Decimal(dialect)})",
        bool b => b ? "TRUE" : "FALSE",
        DateOnly d => SqlTypes.DateLiteral(d),
        DateTime t => SqlTypes.TimestampLiteral(t),
        string s => SqlTypes.Quote(s),
        List<object?> list => $"CAST({(dialect == SqlDialect.Postgres ? "ARRAY" : "")}[{string.Join(", ", list.Select(x => Literal(x, type.Element!, dialect, package)))}] AS {SqlTypes.Column(type, dialect, package)})",
        global::PolicyRules.Evaluation.RecordValue r => dialect == SqlDialect.Postgres
            ? $"CAST(ROW({string.Join(", ", package.FindRecord(r.Record)!.Fields.Select(f => Literal(r[f.Name], f.Type, dialect, package)))}) AS {SqlTypes.CompositeTypeName(package.FindRecord(r.Record)!)})"
            : "{" + string.Join(", ", package.FindRecord(r.Record)!.Fields.Select(f => $"{SqlTypes.Quote(f.Name)}: {Literal(r[f.Name], f.Type, dialect, package)}")) + "}",
        _ => throw new InvalidOperationException($"no literal for {value} as {type}"),
    };

    private static string Query(ModuleModel module, string table, SqlDialect dialect, DateOnly? at, RulePackage package, Lang language) =>
        $"SELECT * FROM (\n{SqlEmitter.Module(package, module, new SqlStatementOptions(dialect, table, at) { PassThrough = ["row_id"], Language = language })}\n) AS q ORDER BY row_id";

    /// <summary>The rows through DuckDB; <paramref name="package"/> is the Handan package unless given; the error messages in <paramref name="language"/>.</summary>
    public static List<SqlRow> DuckDb(ModuleModel module, IReadOnlyList<Dictionary<string, object?>> rows, DateOnly? at = null, RulePackage? package = null,
        Lang language = Lang.En)
    {
        package ??= TestPackage.Package;
        using var c = new DuckDBConnection("DataSource=:memory:");
        c.Open();
        Execute(c, SqlEmitter.Calendar(package, SqlDialect.DuckDb));
        Execute(c, CreateTable("t", module, SqlDialect.DuckDb, package));
        if (HoldsRecords(module))
        {
            if (rows.Count > 0) Execute(c, Insert("t", module, rows, SqlDialect.DuckDb, package));
            return Read(c, Query(module, "t", SqlDialect.DuckDb, at, package, language), module);
        }
        using (var appender = c.CreateAppender("t"))
        {
            for (var k = 0; k < rows.Count; k++)
            {
                var r = appender.CreateRow().AppendValue(k);
                foreach (var input in module.Inputs) r = Append(r, rows[k][input.Name], input.Type);
                r.AppendValue((DateOnly?)rows[k]["at"]).EndRow();
            }
        }
        return Read(c, Query(module, "t", SqlDialect.DuckDb, at, package, language), module);
    }

    private static IDuckDBAppenderRow Append(IDuckDBAppenderRow r, object? value, RuleType type) => value switch
    {
        null => r.AppendNullValue(),
        int i => r.AppendValue(i),
        decimal d => r.AppendValue(d),
        bool b => r.AppendValue(b),
        DateOnly d => r.AppendValue((DateOnly?)d),
        DateTime t => r.AppendValue((DateTime?)t),
        string s => r.AppendValue(s),
        List<object?> list => type.Element!.Kind switch
        {
            TypeKind.Int => r.AppendValue(list.Select(x => (int?)x).ToList()),
            TypeKind.Decimal or TypeKind.Money or TypeKind.Rate => r.AppendValue(list.Select(x => (decimal?)x).ToList()),
            TypeKind.Bool => r.AppendValue(list.Select(x => (bool?)x).ToList()),
            TypeKind.Date => r.AppendValue(list.Select(x => (DateOnly?)x).ToList()),
            _ => r.AppendValue(list.Select(x => (string?)x).ToList()),
        },
        _ => throw new InvalidOperationException($"cannot append {value} as {type}"),
    };

    /// <summary>The rows through PostgreSQL; <paramref name="package"/> is the Handan package unless given; the error messages in <paramref name="language"/>.</summary>
    public static List<SqlRow> Postgres(PostgresCluster cluster, ModuleModel module, IReadOnlyList<Dictionary<string, object?>> rows, DateOnly? at = null,
        RulePackage? package = null, Lang language = Lang.En)
    {
        package ??= TestPackage.Package;
        using var c = cluster.Open();
        Execute(c, SqlEmitter.Calendar(package, SqlDialect.Postgres));
        Execute(c, "DROP TABLE IF EXISTS t; " + string.Concat(ModuleRecords(module, package).Select(r => $"DROP TYPE IF EXISTS {SqlTypes.CompositeTypeName(package.Model.FindRecord(r)!)}; ")) +
                   SqlEmitter.Types(package, module, SqlDialect.Postgres) + CreateTable("t", module, SqlDialect.Postgres, package));
        if (HoldsRecords(module))
        {
            if (rows.Count > 0) Execute(c, Insert("t", module, rows, SqlDialect.Postgres, package));
            return Read(c, Query(module, "t", SqlDialect.Postgres, at, package, language), module);
        }
        var columns = string.Join(", ", module.Inputs.Select(i => SqlTypes.Identifier(i.Name)));
        using (var copy = c.BeginBinaryImport($"COPY t (row_id, {columns}, \"at\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var k = 0; k < rows.Count; k++)
            {
                copy.StartRow();
                copy.Write(k, NpgsqlDbType.Integer);
                foreach (var input in module.Inputs) Write(copy, rows[k][input.Name], input.Type);
                Write(copy, rows[k]["at"], RuleType.Date);
            }
            copy.Complete();
        }
        return Read(c, Query(module, "t", SqlDialect.Postgres, at, package, language), module);
    }

    private static IEnumerable<string> ModuleRecords(ModuleModel module, RulePackage package) =>
        module.Inputs.Select(i => i.Type.Kind == TypeKind.List ? i.Type.Element! : i.Type).Where(t => t.Kind == TypeKind.Record).Select(t => t.Name!).Distinct();

    private static void Write(NpgsqlBinaryImporter copy, object? value, RuleType type)
    {
        if (value is null) { copy.WriteNull(); return; }
        switch (type.Kind)
        {
            case TypeKind.List:
                var list = (List<object?>)value;
                switch (type.Element!.Kind)
                {
                    case TypeKind.Int: copy.Write(list.Select(x => (int?)x).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer); break;
                    case TypeKind.Decimal or TypeKind.Money or TypeKind.Rate: copy.Write(list.Select(x => (decimal?)x).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Numeric); break;
                    case TypeKind.Bool: copy.Write(list.Select(x => (bool?)x).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean); break;
                    case TypeKind.Date: copy.Write(list.Select(x => (DateOnly?)x).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Date); break;
                    default: copy.Write(list.Select(x => (string?)x).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text); break;
                }
                break;
            case TypeKind.Int: copy.Write((int)value, NpgsqlDbType.Integer); break;
            case TypeKind.Decimal or TypeKind.Money or TypeKind.Rate: copy.Write((decimal)value, NpgsqlDbType.Numeric); break;
            case TypeKind.Bool: copy.Write((bool)value, NpgsqlDbType.Boolean); break;
            case TypeKind.Date: copy.Write((DateOnly)value, NpgsqlDbType.Date); break;
            case TypeKind.DateTime: copy.Write((DateTime)value, NpgsqlDbType.Timestamp); break;
            default: copy.Write((string)value, NpgsqlDbType.Text); break;
        }
    }

    public static void Execute(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 300;
        cmd.ExecuteNonQuery();
    }

    private static List<SqlRow> Read(DbConnection c, string sql, ModuleModel module)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 300;
        using var reader = cmd.ExecuteReader();
        var result = new List<SqlRow>();
        while (reader.Read())
        {
            var outputs = new Dictionary<string, object?>();
            foreach (var o in module.Outputs)
            {
                var i = reader.GetOrdinal(o.Name);
                outputs[o.Name] = reader.IsDBNull(i) ? null : o.Type.Kind == TypeKind.Date ? reader.GetFieldValue<DateOnly>(i) : reader.GetValue(i);
            }
            string? Text(string name) { var i = reader.GetOrdinal(name); return reader.IsDBNull(i) ? null : reader.GetString(i); }
            var code = Text("error_code");
            result.Add(new SqlRow(reader.GetInt32(reader.GetOrdinal("row_id")), outputs, string.IsNullOrEmpty(code) ? null : code, Text("error_field"), Text("error_message")));
        }
        return result;
    }
}
