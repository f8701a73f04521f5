"""Times `clv report` against Python's lifetimes on one order log; run by scripts/bench-peers.sh.

Each round runs, one after the other: `clv report FILE --format json` (the whole command: read,
every model with its predictions and ranges, CLV, the JSON written to /dev/null), lifetimes
reading the file with pandas, building the per-customer summary and fitting BG/NBD and
Gamma-Gamma (timed inside its own process, so Python's start and imports are not counted), and,
unless --no-pareto, lifetimes' Pareto/NBD on the same summary. Prints each round, then the
medians, the ratios and the peak resident memory of `clv` against the file's size.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

LIFETIMES = r"""
import sys, time, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter
from lifetimes.utils import summary_data_from_transaction_data

path, pareto = sys.argv[1], sys.argv[2] == "1"
t0 = time.perf_counter()
df = pd.read_csv(path, parse_dates=["date"])
# Days, then weeks as `clv` fits them (recency and T in days / 7, so the same distinct tuples).
s = summary_data_from_transaction_data(df, "customer", "date", monetary_value_col="amount", freq="D")
s["recency"] /= 7.0
s["T"] /= 7.0
BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
r = s[s["frequency"] > 0]
GammaGammaFitter().fit(r["frequency"], r["monetary_value"])
t1 = time.perf_counter()
t2 = t1
if pareto:
    ParetoNBDFitter().fit(s["frequency"], s["recency"], s["T"])
    t2 = time.perf_counter()
print(t1 - t0, t2 - t0)
"""


def run_clv(binary, path):
    """Wall seconds and peak resident memory (bytes) of one `clv report` run."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen([binary, "report", path, "--format", "json"], stdout=sink)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{binary} failed with status {status}")
    return wall, usage.ru_maxrss * 1024


def run_lifetimes(path, pareto):
    out = subprocess.run(
        [sys.executable, "-c", LIFETIMES, path, "1" if pareto else "0"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clv", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--base", help="another clv binary, timed in the same rounds")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pareto", action="store_true")
    args = parser.parse_args()
    size = os.path.getsize(args.file)
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print(f"file {args.file}: {size / 1e6:.1f} MB; cores {os.cpu_count()}; load average before {' '.join(load)}")
    clv, base, peaks, base_peaks, lt, lt_pareto = [], [], [], [], [], []
    for i in range(args.runs):
        wall, peak = run_clv(args.clv, args.file)
        clv.append(wall)
        peaks.append(peak)
        line = f"round {i + 1}: clv {wall:.2f} s ({peak / 1e6:.0f} MB)"
        if args.base:
            wall, peak = run_clv(args.base, args.file)
            base.append(wall)
            base_peaks.append(peak)
            line += f", base {wall:.2f} s ({peak / 1e6:.0f} MB)"
        bg, pareto = run_lifetimes(args.file, not args.no_pareto)
        lt.append(bg)
        line += f", lifetimes BG/NBD + Gamma-Gamma {bg:.2f} s"
        if not args.no_pareto:
            lt_pareto.append(pareto)
            line += f", + Pareto/NBD {pareto:.2f} s"
        print(line, flush=True)
    m = statistics.median
    print(f"median clv report: {m(clv):.3f} s, peak memory {max(peaks) / 1e6:.0f} MB = {max(peaks) / size:.1f}x the file")
    if base:
        print(f"median base: {m(base):.3f} s, peak memory {max(base_peaks) / 1e6:.0f} MB; clv is {m(base) / m(clv):.2f}x faster")
    print(f"median lifetimes read + summary + BG/NBD + Gamma-Gamma: {m(lt):.3f} s; ratio {m(lt) / m(clv):.2f}x")
    if lt_pareto:
        print(f"median lifetimes with Pareto/NBD too: {m(lt_pareto):.3f} s; ratio {m(lt_pareto) / m(clv):.1f}x")
    with open("/proc/loadavg") as f:
        print(f"load average after {' '.join(f.read().split()[:3])}")


if __name__ == "__main__":
    main()
