#!/usr/bin/env python3
"""Overheads (layer minus bare) from an instruction table of benches/instructions.sh, set
against the floor's and tower-http's, and the cost of each further requested header name.

    python3 benches/overheads.py [target/instructions.md]
"""
import re
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "target/instructions.md"
rows = {}
for line in open(path):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) >= 5 and re.fullmatch(r"\d+", cells[1] or ""):
        rows[cells[0]] = dict(zip(["tc", "th", "bare", "floor"], map(int, cells[1:5])))


def overhead(r, who):
    return r[who] - r["bare"]


print("| case | tower-cors overhead | floor overhead | tower-cors / floor | within 1.15x |")
print("|---|---:|---:|---:|---|")
met = 0
for name, r in rows.items():
    tc, fl = overhead(r, "tc"), overhead(r, "floor")
    # Around the axum app a preflight never reaches it: the layer's cost is below the bare
    # app's, so overheads are negative; compare totals there.
    if fl <= 0:
        ratio = r["tc"] / r["floor"]
        note = "totals"
    else:
        ratio = tc / fl
        note = ""
    ok = ratio <= 1.15
    met += ok
    print(f"| {name} | {tc:+d} | {fl:+d} | {ratio:.2f}x{' (' + note + ')' if note else ''} | {'yes' if ok else 'no'} |")
print(f"\n{met} of {len(rows)} cases within 1.15x of the floor.\n")

print("| case | tower-http overhead / tower-cors overhead |")
print("|---|---:|")
for name, r in rows.items():
    if re.search(r"/(1000|10000)/", name):
        print(f"| {name} | {overhead(r, 'th') / overhead(r, 'tc'):.1f}x |")

print("\n| setting | policy | verdict | instructions per further name (1 to 8 names) |")
print("|---|---|---|---:|")
for name, r in rows.items():
    m = re.fullmatch(r"((?:axum/|routed/)?)headers/(\w+)/1/(\w+)", name)
    if m:
        eight = rows.get(name.replace("/1/", "/8/"))
        if eight:
            print(f"| {m.group(1) or 'direct'} | {m.group(2)} | {m.group(3)} | {(eight['tc'] - r['tc']) / 7:.0f} |")

one, many = rows.get("actual/one/allowed"), rows.get("actual/10000/allowed")
if one and many:
    print(f"\n10,000 origins against one (actual, allowed): total {many['tc'] / one['tc']:.3f}x, "
          f"overhead {overhead(many, 'tc') / overhead(one, 'tc'):.3f}x")
