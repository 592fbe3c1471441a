/**
 * FlinkSQL vocabulary: keywords, data types and built-in functions, for highlighting, completion,
 * the formatter's safe upper-casing and the validator's misspelling check.
 *
 * Sources: Flink's SQL reference (docs/content/docs/sql/reference, Flink 2.x) and its built-in
 * functions page. The function list is a good, not exhaustive, list; a function missing here is
 * only missing from completion, never reported as an error.
 */

/**
 * Words that can begin a statement: Flink's default and Hive dialects and the SQL client, plus
 * statement words of other SQL dialects, so that `UNLOCK TABLE t` is left to Flink ("not
 * recognised") instead of being "corrected" to UNLOAD.
 */
export const STATEMENT_STARTERS: readonly string[] = [
  "ADD", "ALTER", "ANALYZE", "BEGIN", "CALL", "CLEAR", "COMPILE", "CREATE", "DELETE", "DESC", "DESCRIBE",
  "DROP", "END", "EXECUTE", "EXIT", "EXPLAIN", "FROM", "HELP", "INSERT", "LIST", "LOAD", "MSCK", "QUIT",
  "REMOVE", "REPLACE", "RESET", "SELECT", "SET", "SHOW", "STOP", "TABLE", "TRUNCATE", "UNLOAD", "UPDATE",
  "UPSERT", "USE", "VALUES", "WITH",
  // other dialects' statements
  "ABORT", "CACHE", "COMMIT", "DEALLOCATE", "DECLARE", "EXPORT", "GRANT", "IMPORT", "KILL", "LOCK", "MERGE",
  "OPTIMIZE", "PREPARE", "REFRESH", "RELOAD", "REVOKE", "ROLLBACK", "SOURCE", "START", "UNCACHE", "UNLOCK",
];

/**
 * Keywords of Flink's SQL parser (Calcite's plus Flink's DDL/DML extensions), for highlighting and
 * completion. Function and type names are in their own lists.
 */
export const flinkKeywords: readonly string[] = [
  "ABSENT", "ADD", "AFTER", "ALL", "ALTER", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "AT", "BEGIN",
  "BETWEEN", "BOTH", "BUCKETS", "BY", "CALL", "CASCADE", "CASE", "CATALOG", "CATALOGS", "CHANGELOG_MODE",
  "COLUMN", "COLUMNS", "COMMENT", "COMPILE", "COMPUTE", "CONFLICT", "CONNECTION", "CONNECTIONS",
  "CONSTRAINT", "CREATE", "CROSS", "CUBE", "CURRENT", "DATABASE", "DATABASES", "DEDUPLICATE", "DEFINE",
  "DELETE", "DESC", "DESCRIBE", "DESCRIPTOR", "DISTINCT", "DISTRIBUTED", "DISTRIBUTION", "DO", "DRAIN", "DROP",
  "ELSE", "END", "ENFORCED", "ERROR", "ESCAPE", "ESTIMATED_COST", "EXCEPT", "EXCLUDING", "EXECUTE", "EXISTS",
  "EXPLAIN", "EXTENDED", "FALSE", "FETCH", "FILTER", "FIRST", "FOLLOWING", "FOR", "FRESHNESS", "FROM",
  "FULL", "FUNCTION", "FUNCTIONS", "GENERATED", "GROUP", "GROUPING", "GROUPS", "HASH", "HAVING", "IF",
  "IGNORE", "ILIKE", "IN", "INCLUDING", "INNER", "INPUT", "INSERT", "INTERSECT", "INTERVAL", "INTO", "IS",
  "JAR", "JARS", "JAVA", "JOB", "JOBS", "JOIN", "JSON_EXECUTION_PLAN", "KEY", "LANGUAGE", "LAST", "LATERAL",
  "LEFT", "LIKE", "LIMIT", "LOAD", "MATCH", "MATCH_RECOGNIZE", "MATERIALIZED", "MEASURES", "METADATA",
  "MINUS", "MODEL", "MODELS", "MODIFY", "MODULE", "MODULES", "NATURAL", "NEXT", "NO", "NOT", "NOTHING",
  "NULL", "NULLS", "OF", "OFFSET", "ON", "ONE", "ONLY", "OPTIONS", "OR", "ORDER", "ORDINALITY", "OUTER",
  "OUTPUT", "OVER", "OVERWRITE", "OVERWRITING", "PARTITION", "PARTITIONED", "PARTITIONS", "PAST",
  "PATTERN", "PER", "PERMUTE", "PLAN", "PLAN_ADVICE", "PRECEDING", "PRIMARY", "PROCEDURE", "PROCEDURES",
  "PYTHON", "RANGE", "RECURSIVE", "REFRESH", "REFRESH_MODE", "REMOVE", "RENAME", "REPLACE", "RESET",
  "RESPECT", "RESTRICT", "RESUME", "RETURNING", "RIGHT", "ROLLUP", "ROW", "ROWS", "SAVEPOINT", "SCALA",
  "SELECT", "SET", "SETS", "SHOW", "SKIP", "STATEMENT", "STOP", "SUBSET", "SUSPEND", "SYSTEM",
  "SYSTEM_TIME", "TABLE", "TABLES", "TABLESAMPLE", "TEMPORARY", "THEN", "TO", "TRUE", "TRUNCATE",
  "UNBOUNDED", "UNION", "UNKNOWN", "UNLOAD", "UNNEST", "UPDATE", "USE", "USING", "VALUES", "VIEW",
  "VIEWS", "VIRTUAL", "WATERMARK", "WATERMARKS", "WHEN", "WHERE", "WINDOW", "WITH", "WITHIN", "WITHOUT",
  "ZONE",
];

/** Data type names (the first word of each type; `WITH LOCAL TIME ZONE` is keywords). */
export const flinkTypes: readonly string[] = [
  "ARRAY", "BIGINT", "BINARY", "BOOLEAN", "BYTES", "CHAR", "CHARACTER", "DATE", "DEC", "DECIMAL", "DOUBLE",
  "FLOAT", "INT", "INTEGER", "INTERVAL", "MAP", "MULTISET", "NUMERIC", "PRECISION", "RAW", "REAL", "ROW",
  "SMALLINT", "STRING", "TIME", "TIMESTAMP", "TIMESTAMP_LTZ", "TINYINT", "VARBINARY", "VARCHAR", "VARIANT",
];

/** Interval units, Flink also accepts the plural forms (INTERVAL '10' MINUTES). */
export const INTERVAL_UNITS: readonly string[] = [
  "YEAR", "YEARS", "QUARTER", "QUARTERS", "MONTH", "MONTHS", "WEEK", "WEEKS", "DAY", "DAYS", "HOUR", "HOURS",
  "MINUTE", "MINUTES", "SECOND", "SECONDS", "MILLISECOND", "MILLISECONDS", "MICROSECOND", "MICROSECONDS",
  "NANOSECOND", "NANOSECONDS", "EPOCH", "DOW", "DOY", "ISODOW", "ISOYEAR", "CENTURY", "DECADE", "MILLENNIUM",
];

type Fn = { name: string; signature: string; description: string };

const f = (name: string, signature: string, description: string): Fn => ({ name, signature, description });

/** Flink's built-in functions with their documented call forms. */
export const flinkFunctions: readonly Fn[] = [
  // Window table-valued functions (Flink's streaming windows)
  f("TUMBLE", "TUMBLE(TABLE data, DESCRIPTOR(timecol), size [, offset])", "Window TVF: fixed-size, non-overlapping windows; adds window_start, window_end, window_time."),
  f("HOP", "HOP(TABLE data, DESCRIPTOR(timecol), slide, size [, offset])", "Window TVF: fixed-size windows that slide by `slide` and may overlap."),
  f("CUMULATE", "CUMULATE(TABLE data, DESCRIPTOR(timecol), step, size)", "Window TVF: windows that grow by `step` from the window start up to `size`."),
  f("SESSION", "SESSION(TABLE data [PARTITION BY keycols], DESCRIPTOR(timecol), gap)", "Window TVF: session windows closed after `gap` without rows."),
  f("DESCRIPTOR", "DESCRIPTOR(column [, column]*)", "Names columns for a table-valued function argument, e.g. the time attribute of a window TVF."),
  // AI, changelog and other table-valued functions
  f("ML_PREDICT", "ML_PREDICT(TABLE input, MODEL model, DESCRIPTOR(feature_columns) [, config_map])", "Runs a model created with CREATE MODEL on each input row and appends its output columns."),
  f("VECTOR_SEARCH", "VECTOR_SEARCH(TABLE vector_table, column_to_query, DESCRIPTOR(column_to_search), top_k [, config_map])", "Returns the top_k rows of vector_table most similar to the query vector."),
  f("FROM_CHANGELOG", "FROM_CHANGELOG(input => TABLE t [PARTITION BY keys] [, op => DESCRIPTOR(col)] [, op_mapping => MAP[...]] [, error_handling => 'FAIL'|'SKIP'])", "Turns an append-only stream with an operation column into an updating table."),
  f("TO_CHANGELOG", "TO_CHANGELOG(input => TABLE t [PARTITION BY keys] [, op => DESCRIPTOR(col)] [, op_mapping => MAP[...]] [, produces_full_deletes => BOOLEAN])", "Turns an updating table into an append-only stream with an operation column."),
  f("UNNEST", "UNNEST(array | map | multiset)", "Expands a collection into rows (CROSS JOIN UNNEST(...) [WITH ORDINALITY])."),
  // Aggregate functions
  f("COUNT", "COUNT([ALL] expression | DISTINCT expression1 [, expression2]* | *)", "Number of rows (with `*`) or of non-NULL values."),
  f("SUM", "SUM([ALL | DISTINCT] expression)", "Sum of the numeric values."),
  f("AVG", "AVG([ALL | DISTINCT] expression)", "Average of the numeric values."),
  f("MAX", "MAX([ALL | DISTINCT] expression)", "Largest value."),
  f("MIN", "MIN([ALL | DISTINCT] expression)", "Smallest value."),
  f("STDDEV_POP", "STDDEV_POP([ALL | DISTINCT] expression)", "Population standard deviation."),
  f("STDDEV_SAMP", "STDDEV_SAMP([ALL | DISTINCT] expression)", "Sample standard deviation."),
  f("VAR_POP", "VAR_POP([ALL | DISTINCT] expression)", "Population variance."),
  f("VAR_SAMP", "VAR_SAMP([ALL | DISTINCT] expression)", "Sample variance."),
  f("VARIANCE", "VARIANCE([ALL | DISTINCT] expression)", "Synonym of VAR_SAMP."),
  f("COLLECT", "COLLECT([ALL | DISTINCT] expression)", "Multiset of the values (NULLs ignored)."),
  f("LISTAGG", "LISTAGG(expression [, separator])", "Concatenates the string values, separated by `separator` (default ',')."),
  f("ARRAY_AGG", "ARRAY_AGG([ALL | DISTINCT] expression [RESPECT NULLS | IGNORE NULLS])", "Array of the values."),
  f("FIRST_VALUE", "FIRST_VALUE(expression)", "First value of an ordered set of values."),
  f("LAST_VALUE", "LAST_VALUE(expression)", "Last value of an ordered set of values."),
  f("PERCENTILE", "PERCENTILE(expression, percentage [, frequency])", "Exact percentile value(s) of a numeric column."),
  f("JSON_OBJECTAGG", "JSON_OBJECTAGG([KEY] key VALUE value [NULL | ABSENT ON NULL])", "Aggregates key/value pairs into a JSON object string."),
  f("JSON_ARRAYAGG", "JSON_ARRAYAGG(items [NULL | ABSENT ON NULL])", "Aggregates items into a JSON array string."),
  // Window (OVER) functions
  f("ROW_NUMBER", "ROW_NUMBER() OVER (...)", "Sequential number of the row in its partition; used for Top-N and deduplication."),
  f("RANK", "RANK() OVER (...)", "Rank with gaps."),
  f("DENSE_RANK", "DENSE_RANK() OVER (...)", "Rank without gaps."),
  f("PERCENT_RANK", "PERCENT_RANK() OVER (...)", "Relative rank: (rank - 1) / (rows - 1)."),
  f("CUME_DIST", "CUME_DIST() OVER (...)", "Cumulative distribution of a value in its partition."),
  f("NTILE", "NTILE(n) OVER (...)", "Divides the rows into n buckets and returns the bucket number."),
  f("LEAD", "LEAD(expression [, offset] [, default]) OVER (...)", "Value `offset` rows after the current row."),
  f("LAG", "LAG(expression [, offset] [, default]) OVER (...)", "Value `offset` rows before the current row."),
  // Grouping
  f("GROUPING", "GROUPING(expression1 [, expression2]*)", "Bit vector of which grouping expressions are aggregated away in a grouping set."),
  f("GROUPING_ID", "GROUPING_ID(expression1 [, expression2]*)", "Same as GROUPING."),
  f("GROUP_ID", "GROUP_ID()", "Distinguishes duplicate grouping keys."),
  // Legacy group window functions (GROUP BY TUMBLE(...)) and their auxiliaries
  f("TUMBLE_START", "TUMBLE_START(time_attr, interval)", "Start of a legacy GROUP BY TUMBLE window."),
  f("TUMBLE_END", "TUMBLE_END(time_attr, interval)", "End (exclusive) of a legacy GROUP BY TUMBLE window."),
  f("TUMBLE_ROWTIME", "TUMBLE_ROWTIME(time_attr, interval)", "Rowtime attribute of a legacy TUMBLE window."),
  f("TUMBLE_PROCTIME", "TUMBLE_PROCTIME(time_attr, interval)", "Proctime attribute of a legacy TUMBLE window."),
  f("HOP_START", "HOP_START(time_attr, slide, size)", "Start of a legacy GROUP BY HOP window."),
  f("HOP_END", "HOP_END(time_attr, slide, size)", "End of a legacy GROUP BY HOP window."),
  f("SESSION_START", "SESSION_START(time_attr, gap)", "Start of a legacy GROUP BY SESSION window."),
  f("SESSION_END", "SESSION_END(time_attr, gap)", "End of a legacy GROUP BY SESSION window."),
  // Time attributes and watermarks
  f("PROCTIME", "PROCTIME()", "Processing-time attribute, for a computed column: `pt AS PROCTIME()`."),
  f("CURRENT_WATERMARK", "CURRENT_WATERMARK(rowtime)", "Current watermark of the rowtime attribute, or NULL before the first one."),
  f("SOURCE_WATERMARK", "SOURCE_WATERMARK()", "Uses the watermark the source emits: `WATERMARK FOR ts AS SOURCE_WATERMARK()`."),
  f("CURRENT_ROW_TIMESTAMP", "CURRENT_ROW_TIMESTAMP()", "Current time as TIMESTAMP_LTZ(3), evaluated for each row."),
  // Temporal functions
  f("CURRENT_DATE", "CURRENT_DATE", "Current date in the local time zone."),
  f("CURRENT_TIME", "CURRENT_TIME", "Current time in the local time zone."),
  f("CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP", "Current timestamp as TIMESTAMP_LTZ(3)."),
  f("LOCALTIME", "LOCALTIME", "Current time as TIME(0)."),
  f("LOCALTIMESTAMP", "LOCALTIMESTAMP", "Current timestamp as TIMESTAMP(3)."),
  f("NOW", "NOW()", "Same as CURRENT_TIMESTAMP."),
  f("EXTRACT", "EXTRACT(timeintervalunit FROM temporal)", "Part of a date/time value, e.g. EXTRACT(DAY FROM ts)."),
  f("YEAR", "YEAR(date)", "Year of a date."),
  f("QUARTER", "QUARTER(date)", "Quarter (1-4) of a date."),
  f("MONTH", "MONTH(date)", "Month (1-12) of a date."),
  f("WEEK", "WEEK(date)", "Week of year (1-53) of a date."),
  f("DAYOFYEAR", "DAYOFYEAR(date)", "Day of year (1-366)."),
  f("DAYOFMONTH", "DAYOFMONTH(date)", "Day of month (1-31)."),
  f("DAYOFWEEK", "DAYOFWEEK(date)", "Day of week (1 = Sunday ... 7 = Saturday)."),
  f("HOUR", "HOUR(timestamp)", "Hour (0-23)."),
  f("MINUTE", "MINUTE(timestamp)", "Minute (0-59)."),
  f("SECOND", "SECOND(timestamp)", "Second (0-59)."),
  f("DATE_FORMAT", "DATE_FORMAT(timestamp, format)", "Formats a timestamp (or a timestamp string) with a Java date format, e.g. 'yyyy-MM-dd HH:mm:ss'."),
  f("TIMESTAMPADD", "TIMESTAMPADD(timeintervalunit, interval, timepoint)", "Adds an interval to a date/time value."),
  f("TIMESTAMPDIFF", "TIMESTAMPDIFF(timepointunit, timepoint1, timepoint2)", "Signed number of units between two time points."),
  f("CONVERT_TZ", "CONVERT_TZ(string1, string2, string3)", "Converts a datetime string from time zone string2 to string3."),
  f("FROM_UNIXTIME", "FROM_UNIXTIME(numeric [, format])", "Formats epoch seconds as a string (default 'yyyy-MM-dd HH:mm:ss')."),
  f("UNIX_TIMESTAMP", "UNIX_TIMESTAMP([string1 [, string2]])", "Current epoch seconds, or the epoch seconds of a datetime string."),
  f("TO_DATE", "TO_DATE(string1 [, string2])", "Parses a date string (default format 'yyyy-MM-dd') to a DATE."),
  f("TO_TIMESTAMP", "TO_TIMESTAMP(string1 [, string2])", "Parses a datetime string (default 'yyyy-MM-dd HH:mm:ss') to a TIMESTAMP(3)."),
  f("TO_TIMESTAMP_LTZ", "TO_TIMESTAMP_LTZ(numeric, precision) | TO_TIMESTAMP_LTZ(string [, format [, timezone]])", "Epoch seconds (precision 0) or milliseconds (precision 3), or a string, to TIMESTAMP_LTZ."),
  f("DATE_ADD", "DATE_ADD(date, int)", "Adds days to a date (Hive-compatible)."),
  f("DATEDIFF", "DATEDIFF(date1, date2)", "Days between two dates (Hive-compatible)."),
  // Conditional
  f("COALESCE", "COALESCE(value1 [, value2]*)", "First argument that is not NULL."),
  f("IF", "IF(condition, true_value, false_value)", "true_value if the condition is true, else false_value."),
  f("IFNULL", "IFNULL(input, null_replacement)", "null_replacement if input is NULL."),
  f("NULLIF", "NULLIF(value1, value2)", "NULL if the values are equal, else value1."),
  f("GREATEST", "GREATEST(value1 [, value2]*)", "Greatest value (NULL if any is NULL)."),
  f("LEAST", "LEAST(value1 [, value2]*)", "Least value (NULL if any is NULL)."),
  f("IS_ALPHA", "IS_ALPHA(string)", "Whether all characters are letters."),
  f("IS_DECIMAL", "IS_DECIMAL(string)", "Whether the string parses as a number."),
  f("IS_DIGIT", "IS_DIGIT(string)", "Whether all characters are digits."),
  // Type conversion
  f("CAST", "CAST(value AS type)", "Converts a value to a type; fails the job on invalid input."),
  f("TRY_CAST", "TRY_CAST(value AS type)", "Like CAST, but returns NULL when the conversion fails."),
  f("TYPEOF", "TYPEOF(input [, force_serializable])", "String representation of the input's data type."),
  // Arithmetic
  f("ABS", "ABS(numeric)", "Absolute value."),
  f("MOD", "MOD(numeric1, numeric2)", "Remainder of numeric1 / numeric2."),
  f("POWER", "POWER(numeric1, numeric2)", "numeric1 raised to numeric2."),
  f("SQRT", "SQRT(numeric)", "Square root."),
  f("EXP", "EXP(numeric)", "e raised to the value."),
  f("LN", "LN(numeric)", "Natural logarithm."),
  f("LOG", "LOG(numeric) | LOG(base, numeric)", "Natural logarithm, or logarithm to a base."),
  f("LOG10", "LOG10(numeric)", "Base-10 logarithm."),
  f("LOG2", "LOG2(numeric)", "Base-2 logarithm."),
  f("CEIL", "CEIL(numeric) | CEIL(timepoint TO timeintervalunit)", "Rounds up; for time points, up to the unit."),
  f("CEILING", "CEILING(numeric)", "Same as CEIL."),
  f("FLOOR", "FLOOR(numeric) | FLOOR(timepoint TO timeintervalunit)", "Rounds down; for time points, down to the unit."),
  f("ROUND", "ROUND(numeric [, integer])", "Rounds to `integer` decimal places."),
  f("TRUNCATE", "TRUNCATE(numeric [, integer])", "Truncates to `integer` decimal places."),
  f("SIGN", "SIGN(numeric)", "Signum."),
  f("SIN", "SIN(numeric)", "Sine."),
  f("COS", "COS(numeric)", "Cosine."),
  f("TAN", "TAN(numeric)", "Tangent."),
  f("COT", "COT(numeric)", "Cotangent."),
  f("ASIN", "ASIN(numeric)", "Arc sine."),
  f("ACOS", "ACOS(numeric)", "Arc cosine."),
  f("ATAN", "ATAN(numeric)", "Arc tangent."),
  f("ATAN2", "ATAN2(numeric1, numeric2)", "Arc tangent of the coordinate (numeric1, numeric2)."),
  f("SINH", "SINH(numeric)", "Hyperbolic sine."),
  f("COSH", "COSH(numeric)", "Hyperbolic cosine."),
  f("TANH", "TANH(numeric)", "Hyperbolic tangent."),
  f("DEGREES", "DEGREES(numeric)", "Radians to degrees."),
  f("RADIANS", "RADIANS(numeric)", "Degrees to radians."),
  f("PI", "PI()", "The constant pi."),
  f("E", "E()", "The constant e."),
  f("RAND", "RAND([seed])", "Random double in [0, 1)."),
  f("RAND_INTEGER", "RAND_INTEGER([seed,] bound)", "Random integer in [0, bound)."),
  f("UUID", "UUID()", "Random UUID string."),
  f("BIN", "BIN(integer)", "Binary string representation of an integer."),
  f("HEX", "HEX(numeric | string)", "Hexadecimal string representation."),
  f("UNHEX", "UNHEX(expr)", "Bytes from a hexadecimal string."),
  // String
  f("CHAR_LENGTH", "CHAR_LENGTH(string)", "Number of characters."),
  f("CHARACTER_LENGTH", "CHARACTER_LENGTH(string)", "Same as CHAR_LENGTH."),
  f("UPPER", "UPPER(string)", "Upper case."),
  f("LOWER", "LOWER(string)", "Lower case."),
  f("INITCAP", "INITCAP(string)", "First letter of each word upper case, the rest lower case."),
  f("POSITION", "POSITION(string1 IN string2)", "1-based position of string1 in string2, 0 if absent."),
  f("LOCATE", "LOCATE(string1, string2 [, integer])", "Position of string1 in string2 after position `integer`."),
  f("INSTR", "INSTR(string1, string2)", "Position of the first occurrence of string2 in string1."),
  f("TRIM", "TRIM([BOTH | LEADING | TRAILING] string1 FROM string2)", "Removes string1 from the ends of string2."),
  f("LTRIM", "LTRIM(string [, characters])", "Removes leading spaces (or characters)."),
  f("RTRIM", "RTRIM(string [, characters])", "Removes trailing spaces (or characters)."),
  f("BTRIM", "BTRIM(string [, characters])", "Removes leading and trailing spaces (or characters)."),
  f("REPEAT", "REPEAT(string, integer)", "The string repeated `integer` times."),
  f("REVERSE", "REVERSE(string)", "The string reversed."),
  f("OVERLAY", "OVERLAY(string1 PLACING string2 FROM integer1 [FOR integer2])", "Replaces integer2 characters of string1 from integer1 with string2."),
  f("SUBSTRING", "SUBSTRING(string FROM integer1 [FOR integer2])", "Substring from 1-based position integer1 of length integer2."),
  f("SUBSTR", "SUBSTR(string, integer1 [, integer2])", "Substring from position integer1 of length integer2."),
  f("LEFT", "LEFT(string, integer)", "Leftmost `integer` characters."),
  f("RIGHT", "RIGHT(string, integer)", "Rightmost `integer` characters."),
  f("LPAD", "LPAD(string1, integer, string2)", "Left-pads string1 with string2 to length `integer`."),
  f("RPAD", "RPAD(string1, integer, string2)", "Right-pads string1 with string2 to length `integer`."),
  f("REPLACE", "REPLACE(string1, string2, string3)", "Replaces every string2 in string1 with string3."),
  f("TRANSLATE", "TRANSLATE(expr, fromStr, toStr)", "Replaces each character of fromStr with the matching one of toStr."),
  f("CONCAT", "CONCAT(string1, string2 [, string]*)", "Concatenation; NULL if any argument is NULL."),
  f("CONCAT_WS", "CONCAT_WS(separator, string1, string2 [, string]*)", "Concatenation with a separator; NULL arguments are skipped."),
  f("SPLIT_INDEX", "SPLIT_INDEX(string, delimiter, integer)", "The `integer`-th (0-based) part of the string split by the delimiter."),
  f("SPLIT", "SPLIT(string, delimiter)", "Array of the parts of the string split by the delimiter."),
  f("STR_TO_MAP", "STR_TO_MAP(string [, pairDelimiter, keyValueDelimiter])", "Map from 'k1=v1,k2=v2' (default delimiters ',' and '=')."),
  f("REGEXP", "REGEXP(string, regex)", "Whether any substring matches the Java regex."),
  f("REGEXP_REPLACE", "REGEXP_REPLACE(string, regex, replacement)", "Replaces every match of the Java regex."),
  f("REGEXP_EXTRACT", "REGEXP_EXTRACT(string, regex [, group])", "The `group` of the first match of the Java regex."),
  f("REGEXP_EXTRACT_ALL", "REGEXP_EXTRACT_ALL(string, regex [, group])", "Array of the `group` of every match."),
  f("REGEXP_COUNT", "REGEXP_COUNT(string, regex)", "Number of matches of the regex."),
  f("REGEXP_INSTR", "REGEXP_INSTR(string, regex)", "1-based position of the first match, 0 if none."),
  f("REGEXP_SUBSTR", "REGEXP_SUBSTR(string, regex)", "First substring that matches the regex."),
  f("STARTSWITH", "STARTSWITH(expr, startExpr)", "Whether expr starts with startExpr."),
  f("ENDSWITH", "ENDSWITH(expr, endExpr)", "Whether expr ends with endExpr."),
  f("ELT", "ELT(index, expr [, expr]*)", "The index-th (1-based) expression."),
  f("PRINTF", "PRINTF(format [, obj]*)", "printf-style formatted string."),
  f("ASCII", "ASCII(string)", "Numeric value of the first character."),
  f("CHR", "CHR(integer)", "Character with the given ASCII code."),
  f("DECODE", "DECODE(binary, charset)", "Decodes bytes with a charset ('UTF-8', ...)."),
  f("ENCODE", "ENCODE(string, charset)", "Encodes a string with a charset."),
  f("FROM_BASE64", "FROM_BASE64(string)", "Decodes base64."),
  f("TO_BASE64", "TO_BASE64(string)", "Encodes base64."),
  f("URL_DECODE", "URL_DECODE(string)", "Decodes application/x-www-form-urlencoded text."),
  f("URL_ENCODE", "URL_ENCODE(string)", "Encodes as application/x-www-form-urlencoded."),
  f("PARSE_URL", "PARSE_URL(url, part [, key])", "A part of a URL: HOST, PATH, QUERY, REF, PROTOCOL, AUTHORITY, FILE, USERINFO."),
  // Hash
  f("MD5", "MD5(string)", "MD5 hash as 32 hex digits."),
  f("SHA1", "SHA1(string)", "SHA-1 hash as 40 hex digits."),
  f("SHA224", "SHA224(string)", "SHA-224 hash."),
  f("SHA256", "SHA256(string)", "SHA-256 hash."),
  f("SHA384", "SHA384(string)", "SHA-384 hash."),
  f("SHA512", "SHA512(string)", "SHA-512 hash."),
  f("SHA2", "SHA2(string, hashLength)", "SHA-2 hash; hashLength 224, 256, 384 or 512."),
  // Collections
  f("CARDINALITY", "CARDINALITY(array | map | multiset)", "Number of elements."),
  f("ELEMENT", "ELEMENT(array)", "The only element of a one-element array (NULL if empty)."),
  f("ARRAY_APPEND", "ARRAY_APPEND(array, element)", "Array with the element added at the end."),
  f("ARRAY_PREPEND", "ARRAY_PREPEND(array, element)", "Array with the element added at the start."),
  f("ARRAY_CONTAINS", "ARRAY_CONTAINS(haystack, needle)", "Whether the array contains the element."),
  f("ARRAY_DISTINCT", "ARRAY_DISTINCT(haystack)", "Array without duplicates, order kept."),
  f("ARRAY_POSITION", "ARRAY_POSITION(haystack, needle)", "1-based position of the first occurrence, 0 if absent."),
  f("ARRAY_REMOVE", "ARRAY_REMOVE(haystack, needle)", "Array without the elements equal to needle."),
  f("ARRAY_REVERSE", "ARRAY_REVERSE(haystack)", "Array in reverse order."),
  f("ARRAY_SLICE", "ARRAY_SLICE(array, start_offset [, end_offset])", "Sub-array between 1-based offsets (inclusive)."),
  f("ARRAY_SORT", "ARRAY_SORT(array [, ascending_order [, null_first]])", "Sorted array."),
  f("ARRAY_UNION", "ARRAY_UNION(array1, array2)", "Union without duplicates."),
  f("ARRAY_CONCAT", "ARRAY_CONCAT(array1 [, array]*)", "Concatenation of arrays."),
  f("ARRAY_EXCEPT", "ARRAY_EXCEPT(array1, array2)", "Elements of array1 not in array2."),
  f("ARRAY_INTERSECT", "ARRAY_INTERSECT(array1, array2)", "Elements in both arrays."),
  f("ARRAY_MAX", "ARRAY_MAX(array)", "Largest element."),
  f("ARRAY_MIN", "ARRAY_MIN(array)", "Smallest element."),
  f("ARRAY_JOIN", "ARRAY_JOIN(array, delimiter [, nullReplacement])", "String of the elements joined by the delimiter."),
  f("MAP_KEYS", "MAP_KEYS(map)", "Array of the keys."),
  f("MAP_VALUES", "MAP_VALUES(map)", "Array of the values."),
  f("MAP_ENTRIES", "MAP_ENTRIES(map)", "Array of ROW(key, value)."),
  f("MAP_FROM_ARRAYS", "MAP_FROM_ARRAYS(array_of_keys, array_of_values)", "Map from parallel arrays."),
  f("MAP_UNION", "MAP_UNION(map1, map2 [, map]*)", "Union of maps; later maps win on equal keys."),
  // JSON
  f("JSON_EXISTS", "JSON_EXISTS(jsonValue, path [{TRUE | FALSE | UNKNOWN | ERROR} ON ERROR])", "Whether the JSON path matches."),
  f("JSON_VALUE", "JSON_VALUE(jsonValue, path [RETURNING type] [{NULL | ERROR | DEFAULT expr} ON EMPTY] [{NULL | ERROR | DEFAULT expr} ON ERROR])", "Scalar at a JSON path."),
  f("JSON_QUERY", "JSON_QUERY(jsonValue, path [RETURNING type] [wrapper] [{NULL | EMPTY ARRAY | EMPTY OBJECT | ERROR} ON EMPTY] [... ON ERROR])", "JSON value (object/array) at a JSON path."),
  f("JSON_STRING", "JSON_STRING(value)", "Serialises a value to JSON."),
  f("JSON_OBJECT", "JSON_OBJECT([[KEY] key VALUE value]* [NULL | ABSENT ON NULL])", "Builds a JSON object string."),
  f("JSON_ARRAY", "JSON_ARRAY([value]* [NULL | ABSENT ON NULL])", "Builds a JSON array string."),
  f("JSON_QUOTE", "JSON_QUOTE(string)", "Quotes a string as a JSON value."),
  f("JSON_UNQUOTE", "JSON_UNQUOTE(string)", "Unquotes a JSON string value."),
  f("PARSE_JSON", "PARSE_JSON(json_string [, allow_duplicate_keys])", "Parses a JSON string into a VARIANT."),
  f("TRY_PARSE_JSON", "TRY_PARSE_JSON(json_string [, allow_duplicate_keys])", "Like PARSE_JSON, but NULL on invalid JSON."),
  // Value construction and misc
  f("ROW", "ROW(value1 [, value2]*)", "Row (structured value) from values."),
  f("ARRAY", "ARRAY[value1 [, value2]*]", "Array from values."),
  f("MAP", "MAP[key1, value1 [, key2, value2]*]", "Map from key/value pairs."),
  f("CURRENT_DATABASE", "CURRENT_DATABASE()", "Name of the current database."),
  f("MATCH_ROWTIME", "MATCH_ROWTIME([rowtime_field])", "Rowtime of the last row of a MATCH_RECOGNIZE match (in MEASURES)."),
  f("MATCH_PROCTIME", "MATCH_PROCTIME()", "Proctime attribute of a MATCH_RECOGNIZE match (in MEASURES)."),
  f("FIRST", "FIRST(variable.field [, n])", "In MATCH_RECOGNIZE: field of the n-th row mapped to the variable."),
  f("LAST", "LAST(variable.field [, n])", "In MATCH_RECOGNIZE: field of the n-th last row mapped to the variable."),
];

/** Names of the built-in functions, upper case. */
export const FUNCTION_NAMES: ReadonlySet<string> = new Set(flinkFunctions.map((fn) => fn.name));

/**
 * Words that are certainly keywords in Flink's parser (SQL:2003 reserved words Calcite reserves),
 * so an unquoted one is never an identifier and upper-casing it cannot change meaning. Flink
 * identifiers are case-sensitive, so the formatter upper-cases only these and leaves every other
 * word, including non-reserved keywords such as COMMENT or WATERMARK, exactly as written.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  "ALL", "ALTER", "AND", "ANY", "ARRAY", "AS", "ASYMMETRIC", "AT", "BETWEEN", "BIGINT", "BINARY", "BOOLEAN",
  "BOTH", "BY", "CALL", "CASE", "CAST", "CHAR", "CHARACTER", "CREATE", "CROSS", "CUBE", "CURRENT",
  "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATE", "DAY", "DECIMAL", "DELETE", "DESCRIBE",
  "DISTINCT", "DOUBLE", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FILTER",
  "FLOAT", "FOR", "FROM", "FULL", "FUNCTION", "GROUP", "GROUPING", "HAVING", "HOUR", "IN", "INNER", "INSERT",
  "INT", "INTEGER", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN", "LATERAL", "LEADING", "LEFT", "LIKE",
  "LOCALTIME", "LOCALTIMESTAMP", "MINUTE", "MONTH", "MULTISET", "NATURAL", "NOT", "NULL", "OF", "ON",
  "OR", "ORDER", "OUTER", "OVER", "PARTITION", "RANGE", "RIGHT", "ROLLUP", "ROW", "ROWS", "SECOND",
  "SELECT", "SET", "SIMILAR", "SMALLINT", "SOME", "SYMMETRIC", "SYSTEM_TIME", "TABLE", "THEN", "TIME",
  "TIMESTAMP", "TO", "TRAILING", "TRUE", "UNION", "UNNEST", "UPDATE", "USING", "VALUES", "VARCHAR",
  "WHEN", "WHERE", "WINDOW", "WITH", "WITHIN", "YEAR",
]);

/**
 * Keywords a typo is checked against: the words that start statements and clauses. A near miss
 * of anything else (a type, a function, an interval unit) is more likely a legal identifier than a
 * typo, so it is never reported as certain.
 */
export const CLAUSE_KEYWORDS: readonly string[] = [
  "SELECT", "FROM", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "INSERT", "INTO", "OVERWRITE",
  "VALUES", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "LATERAL", "UNION", "INTERSECT",
  "EXCEPT", "WITH", "TABLE", "VIEW", "CREATE", "DROP", "ALTER", "DISTINCT", "PARTITION", "PARTITIONED",
  "WINDOW", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "EXISTS", "TEMPORARY", "FUNCTION", "CATALOG",
  "DATABASE", "PRIMARY", "WATERMARK", "COMMENT", "STATEMENT", "EXECUTE", "BEGIN", "EXPLAIN", "DESCRIBE",
  "SHOW", "LIKE", "ROLLUP", "GROUPING", "NULL", "INTERVAL", "AND", "NOT", "SET", "OVER", "USING", "ASC", "DESC",
];

/**
 * Every word Flink gives a meaning to. A word in here is never reported as a misspelling of
 * another one, because the local grammar may simply not know the construct it belongs to
 * (INTERVAL '10' MINUTES, CREATE MODEL, ON CONFLICT DO NOTHING ...).
 */
export const KNOWN_WORDS: ReadonlySet<string> = new Set([
  ...STATEMENT_STARTERS,
  ...flinkKeywords,
  ...flinkTypes,
  ...INTERVAL_UNITS,
  ...RESERVED_WORDS,
  ...FUNCTION_NAMES,
  // further Flink/Calcite keywords that rarely appear in scripts but must never be "corrected"
  "ABSOLUTE", "ACTION", "ADMIN", "ALWAYS", "APPLY", "ASENSITIVE", "ASSERTION", "ASSIGNMENT", "ATOMIC",
  "ATTRIBUTE", "ATTRIBUTES", "AUTHORIZATION", "BERNOULLI", "BREADTH", "BYTES", "CASCADED", "CHAIN",
  "CLASSIFIER", "COLLATE", "COLLATION", "COMMIT", "CONDITION", "CONSTRAINTS", "CONTAINS", "CONTINUOUS",
  "CORRESPONDING", "CURSOR", "CYCLE", "DATA", "DEFAULT", "DEFAULTS", "DEFERRABLE", "DEFERRED", "DEFINED",
  "DEFINER", "DEGREE", "DEPTH", "DERIVED", "DESCRIPTION", "DETERMINISTIC", "DIAGNOSTICS", "DISPATCH",
  "DOMAIN", "DYNAMIC", "EMPTY", "ENGINE", "EVERY", "EXCLUDE", "EXTEND", "EXTERNAL", "FINAL", "FOLLOWING",
  "FORMAT", "FOUND", "FULL_REFRESH", "GENERAL", "GO", "GOTO", "GRANTED", "HOLD", "IMMEDIATE",
  "IMMEDIATELY", "IMPLEMENTATION", "INCLUDE", "INCREMENT", "INITIALLY", "INOUT", "INSTANCE",
  "INSTANTIABLE", "INVOKER", "ISOLATION", "JSON", "KEYS", "LENGTH", "LEVEL", "LOCAL", "LOCATOR", "MAP",
  "MATCHED", "MATCHES", "MAXVALUE", "MEMBER", "MERGE", "METHOD", "MINVALUE", "MODIFIES", "MORE", "NAME",
  "NAMES", "NEW", "NONE", "NORMALIZE", "NULLABLE", "OBJECT", "OCTETS", "OLD", "OMIT", "OPEN", "OPTION",
  "ORDERING", "ORDINAL", "OTHERS", "OUT", "OVERLAPS", "PAD", "PARAMETER", "PARTIAL", "PASSING", "PATH",
  "PERIOD", "PIVOT", "PLACING", "PORTION", "PRECEDES", "PREPARE", "PRESERVE", "PRIOR", "PRIVILEGES",
  "PUBLIC", "QUALIFY", "READ", "READS", "RECOVER", "REF", "REFERENCES", "REFERENCING", "RELATIVE",
  "RELEASE", "REPEATABLE", "RESULT", "RETURN", "RETURNS", "REVOKE", "ROLE", "ROLLBACK", "ROUTINE",
  "RUNNING", "SCALAR", "SCALE", "SCHEMA", "SCOPE", "SCROLL", "SEARCH", "SECTION", "SECURITY", "SEEK",
  "SELF", "SENSITIVE", "SEPARATOR", "SEQUENCE", "SERIALIZABLE", "SERVER", "SESSION", "SIZE", "SLIDE",
  "SOURCE", "SPACE", "SPECIFIC", "SQL", "START", "STATE", "STATIC", "STATISTICS", "STEP", "STREAM",
  "STRUCTURE", "STYLE", "SUBMULTISET", "SUCCEEDS", "TIMECOL", "TIES", "TRANSACTION", "TRANSFORM",
  "TRANSLATION", "TREAT", "TRIGGER", "TYPE", "UNCOMMITTED", "UNCONDITIONAL", "UNDER", "UNIQUE", "UNNAMED",
  "UNPIVOT", "USAGE", "USER", "UTF16", "UTF32", "UTF8", "VALUE", "VERSION", "VERSIONING", "WORK",
  "WRAPPER", "WRITE", "XML", "ZONE", "OPTIONS", "LOOKUP", "BROADCAST", "SHUFFLE_HASH", "SHUFFLE_MERGE",
  "NEST_LOOP", "STATE_TTL", "PLAN_ADVICE", "JSON_EXECUTION_PLAN", "CHANGELOG_MODE", "ESTIMATED_COST",
  "FRESHNESS", "REFRESH_MODE", "AUTOMATIC", "MANUAL", "SCHEDULE", "RETRACT", "UPSERT",
]);
