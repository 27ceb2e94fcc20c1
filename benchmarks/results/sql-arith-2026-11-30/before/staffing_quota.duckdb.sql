-- policyrules sql: module staffing_quota 中小学教职工编制, duckdb dialect
-- reads staffing (columns: level VARCHAR, students INTEGER, village BOOLEAN, classes INTEGER, class_teacher_ratio DECIMAL(38,10)); evaluated at 2017-09-01
-- decimal, money and rate values are DECIMAL(38,10); a result that does not fit is an evaluation_error row, never rounded
-- a quotient, and a value computed from one, is DECIMAL(38,28), rounded as C# decimal rounds (half to even, at most 28 decimals, 28–29 significant digits)
WITH
s0 AS (
  SELECT 
    CASE WHEN trim(t.level) = 'primary' THEN 'primary' WHEN trim(t.level) = '小学' THEN 'primary' WHEN trim(t.level) = 'junior' THEN 'junior' WHEN trim(t.level) = '初中' THEN 'junior' WHEN trim(t.level) = 'senior' THEN 'senior' WHEN trim(t.level) = '高中' THEN 'senior' END AS i_level,
    CAST(t.students AS BIGINT) AS i_students,
    t.village AS i_village,
    CAST(t.classes AS BIGINT) AS i_classes,
    t.class_teacher_ratio AS i_class_teacher_ratio
  FROM staffing AS t
),
s1 AS (
  SELECT s0.*,
    CAST(0 AS DECIMAL(10,0)) AS x7,
    CAST(i_students AS DECIMAL(10,0)) AS x10,
    CAST(i_students AS DECIMAL(10,0)) AS x23,
    CAST(i_students AS DECIMAL(10,0)) AS x36,
    CAST(i_classes AS DECIMAL(10,0)) AS x49
  FROM s0
),
s2 AS (
  SELECT s1.*,
    CASE WHEN TRY_CAST(x10 AS DECIMAL(38,10)) = x10 THEN CAST(replace(CAST(CAST(x10 AS DECIMAL(38,10)) AS VARCHAR), '.', '') AS HUGEINT) END AS x11,
    CASE WHEN TRY_CAST(x23 AS DECIMAL(38,10)) = x23 THEN CAST(replace(CAST(CAST(x23 AS DECIMAL(38,10)) AS VARCHAR), '.', '') AS HUGEINT) END AS x24,
    CASE WHEN TRY_CAST(x36 AS DECIMAL(38,10)) = x36 THEN CAST(replace(CAST(CAST(x36 AS DECIMAL(38,10)) AS VARCHAR), '.', '') AS HUGEINT) END AS x37,
    TRY(x49 * i_class_teacher_ratio) AS x50
  FROM s1
),
s3 AS (
  SELECT s2.*,
    TRY_CAST(x50 AS DECIMAL(38,10)) AS x51,
    ((x11 % 19)) * 1000000000000000000 AS x14,
    ((x24 % 135)) * 10000000000000000000 AS x27,
    ((x37 % 125)) * 10000000000000000000 AS x40,
    -- definition by_classes 按班师比核定的编制: 邯政字〔2017〕25号 §二(二)1
    x50 AS d_by_classes
  FROM s2
),
s4 AS (
  SELECT s3.*,
    TRY(((x11 // 19)) * 1000000000000000000 + x14 // 19) AS x15,
    (x14 % 19) AS x16,
    TRY(((x24 // 135)) * 10000000000000000000 + x27 // 135) AS x28,
    (x27 % 135) AS x29,
    TRY(((x37 // 125)) * 10000000000000000000 + x40 // 125) AS x41,
    (x40 % 125) AS x42
  FROM s3
),
s5 AS (
  SELECT s4.*,
    abs(x15) AS x17,
    abs(x28) AS x30,
    abs(x41) AS x43
  FROM s4
),
s6 AS (
  SELECT s5.*,
    CASE WHEN x17 < 79228162514264337593543950336 THEN 1 WHEN x17 < 792281625142643375935439503360 THEN 10 WHEN x17 < 7922816251426433759354395033600 THEN 100 WHEN x17 < 79228162514264337593543950336000 THEN 1000 WHEN x17 < 792281625142643375935439503360000 THEN 10000 WHEN x17 < 7922816251426433759354395033600000 THEN 100000 WHEN x17 < 79228162514264337593543950336000000 THEN 1000000 WHEN x17 < 792281625142643375935439503360000000 THEN 10000000 WHEN x17 < 7922816251426433759354395033600000000 THEN 100000000 WHEN x17 < 79228162514264337593543950336000000000 THEN 1000000000 ELSE 10000000000 END AS x18,
    CASE WHEN x30 < 79228162514264337593543950336 THEN 1 WHEN x30 < 792281625142643375935439503360 THEN 10 WHEN x30 < 7922816251426433759354395033600 THEN 100 WHEN x30 < 79228162514264337593543950336000 THEN 1000 WHEN x30 < 792281625142643375935439503360000 THEN 10000 WHEN x30 < 7922816251426433759354395033600000 THEN 100000 WHEN x30 < 79228162514264337593543950336000000 THEN 1000000 WHEN x30 < 792281625142643375935439503360000000 THEN 10000000 WHEN x30 < 7922816251426433759354395033600000000 THEN 100000000 WHEN x30 < 79228162514264337593543950336000000000 THEN 1000000000 ELSE 10000000000 END AS x31,
    CASE WHEN x43 < 79228162514264337593543950336 THEN 1 WHEN x43 < 792281625142643375935439503360 THEN 10 WHEN x43 < 7922816251426433759354395033600 THEN 100 WHEN x43 < 79228162514264337593543950336000 THEN 1000 WHEN x43 < 792281625142643375935439503360000 THEN 10000 WHEN x43 < 7922816251426433759354395033600000 THEN 100000 WHEN x43 < 79228162514264337593543950336000000 THEN 1000000 WHEN x43 < 792281625142643375935439503360000000 THEN 10000000 WHEN x43 < 7922816251426433759354395033600000000 THEN 100000000 WHEN x43 < 79228162514264337593543950336000000000 THEN 1000000000 ELSE 10000000000 END AS x44,
    CASE WHEN i_level = 'primary' THEN COALESCE(CASE WHEN x10 IS NOT NULL AND x11 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(76,38) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END, CASE WHEN x11 IS NOT NULL THEN CASE WHEN x15 IS NULL OR x17 >= 100000000000000000000000000000000000000 THEN 'evaluation_error||the value at rules/handan-2017-04/hz25.rules(76,38) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' END END) WHEN i_level = 'junior' THEN COALESCE(CASE WHEN x23 IS NOT NULL AND x24 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(77,37) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END, CASE WHEN x24 IS NOT NULL THEN CASE WHEN x28 IS NULL OR x30 >= 100000000000000000000000000000000000000 THEN 'evaluation_error||the value at rules/handan-2017-04/hz25.rules(77,37) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' END END) WHEN i_level = 'senior' THEN COALESCE(CASE WHEN x36 IS NOT NULL AND x37 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(78,37) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END, CASE WHEN x37 IS NOT NULL THEN CASE WHEN x41 IS NULL OR x43 >= 100000000000000000000000000000000000000 THEN 'evaluation_error||the value at rules/handan-2017-04/hz25.rules(78,37) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' END END) ELSE 'evaluation_error||' || 'no case of the match at rules/handan-2017-04/hz25.rules(75,7) covers ' || i_level END AS e_by_students
  FROM s5
),
s7 AS (
  SELECT s6.*,
    (x17 // x18) AS x19,
    (x17 % x18) AS x20,
    (x30 // x31) AS x32,
    (x30 % x31) AS x33,
    (x43 // x44) AS x45,
    (x43 % x44) AS x46
  FROM s6
),
s8 AS (
  SELECT s7.*,
    x19 + CASE WHEN CASE WHEN x18 = 1 THEN 2 * abs(x16) > 19 OR 2 * abs(x16) = 19 AND (x19 % 2) = 1 ELSE 2 * x20 > x18 OR 2 * x20 = x18 AND (x16 <> 0 OR (x19 % 2) = 1) END THEN 1 ELSE 0 END AS x21,
    x32 + CASE WHEN CASE WHEN x31 = 1 THEN 2 * abs(x29) > 135 OR 2 * abs(x29) = 135 AND (x32 % 2) = 1 ELSE 2 * x33 > x31 OR 2 * x33 = x31 AND (x29 <> 0 OR (x32 % 2) = 1) END THEN 1 ELSE 0 END AS x34,
    x45 + CASE WHEN CASE WHEN x44 = 1 THEN 2 * abs(x42) > 125 OR 2 * abs(x42) = 125 AND (x45 % 2) = 1 ELSE 2 * x46 > x44 OR 2 * x46 = x44 AND (x42 <> 0 OR (x45 % 2) = 1) END THEN 1 ELSE 0 END AS x47
  FROM s7
),
s9 AS (
  SELECT s8.*,
    CASE WHEN x21 > 79228162514264337593543950335 THEN 7922816251426433759354395034 * x18 * 10 ELSE x21 * x18 END AS x22,
    CASE WHEN x34 > 79228162514264337593543950335 THEN 7922816251426433759354395034 * x31 * 10 ELSE x34 * x31 END AS x35,
    CASE WHEN x47 > 79228162514264337593543950335 THEN 7922816251426433759354395034 * x44 * 10 ELSE x47 * x44 END AS x48
  FROM s8
),
s10 AS (
  SELECT s9.*,
    -- definition by_students 按生师比核定的编制: 邯政字〔2017〕25号 §二(二)1
    CASE WHEN i_level = 'primary' THEN CASE WHEN x17 < 100000000000000000000000000000000000000 THEN CAST(CAST(CASE WHEN x15 < 0 THEN -x22 ELSE x22 END AS DECIMAL(38,0)) * CAST('0.0000000000000000000000000001' AS DECIMAL(28,28)) AS DECIMAL(38,28)) END WHEN i_level = 'junior' THEN CASE WHEN x30 < 100000000000000000000000000000000000000 THEN CAST(CAST(CASE WHEN x28 < 0 THEN -x35 ELSE x35 END AS DECIMAL(38,0)) * CAST('0.0000000000000000000000000001' AS DECIMAL(28,28)) AS DECIMAL(38,28)) END WHEN i_level = 'senior' THEN CASE WHEN x43 < 100000000000000000000000000000000000000 THEN CAST(CAST(CASE WHEN x41 < 0 THEN -x48 ELSE x48 END AS DECIMAL(38,0)) * CAST('0.0000000000000000000000000001' AS DECIMAL(28,28)) AS DECIMAL(38,28)) END END AS d_by_students
  FROM s9
),
s11 AS (
  SELECT s10.*,
    CAST(replace(CAST(CAST((TRY(TRY_CAST(d_by_students AS DECIMAL(38,28)) + TRY_CAST(x50 AS DECIMAL(38,28)))) AS DECIMAL(38,28)) AS VARCHAR), '.', '') AS HUGEINT) AS x53
  FROM s10
),
s12 AS (
  SELECT s11.*,
    abs(x53) AS x54
  FROM s11
),
s13 AS (
  SELECT s12.*,
    CASE WHEN x54 < 79228162514264337593543950336 THEN 1 WHEN x54 < 792281625142643375935439503360 THEN 10 WHEN x54 < 7922816251426433759354395033600 THEN 100 WHEN x54 < 79228162514264337593543950336000 THEN 1000 WHEN x54 < 792281625142643375935439503360000 THEN 10000 WHEN x54 < 7922816251426433759354395033600000 THEN 100000 WHEN x54 < 79228162514264337593543950336000000 THEN 1000000 WHEN x54 < 792281625142643375935439503360000000 THEN 10000000 WHEN x54 < 7922816251426433759354395033600000000 THEN 100000000 WHEN x54 < 79228162514264337593543950336000000000 THEN 1000000000 ELSE 10000000000 END AS x55
  FROM s12
),
s14 AS (
  SELECT s13.*,
    (x54 // x55) AS x56,
    (x54 % x55) AS x57
  FROM s13
),
s15 AS (
  SELECT s14.*,
    x56 + CASE WHEN x55 > 1 AND (2 * x57 > x55 OR 2 * x57 = x55 AND (x56 % 2) = 1) THEN 1 ELSE 0 END AS x58
  FROM s14
),
s16 AS (
  SELECT s15.*,
    CASE WHEN x58 > 79228162514264337593543950335 THEN 7922816251426433759354395034 * x55 * 10 ELSE x58 * x55 END AS x59
  FROM s15
),
s17 AS (
  SELECT s16.*,
    CAST(replace(CAST(CAST((CASE WHEN x54 < 100000000000000000000000000000000000000 THEN CAST(CAST(CASE WHEN x53 < 0 THEN -x59 ELSE x59 END AS DECIMAL(38,0)) * CAST('0.0000000000000000000000000001' AS DECIMAL(28,28)) AS DECIMAL(38,28)) END) AS DECIMAL(38,28)) AS VARCHAR), '.', '') AS HUGEINT) AS x61
  FROM s16
),
s18 AS (
  SELECT s17.*,
    (x61 // 2) AS x62,
    (x61 % 2) AS x63
  FROM s17
),
s19 AS (
  SELECT s18.*,
    abs(x62) AS x64
  FROM s18
),
s20 AS (
  SELECT s19.*,
    CASE WHEN x64 < 79228162514264337593543950336 THEN 1 WHEN x64 < 792281625142643375935439503360 THEN 10 WHEN x64 < 7922816251426433759354395033600 THEN 100 WHEN x64 < 79228162514264337593543950336000 THEN 1000 WHEN x64 < 792281625142643375935439503360000 THEN 10000 WHEN x64 < 7922816251426433759354395033600000 THEN 100000 WHEN x64 < 79228162514264337593543950336000000 THEN 1000000 WHEN x64 < 792281625142643375935439503360000000 THEN 10000000 WHEN x64 < 7922816251426433759354395033600000000 THEN 100000000 WHEN x64 < 79228162514264337593543950336000000000 THEN 1000000000 ELSE 10000000000 END AS x65,
    COALESCE(CASE WHEN i_level IS NULL THEN 'invalid_input|level|level: is empty; expected a school_level value' END, CASE WHEN i_students IS NULL THEN 'invalid_input|students|students: is empty; expected a whole number' END, CASE WHEN i_village IS NULL THEN 'invalid_input|village|village: is empty; expected true or false' END, CASE WHEN i_classes IS NULL THEN 'invalid_input|classes|classes: is empty; expected a whole number' END, CASE WHEN i_class_teacher_ratio IS NULL THEN 'invalid_input|class_teacher_ratio|class_teacher_ratio: is empty; expected a number' END, (CASE WHEN NOT ((i_students >= 0)) THEN 'invalid_input|students|' || 'students (在校学生数) = ' || CAST(i_students AS VARCHAR) || ' does not satisfy: students >= 0' END), (CASE WHEN NOT ((((NOT i_village)) OR (i_level = 'primary'))) THEN 'invalid_input|village|' || 'village (村小学或教学点) = ' || CASE WHEN i_village THEN 'true' ELSE 'false' END || ' does not satisfy: (not village) or (level = school_level.primary)' END), (CASE WHEN NOT ((i_classes >= 0)) THEN 'invalid_input|classes|' || 'classes (班级数) = ' || CAST(i_classes AS VARCHAR) || ' does not satisfy: classes >= 0' END), (CASE WHEN NOT ((COALESCE(TRY(i_class_teacher_ratio - x7) >= 0, TRY_CAST(i_class_teacher_ratio AS DECIMAL(38,10)) >= TRY_CAST(x7 AS DECIMAL(38,10))))) THEN 'invalid_input|class_teacher_ratio|' || 'class_teacher_ratio (班师比（每班教职工数）) = ' || (CASE WHEN strpos(CAST(i_class_teacher_ratio AS VARCHAR), '.') > 0 THEN rtrim(rtrim(CAST(i_class_teacher_ratio AS VARCHAR), '0'), '.') ELSE CAST(i_class_teacher_ratio AS VARCHAR) END) || ' does not satisfy: class_teacher_ratio >= 0' END), (COALESCE(COALESCE(CASE WHEN i_village THEN COALESCE(COALESCE(COALESCE(e_by_students, (COALESCE(CASE WHEN (x50 IS NULL AND x49 IS NOT NULL AND i_class_teacher_ratio IS NOT NULL) THEN 'evaluation_error||arithmetic overflow at rules/handan-2017-04/hz25.rules(84,7)' END, CASE WHEN x50 IS NOT NULL AND (x51 IS NULL OR x51 <> x50) THEN 'evaluation_error||the value of ''by_classes'' at rules/handan-2017-04/hz25.rules(81,3) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END))), CASE WHEN d_by_students IS NOT NULL AND x50 IS NOT NULL THEN CASE WHEN x53 IS NULL OR x54 >= 100000000000000000000000000000000000000 THEN 'evaluation_error||the value at rules/handan-2017-04/hz25.rules(92,10) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' END END), CASE WHEN x61 IS NOT NULL THEN CASE WHEN x62 IS NULL OR x64 >= 100000000000000000000000000000000000000 THEN 'evaluation_error||the value at rules/handan-2017-04/hz25.rules(92,10) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' END END) END, CASE WHEN NOT i_village THEN CASE WHEN TRUE THEN e_by_students END END), CASE WHEN NOT ((i_village OR TRUE)) THEN 'no_rule_applies||no rule of ''staff_quota'' applies to these inputs (rules: general, village_school)' END))) AS e
  FROM s19
),
s21 AS (
  SELECT s20.*,
    (x64 // x65) AS x66,
    (x64 % x65) AS x67
  FROM s20
),
s22 AS (
  SELECT s21.*,
    x66 + CASE WHEN CASE WHEN x65 = 1 THEN 2 * abs(x63) > 2 OR 2 * abs(x63) = 2 AND (x66 % 2) = 1 ELSE 2 * x67 > x65 OR 2 * x67 = x65 AND (x63 <> 0 OR (x66 % 2) = 1) END THEN 1 ELSE 0 END AS x68
  FROM s21
),
s23 AS (
  SELECT s22.*,
    CASE WHEN x68 > 79228162514264337593543950335 THEN 7922816251426433759354395034 * x65 * 10 ELSE x68 * x65 END AS x69
  FROM s22
),
s24 AS (
  SELECT s23.*,
    -- output staff_quota 教职工编制数: 邯政字〔2017〕25号 §二(二)1
    (CASE WHEN i_village THEN (CASE WHEN x64 < 100000000000000000000000000000000000000 THEN CAST(CAST(CASE WHEN x62 < 0 THEN -x69 ELSE x69 END AS DECIMAL(38,0)) * CAST('0.0000000000000000000000000001' AS DECIMAL(28,28)) AS DECIMAL(38,28)) END) ELSE d_by_students END) AS d_staff_quota
  FROM s23
)
SELECT
  i_level AS level,
  i_students AS students,
  i_village AS village,
  i_classes AS classes,
  i_class_teacher_ratio AS class_teacher_ratio,
  -- output staff_quota 教职工编制数: 邯政字〔2017〕25号 §二(二)1
  CASE WHEN e IS NULL THEN CAST(d_staff_quota AS DECIMAL(38,28)) END AS staff_quota,
  split_part(e, '|', 1) AS error_code,
  NULLIF(split_part(e, '|', 2), '') AS error_field,
  substr(e, length(split_part(e, '|', 1)) + length(split_part(e, '|', 2)) + 3) AS error_message
FROM s24;
