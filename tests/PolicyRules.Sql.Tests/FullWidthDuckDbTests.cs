using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary>
/// Issue #12 item 2 on the DuckDB engine: numbers and dates typed as a person types them (full-width digits, ．, the
/// ideographic space, 2017-1-31, 2017年1月31日) give the interpreter engine's files. Figures: 邯政办字〔2017〕107号 §二
/// (一级地段 25 元/m², 二级 18 元, 三级 10 元); 邯政办字〔2017〕106号 §一(五) with 民法典 第201–203条 (a decision
/// received 2017-01-31 is reported by 2017-02-28).
/// </summary>
public sealed class FullWidthDuckDbTests
{
    [Theory]
    [InlineData("land_use_tax_parcel", "parcel_id,grade,area_m2,at\nP1,１,１０００,2017-09-01\nP2,２,１２．５,２０１７年９月１日\nP3,\u3000３\u3000,１００,2017-9-1\nP4,６,100,2017-09-01\nP5,1,１.２.３,2017-09-01\n")]
    [InlineData("reversal_report_deadline", "id,decision_received_date,at\nA,2017年1月31日,2017-09-01\nB,２０１７－０１－３１,2017-09-01\nC,2017-1-31,2017-09-01\nD,2017年2月30日,2017-09-01\nE,2017年1月31,2017-09-01\nF,0000-1-1,2017-09-01\n")]
    public void Full_width_numbers_and_chinese_dates_give_the_interpreter_engine_s_files(string module, string csv)
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("in.csv"), csv);
        var interpreted = CliRunner.Run("run", "--engine", "interpreter", "--rules", TestPackage.PackagePath, "--module", module,
            "--input", dir.File("in.csv"), "--output", dir.File("interpreter.csv"));
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", TestPackage.PackagePath, "--module", module,
            "--input", dir.File("in.csv"), "--output", dir.File("duck.csv"));
        Assert.True(interpreted.Exit == 0, interpreted.Error);
        Assert.True(duck.Exit == 0, duck.Error);
        var output = File.ReadAllText(dir.File("duck.csv"));
        Assert.Equal(File.ReadAllText(dir.File("interpreter.csv")), output);
        Assert.Equal(File.ReadAllText(dir.File("interpreter.errors.csv")), File.ReadAllText(dir.File("duck.errors.csv")));
        Assert.Contains(module == "land_use_tax_parcel" ? "P2,２,１２．５,２０１７年９月１日,18,225" : "A,2017年1月31日,2017-09-01,2017-02-28", output);
    }
}
