#!/usr/bin/env python3
"""Writes public/sample-orders.csv: the made-up order export of a small online coffee roaster,
three years long, drawn from the models CLV Lens fits, so the page's models find what was put in.

Run from the repository root (Python 3.8+, standard library only):

    python3 scripts/make_sample.py

The random generator is seeded (SEED), so every run writes the same file byte for byte. It prints
the customers, orders and rows written.

The shop
  CUSTOMERS = 3,000 customers, each making a first purchase between 2023-01-01 and 2025-12-31
  (START, END); new customers arrive more often as the shop grows (the density of first purchases
  rises linearly to GROWTH = 2 times its start value by END).

How customers buy: MBG/NBD (Batislam, Denizel & Filiztekin 2007), time in weeks
  - purchase rate while active: lambda ~ Gamma(shape r = 0.6, rate alpha = 8 weeks)
    (mean 0.075 purchases a week, about 4 a year, very unequal between customers);
  - dropout: p ~ Beta(a = 1.2, b = 2.3) (mean 0.34); right after the first purchase and after
    each repeat purchase the customer leaves for good with probability p;
  - while active, the time to the next purchase is exponential with rate lambda;
  - purchases after END are not in the file; two purchases on one day are kept as two orders
    (the models count them as one purchase day).

How much they spend: Gamma-Gamma (Fader, Hardie & Lee 2005)
  - each order's value z ~ Gamma(shape p = 9, rate nu), with nu ~ Gamma(shape q = 10,
    rate gamma = 60) per customer: a customer's mean order value is 9 / nu, 60 on average
    (p * gamma / (q - 1));
  - rounded to cents, at least 4.90 (the cheapest item).

Customer attributes (drawn after lambda and p, from the customer's quality u: the rank, 0..1, of
lambda * (1 - p) / p, the expected repeat purchases per week of life; so the marginal model above is
exact and the columns below are correlated with how customers buy):
  - channel (acquisition source, the same on every order of a customer): base share and tilt k,
    P(channel) proportional to share * exp(k * (2u - 1)):
      Organic search 0.30, k 0; Google Ads 0.25, k -0.8; Instagram 0.20, k -1.2;
      Newsletter 0.12, k +1.5; Referral 0.13, k +0.8.
    The page pre-fills a made-up CAC per channel for the sample: SAMPLE_CAC in src/app.rs
    (Organic search 10, Google Ads 40, Instagram 35, Newsletter 5, Referral 15).
  - product_group: a favourite group, P proportional to share * exp(k * (2u - 1)):
      Coffee beans 0.40, k +1.5; Tea 0.20, k +0.6; Brewing gear 0.15, k -0.5;
      Gift boxes 0.15, k -2.0; Accessories 0.10, k -0.5.
    The first order's group is the favourite with probability 0.7, otherwise drawn from the
    shares above; each later order's group is the favourite with probability 0.75, otherwise
    drawn from the shares. So the first order's group tells repeat buyers (beans, tea) from
    one-off buyers (gift boxes).
  - accepts_marketing: "yes" with probability 1 / (1 + exp(-(2.5u - 1.0))), the same on every
    order of a customer.

What a real export also has
  - refunds (Shopify's financial_status and refunded_amount): REFUND_FULL = 2.5 % of customers'
    purchases get an extra order, a day to a month after that purchase, that was refunded in
    full (status "refunded"; the engine leaves it out: it is no purchase); REFUND_PART = 3 % of
    the orders are "partially_refunded" with 15-50 % of the total refunded (the engine deducts it);
  - business buyers: B2B_CUSTOMERS = 8 customers with at least three orders get a company
    address; each of their orders is a bulk order (8-20 times its value) with probability
    B2B_BULK = 0.5 (the page's "big orders");
  - a customer now and then types their e-mail with capitals (the engine lower-cases it);
  - order ids (#10001 upwards in time order), local date and time to the minute (evening peak).

Columns: order_id, customer_email, created_at, total, financial_status, refunded_amount,
channel, product_group, accepts_marketing.
"""
import csv
import datetime
import math
import random

SEED = 20250101
CUSTOMERS = 3000
START = datetime.date(2023, 1, 1)
END = datetime.date(2025, 12, 31)
GROWTH = 2.0
R, ALPHA = 0.6, 8.0  # purchase rate per week ~ Gamma(r, alpha)
A, B = 1.2, 2.3  # dropout probability ~ Beta(a, b)
P, Q, GAMMA = 9.0, 10.0, 60.0  # Gamma-Gamma spend
MIN_ORDER = 4.90
REFUND_FULL = 0.025
REFUND_PART = 0.03
B2B_CUSTOMERS = 8
B2B_BULK = 0.5
CHANNELS = [
    ("Organic search", 0.30, 0.0),
    ("Google Ads", 0.25, -0.8),
    ("Instagram", 0.20, -1.2),
    ("Newsletter", 0.12, 1.5),
    ("Referral", 0.13, 0.8),
]
GROUPS = [
    ("Coffee beans", 0.40, 1.5),
    ("Tea", 0.20, 0.6),
    ("Brewing gear", 0.15, -0.5),
    ("Gift boxes", 0.15, -2.0),
    ("Accessories", 0.10, -0.5),
]
FIRST_NAMES = [
    "anna", "janis", "olga", "piotr", "mei", "liam", "sofia", "marta", "ivan", "chen", "laura",
    "tomas", "elena", "jakub", "yu", "emma", "karlis", "nina", "adam", "lin", "ilze", "kasia",
    "dmitri", "hana", "oskar", "zofia", "wei", "maris", "agnese", "pavel", "ting", "lukas",
]
DOMAINS = ["example.com", "mail.example.org", "post.example.net", "inbox.example.lv"]
COMPANIES = ["cafe-nord", "office-brew", "hotel-riga", "cowork-hub", "bistro-aura", "studio-kafija",
             "biuro-wisla", "tea-house-taipei"]
HOURS = [(h, w) for h, w in zip(range(7, 24), [1, 2, 3, 3, 3, 4, 4, 3, 3, 3, 4, 5, 6, 7, 7, 5, 3])]

rng = random.Random(SEED)
span_days = (END - START).days


def weighted(items, weights):
    x = rng.random() * sum(weights)
    for item, w in zip(items, weights):
        x -= w
        if x <= 0:
            return item
    return items[-1]


def tilted(table, u):
    """A name from (name, share, tilt) rows, P proportional to share * exp(tilt * (2u - 1))."""
    return weighted([n for n, _, _ in table], [s * math.exp(k * (2 * u - 1)) for _, s, k in table])


def first_day():
    """A first-purchase day; density rising linearly from 1 to GROWTH over the span."""
    g = GROWTH - 1
    x = rng.random()
    frac = x if g == 0 else (math.sqrt(1 + g * (2 + g) * x) - 1) / g
    return START + datetime.timedelta(days=min(span_days, int(frac * (span_days + 1))))


def order_value(nu):
    return max(MIN_ORDER, round(rng.gammavariate(P, 1 / nu), 2))


def at_time(day):
    hour = weighted([h for h, _ in HOURS], [w for _, w in HOURS])
    return datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60)))


# 1. Customers from the models: purchase days, spend, rate and dropout.
customers = []
for i in range(CUSTOMERS):
    lam = rng.gammavariate(R, 1 / ALPHA)
    p = rng.betavariate(A, B)
    nu = rng.gammavariate(Q, 1 / GAMMA)
    day = first_day()
    days = [day]
    t = 0.0  # weeks since the first purchase
    while rng.random() >= p:  # still active after this purchase
        t += rng.expovariate(lam) if lam > 0 else math.inf
        if t * 7 >= (END - day).days + 1:
            break
        days.append(day + datetime.timedelta(days=int(t * 7)))
    customers.append({"lam": lam, "p": p, "nu": nu, "days": days})

# 2. Quality rank u, then channel, favourite group and consent.
order = sorted(range(CUSTOMERS), key=lambda i: customers[i]["lam"] * (1 - customers[i]["p"]) / customers[i]["p"])
for rank, i in enumerate(order):
    c = customers[i]
    u = (rank + 0.5) / CUSTOMERS
    c["channel"] = tilted(CHANNELS, u)
    c["favourite"] = tilted(GROUPS, u)
    c["marketing"] = "yes" if rng.random() < 1 / (1 + math.exp(-(2.5 * u - 1.0))) else "no"

# 3. E-mails (unique), business buyers.
for i, c in enumerate(customers):
    c["email"] = f"{rng.choice(FIRST_NAMES)}.{rng.randrange(10, 100)}{i:04d}@{rng.choice(DOMAINS)}"
    c["b2b"] = False
repeaters = [i for i, c in enumerate(customers) if len(c["days"]) >= 3]
for company, i in zip(COMPANIES, rng.sample(repeaters, B2B_CUSTOMERS)):
    customers[i]["b2b"] = True
    customers[i]["email"] = f"orders@{company}.example.com"

# 4. Orders.
rows = []  # (datetime, email, total, status, refunded, channel, group, marketing)
names = [n for n, _, _ in GROUPS]
shares = [s for _, s, _ in GROUPS]
for c in customers:
    for k, day in enumerate(c["days"]):
        stay = 0.7 if k == 0 else 0.75
        group = c["favourite"] if rng.random() < stay else weighted(names, shares)
        total = order_value(c["nu"])
        if c["b2b"] and rng.random() < B2B_BULK:
            total = round(total * rng.uniform(8, 20), 2)
        status, refunded = "paid", 0.0
        if rng.random() < REFUND_PART:
            status, refunded = "partially_refunded", round(total * rng.uniform(0.15, 0.5), 2)
        email = c["email"].capitalize() if rng.random() < 0.01 else c["email"]
        rows.append([at_time(day), email, total, status, refunded, c["channel"], group, c["marketing"]])
        if rng.random() < REFUND_FULL:
            back = day + datetime.timedelta(days=rng.randrange(1, 31))
            if back <= END:
                amount = order_value(c["nu"])
                rows.append([at_time(back), c["email"], amount, "refunded", amount, c["channel"],
                             weighted(names, shares), c["marketing"]])

rows.sort(key=lambda r: (r[0], r[1]))
with open("public/sample-orders.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["order_id", "customer_email", "created_at", "total", "financial_status",
                "refunded_amount", "channel", "product_group", "accepts_marketing"])
    for n, (when, email, total, status, refunded, channel, group, marketing) in enumerate(rows):
        w.writerow([f"#{10001 + n}", email, when.strftime("%Y-%m-%d %H:%M"), f"{total:.2f}",
                    status, f"{refunded:.2f}", channel, group, marketing])
purchases = sum(len(c["days"]) for c in customers)
print(f"{CUSTOMERS} customers, {purchases} purchases, {len(rows)} rows")
