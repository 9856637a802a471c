#!/usr/bin/env python3
"""Markdown tables from criterion's results: the median time per case for tower-cors,
tower-http and the bare service, and the ratios.

    python3 benches/criterion_table.py [CRITERION_DIR]   # default: target/criterion
"""
import json
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")
CONTENDERS = ("tower-cors", "tower-http", "bare")


def median_ns(case_dir, contender):
    path = os.path.join(case_dir, contender, "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    except FileNotFoundError:
        return None


def fmt(ns):
    if ns is None:
        return "–"
    return f"{ns / 1000:.2f} µs" if ns >= 1_000 else f"{ns:.0f} ns"


cases = []
for dirpath, dirnames, _ in os.walk(root):
    if all(c in dirnames for c in CONTENDERS):
        rel = os.path.relpath(dirpath, root)
        cases.append((rel, [median_ns(dirpath, c) for c in CONTENDERS]))
# Criterion replaces "/" in group names with "_": sort the parts in the matrix's order.
ORDER = ["routed", "actual", "preflight", "hostile", "patterns", "cloned", "one", "two-253", "100",
         "1000", "10000", "any", "subdomain", "regex", "1024-commas", "1MiB-commas",
         "allowed", "refused", "no-origin"]


def key(case):
    return [ORDER.index(p) if p in ORDER else len(ORDER) for p in case[0].split("_")]


cases.sort(key=key)
print("| case | tower-cors | tower-http | bare | tower-http / tower-cors | tower-cors / bare |")
print("|---|---:|---:|---:|---:|---:|")
for name, (tc, th, bare) in cases:
    r1 = f"{th / tc:.2f}x" if tc and th else "–"
    r2 = f"{tc / bare:.2f}x" if tc and bare else "–"
    print(f"| {name} | {fmt(tc)} | {fmt(th)} | {fmt(bare)} | {r1} | {r2} |")
