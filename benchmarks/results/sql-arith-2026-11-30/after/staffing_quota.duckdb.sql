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
    CASE WHEN i_level = 'primary' THEN 190 WHEN i_level = 'junior' THEN 135 WHEN i_level = 'senior' THEN 125 END AS x11,
    CAST(i_classes AS DECIMAL(10,0)) AS x24
  FROM s0
),
s2 AS (
  SELECT s1.*,
    CASE WHEN TRY_CAST(x10 AS DECIMAL(38,10)) = x10 THEN CAST(replace(CAST(CAST(x10 AS DECIMAL(38,10)) AS VARCHAR), '.', '') AS HUGEINT) END AS x12,
    TRY(x24 * i_class_teacher_ratio) AS x25
  FROM s1
),
s3 AS (
  SELECT s2.*,
    TRY_CAST(x25 AS DECIMAL(38,10)) AS x26,
    ((x12 % x11)) * 10000000000000000000 AS x15,
    -- definition by_classes 按班师比核定的编制: 邯政字〔2017〕25号 §二(二)1
    x25 AS d_by_classes
  FROM s2
),
s4 AS (
  SELECT s3.*,
    TRY(((x12 // x11)) * 10000000000000000000 + x15 // x11) AS x16,
    (x15 % x11) AS x17
  FROM s3
),
s5 AS (
  SELECT s4.*,
    abs(x16) AS x18
  FROM s4
),
s6 AS (
  SELECT s5.*,
    CASE WHEN x18 < 79228162514264337593543950336 THEN 1 WHEN x18 < 792281625142643375935439503360 THEN 10 WHEN x18 < 7922816251426433759354395033600 THEN 100 WHEN x18 < 79228162514264337593543950336000 THEN 1000 WHEN x18 < 792281625142643375935439503360000 THEN 10000 WHEN x18 < 7922816251426433759354395033600000 THEN 100000 WHEN x18 < 79228162514264337593543950336000000 THEN 1000000 WHEN x18 < 792281625142643375935439503360000000 THEN 10000000 WHEN x18 < 7922816251426433759354395033600000000 THEN 100000000 WHEN x18 < 79228162514264337593543950336000000000 THEN 1000000000 ELSE 10000000000 END AS x19
  FROM s5
),
s7 AS (
  SELECT s6.*,
    (x18 // x19) AS x20,
    (x18 % x19) AS x21
  FROM s6
),
s8 AS (
  SELECT s7.*,
    x20 + CASE WHEN CASE WHEN x19 = 1 THEN 2 * abs(x17) > x11 OR 2 * abs(x17) = x11 AND (x20 % 2) = 1 ELSE 2 * x21 > x19 OR 2 * x21 = x19 AND (x17 <> 0 OR (x20 % 2) = 1) END THEN 1 ELSE 0 END AS x22
  FROM s7
),
s9 AS (
  SELECT s8.*,
    CASE WHEN x22 > 79228162514264337593543950335 THEN 7922816251426433759354395034 * x19 * 10 ELSE x22 * x19 END AS x23
  FROM s8
),
s10 AS (
  SELECT s9.*,
    -- definition by_students 按生师比核定的编制: 邯政字〔2017〕25号 §二(二)1
    CASE WHEN x23 < 100000000000000000000000000000000000000 THEN CAST(CAST(CASE WHEN (x16 < 0 OR x17 < 0) THEN -x23 ELSE x23 END AS DECIMAL(38,0)) * CAST('0.0000000000000000000000000001' AS DECIMAL(28,28)) AS DECIMAL(38,28)) END AS d_by_students,
    COALESCE(COALESCE(CASE WHEN x10 IS NOT NULL AND x12 IS NULL THEN CASE WHEN i_level = 'primary' THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(76,38) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN i_level = 'junior' THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(77,37) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN i_level = 'senior' THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(78,37) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END END, CASE WHEN x12 IS NOT NULL THEN CASE WHEN x16 IS NULL OR x23 >= 100000000000000000000000000000000000000 THEN CASE WHEN i_level = 'primary' THEN 'evaluation_error||the value at rules/handan-2017-04/hz25.rules(76,38) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' WHEN i_level = 'junior' THEN 'evaluation_error||the value at rules/handan-2017-04/hz25.rules(77,37) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' WHEN i_level = 'senior' THEN 'evaluation_error||the value at rules/handan-2017-04/hz25.rules(78,37) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' END END END), CASE WHEN (i_level = 'primary') OR (i_level = 'junior') OR (i_level = 'senior') THEN NULL ELSE 'evaluation_error||' || 'no case of the match at rules/handan-2017-04/hz25.rules(75,7) covers ' || i_level END) AS e_by_students
  FROM s9
),
s11 AS (
  SELECT s10.*,
    CAST(replace(CAST(CAST((TRY(TRY_CAST(d_by_students AS DECIMAL(38,28)) + TRY_CAST(x25 AS DECIMAL(38,28)))) AS DECIMAL(38,28)) AS VARCHAR), '.', '') AS HUGEINT) AS x28
  FROM s10
),
s12 AS (
  SELECT s11.*,
    abs(x28) AS x29
  FROM s11
),
s13 AS (
  SELECT s12.*,
    CASE WHEN x29 < 79228162514264337593543950336 THEN 1 WHEN x29 < 792281625142643375935439503360 THEN 10 WHEN x29 < 7922816251426433759354395033600 THEN 100 WHEN x29 < 79228162514264337593543950336000 THEN 1000 WHEN x29 < 792281625142643375935439503360000 THEN 10000 WHEN x29 < 7922816251426433759354395033600000 THEN 100000 WHEN x29 < 79228162514264337593543950336000000 THEN 1000000 WHEN x29 < 792281625142643375935439503360000000 THEN 10000000 WHEN x29 < 7922816251426433759354395033600000000 THEN 100000000 WHEN x29 < 79228162514264337593543950336000000000 THEN 1000000000 ELSE 10000000000 END AS x30
  FROM s12
),
s14 AS (
  SELECT s13.*,
    (x29 // x30) AS x31,
    (x29 % x30) AS x32
  FROM s13
),
s15 AS (
  SELECT s14.*,
    x31 + CASE WHEN x30 > 1 AND (2 * x32 > x30 OR 2 * x32 = x30 AND (x31 % 2) = 1) THEN 1 ELSE 0 END AS x33
  FROM s14
),
s16 AS (
  SELECT s15.*,
    CASE WHEN x33 > 79228162514264337593543950335 THEN 7922816251426433759354395034 * x30 * 10 ELSE x33 * x30 END AS x34
  FROM s15
),
s17 AS (
  SELECT s16.*,
    CAST(replace(CAST(CAST((CASE WHEN x34 < 100000000000000000000000000000000000000 THEN CAST(CAST(CASE WHEN x28 < 0 THEN -x34 ELSE x34 END AS DECIMAL(38,0)) * CAST('0.0000000000000000000000000001' AS DECIMAL(28,28)) AS DECIMAL(38,28)) END) AS DECIMAL(38,28)) AS VARCHAR), '.', '') AS HUGEINT) AS x36
  FROM s16
),
s18 AS (
  SELECT s17.*,
    (x36 // 2) AS x37,
    (x36 % 2) AS x38
  FROM s17
),
s19 AS (
  SELECT s18.*,
    abs(x37) AS x39
  FROM s18
),
s20 AS (
  SELECT s19.*,
    CASE WHEN x39 < 79228162514264337593543950336 THEN 1 WHEN x39 < 792281625142643375935439503360 THEN 10 WHEN x39 < 7922816251426433759354395033600 THEN 100 WHEN x39 < 79228162514264337593543950336000 THEN 1000 WHEN x39 < 792281625142643375935439503360000 THEN 10000 WHEN x39 < 7922816251426433759354395033600000 THEN 100000 WHEN x39 < 79228162514264337593543950336000000 THEN 1000000 WHEN x39 < 792281625142643375935439503360000000 THEN 10000000 WHEN x39 < 7922816251426433759354395033600000000 THEN 100000000 WHEN x39 < 79228162514264337593543950336000000000 THEN 1000000000 ELSE 10000000000 END AS x40
  FROM s19
),
s21 AS (
  SELECT s20.*,
    (x39 // x40) AS x41,
    (x39 % x40) AS x42
  FROM s20
),
s22 AS (
  SELECT s21.*,
    x41 + CASE WHEN CASE WHEN x40 = 1 THEN 2 * abs(x38) > 2 OR 2 * abs(x38) = 2 AND (x41 % 2) = 1 ELSE 2 * x42 > x40 OR 2 * x42 = x40 AND (x38 <> 0 OR (x41 % 2) = 1) END THEN 1 ELSE 0 END AS x43
  FROM s21
),
s23 AS (
  SELECT s22.*,
    CASE WHEN x43 > 79228162514264337593543950335 THEN 7922816251426433759354395034 * x40 * 10 ELSE x43 * x40 END AS x44
  FROM s22
),
s24 AS (
  SELECT s23.*,
    -- output staff_quota 教职工编制数: 邯政字〔2017〕25号 §二(二)1
    (CASE WHEN i_village THEN (CASE WHEN x44 < 100000000000000000000000000000000000000 THEN CAST(CAST(CASE WHEN (x37 < 0 OR x38 < 0) THEN -x44 ELSE x44 END AS DECIMAL(38,0)) * CAST('0.0000000000000000000000000001' AS DECIMAL(28,28)) AS DECIMAL(38,28)) END) ELSE d_by_students END) AS d_staff_quota,
    COALESCE(CASE WHEN i_level IS NULL THEN 'invalid_input|level|level: is empty; expected a school_level value' END, CASE WHEN i_students IS NULL THEN 'invalid_input|students|students: is empty; expected a whole number' END, CASE WHEN i_village IS NULL THEN 'invalid_input|village|village: is empty; expected true or false' END, CASE WHEN i_classes IS NULL THEN 'invalid_input|classes|classes: is empty; expected a whole number' END, CASE WHEN i_class_teacher_ratio IS NULL THEN 'invalid_input|class_teacher_ratio|class_teacher_ratio: is empty; expected a number' END, (CASE WHEN NOT ((i_students >= 0)) THEN 'invalid_input|students|' || 'students (在校学生数) = ' || CAST(i_students AS VARCHAR) || ' does not satisfy: students >= 0' END), (CASE WHEN NOT ((((NOT i_village)) OR (i_level = 'primary'))) THEN 'invalid_input|village|' || 'village (村小学或教学点) = ' || CASE WHEN i_village THEN 'true' ELSE 'false' END || ' does not satisfy: (not village) or (level = school_level.primary)' END), (CASE WHEN NOT ((i_classes >= 0)) THEN 'invalid_input|classes|' || 'classes (班级数) = ' || CAST(i_classes AS VARCHAR) || ' does not satisfy: classes >= 0' END), (CASE WHEN NOT ((COALESCE(TRY(i_class_teacher_ratio - x7) >= 0, TRY_CAST(i_class_teacher_ratio AS DECIMAL(38,10)) >= TRY_CAST(x7 AS DECIMAL(38,10))))) THEN 'invalid_input|class_teacher_ratio|' || 'class_teacher_ratio (班师比（每班教职工数）) = ' || (CASE WHEN strpos(CAST(i_class_teacher_ratio AS VARCHAR), '.') > 0 THEN rtrim(rtrim(CAST(i_class_teacher_ratio AS VARCHAR), '0'), '.') ELSE CAST(i_class_teacher_ratio AS VARCHAR) END) || ' does not satisfy: class_teacher_ratio >= 0' END), (COALESCE(COALESCE(CASE WHEN i_village THEN COALESCE(COALESCE(COALESCE(e_by_students, (COALESCE(CASE WHEN (x25 IS NULL AND x24 IS NOT NULL AND i_class_teacher_ratio IS NOT NULL) THEN 'evaluation_error||arithmetic overflow at rules/handan-2017-04/hz25.rules(84,7)' END, CASE WHEN x25 IS NOT NULL AND (x26 IS NULL OR x26 <> x25) THEN 'evaluation_error||the value of ''by_classes'' at rules/handan-2017-04/hz25.rules(81,3) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END))), CASE WHEN d_by_students IS NOT NULL AND x25 IS NOT NULL THEN CASE WHEN x28 IS NULL OR x34 >= 100000000000000000000000000000000000000 THEN 'evaluation_error||the value at rules/handan-2017-04/hz25.rules(92,10) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' END END), CASE WHEN x36 IS NOT NULL THEN CASE WHEN x37 IS NULL OR x44 >= 100000000000000000000000000000000000000 THEN 'evaluation_error||the value at rules/handan-2017-04/hz25.rules(92,10) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' END END) END, CASE WHEN NOT i_village THEN CASE WHEN TRUE THEN e_by_students END END), CASE WHEN NOT ((i_village OR TRUE)) THEN 'no_rule_applies||no rule of ''staff_quota'' applies to these inputs (rules: general, village_school)' END))) AS e
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
