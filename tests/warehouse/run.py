"""Runs `clv sql` in real engines and checks the result against `clv` itself.

DuckDB and Apache Spark (local mode) each load the CDNOW master file as a table `orders`
(customer_id text, date DATE, amount DOUBLE), run the SQL `clv sql` prints for them, and the
result must equal, row by row, the per-customer table `clv customers` computes from the same
file (frequency, recency, T, monetary value, orders, revenue, first and last order date); then
`clv report` of that result must give the BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma parameters of
`clv report` on the order file, to 1e-9 relative. The compressed tuples (`clv sql tuples`)
are checked the same way in DuckDB, and `clv score` reads DuckDB's Parquet summary and writes
Parquet that DuckDB's read_parquet reads, both equal to the CSV. BigQuery, Snowflake and Postgres are not run here: their
SQL is parsed by sqlglot (a syntax check only).

Usage: target/venv/bin/python tests/warehouse/run.py path/to/clv
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MASTER = os.path.join(ROOT, "tests", "data", "cdnow", "CDNOW_master.txt")
CLV = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "clv")
REL = 1e-9
TABLE = ["--table", "orders", "--customer", "customer_id", "--date", "date", "--amount", "amount"]
# (analysis date, time unit): the issue's acceptance line, and the papers' calibration period.
SETTINGS = [("1998-06-30", "days"), ("1997-09-30", "weeks")]


def clv(*args):
    out = subprocess.run([CLV, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"clv {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def master_as_csv(folder):
    """The whitespace-separated master file as a CSV with ISO dates, for the engines' readers."""
    path = os.path.join(folder, "orders.csv")
    with open(MASTER) as f, open(path, "w") as out:
        next(f)
        out.write("customer_id,date,amount\n")
        for line in f:
            p = line.split()
            if p:
                out.write(f"{p[0]},{p[1][:4]}-{p[1][4:6]}-{p[1][6:]},{p[3]}\n")
    return path


def write_csv(path, names, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        for r in rows:
            w.writerow([repr(v) if isinstance(v, float) else str(v) for v in r])


def close(a, b):
    a, b = float(a), float(b)
    return a == b or abs(a - b) <= REL * max(abs(a), abs(b))


def compare_rows(engine, names, rows, as_of, unit):
    want = json.loads(clv("customers", MASTER, "--analysis-date", as_of, "--time-unit", unit, "--format", "json"))
    want = {c["customer_id"]: c for c in want if c["first_order"] <= as_of}
    got = {r[names.index("customer_id")]: dict(zip(names, r)) for r in rows}
    assert set(got) == set(want), f"{engine}: {len(got)} customers, clv has {len(want)}"
    pairs = [("frequency", "frequency"), ("recency", "recency"), ("T", "T"),
             ("monetary_value", "monetary_value"), ("orders", "orders"), ("revenue", "revenue")]
    for cid, g in got.items():
        w = want[cid]
        for ours, theirs in pairs:
            assert close(g[ours], w[theirs]), f"{engine} {cid} {ours}: {g[ours]} vs clv {w[theirs]}"
        assert str(g["first_order_date"]) == w["first_order"], f"{engine} {cid} first order"
        assert str(g["last_order_date"]) == w["last_order"], f"{engine} {cid} last order"


def params(report):
    m = json.loads(report)["models"]
    keys = {"bg_nbd": "r alpha a b", "mbg_nbd": "r alpha a b", "pareto_nbd": "r alpha s beta",
            "gamma_gamma": "p q v"}
    return {f"{model}.{k}": m[model][k] for model, ks in keys.items() for k in ks.split()}


def compare_fits(engine, path, as_of, unit, log_params):
    got = params(clv("report", path, "--summary-end", as_of, "--time-unit", unit, "--format", "json"))
    for k, v in log_params.items():
        assert close(got[k], v), f"{engine}: {k} = {got[k]!r}, the order log gives {v!r}"


def run_duckdb(orders_csv, folder, log_params):
    import duckdb

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE orders AS SELECT * FROM read_csv(?, header = true, "
        "columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})",
        [orders_csv],
    )
    for as_of, unit in SETTINGS:
        for shape in ["summary", "tuples"]:
            sql = clv("sql", shape, "--dialect", "duckdb", *TABLE, "--as-of", as_of, "--time-unit", unit)
            cur = con.execute(sql)
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
            path = os.path.join(folder, f"duckdb-{shape}-{unit}.csv")
            write_csv(path, names, rows)
            if shape == "summary":
                compare_rows("duckdb", names, rows, as_of, unit)
            compare_fits(f"duckdb {shape} {unit}", path, as_of, unit, log_params[(as_of, unit)])
            print(f"duckdb {shape} {as_of} {unit}: {len(rows)} rows, same as clv")
    score_parquet(con, folder)


def score_parquet(con, folder):
    """clv score reads DuckDB's Parquet summary as it reads the CSV one, and DuckDB's read_parquet
    reads clv score's Parquet predictions as the CSV ones."""
    as_of, unit = SETTINGS[0]
    sql = clv("sql", "summary", "--dialect", "duckdb", *TABLE, "--as-of", as_of, "--time-unit", unit)
    # One result written both ways: DuckDB's parallel sums may differ in the last bit from one
    # run of the query to the next, and this compares the readers, not two runs.
    con.execute(f"CREATE OR REPLACE TEMP TABLE summary_once AS {sql.strip().rstrip(';')}")
    summary_parquet = os.path.join(folder, "duckdb-summary.parquet")
    con.execute(f"COPY summary_once TO '{summary_parquet}' (FORMAT PARQUET)")
    summary_csv = os.path.join(folder, "duckdb-summary-once.csv")
    con.execute(f"COPY summary_once TO '{summary_csv}' (HEADER, DELIMITER ',')")
    flags = ["--time-unit", unit, "--summary-end", as_of]
    # DuckDB writes the Parquet file's rows in its own order (GROUP BY gives no order): compare
    # the predictions as a set of lines under the same header.
    def lines(text):
        head, *rows = text.splitlines()
        return head, sorted(rows)

    from_csv = clv("score", summary_csv, *flags)
    assert lines(clv("score", summary_parquet, *flags)) == lines(from_csv), "clv score: Parquet summary differs from CSV"
    scores_parquet = os.path.join(folder, "scores.parquet")
    clv("score", summary_csv, *flags, "-o", scores_parquet)
    cur = con.execute("SELECT * FROM read_parquet(?)", [scores_parquet])
    names = [d[0] for d in cur.description]
    got = cur.fetchall()
    want = list(csv.reader(from_csv.splitlines()))
    assert names == want[0], f"read_parquet columns {names}"
    assert len(got) == len(want) - 1, f"read_parquet: {len(got)} rows, CSV {len(want) - 1}"
    for g, w in zip(got, want[1:]):
        for name, a, b in zip(names, g, w):
            if a is None or b == "":
                assert a is None and b == "", f"read_parquet {w[0]} {name}: {a!r} vs CSV {b!r}"
            elif isinstance(a, (int, float)):
                assert close(a, b), f"read_parquet {w[0]} {name}: {a!r} vs CSV {b!r}"
            else:
                assert str(a) == b, f"read_parquet {w[0]} {name}: {a!r} vs CSV {b!r}"
    print(f"duckdb: clv score reads its Parquet summary and read_parquet its {len(got)} predictions, same as CSV")


def run_spark(orders_csv, folder, log_params):
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DateType, DoubleType, StringType, StructField, StructType

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("clv-warehouse-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    schema = StructType([
        StructField("customer_id", StringType()),
        StructField("date", DateType()),
        StructField("amount", DoubleType()),
    ])
    spark.read.csv(orders_csv, header=True, schema=schema).createOrReplaceTempView("orders")
    try:
        for as_of, unit in SETTINGS:
            sql = clv("sql", "summary", "--dialect", "spark", *TABLE, "--as-of", as_of, "--time-unit", unit)
            # spark.sql takes one statement without the closing `;` that spark-sql and notebooks accept.
            df = spark.sql(sql.strip().rstrip(";"))
            names = df.columns
            rows = [tuple(r) for r in df.collect()]
            path = os.path.join(folder, f"spark-summary-{unit}.csv")
            write_csv(path, names, rows)
            compare_rows("spark", names, rows, as_of, unit)
            compare_fits(f"spark summary {unit}", path, as_of, unit, log_params[(as_of, unit)])
            print(f"spark summary {as_of} {unit}: {len(rows)} rows, same as clv")
    finally:
        spark.stop()


def check_syntax():
    import sqlglot
    from sqlglot.errors import ErrorLevel

    options = ["--order-id", "order_id", "--status", "status", "--refunded", "refunded"]
    for dialect, reader in [("bigquery", "bigquery"), ("snowflake", "snowflake"), ("postgres", "postgres"),
                            ("duckdb", "duckdb"), ("spark", "spark")]:
        for shape in ["summary", "tuples"]:
            for unit in ["days", "weeks"]:
                sql = clv("sql", shape, "--dialect", dialect, *TABLE, *options, "--time-unit", unit)
                parsed = sqlglot.parse(sql, read=reader, error_level=ErrorLevel.RAISE)
                assert len([p for p in parsed if p is not None]) == 1, f"{dialect}: not one statement"
        print(f"{dialect}: SQL parses (sqlglot {sqlglot.__version__})")


def main():
    started = time.time()
    check_syntax()
    log_params = {
        s: params(clv("report", MASTER, "--analysis-date", s[0], "--time-unit", s[1], "--format", "json"))
        for s in SETTINGS
    }
    with tempfile.TemporaryDirectory() as folder:
        orders_csv = master_as_csv(folder)
        run_duckdb(orders_csv, folder, log_params)
        run_spark(orders_csv, folder, log_params)
    print(f"warehouse SQL checks passed in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
