#!/usr/bin/env python3
"""Writes public/sample-orders.csv: a made-up small shop's order export (a few hundred orders)
with the shape real exports have: order ids, e-mails, local datetimes, totals, a channel.
Seeded, so the file is the same every run. Run: python3 scripts/make_sample.py"""
import csv, datetime, math, random

rng = random.Random(20240501)
channels = [("Organic search", 0.35), ("Instagram", 0.25), ("Newsletter", 0.15), ("Google Ads", 0.25)]
first = ["anna", "janis", "olga", "piotr", "mei", "liam", "sofia", "marta", "ivan", "chen", "laura",
         "tomas", "elena", "jakub", "yu", "emma", "karlis", "nina", "adam", "lin"]
domains = ["example.com", "mail.example.org", "shop-mail.example.net"]
start = datetime.date(2023, 1, 1)
end = datetime.date(2024, 12, 31)
span = (end - start).days

def pick_channel():
    x = rng.random()
    for name, p in channels:
        x -= p
        if x <= 0:
            return name
    return channels[-1][0]

rows = []
order_no = 1000
for i in range(160):
    email = f"{rng.choice(first)}.{i + 1}@{rng.choice(domains)}"
    channel = pick_channel()
    joined = start + datetime.timedelta(days=int(rng.random() ** 1.3 * span))
    # Buying rate (orders a year) and dropout as in a BG/NBD world: some buy once, some stay.
    rate = rng.gammavariate(0.9, 3.0)
    spend = math.exp(rng.gauss(math.log(45), 0.55))
    day = joined
    while day <= end:
        amount = round(max(4.9, rng.gauss(spend, spend * 0.25)), 2)
        order_no += 1
        when = datetime.datetime.combine(day, datetime.time(rng.randrange(8, 23), rng.randrange(60)))
        rows.append((f"#{order_no}", email, when.strftime("%Y-%m-%d %H:%M"), f"{amount:.2f}", channel))
        if rng.random() < 0.3:  # drops out after this order
            break
        gap = rng.expovariate(rate / 365.0) if rate > 0 else span
        day = day + datetime.timedelta(days=max(1, int(gap)))

rows.sort(key=lambda r: r[2])
with open("public/sample-orders.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["order_id", "customer_email", "order_date", "total", "channel"])
    w.writerows(rows)
print(len(rows), "orders")
