-- policyrules sql: module staffing_quota 中小学教职工编制, postgres dialect
-- reads t (columns: level TEXT, students INTEGER, village BOOLEAN, classes INTEGER, class_teacher_ratio NUMERIC(38,10), at DATE); evaluated at each row's at
-- decimal, money and rate values are NUMERIC(38,10); a result that does not fit is an evaluation_error row, never rounded
WITH
s0 AS (
  SELECT 
    CASE WHEN trim(t.level) = 'primary' THEN 'primary' WHEN trim(t.level) = '小学' THEN 'primary' WHEN trim(t.level) = 'junior' THEN 'junior' WHEN trim(t.level) = '初中' THEN 'junior' WHEN trim(t.level) = 'senior' THEN 'senior' WHEN trim(t.level) = '高中' THEN 'senior' END AS i_level,
    CAST(t.students AS BIGINT) AS i_students,
    t.village AS i_village,
    CAST(t.classes AS BIGINT) AS i_classes,
    t.class_teacher_ratio AS i_class_teacher_ratio,
    t."at" AS i_at
  FROM t AS t OFFSET 0
),
s1 AS (
  SELECT s0.*,
    CASE WHEN CAST(i_students AS NUMERIC) * 10000000000 = trunc(CAST(i_students AS NUMERIC) * 10000000000) THEN trunc(CAST(i_students AS NUMERIC) * 10000000000) END AS x10,
    CASE WHEN CAST(i_students AS NUMERIC) * 10000000000 = trunc(CAST(i_students AS NUMERIC) * 10000000000) THEN trunc(CAST(i_students AS NUMERIC) * 10000000000) END AS x17,
    CASE WHEN CAST(i_students AS NUMERIC) * 10000000000 = trunc(CAST(i_students AS NUMERIC) * 10000000000) THEN trunc(CAST(i_students AS NUMERIC) * 10000000000) END AS x24,
    (CAST(i_classes AS NUMERIC) * i_class_teacher_ratio) AS x32
  FROM s0 OFFSET 0
),
s2 AS (
  SELECT s1.*,
    mod(x10, 19) * 1 AS x12,
    mod(x17, 135) * 10 AS x19,
    mod(x24, 125) * 10 AS x26,
    -- definition by_classes 按班师比核定的编制: 邯政字〔2017〕25号 §二(二)1
    CAST(x32 AS NUMERIC) AS d_by_classes
  FROM s1 OFFSET 0
),
s3 AS (
  SELECT s2.*,
    (div(x10, 19)) * 1 + div(x12, 19) AS x13,
    (div(x17, 135)) * 10 + div(x19, 135) AS x20,
    (div(x24, 125)) * 10 + div(x26, 125) AS x27,
    mod(x12, 19) AS x14,
    mod(x19, 135) AS x21,
    mod(x26, 125) AS x28
  FROM s2 OFFSET 0
),
s4 AS (
  SELECT s3.*,
    (x14 = 0 AND ((TRUE AND abs(x13) <= 79228162514264337593543950335) OR (mod(x13, 10) = 0 AND abs(x13) <= 792281625142643375935439503350) OR (mod(x13, 100) = 0 AND abs(x13) <= 7922816251426433759354395033500) OR (mod(x13, 1000) = 0 AND abs(x13) <= 79228162514264337593543950335000) OR (mod(x13, 10000) = 0 AND abs(x13) <= 792281625142643375935439503350000) OR (mod(x13, 100000) = 0 AND abs(x13) <= 7922816251426433759354395033500000) OR (mod(x13, 1000000) = 0 AND abs(x13) <= 79228162514264337593543950335000000) OR (mod(x13, 10000000) = 0 AND abs(x13) <= 792281625142643375935439503350000000) OR (mod(x13, 100000000) = 0 AND abs(x13) <= 7922816251426433759354395033500000000) OR (mod(x13, 1000000000) = 0 AND abs(x13) <= 79228162514264337593543950335000000000) OR (mod(x13, 10000000000) = 0 AND abs(x13) <= 792281625142643375935439503350000000000))) AS x15,
    (x21 = 0 AND ((TRUE AND abs(x20) <= 79228162514264337593543950335) OR (mod(x20, 10) = 0 AND abs(x20) <= 792281625142643375935439503350) OR (mod(x20, 100) = 0 AND abs(x20) <= 7922816251426433759354395033500) OR (mod(x20, 1000) = 0 AND abs(x20) <= 79228162514264337593543950335000) OR (mod(x20, 10000) = 0 AND abs(x20) <= 792281625142643375935439503350000) OR (mod(x20, 100000) = 0 AND abs(x20) <= 7922816251426433759354395033500000) OR (mod(x20, 1000000) = 0 AND abs(x20) <= 79228162514264337593543950335000000) OR (mod(x20, 10000000) = 0 AND abs(x20) <= 792281625142643375935439503350000000) OR (mod(x20, 100000000) = 0 AND abs(x20) <= 7922816251426433759354395033500000000) OR (mod(x20, 1000000000) = 0 AND abs(x20) <= 79228162514264337593543950335000000000) OR (mod(x20, 10000000000) = 0 AND abs(x20) <= 792281625142643375935439503350000000000))) AS x22,
    (x28 = 0 AND ((TRUE AND abs(x27) <= 79228162514264337593543950335) OR (mod(x27, 10) = 0 AND abs(x27) <= 792281625142643375935439503350) OR (mod(x27, 100) = 0 AND abs(x27) <= 7922816251426433759354395033500) OR (mod(x27, 1000) = 0 AND abs(x27) <= 79228162514264337593543950335000) OR (mod(x27, 10000) = 0 AND abs(x27) <= 792281625142643375935439503350000) OR (mod(x27, 100000) = 0 AND abs(x27) <= 7922816251426433759354395033500000) OR (mod(x27, 1000000) = 0 AND abs(x27) <= 79228162514264337593543950335000000) OR (mod(x27, 10000000) = 0 AND abs(x27) <= 792281625142643375935439503350000000) OR (mod(x27, 100000000) = 0 AND abs(x27) <= 7922816251426433759354395033500000000) OR (mod(x27, 1000000000) = 0 AND abs(x27) <= 79228162514264337593543950335000000000) OR (mod(x27, 10000000000) = 0 AND abs(x27) <= 792281625142643375935439503350000000000))) AS x29
  FROM s3 OFFSET 0
),
s5 AS (
  SELECT s4.*,
    CAST(CASE WHEN i_level = 'primary' THEN CASE WHEN x15 THEN x13 * 0.0000000001 END WHEN i_level = 'junior' THEN CASE WHEN x22 THEN x20 * 0.0000000001 END WHEN i_level = 'senior' THEN CASE WHEN x29 THEN x27 * 0.0000000001 END END AS NUMERIC) AS x30
  FROM s4 OFFSET 0
),
s6 AS (
  SELECT s5.*,
    -- definition by_students 按生师比核定的编制: 邯政字〔2017〕25号 §二(二)1
    x30 AS d_by_students,
    COALESCE(CASE WHEN i_level = 'primary' THEN CASE WHEN CAST(i_students AS NUMERIC) IS NULL OR x15 THEN NULL WHEN x10 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(76,38) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN x13 IS NOT NULL AND x14 <> 0 AND abs(x13) < 1000000000000000000000000000 THEN 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(76,38) does not end within 10 decimal places, so it does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' ELSE 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(76,38) needs more significant digits than a C# decimal holds (28–29), so the interpreter rounds it, which the SQL back end does not reproduce' END WHEN i_level = 'junior' THEN CASE WHEN CAST(i_students AS NUMERIC) IS NULL OR x22 THEN NULL WHEN x17 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(77,37) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN x20 IS NOT NULL AND x21 <> 0 AND abs(x20) < 100000000000000000000000000 THEN 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(77,37) does not end within 10 decimal places, so it does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' ELSE 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(77,37) needs more significant digits than a C# decimal holds (28–29), so the interpreter rounds it, which the SQL back end does not reproduce' END WHEN i_level = 'senior' THEN CASE WHEN CAST(i_students AS NUMERIC) IS NULL OR x29 THEN NULL WHEN x24 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(78,37) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN x27 IS NOT NULL AND x28 <> 0 AND abs(x27) < 100000000000000000000000000 THEN 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(78,37) does not end within 10 decimal places, so it does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' ELSE 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(78,37) needs more significant digits than a C# decimal holds (28–29), so the interpreter rounds it, which the SQL back end does not reproduce' END ELSE 'evaluation_error||' || 'no case of the match at rules/handan-2017-04/hz25.rules(75,7) covers ' || i_level END, CASE WHEN x30 <= -10000000000000000000000000000 OR x30 >= 10000000000000000000000000000 THEN 'evaluation_error||the value of ''by_students'' at rules/handan-2017-04/hz25.rules(73,3) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN CAST(x30 AS NUMERIC(38,10)) <> x30 THEN 'evaluation_error||the value of ''by_students'' at rules/handan-2017-04/hz25.rules(73,3) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END) AS e_by_students,
    (x30 + CAST(x32 AS NUMERIC)) AS x34
  FROM s5 OFFSET 0
),
s7 AS (
  SELECT s6.*,
    CASE WHEN x34 * 10000000000 = trunc(x34 * 10000000000) THEN trunc(x34 * 10000000000) END AS x35
  FROM s6 OFFSET 0
),
s8 AS (
  SELECT s7.*,
    mod(x35, 2) * 1 AS x37
  FROM s7 OFFSET 0
),
s9 AS (
  SELECT s8.*,
    (div(x35, 2)) * 1 + div(x37, 2) AS x38,
    mod(x37, 2) AS x39
  FROM s8 OFFSET 0
),
s10 AS (
  SELECT s9.*,
    (x39 = 0 AND ((TRUE AND abs(x38) <= 79228162514264337593543950335) OR (mod(x38, 10) = 0 AND abs(x38) <= 792281625142643375935439503350) OR (mod(x38, 100) = 0 AND abs(x38) <= 7922816251426433759354395033500) OR (mod(x38, 1000) = 0 AND abs(x38) <= 79228162514264337593543950335000) OR (mod(x38, 10000) = 0 AND abs(x38) <= 792281625142643375935439503350000) OR (mod(x38, 100000) = 0 AND abs(x38) <= 7922816251426433759354395033500000) OR (mod(x38, 1000000) = 0 AND abs(x38) <= 79228162514264337593543950335000000) OR (mod(x38, 10000000) = 0 AND abs(x38) <= 792281625142643375935439503350000000) OR (mod(x38, 100000000) = 0 AND abs(x38) <= 7922816251426433759354395033500000000) OR (mod(x38, 1000000000) = 0 AND abs(x38) <= 79228162514264337593543950335000000000) OR (mod(x38, 10000000000) = 0 AND abs(x38) <= 792281625142643375935439503350000000000))) AS x40
  FROM s9 OFFSET 0
),
s11 AS (
  SELECT s10.*,
    CAST((CAST(CASE WHEN i_village THEN (CAST(CASE WHEN x40 THEN x38 * 0.0000000001 END AS NUMERIC)) ELSE x30 END AS NUMERIC)) AS NUMERIC) AS x45
  FROM s10 OFFSET 0
),
s12 AS (
  SELECT s11.*,
    -- output staff_quota 教职工编制数: 邯政字〔2017〕25号 §二(二)1
    x45 AS d_staff_quota,
    COALESCE(CASE WHEN i_at IS NULL THEN 'invalid_input|at|at: expected a date as yyyy-mm-dd, got ""' END, CASE WHEN i_at IS NOT NULL AND NOT ((i_at >= DATE '2017-06-10') AND (i_at >= DATE '2017-06-10')) THEN 'not_in_force||' || 'module ''staffing_quota'' is not in force on ' || CAST(i_at AS VARCHAR) || ': ' || CASE WHEN NOT (i_at >= DATE '2017-06-10') THEN '邯政字〔2017〕25号 is in force from 2017-06-10' ELSE 'the module applies 2017-06-10 onwards' END END, CASE WHEN i_level IS NULL THEN 'invalid_input|level|level: is empty; expected a school_level value' END, CASE WHEN i_students IS NULL THEN 'invalid_input|students|students: is empty; expected a whole number' END, CASE WHEN i_village IS NULL THEN 'invalid_input|village|village: is empty; expected true or false' END, CASE WHEN i_classes IS NULL THEN 'invalid_input|classes|classes: is empty; expected a whole number' END, CASE WHEN i_class_teacher_ratio IS NULL THEN 'invalid_input|class_teacher_ratio|class_teacher_ratio: is empty; expected a number' END, (CASE WHEN NOT ((i_students >= 0)) THEN 'invalid_input|students|' || 'students (在校学生数) = ' || CAST(i_students AS VARCHAR) || ' does not satisfy: students >= 0' END), (CASE WHEN NOT ((((NOT i_village)) OR (i_level = 'primary'))) THEN 'invalid_input|village|' || 'village (村小学或教学点) = ' || CASE WHEN i_village THEN 'true' ELSE 'false' END || ' does not satisfy: (not village) or (level = school_level.primary)' END), (CASE WHEN NOT ((i_classes >= 0)) THEN 'invalid_input|classes|' || 'classes (班级数) = ' || CAST(i_classes AS VARCHAR) || ' does not satisfy: classes >= 0' END), (CASE WHEN NOT ((i_class_teacher_ratio >= CAST(0 AS NUMERIC))) THEN 'invalid_input|class_teacher_ratio|' || 'class_teacher_ratio (班师比（每班教职工数）) = ' || (CASE WHEN strpos(CAST(i_class_teacher_ratio AS VARCHAR), '.') > 0 THEN rtrim(rtrim(CAST(i_class_teacher_ratio AS VARCHAR), '0'), '.') ELSE CAST(i_class_teacher_ratio AS VARCHAR) END) || ' does not satisfy: class_teacher_ratio >= 0' END), (COALESCE(COALESCE(COALESCE(CASE WHEN i_village THEN COALESCE(COALESCE(COALESCE(e_by_students, (COALESCE(CASE WHEN (x32 > 79228162514264337593543950335 OR x32 < -79228162514264337593543950335) THEN 'evaluation_error||arithmetic overflow at rules/handan-2017-04/hz25.rules(84,7)' END, CASE WHEN CAST(x32 AS NUMERIC) <= -10000000000000000000000000000 OR CAST(x32 AS NUMERIC) >= 10000000000000000000000000000 THEN 'evaluation_error||the value of ''by_classes'' at rules/handan-2017-04/hz25.rules(81,3) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN CAST(CAST(x32 AS NUMERIC) AS NUMERIC(38,10)) <> CAST(x32 AS NUMERIC) THEN 'evaluation_error||the value of ''by_classes'' at rules/handan-2017-04/hz25.rules(81,3) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END))), CASE WHEN (x34 > 79228162514264337593543950335 OR x34 < -79228162514264337593543950335) THEN 'evaluation_error||arithmetic overflow at rules/handan-2017-04/hz25.rules(92,10)' END), CASE WHEN x34 IS NULL OR x40 THEN NULL WHEN x35 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz25.rules(92,10) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN x38 IS NOT NULL AND x39 <> 0 AND abs(x38) < 1000000000000000000000000000 THEN 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(92,10) does not end within 10 decimal places, so it does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' ELSE 'evaluation_error||the quotient at rules/handan-2017-04/hz25.rules(92,10) needs more significant digits than a C# decimal holds (28–29), so the interpreter rounds it, which the SQL back end does not reproduce' END) END, CASE WHEN NOT i_village THEN CASE WHEN TRUE THEN e_by_students END END), CASE WHEN NOT ((i_village OR TRUE)) THEN 'no_rule_applies||no rule of ''staff_quota'' applies to these inputs (rules: general, village_school)' END), CASE WHEN x45 <= -10000000000000000000000000000 OR x45 >= 10000000000000000000000000000 THEN 'evaluation_error||the value of ''staff_quota'' at rules/handan-2017-04/hz25.rules(86,3) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN CAST(x45 AS NUMERIC(38,10)) <> x45 THEN 'evaluation_error||the value of ''staff_quota'' at rules/handan-2017-04/hz25.rules(86,3) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END))) AS e
  FROM s11 OFFSET 0
)
SELECT
  i_level AS level,
  i_students AS students,
  i_village AS village,
  i_classes AS classes,
  i_class_teacher_ratio AS class_teacher_ratio,
  i_at AS "at",
  -- output staff_quota 教职工编制数: 邯政字〔2017〕25号 §二(二)1
  CASE WHEN e IS NULL THEN CAST(d_staff_quota AS NUMERIC(38,10)) END AS staff_quota,
  split_part(e, '|', 1) AS error_code,
  NULLIF(split_part(e, '|', 2), '') AS error_field,
  substr(e, length(split_part(e, '|', 1)) + length(split_part(e, '|', 2)) + 3) AS error_message
FROM s12;
