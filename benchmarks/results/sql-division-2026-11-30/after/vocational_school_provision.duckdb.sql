-- policyrules sql: module vocational_school_provision 职业学校布局标准, duckdb dialect
-- reads t (columns: population INTEGER, at DATE); evaluated at each row's at
-- decimal, money and rate values are DECIMAL(38,10); a result that does not fit is an evaluation_error row, never rounded
-- a quotient, and a value computed from one, is DECIMAL(38,28), rounded as C# decimal rounds (half to even, at most 28 decimals, 28–29 significant digits)
WITH
s0 AS (
  SELECT 
    CAST(t.population AS BIGINT) AS i_population,
    t."at" AS i_at
  FROM t AS t
),
s1 AS (
  SELECT s0.*,
    CAST(i_population AS DECIMAL(10,0)) AS x2
  FROM s0
),
s2 AS (
  SELECT s1.*,
    CASE WHEN TRY_CAST(x2 AS DECIMAL(38,10)) = x2 THEN CAST(replace(CAST(CAST(x2 AS DECIMAL(38,10)) AS VARCHAR), '.', '') AS HUGEINT) END AS x3
  FROM s1
),
s3 AS (
  SELECT s2.*,
    ((x3 % 150000)) * 1000000000000000000 AS x6
  FROM s2
),
s4 AS (
  SELECT s3.*,
    TRY(((x3 // 150000)) * 1000000000000000000 + x6 // 150000) AS x7,
    (x6 % 150000) AS x8
  FROM s3
),
s5 AS (
  SELECT s4.*,
    abs(x7) AS x9
  FROM s4
),
s6 AS (
  SELECT s5.*,
    CASE WHEN x9 < 79228162514264337593543950336 THEN 1 WHEN x9 < 792281625142643375935439503360 THEN 10 WHEN x9 < 7922816251426433759354395033600 THEN 100 WHEN x9 < 79228162514264337593543950336000 THEN 1000 WHEN x9 < 792281625142643375935439503360000 THEN 10000 WHEN x9 < 7922816251426433759354395033600000 THEN 100000 WHEN x9 < 79228162514264337593543950336000000 THEN 1000000 WHEN x9 < 792281625142643375935439503360000000 THEN 10000000 WHEN x9 < 7922816251426433759354395033600000000 THEN 100000000 WHEN x9 < 79228162514264337593543950336000000000 THEN 1000000000 ELSE 10000000000 END AS x10,
    COALESCE(CASE WHEN i_at IS NULL THEN 'invalid_input|at|at: expected a date as yyyy-mm-dd, got ""' END, CASE WHEN i_at IS NOT NULL AND NOT ((i_at >= DATE '2017-06-09') AND (i_at >= DATE '2017-06-09')) THEN 'not_in_force||' || 'module ''vocational_school_provision'' is not in force on ' || CAST(i_at AS VARCHAR) || ': ' || CASE WHEN NOT (i_at >= DATE '2017-06-09') THEN '邯政字〔2017〕24号 is in force from 2017-06-09' ELSE 'the module applies 2017-06-09 onwards' END END, CASE WHEN i_population IS NULL THEN 'invalid_input|population|population: is empty; expected a whole number' END, (CASE WHEN NOT ((i_population >= 0)) THEN 'invalid_input|population|' || 'population (人口) = ' || CAST(i_population AS VARCHAR) || ' does not satisfy: population >= 0' END), (COALESCE(CASE WHEN x2 IS NOT NULL AND x3 IS NULL THEN 'evaluation_error||the dividend at rules/handan-2017-04/hz24.rules(60,7) does not fit DECIMAL(38,10) (28 digits before the point, 10 after), the SQL back end''s decimal' END, CASE WHEN x3 IS NOT NULL THEN CASE WHEN x7 IS NULL OR x9 >= 100000000000000000000000000000000000000 THEN 'evaluation_error||the value at rules/handan-2017-04/hz24.rules(60,7) is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB''s type for a value computed from a quotient, does not hold' END END))) AS e
  FROM s5
),
s7 AS (
  SELECT s6.*,
    (x9 // x10) AS x11,
    (x9 % x10) AS x12
  FROM s6
),
s8 AS (
  SELECT s7.*,
    x11 + CASE WHEN CASE WHEN x10 = 1 THEN 2 * abs(x8) > 150000 OR 2 * abs(x8) = 150000 AND (x11 % 2) = 1 ELSE 2 * x12 > x10 OR 2 * x12 = x10 AND (x8 <> 0 OR (x11 % 2) = 1) END THEN 1 ELSE 0 END AS x13
  FROM s7
),
s9 AS (
  SELECT s8.*,
    CASE WHEN x13 > 79228162514264337593543950335 THEN 7922816251426433759354395034 * x10 * 10 ELSE x13 * x10 END AS x14
  FROM s8
),
s10 AS (
  SELECT s9.*,
    -- output schools 应建职业学校数: 邯政字〔2017〕24号 §三(一)
    CASE WHEN x9 < 100000000000000000000000000000000000000 THEN CAST(CAST(CASE WHEN x7 < 0 THEN -x14 ELSE x14 END AS DECIMAL(38,0)) * CAST('0.0000000000000000000000000001' AS DECIMAL(28,28)) AS DECIMAL(38,28)) END AS d_schools
  FROM s9
)
SELECT
  i_population AS population,
  i_at AS "at",
  -- output schools 应建职业学校数: 邯政字〔2017〕24号 §三(一)
  CASE WHEN e IS NULL THEN CAST(d_schools AS DECIMAL(38,28)) END AS schools,
  split_part(e, '|', 1) AS error_code,
  NULLIF(split_part(e, '|', 2), '') AS error_field,
  substr(e, length(split_part(e, '|', 1)) + length(split_part(e, '|', 2)) + 3) AS error_message
FROM s10;
