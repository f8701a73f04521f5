"""Writes a generated per-customer summary (customer_id, frequency, recency, T, monetary_value in
days, two years of history) of N customers, for the `clv score` benchmark (BENCHMARKS.md):

    python3 tests/warehouse/make_summary.py 10000000 target/summary-10m.csv

Deterministic (seeded); about 36 bytes a customer.
"""

import random
import sys


def main():
    n, path = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(7)
    with open(path, "w") as out:
        out.write("customer_id,frequency,recency,T,monetary_value\n")
        buf = []
        for i in range(n):
            t = rng.randrange(1, 731)
            x = min(int(rng.expovariate(0.7)), 60)
            recency = rng.randrange(0, t + 1) if x > 0 else 0
            x = min(x, recency)
            m = round(rng.uniform(5, 300), 2) if x > 0 else 0
            buf.append(f"c{i},{x},{recency},{t},{m}\n")
            if len(buf) >= 100_000:
                out.write("".join(buf))
                buf = []
        out.write("".join(buf))


if __name__ == "__main__":
    main()
