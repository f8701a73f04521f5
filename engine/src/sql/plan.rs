//! The one description of the conventions (PRODUCT.md, "Order semantics"; `models::data`) as a
//! small query plan: steps of `SELECT`s over [`Expr`], written once and rendered per
//! [`Dialect`]. What the steps do, in order:
//!
//! 1. `src`: one row per input row with a customer, a date and an amount: the customer key
//!    (trimmed; lower-cased when it is an e-mail), the date, the amount, the refunded amount,
//!    the order id, and whether the status says "no purchase";
//! 2. `orders`: rows of one order id merged (amounts and refunds summed); rows without an id
//!    are an order each;
//! 3. `flagged`: counted orders (not left out by status, not fully refunded, total ≥ 0) with
//!    their net amount; a negative order is a return;
//! 4. `cutoff`: the analysis date given, or the last counted order's date;
//! 5. `days`: spend per customer and purchase day up to the cut-off (orders of one day are one
//!    purchase); `repeat`: each customer's first purchase day beside each day;
//! 6. `summary`: frequency = purchase days − 1, recency and T in the time unit, monetary value =
//!    mean spend of the repeat purchase days (0 without one), orders, revenue less returns,
//!    first and last order date; `tuples` groups equal (frequency, recency, T, monetary value).

use super::dialect::Dialect;
use super::expr::{Agg, Expr};
use super::{Shape, SqlSpec};
use crate::time_unit::TimeUnit;

fn b(e: Expr) -> Box<Expr> {
    Box::new(e)
}
fn col(name: &str) -> Expr {
    Expr::Column(name.into())
}
fn bin(a: Expr, op: &'static str, c: Expr) -> Expr {
    Expr::Binary(b(a), op, b(c))
}
fn agg(a: Agg, e: Expr) -> Expr {
    Expr::Agg(a, b(e))
}
fn case(when: Expr, then: Expr, otherwise: Expr) -> Expr {
    Expr::Case(vec![(when, then)], b(otherwise))
}

/// Where a `SELECT` reads from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum From {
    /// Nothing (a one-row `SELECT` of constants).
    Nothing,
    /// The user's table.
    Table(String),
    /// A step.
    Step(&'static str),
    /// A step with the one row of another beside each of its rows.
    Cross(&'static str, &'static str),
    /// A step with the matching rows of another, by `customer_id`.
    LeftJoinByCustomer(&'static str, &'static str),
}

/// One `SELECT`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Select {
    items: Vec<(Expr, &'static str)>,
    from: From,
    filter: Option<Expr>,
    group_by: Vec<Expr>,
    order_by: Vec<&'static str>,
}

impl Select {
    fn new(from: From, items: Vec<(Expr, &'static str)>) -> Self {
        Select {
            items,
            from,
            filter: None,
            group_by: Vec::new(),
            order_by: Vec::new(),
        }
    }
    fn filter(mut self, e: Expr) -> Self {
        self.filter = Some(e);
        self
    }
    fn group_by(mut self, columns: &[&str]) -> Self {
        self.group_by = columns.iter().map(|c| col(c)).collect();
        self
    }
    fn order_by(mut self, columns: &[&'static str]) -> Self {
        self.order_by = columns.to_vec();
        self
    }
}

/// Named steps (`WITH`), each the `UNION ALL` of its selects, then the result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Query {
    steps: Vec<(&'static str, Vec<Select>)>,
    result: Select,
}

/// Statuses that mean "no purchase", lower-cased (`import::build::left_out_status`; a test
/// holds the two lists together). WooCommerce writes them with a `wc-` prefix too.
pub(crate) const LEFT_OUT_STATUSES: [&str; 32] = [
    "cancelled",
    "canceled",
    "anulowane",
    "anulowany",
    "atcelts",
    "отменен",
    "отменён",
    "отменено",
    "已取消",
    "取消",
    "voided",
    "void",
    "failed",
    "declined",
    "rejected",
    "expired",
    "nieudane",
    "odrzucona",
    "odrzucone",
    "odrzucony",
    "ошибка",
    "отклонен",
    "отклонён",
    "失敗",
    "失败",
    "refunded",
    "fully_refunded",
    "zwrócone",
    "zwrocone",
    "возвращен",
    "возвращён",
    "已退款",
];

/// The statuses left out, with and without WooCommerce's `wc-` prefix.
fn left_out_statuses() -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for s in LEFT_OUT_STATUSES {
        let bare = s.strip_prefix("wc-").unwrap_or(s);
        for v in [bare.to_string(), format!("wc-{bare}")] {
            if !all.contains(&v) {
                all.push(v);
            }
        }
    }
    all
}

/// A duration in days as the time unit asks.
fn in_unit(days: Expr, unit: TimeUnit) -> Expr {
    match unit {
        TimeUnit::Days => days,
        TimeUnit::Weeks => Expr::Divide(b(days), b(Expr::Int(7))),
    }
}

/// The plan for `spec`.
pub(crate) fn plan(spec: &SqlSpec, shape: Shape) -> Query {
    let source = |name: &str| Expr::Source(name.to_string());
    let text = |name: &str| Expr::Trim(b(Expr::ToText(b(source(name)))));
    let raw_key = text(&spec.customer);
    // The customer key: as written (trimmed), lower-cased when it is an e-mail.
    let key = case(
        Expr::Like(b(raw_key.clone()), "%@%".into()),
        Expr::Lower(b(raw_key.clone())),
        raw_key.clone(),
    );
    let refunded = match &spec.refunded {
        Some(r) => Expr::Abs(b(Expr::Coalesce(
            b(Expr::ToDouble(b(source(r)))),
            b(Expr::Int(0)),
        ))),
        None => Expr::Int(0),
    };
    let left_out = match &spec.status {
        None => Expr::Int(0),
        Some(s) => {
            let status = Expr::Lower(b(text(s)));
            if spec.counted_statuses.is_empty() {
                case(
                    Expr::InList(b(status), left_out_statuses()),
                    Expr::Int(1),
                    Expr::Int(0),
                )
            } else {
                let counted = spec
                    .counted_statuses
                    .iter()
                    .map(|s| s.trim().to_lowercase())
                    .collect();
                case(Expr::InList(b(status), counted), Expr::Int(0), Expr::Int(1))
            }
        }
    };
    let mut src_items = vec![
        (key, "customer_id"),
        (Expr::ToDate(b(source(&spec.date))), "order_date"),
        (Expr::ToDouble(b(source(&spec.amount))), "amount"),
        (refunded, "refunded"),
        (left_out, "left_out"),
    ];
    if let Some(o) = &spec.order_id {
        let id = text(o);
        src_items.push((
            case(
                bin(id.clone(), "=", Expr::Text(String::new())),
                Expr::Null,
                id,
            ),
            "order_id",
        ));
    }
    let src = Select::new(From::Table(spec.table.clone()), src_items).filter(bin(
        bin(
            Expr::IsNotNull(b(source(&spec.customer))),
            "AND",
            bin(raw_key, "<>", Expr::Text(String::new())),
        ),
        "AND",
        bin(
            Expr::IsNotNull(b(source(&spec.date))),
            "AND",
            Expr::IsNotNull(b(source(&spec.amount))),
        ),
    ));
    let one_per_row = |filter: Option<Expr>| {
        let s = Select::new(
            From::Step("src"),
            vec![
                (col("customer_id"), "customer_id"),
                (col("order_date"), "order_date"),
                (col("amount"), "gross"),
                (col("refunded"), "refunded"),
                (col("left_out"), "left_out"),
            ],
        );
        match filter {
            Some(f) => s.filter(f),
            None => s,
        }
    };
    let orders = if spec.order_id.is_some() {
        vec![
            Select::new(
                From::Step("src"),
                vec![
                    (agg(Agg::Min, col("customer_id")), "customer_id"),
                    (agg(Agg::Min, col("order_date")), "order_date"),
                    (agg(Agg::Sum, col("amount")), "gross"),
                    (agg(Agg::Sum, col("refunded")), "refunded"),
                    (agg(Agg::Max, col("left_out")), "left_out"),
                ],
            )
            .filter(Expr::IsNotNull(b(col("order_id"))))
            .group_by(&["order_id"]),
            one_per_row(Some(Expr::IsNull(b(col("order_id"))))),
        ]
    } else {
        vec![one_per_row(None)]
    };
    let zero = || Expr::Int(0);
    let kept = bin(col("left_out"), "=", zero());
    let fully_refunded = bin(
        bin(col("refunded"), ">", zero()),
        "AND",
        bin(
            bin(col("refunded"), ">=", col("gross")),
            "AND",
            bin(col("gross"), ">", zero()),
        ),
    );
    // Counted: kept by its status, a total of 0 or more, not fully refunded.
    let counted = bin(
        bin(kept.clone(), "AND", bin(col("gross"), ">=", zero())),
        "AND",
        bin(case(fully_refunded, Expr::Int(1), zero()), "=", zero()),
    );
    let flagged = Select::new(
        From::Step("orders"),
        vec![
            (col("customer_id"), "customer_id"),
            (col("order_date"), "order_date"),
            (bin(col("gross"), "-", col("refunded")), "net"),
            (case(counted, Expr::Int(1), zero()), "counted"),
            (
                case(
                    bin(kept, "AND", bin(col("gross"), "<", zero())),
                    bin(zero(), "-", col("gross")),
                    zero(),
                ),
                "returned",
            ),
        ],
    );
    let cutoff = match spec.as_of {
        Some(day) => Select::new(From::Nothing, vec![(Expr::Date(day), "as_of")]),
        None => Select::new(
            From::Step("flagged"),
            vec![(agg(Agg::Max, col("order_date")), "as_of")],
        )
        .filter(bin(col("counted"), "=", Expr::Int(1))),
    };
    let up_to_cutoff = bin(col("order_date"), "<=", col("as_of"));
    let days = Select::new(
        From::Cross("flagged", "cutoff"),
        vec![
            (col("customer_id"), "customer_id"),
            (col("order_date"), "order_date"),
            (agg(Agg::Sum, col("net")), "spend"),
            (Expr::CountAll, "orders"),
            (agg(Agg::Max, col("as_of")), "as_of"),
        ],
    )
    .filter(bin(
        bin(col("counted"), "=", Expr::Int(1)),
        "AND",
        up_to_cutoff.clone(),
    ))
    .group_by(&["customer_id", "order_date"]);
    let repeat = Select::new(
        From::Step("days"),
        vec![
            (col("customer_id"), "customer_id"),
            (col("order_date"), "order_date"),
            (col("spend"), "spend"),
            (col("orders"), "orders"),
            (col("as_of"), "as_of"),
            (
                Expr::MinOver(b(col("order_date")), b(col("customer_id"))),
                "first_date",
            ),
        ],
    );
    let returns = Select::new(
        From::Cross("flagged", "cutoff"),
        vec![
            (col("customer_id"), "customer_id"),
            (agg(Agg::Sum, col("returned")), "returned"),
        ],
    )
    .filter(bin(bin(col("returned"), ">", zero()), "AND", up_to_cutoff))
    .group_by(&["customer_id"]);
    let first = || agg(Agg::Min, col("order_date"));
    let last = || agg(Agg::Max, col("order_date"));
    let repeat_days = || bin(Expr::CountAll, "-", Expr::Int(1));
    let repeat_spend = agg(
        Agg::Sum,
        case(
            bin(col("order_date"), ">", col("first_date")),
            col("spend"),
            zero(),
        ),
    );
    let summary = Select::new(
        From::Step("repeat"),
        vec![
            (col("customer_id"), "customer_id"),
            (repeat_days(), "frequency"),
            (
                in_unit(Expr::DaysBetween(b(first()), b(last())), spec.time_unit),
                "recency",
            ),
            (
                in_unit(
                    Expr::DaysBetween(b(first()), b(agg(Agg::Max, col("as_of")))),
                    spec.time_unit,
                ),
                "T",
            ),
            (
                case(
                    bin(Expr::CountAll, ">", Expr::Int(1)),
                    Expr::Divide(b(repeat_spend), b(repeat_days())),
                    zero(),
                ),
                "monetary_value",
            ),
            (agg(Agg::Sum, col("orders")), "orders"),
            (agg(Agg::Sum, col("spend")), "spend"),
            (first(), "first_order_date"),
            (last(), "last_order_date"),
        ],
    )
    .group_by(&["customer_id"]);
    let mut steps = vec![
        ("src", vec![src]),
        ("orders", orders),
        ("flagged", vec![flagged]),
        ("cutoff", vec![cutoff]),
        ("days", vec![days]),
        ("repeat", vec![repeat]),
        ("summary", vec![summary]),
    ];
    let of_summary = |c: &str| Expr::Qualified("summary".into(), c.into());
    let customers = Select::new(
        From::LeftJoinByCustomer("summary", "returns"),
        vec![
            (of_summary("customer_id"), "customer_id"),
            (of_summary("frequency"), "frequency"),
            (of_summary("recency"), "recency"),
            (of_summary("T"), "T"),
            (of_summary("monetary_value"), "monetary_value"),
            (of_summary("orders"), "orders"),
            (
                bin(
                    of_summary("spend"),
                    "-",
                    Expr::Coalesce(
                        b(Expr::Qualified("returns".into(), "returned".into())),
                        b(zero()),
                    ),
                ),
                "revenue",
            ),
            (of_summary("first_order_date"), "first_order_date"),
            (of_summary("last_order_date"), "last_order_date"),
        ],
    );
    let result = match shape {
        Shape::Summary => {
            steps.push(("returns", vec![returns]));
            customers.order_by(&["customer_id"])
        }
        Shape::Tuples => {
            let keys = ["frequency", "recency", "T", "monetary_value"];
            let mut items: Vec<(Expr, &'static str)> = keys.iter().map(|k| (col(k), *k)).collect();
            items.push((Expr::CountAll, "customers"));
            Select::new(From::Step("summary"), items)
                .group_by(&keys)
                .order_by(&keys)
        }
    };
    Query { steps, result }
}

impl Dialect {
    fn source_clause(self, from: &From) -> String {
        match from {
            From::Nothing => String::new(),
            From::Table(t) => format!("\nFROM {}", self.table_name(t)),
            From::Step(s) => format!("\nFROM {}", self.step_name(s)),
            From::Cross(a, c) => format!(
                "\nFROM {} CROSS JOIN {}",
                self.step_name(a),
                self.step_name(c)
            ),
            From::LeftJoinByCustomer(a, c) => {
                let (qa, qc, id) = (
                    self.step_name(a),
                    self.step_name(c),
                    self.output_name("customer_id"),
                );
                format!("\nFROM {qa} LEFT JOIN {qc} ON {qa}.{id} = {qc}.{id}")
            }
        }
    }

    fn select(self, s: &Select, indent: &str) -> String {
        let items: Vec<String> = s
            .items
            .iter()
            .map(|(e, alias)| format!("{indent}  {} AS {}", self.expr(e), self.output_name(alias)))
            .collect();
        let mut out = format!("{indent}SELECT\n{}", items.join(",\n"));
        let from = self.source_clause(&s.from);
        if !from.is_empty() {
            out += &from.replace('\n', &format!("\n{indent}"));
        }
        if let Some(f) = &s.filter {
            out += &format!("\n{indent}WHERE {}", self.expr(f));
        }
        if !s.group_by.is_empty() {
            let g: Vec<String> = s.group_by.iter().map(|e| self.expr(e)).collect();
            out += &format!("\n{indent}GROUP BY {}", g.join(", "));
        }
        if !s.order_by.is_empty() {
            let o: Vec<String> = s.order_by.iter().map(|c| self.output_name(c)).collect();
            out += &format!("\n{indent}ORDER BY {}", o.join(", "));
        }
        out
    }

    /// The query as one statement of this dialect.
    pub(crate) fn render(self, q: &Query) -> String {
        let steps: Vec<String> = q
            .steps
            .iter()
            .map(|(name, selects)| {
                let body: Vec<String> = selects.iter().map(|s| self.select(s, "  ")).collect();
                format!(
                    "{} AS (\n{}\n)",
                    self.step_name(name),
                    body.join("\n  UNION ALL\n")
                )
            })
            .collect();
        format!(
            "WITH\n{}\n{};\n",
            steps.join(",\n"),
            self.select(&q.result, "")
        )
    }
}
