-- policyrules sql: module vocational_school_provision 职业学校布局标准, postgres dialect
-- reads t (columns: population INTEGER, at DATE); evaluated at each row's at
-- decimal, money and rate values are NUMERIC(38,10); a result that does not fit is an evaluation_error row, never rounded
WITH
s0 AS (
  SELECT 
    CAST(t.population AS BIGINT) AS i_population,
    t."at" AS i_at
  FROM t AS t OFFSET 0
),
s1 AS (
  SELECT s0.*,
    CASE WHEN CAST(i_population AS NUMERIC) * 10000000000 = trunc(CAST(i_population AS NUMERIC) * 10000000000) THEN trunc(CAST(i_population AS NUMERIC) * 10000000000) END AS x3
  FROM s0 OFFSET 0
),
s2 AS (
  SELECT s1.*,
    mod(x3, 150000) * 1 AS x5
  FROM s1 OFFSET 0
),
s3 AS (
  SELECT s2.*,
    (div(x3, 150000)) * 1 + div(x5, 150000) AS x6,
    mod(x5, 150000) AS x7
  FROM s2 OFFSET 0
),
s4 AS (
  SELECT s3.*,
    (x7 = 0 AND ((TRUE AND abs(x6) <= 79228162514264337593543950335) OR (mod(x6, 10) = 0 AND abs(x6) <= 792281625142643375935439503350) OR (mod(x6, 100) = 0 AND abs(x6) <= 7922816251426433759354395033500) OR (mod(x6, 1000) = 0 AND abs(x6) <= 79228162514264337593543950335000) OR (mod(x6, 10000) = 0 AND abs(x6) <= 792281625142643375935439503350000) OR (mod(x6, 100000) = 0 AND abs(x6) <= 7922816251426433759354395033500000) OR (mod(x6, 1000000) = 0 AND abs(x6) <= 79228162514264337593543950335000000) OR (mod(x6, 10000000) = 0 AND abs(x6) <= 792281625142643375935439503350000000) OR (mod(x6, 100000000) = 0 AND abs(x6) <= 7922816251426433759354395033500000000) OR (mod(x6, 1000000000) = 0 AND abs(x6) <= 79228162514264337593543950335000000000) OR (mod(x6, 10000000000) = 0 AND abs(x6) <= 792281625142643375935439503350000000000))) AS x8
  FROM s3 OFFSET 0
),
s5 AS (
  SELECT s4.*,
    CAST(CASE WHEN x8 THEN x6 * 0.0000000001 END AS NUMERIC) AS x9
  FROM s4 OFFSET 0
),
s6 AS (
  SELECT s5.*,
    -- output schools 应建职业学校数: 邯政字〔2017〕24号 §三(一)
    x9 AS d_schools,
    COALESCE(CASE WHEN i_at IS NULL THEN 'invalid_input|at|at: expected a date as yyyy-mm-dd, got ""' END, CASE WHEN i_at IS NOT NULL AND NOT ((i_at >= DATE '2017-06-09') AND (i_at >= DATE '2017-06-09')) THEN 'not_in_force||' || 'module ''vocational_school_provision'' is not in force on ' || CAST(i_at AS VARCHAR) || ': ' || CASE WHEN NOT (i_at >= DATE '2017-06-09') THEN '邯政字〔2017〕24号 is in force from 2017-06-09' ELSE 'the module applies 2017-06-09 onwards' END END, CASE WHEN i_population IS NULL THEN 'invalid_input|population|population: is empty; expected a whole number' END, (CASE WHEN NOT ((i_population >= 0)) THEN 'invalid_input|population|' || 'population (人口) = ' || CAST(i_population AS VARCHAR) || ' does not satisfy: population >= 0' END), (COALESCE(CASE WHEN CAST(i_population AS NUMERIC) IS NULL OR x8 THEN NULL WHEN x3 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz24.rules(60,7) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN x6 IS NOT NULL AND x7 <> 0 AND abs(x6) < 100000000000000000000000 THEN 'evaluation_error||the quotient at rules/handan-2017-04/hz24.rules(60,7) does not end within 10 decimal places, so it does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' ELSE 'evaluation_error||the quotient at rules/handan-2017-04/hz24.rules(60,7) needs more significant digits than a C# decimal holds (28–29), so the interpreter rounds it, which the SQL back end does not reproduce' END, CASE WHEN x9 <= -10000000000000000000000000000 OR x9 >= 10000000000000000000000000000 THEN 'evaluation_error||the value of ''schools'' at rules/handan-2017-04/hz24.rules(57,3) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' WHEN CAST(x9 AS NUMERIC(38,10)) <> x9 THEN 'evaluation_error||the value of ''schools'' at rules/handan-2017-04/hz24.rules(57,3) does not fit NUMERIC(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END))) AS e
  FROM s5 OFFSET 0
)
SELECT
  i_population AS population,
  i_at AS "at",
  -- output schools 应建职业学校数: 邯政字〔2017〕24号 §三(一)
  CASE WHEN e IS NULL THEN CAST(d_schools AS NUMERIC(38,10)) END AS schools,
  split_part(e, '|', 1) AS error_code,
  NULLIF(split_part(e, '|', 2), '') AS error_field,
  substr(e, length(split_part(e, '|', 1)) + length(split_part(e, '|', 2)) + 3) AS error_message
FROM s6;
