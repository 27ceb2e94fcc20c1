-- policyrules sql: module staffing_quota 中小学教职工编制, duckdb dialect
-- reads t (columns: level VARCHAR, students INTEGER, village BOOLEAN, classes INTEGER, class_teacher_ratio DECIMAL(38,10), at DATE); evaluated at each row's at
-- decimal, money and rate values are DECIMAL(38,10); a result that does not fit is an evaluation_error row, never rounded
WITH
s0 AS (
  SELECT 
    CASE WHEN trim(t.level) = 'primary' THEN 'primary' WHEN trim(t.level) = '小学' THEN 'primary' WHEN trim(t.level) = 'junior' THEN 'junior' WHEN trim(t.level) = '初中' THEN 'junior' WHEN trim(t.level) = 'senior' THEN 'senior' WHEN trim(t.level) = '高中' THEN 'senior' END AS i_level,
    CAST(t.students AS BIGINT) AS i_students,
    t.village AS i_village,
    CAST(t.classes AS BIGINT) AS i_classes,
    t.class_teacher_ratio AS i_class_teacher_ratio,
    t."at" AS i_at
  FROM t AS t
),
s1 AS (
  SELECT s0.*,
    CAST(0 AS DECIMAL(10,0)) AS x7,
    CAST(i_students AS DECIMAL(10,0)) AS x10,
    CAST(i_students AS DECIMAL(10,0)) AS x17,
    CAST(i_students AS DECIMAL(10,0)) AS x24,
    CAST(i_classes AS DECIMAL(10,0)) AS x33
  FROM s0
),
s2 AS (
  SELECT s1.*,
    CASE WHEN TRY_CAST(x10 AS DECIMAL(38,10)) = x10 THEN CAST(replace(CAST(CAST(x10 AS DECIMAL(38,10)) AS VARCHAR), '.', '') AS HUGEINT) END AS x11,
    CASE WHEN TRY_CAST(x17 AS DECIMAL(38,10)) = x17 THEN CAST(replace(CAST(CAST(x17 AS DECIMAL(38,10)) AS VARCHAR), '.', '') AS HUGEINT) END AS x18,
    CASE WHEN TRY_CAST(x24 AS DECIMAL(38,10)) = x24 THEN CAST(replace(CAST(CAST(x24 AS DECIMAL(38,10)) AS VARCHAR), '.', '') AS HUGEINT) END AS x25,
    TRY(x33 * i_class_teacher_ratio) AS x34
  FROM s1
),
s3 AS (
  SELECT s2.*,
    TRY_CAST(x34 AS DECIMAL(38,10)) AS x35,
    (x11 % 19) * 1 AS x13,
    (x18 % 135) * 10 AS x20,
    (x25 % 125) * 10 AS x27,
    -- definition by_classes 按班师比核定的编制: 邯政字〔2017〕25号 §二(二)1
    x34 AS d_by_classes
  FROM s2
),
s4 AS (
  SELECT s3.*,
    TRY(((x11 // 19)) * 1 + (x13 // 19)) AS x14,
    TRY(((x18 // 135)) * 10 + (x20 // 135)) AS x21,
    TRY(((x25 // 125)) * 10 + (x27 // 125)) AS x28,
    (x13 % 19) AS x15,
    (x20 % 135) AS x22,
    (x27 % 125) AS x29
  FROM s3
),
s5 AS (
  SELECT s4.*,
    (x15 = 0 AND ((TRUE AND abs(x14) <= 79228162514264337593543950335) OR ((x14 % 10) = 0 AND abs(x14) <= 792281625142643375935439503350) OR ((x14 % 100) = 0 AND abs(x14) <= 7922816251426433759354395033500) OR ((x14 % 1000) = 0 AND abs(x14) <= 79228162514264337593543950335000) OR ((x14 % 10000) = 0 AND abs(x14) <= 792281625142643375935439503350000) OR ((x14 % 100000) = 0 AND abs(x14) <= 7922816251426433759354395033500000) OR ((x14 % 1000000) = 0 AND abs(x14) <= 79228162514264337593543950335000000) OR ((x14 % 10000000) = 0 AND abs(x14) <= 792281625142643375935439503350000000) OR ((x14 % 100000000) = 0 AND abs(x14) <= 7922816251426433759354395033500000000) OR ((x14 % 1000000000) = 0 AND abs(x14) <= 79228162514264337593543950335000000000) OR ((x14 % 10000000000) = 0))) AS x16,
    (x22 = 0 AND ((TRUE AND abs(x21) <= 79228162514264337593543950335) OR ((x21 % 10) = 0 AND abs(x21) <= 792281625142643375935439503350) OR ((x21 % 100) = 0 AND abs(x21) <= 7922816251426433759354395033500) OR ((x21 % 1000) = 0 AND abs(x21) <= 79228162514264337593543950335000) OR ((x21 % 10000) = 0 AND abs(x21) <= 792281625142643375935439503350000) OR ((x21 % 100000) = 0 AND abs(x21) <= 7922816251426433759354395033500000) OR ((x21 % 1000000) = 0 AND abs(x21) <= 79228162514264337593543950335000000) OR ((x21 % 10000000) = 0 AND abs(x21) <= 792281625142643375935439503350000000) OR ((x21 % 100000000) = 0 AND abs(x21) <= 7922816251426433759354395033500000000) OR ((x21 % 1000000000) = 0 AND abs(x21) <= 79228162514264337593543950335000000000) OR ((x21 % 10000000000) = 0))) AS x23,
    (x29 = 0 AND ((TRUE AND abs(x28) <= 79228162514264337593543950335) OR ((x28 % 10) = 0 AND abs(x28) <= 792281625142643375935439503350) OR ((x28 % 100) = 0 AND abs(x28) <= 7922816251426433759354395033500) OR ((x28 % 1000) = 0 AND abs(x28) <= 79228162514264337593543950335000) OR ((x28 % 10000) = 0 AND abs(x28) <= 792281625142643375935439503350000) OR ((x28 % 100000) = 0 AND abs(x28) <= 7922816251426433759354395033500000) OR ((x28 % 1000000) = 0 AND abs(x28) <= 79228162514264337593543950335000000) OR ((x28 % 10000000) = 0 AND abs(x28) <= 792281625142643375935439503350000000) OR ((x28 % 100000000) = 0 AND abs(x28) <= 7922816251426433759354395033500000000) OR ((x28 % 1000000000) = 0 AND abs(x28) <= 79228162514264337593543950335000000000) OR ((x28 % 10000000000) = 0))) AS x30
  FROM s4
),
s6 AS (
  SELECT s5.*,
    CASE WHEN i_level = 'primary' THEN CASE WHEN x16 THEN (CAST(x14 AS DECIMAL(38,0)) * CAST('0.0000000001' AS DECIMAL(11,10))) END WHEN i_level = 'junior' THEN CASE WHEN x23 THEN (CAST(x21 AS DECIMAL(38,0)) * CAST('0.0000000001' AS DECIMAL(11,10))) END WHEN i_level = 'senior' THEN CASE WHEN x30 THEN (CAST(x28 AS DECIMAL(38,0)) * CAST('0.0000000001' AS DECIMAL(11,10))) END END AS x31
  FROM s5
),
s7 AS (
  SELECT s6.*,
    TRY_CAST(x31 AS DECIMAL(38,10)) AS x32,
    -- definition by_students 按生师比核定的编制: 邯政字〔2017〕25号 §二(二)1
    x31 AS d_by_students,
    TRY(x31 + x34) AS x36
  FROM s6
),
s8 AS (
  SELECT s7.*,
    COALESCE(CASE WHEN i_level = 'primary' THEN CASE WHEN x10 IS NULL OR x16 THEN NULL WHEN x11 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(76,38) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN x14 IS NOT NULL AND x15 <> 0 AND abs(x14) < 1000000000000000000000000000 THEN 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(76,38) does not end within 10 decimal places, so it does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' ELSE 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(76,38) needs more significant digits than a C# decimal holds (28–29), so the interpreter rounds it, which the SQL back end does not reproduce' END WHEN i_level = 'junior' THEN CASE WHEN x17 IS NULL OR x23 THEN NULL WHEN x18 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(77,37) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN x21 IS NOT NULL AND x22 <> 0 AND abs(x21) < 100000000000000000000000000 THEN 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(77,37) does not end within 10 decimal places, so it does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' ELSE 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(77,37) needs more significant digits than a C# decimal holds (28–29), so the interpreter rounds it, which the SQL back end does not reproduce' END WHEN i_level = 'senior' THEN CASE WHEN x24 IS NULL OR x30 THEN NULL WHEN x25 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(78,37) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN x28 IS NOT NULL AND x29 <> 0 AND abs(x28) < 100000000000000000000000000 THEN 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(78,37) does not end within 10 decimal places, so it does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' ELSE 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(78,37) needs more significant digits than a C# decimal holds (28–29), so the interpreter rounds it, which the SQL back end does not reproduce' END ELSE 'evaluation_error||' || 'no case of the match at rules/handan-2017-04/hz25.rules(75,7) covers ' || i_level END, CASE WHEN x31 IS NOT NULL AND (x32 IS NULL OR x32 <> x31) THEN 'evaluation_error||the value of ''by_students'' at rules/handan-2017-04/hz25.rules(73,3) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END) AS e_by_students,
    CASE WHEN TRY_CAST(x36 AS DECIMAL(38,10)) = x36 THEN CAST(replace(CAST(CAST(x36 AS DECIMAL(38,10)) AS VARCHAR), '.', '') AS HUGEINT) END AS x37
  FROM s7
),
s9 AS (
  SELECT s8.*,
    (x37 % 2) * 1 AS x39
  FROM s8
),
s10 AS (
  SELECT s9.*,
    TRY(((x37 // 2)) * 1 + (x39 // 2)) AS x40,
    (x39 % 2) AS x41
  FROM s9
),
s11 AS (
  SELECT s10.*,
    (x41 = 0 AND ((TRUE AND abs(x40) <= 79228162514264337593543950335) OR ((x40 % 10) = 0 AND abs(x40) <= 792281625142643375935439503350) OR ((x40 % 100) = 0 AND abs(x40) <= 7922816251426433759354395033500) OR ((x40 % 1000) = 0 AND abs(x40) <= 79228162514264337593543950335000) OR ((x40 % 10000) = 0 AND abs(x40) <= 792281625142643375935439503350000) OR ((x40 % 100000) = 0 AND abs(x40) <= 7922816251426433759354395033500000) OR ((x40 % 1000000) = 0 AND abs(x40) <= 79228162514264337593543950335000000) OR ((x40 % 10000000) = 0 AND abs(x40) <= 792281625142643375935439503350000000) OR ((x40 % 100000000) = 0 AND abs(x40) <= 7922816251426433759354395033500000000) OR ((x40 % 1000000000) = 0 AND abs(x40) <= 79228162514264337593543950335000000000) OR ((x40 % 10000000000) = 0))) AS x42
  FROM s10
),
s12 AS (
  SELECT s11.*,
    CASE WHEN i_village THEN (CASE WHEN x42 THEN (CAST(x40 AS DECIMAL(38,0)) * CAST('0.0000000001' AS DECIMAL(11,10))) END) ELSE x31 END AS x45
  FROM s11
),
s13 AS (
  SELECT s12.*,
    TRY_CAST(x45 AS DECIMAL(38,10)) AS x47,
    -- output staff_quota 教职工编制数: 邯政字〔2017〕25号 §二(二)1
    x45 AS d_staff_quota
  FROM s12
),
s14 AS (
  SELECT s13.*,
    COALESCE(CASE WHEN i_at IS NULL THEN 'invalid_input|at|at: expected a date as yyyy-mm-dd, got ""' END, CASE WHEN i_at IS NOT NULL AND NOT ((i_at >= DATE '2017-06-10') AND (i_at >= DATE '2017-06-10')) THEN 'not_in_force||' || 'module ''staffing_quota'' is not in force on ' || CAST(i_at AS VARCHAR) || ': ' || CASE WHEN NOT (i_at >= DATE '2017-06-10') THEN '邯政字〔2017〕25号 is in force from 2017-06-10' ELSE 'the module applies 2017-06-10 onwards' END END, CASE WHEN i_level IS NULL THEN 'invalid_input|level|level: is empty; expected a school_level value' END, CASE WHEN i_students IS NULL THEN 'invalid_input|students|students: is empty; expected a whole number' END, CASE WHEN i_village IS NULL THEN 'invalid_input|village|village: is empty; expected true or false' END, CASE WHEN i_classes IS NULL THEN 'invalid_input|classes|classes: is empty; expected a whole number' END, CASE WHEN i_class_teacher_ratio IS NULL THEN 'invalid_input|class_teacher_ratio|class_teacher_ratio: is empty; expected a number' END, (CASE WHEN NOT ((i_students >= 0)) THEN 'invalid_input|students|' || 'students (在校学生数) = ' || CAST(i_students AS VARCHAR) || ' does not satisfy: students >= 0' END), (CASE WHEN NOT ((((NOT i_village)) OR (i_level = 'primary'))) THEN 'invalid_input|village|' || 'village (村小学或教学点) = ' || CASE WHEN i_village THEN 'true' ELSE 'false' END || ' does not satisfy: (not village) or (level = school_level.primary)' END), (CASE WHEN NOT ((i_classes >= 0)) THEN 'invalid_input|classes|' || 'classes (班级数) = ' || CAST(i_classes AS VARCHAR) || ' does not satisfy: classes >= 0' END), (CASE WHEN NOT ((COALESCE(TRY(i_class_teacher_ratio - x7) >= 0, TRY_CAST(i_class_teacher_ratio AS DECIMAL(38,10)) >= TRY_CAST(x7 AS DECIMAL(38,10))))) THEN 'invalid_input|class_teacher_ratio|' || 'class_teacher_ratio (班师比（每班教职工数）) = ' || (CASE WHEN strpos(CAST(i_class_teacher_ratio AS VARCHAR), '.') > 0 THEN rtrim(rtrim(CAST(i_class_teacher_ratio AS VARCHAR), '0'), '.') ELSE CAST(i_class_teacher_ratio AS VARCHAR) END) || ' does not satisfy: class_teacher_ratio >= 0' END), (COALESCE(COALESCE(COALESCE(CASE WHEN i_village THEN COALESCE(COALESCE(COALESCE(e_by_students, (COALESCE(CASE WHEN (x34 IS NULL AND x33 IS NOT NULL AND i_class_teacher_ratio IS NOT NULL) THEN 'evaluation_error||arithmetic overflow at rules/handan-2017-04/hz25.rules(84,7)' END, CASE WHEN x34 IS NOT NULL AND (x35 IS NULL OR x35 <> x34) THEN 'evaluation_error||the value of ''by_classes'' at rules/handan-2017-04/hz25.rules(81,3) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END))), CASE WHEN (x36 IS NULL AND x31 IS NOT NULL AND x34 IS NOT NULL) THEN 'evaluation_error||arithmetic overflow at rules/handan-2017-04/hz25.rules(92,10)' END), CASE WHEN x36 IS NULL OR x42 THEN NULL WHEN x37 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(92,10) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN x40 IS NOT NULL AND x41 <> 0 AND abs(x40) < 1000000000000000000000000000 THEN 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(92,10) does not end within 10 decimal places, so it does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' ELSE 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(92,10) needs more significant digits than a C# decimal holds (28–29), so the interpreter rounds it, which the SQL back end does not reproduce' END) END, CASE WHEN NOT i_village THEN CASE WHEN TRUE THEN e_by_students END END), CASE WHEN NOT ((i_village OR TRUE)) THEN 'no_rule_applies||no rule of ''staff_quota'' applies to these inputs (rules: general, village_school)' END), CASE WHEN x45 IS NOT NULL AND (x47 IS NULL OR x47 <> x45) THEN 'evaluation_error||the value of ''staff_quota'' at rules/handan-2017-04/hz25.rules(86,3) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END))) AS e
  FROM s13
)
SELECT
  i_level AS level,
  i_students AS students,
  i_village AS village,
  i_classes AS classes,
  i_class_teacher_ratio AS class_teacher_ratio,
  i_at AS "at",
  -- output staff_quota 教职工编制数: 邯政字〔2017〕25号 §二(二)1
  CASE WHEN e IS NULL THEN CAST(d_staff_quota AS DECIMAL(38,10)) END AS staff_quota,
  split_part(e, '|', 1) AS error_code,
  NULLIF(split_part(e, '|', 2), '') AS error_field,
  substr(e, length(split_part(e, '|', 1)) + length(split_part(e, '|', 2)) + 3) AS error_message
FROM s14;
