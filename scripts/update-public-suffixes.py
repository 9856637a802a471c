#!/usr/bin/env python3
"""Refreshes src/origins/public_suffixes.txt, the public-suffix rules `build()` reads.

    python3 scripts/update-public-suffixes.py

Takes the Public Suffix List as the PyPI package `publicsuffixlist` ships it (updated by its
maintainers from publicsuffix.org), writes each rule on a line in ASCII (Unicode labels in
their `xn--` form, as configured origins are written), and keeps the list's licence notice.
"""
import io, os, subprocess, sys, tempfile, zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "origins", "public_suffixes.txt")

def ace(label):
    if label.isascii():
        return label
    return "xn--" + label.encode("punycode").decode("ascii")

def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "-d", tmp, "publicsuffixlist"], check=True)
        wheel = next(f for f in os.listdir(tmp) if f.endswith(".whl"))
        with zipfile.ZipFile(os.path.join(tmp, wheel)) as z:
            text = z.read("publicsuffixlist/public_suffix_list.dat").decode("utf-8")
    rules = []
    for line in io.StringIO(text):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        rule = line.split()[0]
        prefix = "!" if rule.startswith("!") else ""
        rule = rule.lstrip("!")
        rules.append(prefix + ".".join(ace(l) if l != "*" else l for l in rule.split(".")).lower())
    version = wheel.split("-")[1]
    with open(OUT, "w", encoding="ascii") as f:
        f.write("# The Public Suffix List (https://publicsuffix.org), ICANN and private sections,\n")
        f.write(f"# from the PyPI package publicsuffixlist {version}; Unicode labels in xn-- form.\n")
        f.write("# This Source Code Form is subject to the terms of the Mozilla Public License,\n")
        f.write("# v. 2.0. If a copy of the MPL was not distributed with this file, You can obtain\n")
        f.write("# one at https://mozilla.org/MPL/2.0/.\n")
        for rule in rules:
            f.write(rule + "\n")
    print(f"{len(rules)} rules from publicsuffixlist {version} -> {os.path.normpath(OUT)}")

main()
