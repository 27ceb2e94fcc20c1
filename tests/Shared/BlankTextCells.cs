namespace PolicyRules.TestSupport;

/// <summary>
/// A module with a required text, an optional text, an enum and a known-text input, and a CSV whose blank cells
/// (empty, spaces, the ideographic space) every engine of <c>run</c> must answer as <c>eval</c> does: invalid_input
/// for a required input, none for an optional one.
/// </summary>
public static class BlankTextCells
{
    public const string Rules = """
        document law "测试〔2017〕9号" {
          issued 2017-01-01
          § 一 "一般规定。"
        }

        enum tenure label "权属" {
          owned label "自有"
          rented label "租赁"
        }

        module texts {
          in_force always
          input name: string label "名称"
          input remark: string? label "备注"
          input kind: tenure
          input town: string
            known "黄粱梦镇", "南堡乡"
          output name_out: string cites law §一 = name
          output remark_out: string? cites law §一 = remark
          output kind_out: tenure cites law §一 = kind
          output town_out: string cites law §一 = town
        }
        """;

    public const string Csv = "name,remark,kind,town\n甲,,owned,南堡乡\n,x,owned,南堡乡\n\"  \",x,自有,南堡乡\n乙,,,南堡乡\n丙,,rented,\n\u3000,,owned,南堡乡\n";

    /// <summary>The one good row: its optional remark is none.</summary>
    public const string Results = "name,remark,kind,town,name_out,remark_out,kind_out,town_out\n甲,,owned,南堡乡,甲,none,owned,南堡乡\n";

    public static readonly string[] Errors =
    [
        "line,code,field,message",
        "3,invalid_input,name,name: is empty; expected text",
        "4,invalid_input,name,name: is empty; expected text",
        "5,invalid_input,kind,kind: is empty; expected a tenure value",
        "6,invalid_input,town,town: is empty; expected text",
        "7,invalid_input,name,name: is empty; expected text",
    ];

    /// <summary>Writes the package and the CSV into <paramref name="folder"/>; returns the CSV's path.</summary>
    public static string WriteTo(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "texts.rules"), Rules);
        var input = Path.Combine(folder, "in.csv");
        File.WriteAllText(input, Csv);
        return input;
    }
}
