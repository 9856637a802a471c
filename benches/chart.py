#!/usr/bin/env python3
"""The chart of BENCHMARKS.md: instructions a layer adds to an allowed request (layer minus no
layer) against the size of the allowlist, for tower-cors and tower-http, from the table
benches/instructions.sh writes. Prints an SVG (log-scaled axes).

    python3 benches/chart.py target/bench-results/instructions.md > docs/overhead.svg
"""
import math
import re
import sys

rows = {}
for line in open(sys.argv[1] if len(sys.argv) > 1 else "target/instructions.md"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) >= 4 and all(re.fullmatch(r"\d+", c) for c in cells[1:4]):
        rows[cells[0]] = [int(c) for c in cells[1:4]]  # tower-cors, tower-http, bare

sizes = [("one", 1), ("100", 100), ("1000", 1000), ("10000", 10000)]
series = {"tower-cors": [], "tower-http": []}
for question in ("actual", "preflight"):
    for name, n in sizes:
        row = rows.get(f"{question}/{name}/allowed")
        if row is None:
            sys.exit(f"no row {question}/{name}/allowed in the table")
        tc, th, bare = row
        series["tower-cors"].append((question, n, tc - bare))
        series["tower-http"].append((question, n, th - bare))

W, H, L, R, T, B = 640, 360, 70, 150, 30, 50
ymax = max(v for s in series.values() for (_, _, v) in s)
ymin = max(1, min(v for s in series.values() for (_, _, v) in s))
ylo, yhi = 10 ** math.floor(math.log10(ymin)), 10 ** math.ceil(math.log10(ymax))


def x(n):
    return L + (W - L - R) * math.log10(n) / 4


def y(v):
    v = max(v, ylo)
    return T + (H - T - B) * (1 - (math.log10(v) - math.log10(ylo)) / (math.log10(yhi) - math.log10(ylo)))


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">']
out.append(f'<text x="{L}" y="18" font-size="14">Instructions added to an allowed request, by allowlist size</text>')
decade = ylo
while decade <= yhi:
    out.append(f'<line x1="{L}" x2="{W - R}" y1="{y(decade):.1f}" y2="{y(decade):.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{L - 6}" y="{y(decade) + 4:.1f}" text-anchor="end">{decade:,}</text>')
    decade *= 10
for _, n in sizes:
    out.append(f'<text x="{x(n):.1f}" y="{H - B + 18}" text-anchor="middle">{n:,}</text>')
out.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">origins listed</text>')
colors = {"tower-cors": "#1a7f37", "tower-http": "#b35900"}
legend = T + 10
for who, points in series.items():
    for question, dash in (("actual", ""), ("preflight", ' stroke-dasharray="5,4"')):
        pts = [(x(n), y(v)) for (q, n, v) in points if q == question]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colors[who]}" stroke-width="2"{dash}/>')
        for px, py in pts:
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colors[who]}"/>')
        out.append(f'<line x1="{W - R + 10}" x2="{W - R + 34}" y1="{legend}" y2="{legend}" stroke="{colors[who]}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{W - R + 40}" y="{legend + 4}">{who}, {question}</text>')
        legend += 18
out.append("</svg>")
print("\n".join(out))
