#!/usr/bin/env python3
"""The hostile corpus: files no shop should send us, and every shop eventually does.

    python3 tests/hostile/generate.py OUT_DIR

writes one file per case into OUT_DIR and `OUT_DIR/manifest.json`, the list of cases:

    {"name", "category", "file", "args", "expect", "data_rows", "page", "note"}

- `args`: extra `clv report` options for the case (option values are hostile too);
- `expect`: "ok" (a report must come out), "refused" (a plain message, no report) or
  "either" (both are acceptable; what matters is no panic, bounded time and memory, and rows
  that add up);
- `data_rows`: when set, `rows.total` of the report must equal it (the file's records below the
  header: nothing may be swallowed or invented);
- `page`: one of the representative cases the end-to-end test also drops into the page.

Used by `cli/tests/hostile.rs` (every case through `clv`) and `tests/e2e/hostile.test.mjs`
(the `page` cases through the page's worker in Chromium). Deterministic: the same bytes every
run. Standard library only, so it runs wherever the tests run.
"""

import json
import os
import random
import sys

CASES = []


def case(name, category, data, args=(), expect="either", data_rows=None, page=False, note="",
         ext="csv"):
    if isinstance(data, str):
        data = data.encode("utf-8")
    CASES.append(dict(name=name, category=category, data=data, args=list(args), expect=expect,
                      data_rows=data_rows, page=page, note=note, ext=ext))


def rows(n, start=(2024, 1, 1), customers=5, amount=lambda i: f"{10 + i % 7}.50"):
    """`n` clean order rows over `customers` customers, one day apart."""
    import datetime
    day = datetime.date(*start)
    out = []
    for i in range(n):
        d = day + datetime.timedelta(days=i)
        out.append(f"c{i % customers},{d.isoformat()},{amount(i)}")
    return out


CLEAN_HEADER = "customer_id,date,amount"


def clean(n=9, sep="\n", **kw):
    return sep.join([CLEAN_HEADER] + rows(n, **kw)) + sep


# ---------------------------------------------------------------- encodings
def encodings():
    heads = [
        ("cp1251", "Клиент;Дата;Сумма", "windows-1251"),
        ("koi8_r", "Клиент;Дата;Сумма", "koi8-r"),
        ("cp866", "Клиент;Дата;Сумма", "ibm866"),
        ("cp1250", "Kontrahent;Data;Wartość", "windows-1250"),
        ("iso8859_2", "Kontrahent;Data;Wartość", "iso-8859-2"),
        ("cp1257", "Klients;Datums;Summa ar PVN", "windows-1257"),
        ("cp1252", "Numéro client;Date de commande;Montant TTC", "windows-1252"),
        ("big5", "客戶;日期;金額", "big5"),
        ("gbk", "客户;日期;金额", "gbk"),
        ("shift_jis", "顧客;注文日;合計金額", "shift_jis"),
    ]
    body = [f"c{i % 4};2024-03-{i + 1:02d};{10 + i},50" for i in range(9)]
    for codec, head, label in heads:
        data = ("\r\n".join([head] + body) + "\r\n").encode(codec)
        case(f"header-only-non-ascii-{label}", "encoding", data, expect="ok", data_rows=9,
             page=label in ("windows-1251", "big5"),
             note=f"the only non-ASCII bytes are the header's, in {label}")
    # A 1C-style accounting export: Cyrillic header and a Cyrillic prefix on each document number.
    lines = ["Номер;Дата;Контрагент;Сумма"]
    lines += [f"РН-{i:05d};0{1 + i % 9}.03.2024;ООО Клиент {i % 5};{100 + i},00" for i in range(30)]
    case("cyrillic-document-prefix-1251", "encoding",
         ("\r\n".join(lines) + "\r\n").encode("cp1251"), expect="ok", data_rows=30,
         note="Windows-1251 with few non-ASCII bytes: the header and a document prefix")
    text = clean()
    case("utf8-bom", "encoding", b"\xef\xbb\xbf" + text.encode(), expect="ok", data_rows=9)
    case("utf16le-bom", "encoding", b"\xff\xfe" + text.encode("utf-16-le"), expect="ok",
         data_rows=9, page=True)
    case("utf16be-bom", "encoding", b"\xfe\xff" + text.encode("utf-16-be"), expect="ok",
         data_rows=9)
    case("utf16le-no-bom", "encoding", text.encode("utf-16-le"), expect="either",
         note="no BOM: every other byte is NUL")
    bad = clean().encode()
    case("invalid-utf8-in-a-cell", "encoding",
         bad.replace(b"c1,", b"c\xff\xfe1,", 1), expect="ok", data_rows=9)
    case("nul-bytes-in-cells", "encoding", bad.replace(b"c2,", b"c\x002,"), expect="either",
         data_rows=None)
    case("euro-sign-1252", "encoding",
         ("customer;date;amount\r\n" + "".join(f"c{i};2024-01-{i + 1:02d};\u20ac{i},99\r\n"
                                               for i in range(9))).encode("cp1252"),
         expect="ok", data_rows=9)
    case("emoji-ids", "encoding", CLEAN_HEADER + "\n" + "\n".join(
        f"\U0001F600{i % 3},2024-01-{i + 1:02d},5" for i in range(9)) + "\n", expect="ok",
        data_rows=9)
    mixed = (CLEAN_HEADER + "\n").encode() + "Zoë,2024-01-01,5\n".encode("utf-8") + \
        "Zoë,2024-01-02,6\n".encode("cp1252")
    case("mixed-utf8-and-1252-lines", "encoding", mixed, expect="either")


# ---------------------------------------------------------------- structure
def structure():
    case("empty-file", "structure", b"", expect="refused")
    case("only-bom", "structure", b"\xef\xbb\xbf", expect="refused")
    case("only-header", "structure", CLEAN_HEADER + "\n", expect="refused")
    case("only-blank-lines", "structure", "\n\n\r\n  \n", expect="refused")
    case("cr-only-line-ends", "structure", clean(sep="\r"), expect="ok", data_rows=9, page=True,
         note="old Mac Excel")
    body = rows(9)
    seps = ["\n", "\r\n", "\r"]
    mixed = CLEAN_HEADER + "\r\n" + "".join(r + seps[i % 3] for i, r in enumerate(body))
    case("mixed-line-ends", "structure", mixed, expect="ok", data_rows=9)
    case("trailing-delimiter-on-data-rows", "structure",
         CLEAN_HEADER + "\n" + "".join(r + ",\n" for r in body), expect="ok", data_rows=9,
         page=True)
    case("several-trailing-delimiters", "structure",
         CLEAN_HEADER + "\n" + "".join(r + ",,,\n" for r in body), expect="ok", data_rows=9)
    extra = [r + (",surplus" if i % 3 == 0 else "") for i, r in enumerate(body)]
    case("extra-fields", "structure", CLEAN_HEADER + "\n" + "\n".join(extra) + "\n",
         expect="ok", data_rows=9, page=True, note="never dropped silently")
    short = [r.rsplit(",", 1)[0] if i == 4 else r for i, r in enumerate(body)]
    case("missing-field", "structure", CLEAN_HEADER + "\n" + "\n".join(short) + "\n",
         expect="ok", data_rows=9)
    broken = list(body)
    broken[2] = 'c2,"2024-01-03,12.50'
    case("unclosed-quote-mid-file", "structure", CLEAN_HEADER + "\n" + "\n".join(broken) + "\n",
         expect="ok", data_rows=9, page=True, note="the quote must not swallow the next rows")
    first = list(body)
    first[0] = '"c0,2024-01-01,10.50'
    case("unclosed-quote-first-row", "structure", CLEAN_HEADER + "\n" + "\n".join(first) + "\n",
         expect="either", data_rows=9)
    case("unclosed-quote-last-row", "structure",
         CLEAN_HEADER + "\n" + "\n".join(body[:-1] + ['c9,2024-01-09,"12']) + "\n",
         expect="ok", data_rows=9)
    case("quote-inside-unquoted-field", "structure",
         CLEAN_HEADER + "\n" + "\n".join(['c"0,2024-01-01,5'] + body[1:]) + "\n",
         expect="ok", data_rows=9)
    addr = 'customer_id,date,amount,address\n' + "".join(
        f'c{i % 3},2024-02-{i + 1:02d},{i + 1}.00,"Street {i}\nFlat {i}\nCity"\n'
        for i in range(9))
    case("multiline-quoted-addresses", "structure", addr, expect="ok", data_rows=9,
         note="legitimate line breaks inside quotes (Shopify addresses)")
    case("three-mb-field-no-quote", "structure",
         CLEAN_HEADER + "\n" + "c0,2024-01-01,5\n" + "c1,2024-01-02," + "9" * 3_000_000 + "\n" +
         "\n".join(body[2:]) + "\n", expect="either", note="over-long field, no quote")
    case("ten-mb-single-line", "structure", "x" * 10_000_000, expect="refused",
         note="one line of 10 MB")
    case("header-after-preamble", "structure",
         "Orders report\nExported 2024-05-01 by Shop\n\n" + clean(), expect="ok", data_rows=9)
    case("repeated-header-rows", "structure",
         CLEAN_HEADER + "\n" + "\n".join(body[:4] + [CLEAN_HEADER] + body[4:]) + "\n",
         expect="ok", data_rows=10)
    case("tab-delimited", "structure", clean().replace(",", "\t"), expect="ok", data_rows=9)
    case("pipe-delimited", "structure", clean().replace(",", "|"), expect="ok", data_rows=9)
    case("semicolon-decimal-comma", "structure",
         clean().replace(",", ";").replace(".", ","), expect="ok", data_rows=9)
    case("space-aligned", "structure",
         "customer   date         amount\n" + "".join(
             f"c{i:<8} 2024-01-{i + 1:02d}   {i + 1}.25\n" for i in range(9)), expect="ok",
         data_rows=9)
    wide_head = CLEAN_HEADER + "," + ",".join(f"col{i}" for i in range(2000))
    wide_rows = [r + "," + ",".join("x" for _ in range(2000)) for r in body]
    case("two-thousand-columns", "structure", wide_head + "\n" + "\n".join(wide_rows) + "\n",
         expect="ok", data_rows=9)
    case("one-column", "structure", "customer\n" + "\n".join(f"c{i}" for i in range(9)) + "\n",
         expect="refused")
    case("header-of-delimiters", "structure", ",,,\n" + "\n".join(body) + "\n", expect="either")
    rnd = random.Random(13)
    case("random-bytes", "structure", bytes(rnd.randrange(256) for _ in range(50_000)),
         expect="refused", page=True)
    case("zip-magic-xlsx", "structure", b"PK\x03\x04" + bytes(rnd.randrange(256) for _ in
                                                               range(4000)), expect="refused",
         ext="xlsx", note="an Excel workbook instead of a CSV")
    case("html-page", "structure",
         "<!doctype html><html><body><table><tr><td>customer</td></tr></table></body></html>\n",
         expect="refused", ext="html")
    case("json-array", "structure",
         json.dumps([{"customer": "a", "date": "2024-01-01", "amount": 5}]), expect="refused",
         ext="json")
    case("huge-header-name", "structure",
         "customer_id,date,amount," + "h" * 200_000 + "\n" + "\n".join(r + ",x" for r in body)
         + "\n", expect="ok", data_rows=9)
    case("duplicate-column-names", "structure",
         "customer_id,date,amount,amount\n" + "\n".join(r + ",99" for r in body) + "\n",
         expect="either")
    case("empty-header-names", "structure",
         "customer_id,,date,,amount\n" + "\n".join(
             r.replace(",", ",,", 1).replace(",2024", ",,2024").replace(",,,", ",,")
             for r in body) + "\n", expect="either")
    case("only-delimiter-lines", "structure",
         CLEAN_HEADER + "\n" + "\n".join(r if i % 2 else ",," for i, r in enumerate(body)) +
         "\n", expect="ok", data_rows=4, note="a line of only delimiters is a blank line, not a row")
    case("form-feeds-and-vertical-tabs", "structure",
         clean().replace("c1,", "c\x0c1,").replace("c2,", "c\x0b2,"), expect="ok", data_rows=9)
    case("no-final-newline", "structure", clean().rstrip("\n"), expect="ok", data_rows=9)
    case("crlf-inside-quotes-and-out", "structure",
         'customer_id,date,amount,note\r\n' + "".join(
             f'c{i},2024-01-{i + 1:02d},{i}.5,"a\r\nb"\r\n' for i in range(9)), expect="ok",
         data_rows=9)
    many_quotes = CLEAN_HEADER + "\n" + "\n".join(
        f'"c{i}""x","2024-01-{i + 1:02d}","{i}.00"' for i in range(9)) + "\n"
    case("doubled-quotes", "structure", many_quotes, expect="ok", data_rows=9)
    case("a-million-empty-lines", "structure", CLEAN_HEADER + "\n" + "\n" * 1_000_000 +
         "c1,2024-01-01,5\n", expect="ok")


# ---------------------------------------------------------------- amounts
def amounts():
    def with_amount(value, name, expect="ok", page=False, note=""):
        body = [f"c{i % 4},2024-01-{i + 1:02d},{value if i == 3 else str(i + 1) + '.00'}"
                for i in range(9)]
        case(f"amount-{name}", "amounts", CLEAN_HEADER + "\n" + "\n".join(body) + "\n",
             expect=expect, data_rows=9, page=page, note=note)

    with_amount("9" * 309, "309-digits", page=True, note="used to overflow to infinity")
    with_amount("1" + "0" * 400, "401-digits")
    with_amount("1e308", "1e308")
    with_amount("1e12", "1e12")
    with_amount("999999999999", "just-below-limit")
    with_amount("-5.00", "negative")
    with_amount('"1 234,50"', "space-grouped-comma")
    with_amount('"1.234,50"', "dot-grouped-comma")
    with_amount('"1,234.50"', "comma-grouped-dot")
    with_amount('"1,23,456.78"', "indian-grouping")
    with_amount("€12.00", "euro-prefix")
    with_amount('"12,00 zł"', "zloty-suffix")
    with_amount("(12.00)", "accounting-negative")
    with_amount("NaN", "nan")
    with_amount("inf", "inf")
    with_amount("Infinity", "infinity")
    with_amount("-0", "minus-zero")
    with_amount("0x10", "hex")
    with_amount("", "empty")
    with_amount("12.5.3", "two-dots")
    with_amount("1e-320", "subnormal")
    all_huge = CLEAN_HEADER + "\n" + "\n".join(
        f"c{i % 3},2024-01-{i + 1:02d},999999999999.99" for i in range(9)) + "\n"
    case("amount-all-near-limit", "amounts", all_huge, expect="ok", data_rows=9,
         note="sums of big amounts stay finite")
    zeros = CLEAN_HEADER + "\n" + "\n".join(f"c{i % 3},2024-01-{i + 1:02d},0" for i in range(9))
    case("amount-all-zero", "amounts", zeros + "\n", expect="either", data_rows=9)


# ---------------------------------------------------------------- dates
def dates():
    def with_dates(values, name, expect="ok", page=False, args=(), note=""):
        body = [f"c{i % 3},{d},{i + 1}.00" for i, d in enumerate(values)]
        case(f"dates-{name}", "dates", CLEAN_HEADER + "\n" + "\n".join(body) + "\n",
             expect=expect, data_rows=len(values), page=page, args=args, note=note)

    base = [f"2024-01-{i + 1:02d}" for i in range(8)]
    with_dates(["0001-01-01"] + base + ["9999-12-31"], "year-1-and-9999", page=True,
               note="used to exhaust memory (cohorts sized by the month span squared)")
    with_dates(["0000-01-01"] + base, "year-0")
    with_dates(["2024-02-30"] + base, "february-30")
    with_dates(["31/12/2023", "12/31/2023"] + base, "ambiguous-day-month")
    with_dates(["45292", "45293", "45300"] + base, "excel-serials")
    with_dates(["1704067200", "1704153600"] + base, "unix-seconds")
    with_dates(["2024-01-01T10:00:00+14:00", "2024-01-02T23:59:59-12:00"] + base, "timezones")
    with_dates(["2199-12-31"] + base, "far-future")
    with_dates(["1900-01-01"] + base, "far-past")
    with_dates(["2024-01-05"] * 9, "all-same-day")
    with_dates(["March 5 2024", "5 March 2024"] + base, "words")
    with_dates(["01.02.24", "1/2/24"] + base, "two-digit-years")
    with_dates(["2024-01-01 25:61"] + base, "bad-time")
    with_dates(list(reversed(base)), "descending")
    with_dates(["2024-01-01", "01.02.2024", "2024/01/03", "Jan 4, 2024"] + base, "mixed-formats")
    with_dates(["", " ", "-"] + base, "empty-dates")
    with_dates(base + ["2024-01-09"], "clean-with-analysis-before-orders",
               args=["--analysis-date", "2020-01-01"], expect="refused",
               note="an analysis date before every order says so")
    with_dates(base + ["2024-01-09"], "analysis-date-9999", args=["--analysis-date",
                                                                  "9999-12-31"],
               expect="refused", note="beyond the stated limit of analysis dates")
    with_dates(base + ["2024-01-09"], "analysis-date-year-1", args=["--analysis-date",
                                                                    "0001-01-01"],
               expect="refused")


# ---------------------------------------------------------------- degenerate data
def degenerate():
    case("one-row", "degenerate", CLEAN_HEADER + "\nc1,2024-01-01,5\n", expect="ok", data_rows=1,
         page=True)
    case("one-customer-many-orders", "degenerate", clean(n=400, customers=1), expect="ok",
         data_rows=400)
    case("everyone-buys-once", "degenerate", clean(n=3000, customers=10_000), expect="ok",
         data_rows=3000)
    case("same-customer-same-day", "degenerate",
         CLEAN_HEADER + "\n" + "c1,2024-01-01,5\n" * 50, expect="ok", data_rows=50)
    st = "customer_id,date,amount,status\n"
    case("all-cancelled", "degenerate", st + "".join(
        f"c{i},2024-01-{i + 1:02d},5,cancelled\n" for i in range(30)), expect="refused",
         data_rows=30, page=True, note="the message counts the rows per reason")
    case("all-refunded", "degenerate", "customer_id,date,amount,refunded_amount\n" + "".join(
        f"c{i},2024-01-{i + 1:02d},5,5\n" for i in range(30)), expect="refused", data_rows=30)
    case("only-returns", "degenerate", CLEAN_HEADER + "\n" + "".join(
        f"c{i},2024-01-{i + 1:02d},-5\n" for i in range(20)), expect="refused", data_rows=20)
    case("map-to-missing-column", "degenerate", clean(), args=["--map", "amount=Betrag"],
         expect="refused", note="names the column and the file's columns")
    summary = "customer_id,frequency,recency,T,monetary_value\n"
    case("summary-huge-frequency", "degenerate",
         summary + "a,1000000000,50000000,100000000,10\nb,1,2,3,4\nc,0,0,5,0\n", expect="either",
         note="used to exhaust memory")
    case("summary-recency-above-t", "degenerate", summary + "a,3,50,10,10\nb,1,2,3,4\n",
         expect="either", data_rows=2)
    case("summary-negative", "degenerate", summary + "a,-3,-5,-10,-1\nb,1,2,3,4\n",
         expect="either", data_rows=2)
    case("summary-fractions-and-nan", "degenerate",
         summary + "a,2.5,NaN,inf,1e400\nb,1,2,3,4\n", expect="either", data_rows=2)
    two = CLEAN_HEADER + "\nc1,2024-01-01,5\nc2,2024-01-01,7\n"
    case("two-customers-one-day", "degenerate", two, expect="ok", data_rows=2)
    case("status-only-unknown", "degenerate", st + "".join(
        f"c{i % 3},2024-01-{i + 1:02d},5,weird-{i}\n" for i in range(9)), expect="ok",
         data_rows=9)


# ---------------------------------------------------------------- identities
def identities():
    def with_ids(ids, name, expect="ok", page=False, note=""):
        body = [f"{cid},2024-01-{i + 1:02d},{i + 1}.00" for i, cid in enumerate(ids)]
        case(f"ids-{name}", "identities", CLEAN_HEADER + "\n" + "\n".join(body) + "\n",
             expect=expect, data_rows=len(ids), page=page, note=note)

    with_ids(["=1+1", "+cmd", "-2+3", "@SUM(A1)", "=HYPERLINK(\"\"x\"\")", "\t=1", "\r=2",
              "c8", "c9"], "formulas", page=True, note="exports must neutralise formulas")
    with_ids(["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "&lt;b&gt;",
              "<b>bold</b>", "c5", "c6", "c7", "c8", "c9"], "markup", page=True,
             note="shown as text, never as markup")
    with_ids(["x" * 10_000] * 3 + ["c4", "c5", "c6", "c7", "c8", "c9"], "ten-thousand-chars")
    with_ids(["Anna", "anna", " Anna ", "ANNA", "c5", "c6", "c7", "c8", "c9"], "case-and-space",
             note="ids compared as written, trimmed")
    with_ids(["Ann@Example.com", "ann@example.com", " ANN@EXAMPLE.COM", "c4", "c5", "c6", "c7",
              "c8", "c9"], "email-case")
    with_ids(["caf\u00e9", "cafe\u0301", "c\u200bafe", "\u202eevil", "c5", "c6", "c7", "c8",
              "c9"], "unicode-tricks")
    with_ids(["", " ", "\u00a0", "c4", "c5", "c6", "c7", "c8", "c9"], "empty-ids")
    with_ids(['"a,b"', '"line\nbreak"', '""""', "c4", "c5", "c6", "c7", "c8", "c9"],
             "quoted-ids")
    with_ids([f"c{i}" for i in range(9)], "plain-control")
    with_ids(["NULL", "null", "None", "N/A", "undefined", "NaN", "0", "-", "c9"], "null-words")
    many = CLEAN_HEADER + "\n" + "".join(f"{i},2024-01-01,1\n" for i in range(20_000))
    case("ids-twenty-thousand-numeric", "identities", many, expect="ok", data_rows=20_000)
    case("ids-only-emails-column", "identities",
         "email,date,amount\n" + "".join(f"u{i % 4}@X.org,2024-01-{i + 1:02d},3\n"
                                         for i in range(9)), expect="ok", data_rows=9)


# ---------------------------------------------------------------- option values
def options():
    text = clean(n=60, customers=12)

    def opt(name, args, expect="refused", note=""):
        case(f"option-{name}", "options", text, args=args, expect=expect,
             data_rows=60 if expect == "ok" else None, note=note)

    opt("clv-months-4e9", ["--clv-months", "4000000000"], note="used to run forever")
    opt("clv-months-zero", ["--clv-months", "0"], expect="either")
    opt("horizon-1e300", ["--horizon", "1e300"], note="used to give null expected purchases")
    opt("horizon-negative", ["--horizon", "-5"])
    opt("horizon-nan", ["--horizon", "NaN"])
    opt("margin-150", ["--margin", "150"])
    opt("margin-negative", ["--margin", "-0.1"])
    opt("margin-text", ["--margin", "abc"])
    opt("margin-nan", ["--margin", "NaN"])
    opt("cac-garbage", ["--cac", "ads=,=3,x=abc"])
    opt("cac-infinite", ["--cac", "ads=1e999"])
    opt("win-back-huge", ["--win-back-after-days", "99999999999"], expect="either")
    opt("encoding-bogus", ["--encoding", "klingon-8"])
    opt("delimiter-bogus", ["--delimiter", "abc"])
    opt("time-unit-bogus", ["--time-unit", "fortnights"])
    opt("map-twice", ["--map", "amount=amount,customer=amount"], expect="either")
    opt("analysis-date-garbage", ["--analysis-date", "yesterday"])
    opt("calibration-end-far", ["--calibration-end", "9999-01-01"], expect="either")


# Representative cases for the page beside those marked `page=True` where they are made.
MORE_PAGE_CASES = {"all-refunded", "ids-email-case", "amount-space-grouped-comma",
                   "semicolon-decimal-comma", "multiline-quoted-addresses", "dates-excel-serials"}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generate.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for make in (encodings, structure, amounts, dates, degenerate, identities, options):
        make()
    for c in CASES:
        c["page"] = c["page"] or c["name"] in MORE_PAGE_CASES
    manifest = []
    for i, c in enumerate(CASES):
        file = f"{i + 1:03d}-{c['name']}.{c['ext']}"
        with open(os.path.join(out, file), "wb") as f:
            f.write(c["data"])
        entry = {k: v for k, v in c.items() if k not in ("data", "ext")}
        entry["file"] = file
        entry["bytes"] = len(c["data"])
        manifest.append(entry)
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
    print(f"{len(manifest)} cases in {out}")


if __name__ == "__main__":
    main()
