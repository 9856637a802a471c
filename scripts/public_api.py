#!/usr/bin/env python3
"""Prints the public API of a crate, one item a line, sorted, from rustdoc's JSON output.

    cargo +nightly rustdoc -p tower-cors --lib --all-features -- -Z unstable-options --output-format json
    python3 scripts/public_api.py target/doc/tower_cors.json > api/tower-cors.txt

Each line names an item by the path a user writes (re-exports followed), with its kind and,
for functions and methods, its signature; fields of structs, variants of enums and the traits
a public type implements (besides auto and blanket impls) are listed too. `.ci/run` compares
the output with the snapshot in `api/`: a change to the public API must update the snapshot in
the same commit.
"""
import json
import sys

AUTO_TRAITS = {"Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe", "Freeze"}

# Each public item's id and the shortest path a user writes for it, so that a type in a
# signature is named as users name it, not by the private module that defines it.
PUBLIC_PATHS = {}


def render(t):
    """A type as Rust writes it (close enough to tell two signatures apart)."""
    if t is None:
        return "()"
    if isinstance(t, str):
        return t
    (kind, v), = t.items()
    if kind == "resolved_path":
        return PUBLIC_PATHS.get(v.get("id"), v["path"]) + args(v.get("args"))
    if kind in ("primitive", "generic"):
        return v
    if kind == "borrowed_ref":
        life = (v["lifetime"] + " ") if v.get("lifetime") else ""
        return "&" + life + ("mut " if v["is_mutable"] else "") + render(v["type"])
    if kind == "raw_pointer":
        return "*" + ("mut " if v["is_mutable"] else "const ") + render(v["type"])
    if kind == "slice":
        return "[" + render(v) + "]"
    if kind == "array":
        return "[" + render(v["type"]) + "; " + str(v["len"]) + "]"
    if kind == "tuple":
        return "(" + ", ".join(render(x) for x in v) + ")"
    if kind == "impl_trait":
        return "impl " + " + ".join(bound(b) for b in v)
    if kind == "dyn_trait":
        return "dyn " + " + ".join(
            p["trait"]["path"] + args(p["trait"].get("args")) for p in v["traits"]
        )
    if kind == "qualified_path":
        trait = v.get("trait")
        base = render(v["self_type"])
        return f"<{base} as {trait['path']}>::{v['name']}" if trait else f"{base}::{v['name']}"
    if kind == "function_pointer":
        sig = v["sig"]
        ins = ", ".join(render(x[1]) for x in sig["inputs"])
        return f"fn({ins}) -> {render(sig['output'])}"
    return kind


def args(a):
    if not a:
        return ""
    if "angle_bracketed" in a:
        parts = []
        for x in a["angle_bracketed"]["args"]:
            (k, v), = x.items()
            parts.append(render(v) if k == "type" else (v if isinstance(v, str) else json.dumps(v)))
        for c in a["angle_bracketed"].get("constraints", []):
            binding = c.get("binding", {})
            if "equality" in binding:
                eq = binding["equality"]
                parts.append(f"{c['name']} = {render(eq.get('type'))}")
            else:
                parts.append(c["name"] + ": " + " + ".join(bound(b) for b in binding.get("constraint", [])))
        return "<" + ", ".join(parts) + ">" if parts else ""
    if "parenthesized" in a:
        p = a["parenthesized"]
        out = f" -> {render(p['output'])}" if p.get("output") else ""
        return "(" + ", ".join(render(x) for x in p["inputs"]) + ")" + out
    return ""


def bound(b):
    if "trait_bound" in b:
        tb = b["trait_bound"]
        prefix = "?" if tb.get("modifier") == "maybe" else ""
        return prefix + tb["trait"]["path"] + args(tb["trait"].get("args"))
    if "outlives" in b:
        return b["outlives"]
    return "use<..>"


def generics(g):
    params = []
    for p in g["params"]:
        kind = p["kind"]
        if "type" in kind and not kind["type"].get("is_synthetic"):
            bounds = " + ".join(bound(b) for b in kind["type"]["bounds"])
            params.append(p["name"] + (": " + bounds if bounds else ""))
        elif "lifetime" in kind:
            params.append(p["name"])
        elif "const" in kind:
            params.append("const " + p["name"] + ": " + render(kind["const"]["type"]))
    where = []
    for w in g["where_predicates"]:
        if "bound_predicate" in w:
            bp = w["bound_predicate"]
            where.append(render(bp["type"]) + ": " + " + ".join(bound(b) for b in bp["bounds"]))
    return ("<" + ", ".join(params) + ">" if params else ""), (" where " + ", ".join(where) if where else "")


def signature(name, f):
    params, where = generics(f["generics"])
    ins = []
    for arg_name, t in f["sig"]["inputs"]:
        ins.append("self" if arg_name == "self" else f"{arg_name}: {render(t)}")
    out = f" -> {render(f['sig']['output'])}" if f["sig"]["output"] else ""
    return f"fn {name}{params}({', '.join(ins)}){out}{where}"


def main():
    doc = json.load(open(sys.argv[1]))
    index = doc["index"]
    lines = set()

    def item(id_):
        return index.get(str(id_))

    def walk(module_id, prefix, seen):
        module = item(module_id)
        for child_id in module["inner"]["module"]["items"]:
            child = item(child_id)
            if child is None or child["visibility"] != "public":
                continue
            kind, inner = next(iter(child["inner"].items()))
            if kind == "use":
                target = item(inner["id"]) if inner.get("id") is not None else None
                if target is None:
                    lines.add(f"use {prefix}{inner['name']} = {inner['source']}")
                    continue
                if inner.get("is_glob"):
                    continue
                emit(target, prefix + inner["name"], seen)
            else:
                emit(child, prefix + (child["name"] or ""), seen)

    def emit(it, path, seen):
        known = PUBLIC_PATHS.get(it["id"])
        if known is None or len(path) < len(known):
            PUBLIC_PATHS[it["id"]] = path
        kind, inner = next(iter(it["inner"].items()))
        if kind == "module":
            if it["id"] in seen:
                return
            lines.add(f"mod {path}")
            walk(it["id"], path + "::", seen | {it["id"]})
        elif kind == "function":
            module, _, name = path.rpartition("::")
            lines.add("fn " + module + "::" + signature(name, inner)[len("fn "):])
        elif kind in ("struct", "enum", "trait", "type_alias", "constant", "static", "macro", "union"):
            params, where = generics(inner["generics"]) if "generics" in inner else ("", "")
            lines.add(f"{kind} {path}{params}{where}")
            if kind == "struct":
                fields = inner["kind"].get("plain", {}).get("fields", []) if isinstance(inner["kind"], dict) else []
                for fid in fields:
                    f = item(fid)
                    if f and f["visibility"] == "public":
                        lines.add(f"field {path}::{f['name']}: {render(f['inner']['struct_field'])}")
                if isinstance(inner["kind"], dict) and inner["kind"].get("plain", {}).get("has_stripped_fields"):
                    lines.add(f"field {path}::.. (private fields)")
            if kind == "enum":
                for vid in inner["variants"]:
                    v = item(vid)
                    lines.add(f"variant {path}::{v['name']}")
            if kind == "trait":
                for mid in inner["items"]:
                    m = item(mid)
                    mk, mi = next(iter(m["inner"].items()))
                    if mk == "function":
                        lines.add(f"trait-method {path}::{signature(m['name'], mi)}")
            for impl_id in inner.get("impls", []):
                impl = item(impl_id)
                if impl is None:
                    continue
                imp = impl["inner"]["impl"]
                if imp.get("is_synthetic") or imp.get("blanket_impl"):
                    continue
                trait = imp.get("trait")
                if trait:
                    if trait["path"] in AUTO_TRAITS:
                        continue
                    lines.add(f"impl {trait['path']}{args(trait.get('args'))} for {path}")
                    continue
                for mid in imp["items"]:
                    m = item(mid)
                    if m is None or m["visibility"] != "public":
                        continue
                    mk, mi = next(iter(m["inner"].items()))
                    if mk == "function":
                        lines.add(f"method {path}::{signature(m['name'], mi)}")
                    elif mk == "constant":
                        lines.add(f"const {path}::{m['name']}")

    root = item(doc["root"])
    # The first walk learns the public paths, the second renders with them.
    for _ in range(2):
        lines.clear()
        walk(root["id"], root["name"] + "::", {root["id"]})
    for line in sorted(lines):
        print(line)


main()
