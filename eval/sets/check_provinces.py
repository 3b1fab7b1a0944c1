#!/usr/bin/env python3
"""Check eval/sets/provinces-{tuning,heldout}.jsonl against corpus/*.txt.

Usage: python3 eval/sets/check_provinces.py   (exit status 1 on any error)

Line numbers are 1-based and count '\n'-separated lines, as `sed -n 'Np'` does.
"""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "corpus"))
FILES = [("tuning", "provinces-tuning.jsonl", "pt"), ("heldout", "provinces-heldout.jsonl", "ph")]

TYPES = ["figure", "target", "five-year", "fact", "paraphrase", "unanswerable", "compare", "claim"]
VERDICTS = ["supported", "contradicted", "partially_supported", "not_found"]
MISMATCHES = ["direction", "value", "unit", "period", "qualifier"]
REASONS = ["not_in_report", "out_of_scope_period", "other_place"]
FIELDS = {"id", "question", "type", "lang", "docs", "expected", "goldLines", "note", "verdict", "mismatch", "reason"}

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


_lines = {}


def corpus_lines(doc):
    if doc not in _lines:
        path = os.path.join(CORPUS, doc + ".txt")
        if not os.path.exists(path):
            _lines[doc] = None
        else:
            with open(path, encoding="utf-8") as f:
                _lines[doc] = f.read().split("\n")
    return _lines[doc]


def check_item(where, r):
    for k in ("id", "question", "type", "lang", "docs", "expected", "goldLines"):
        if k not in r:
            err(where, f"missing field {k}")
            return
    extra = set(r) - FIELDS
    if extra:
        err(where, f"unknown fields {sorted(extra)}")
    t = r["type"]
    if t not in TYPES:
        err(where, f"bad type {t!r}")
    if r["lang"] not in ("zh", "en"):
        err(where, f"bad lang {r['lang']!r}")
    if not isinstance(r["question"], str) or not r["question"].strip():
        err(where, "empty question")
    docs, exp, gl = r["docs"], r["expected"], r["goldLines"]
    if not isinstance(docs, list) or not isinstance(exp, list) or not isinstance(gl, list):
        err(where, "docs/expected/goldLines must be lists")
        return
    star = docs == ["*"]
    for d in docs:
        if d != "*" and corpus_lines(d) is None:
            err(where, f"unknown doc {d!r}")
    if "*" in docs and not star:
        err(where, 'docs may contain "*" only on its own')
    if len(set(docs)) != len(docs):
        err(where, "duplicate docs")

    # type-specific fields
    if t == "claim":
        v = r.get("verdict")
        if v not in VERDICTS:
            err(where, f"bad verdict {v!r}")
        if v == "contradicted":
            if r.get("mismatch") not in MISMATCHES:
                err(where, f"bad mismatch {r.get('mismatch')!r}")
        elif "mismatch" in r:
            err(where, "mismatch only for contradicted claims")
        if v == "not_found":
            if exp or gl:
                err(where, "not_found claims have expected [] and goldLines []")
        elif not exp or not gl:
            err(where, "claim needs expected and goldLines")
        if len(docs) != 1:
            err(where, "a claim names exactly one report")
    else:
        if "verdict" in r or "mismatch" in r:
            err(where, "verdict/mismatch only for claims")
    if t == "unanswerable":
        reason = r.get("reason")
        if reason not in REASONS:
            err(where, f"bad reason {reason!r}")
        if exp or gl:
            err(where, "unanswerable items have expected [] and goldLines []")
        if reason == "other_place" and docs:
            err(where, "other_place items have docs []")
        if reason in ("not_in_report", "out_of_scope_period") and len(docs) != 1:
            err(where, f"{reason} items name exactly one report")
    elif "reason" in r:
        err(where, "reason only for unanswerable items")
    if t in ("figure", "target", "five-year", "fact", "paraphrase"):
        if len(docs) != 1:
            err(where, f"{t} items name exactly one report")
        if not exp or not gl:
            err(where, f"{t} items need expected and goldLines")
    if t == "compare":
        if star:
            if not r.get("note"):
                err(where, "ranking questions need a note listing every report's value")
        else:
            if not 2 <= len(docs) <= 3:
                err(where, "compare items name 2-3 reports")
            if sorted({g.get("doc") for g in gl if isinstance(g, dict)}) != sorted(docs):
                err(where, "compare items need a gold line for every named report")
        if not exp or len(exp) != len(gl):
            err(where, "compare items: one expected span per gold line")

    # gold lines and spans
    cat = {}
    for g in gl:
        if not isinstance(g, dict) or set(g) != {"doc", "line"}:
            err(where, f"goldLines entries are {{doc,line}}: {g!r}")
            continue
        d, n = g["doc"], g["line"]
        if not star and d not in docs:
            err(where, f"gold doc {d!r} not in docs")
        L = corpus_lines(d)
        if L is None:
            err(where, f"gold doc {d!r} not in corpus")
            continue
        if not isinstance(n, int) or not 1 <= n <= len(L):
            err(where, f"line {n!r} out of range for {d} ({len(L)} lines)")
            continue
        cat.setdefault(d, []).append(L[n - 1])
    if gl:
        text = "\n".join("\n".join(v) for v in cat.values())
        for s in exp:
            if not isinstance(s, str) or not s:
                err(where, f"bad expected {s!r}")
            elif s not in text:
                err(where, f"expected {s!r} not in gold lines")


def main():
    ids = set()
    splits = {}
    for split, fn, prefix in FILES:
        path = os.path.join(HERE, fn)
        items = []
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f, 1):
                where = f"{fn}:{i}"
                if not line.strip():
                    err(where, "blank line")
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    err(where, f"bad JSON: {e}")
                    continue
                rid = r.get("id", "")
                if rid in ids:
                    err(where, f"duplicate id {rid}")
                ids.add(rid)
                if not (rid.startswith(prefix) and rid[len(prefix):].isdigit()):
                    err(where, f"id {rid!r} should be {prefix}NNN")
                check_item(f"{where} ({rid})", r)
                items.append(r)
        splits[split] = items

    # counts
    def key(r):
        if r["type"] == "claim":
            return r["type"] + "/" + r.get("verdict", "?") + ("/" + r["mismatch"] if r.get("mismatch") else "")
        if r["type"] == "unanswerable":
            return r["type"] + "/" + r.get("reason", "?")
        if r["type"] == "compare":
            return "compare/" + ("ranking" if r["docs"] == ["*"] else "places")
        return r["type"]

    tc = {s: collections.Counter(r["type"] for r in it) for s, it in splits.items()}
    kc = {s: collections.Counter(key(r) for r in it) for s, it in splits.items()}
    print(f"{'type':<34}{'tuning':>8}{'heldout':>9}{'total':>7}")
    for t in TYPES:
        a, b = tc["tuning"][t], tc["heldout"][t]
        print(f"{t:<34}{a:>8}{b:>9}{a + b:>7}")
    a, b = len(splits["tuning"]), len(splits["heldout"])
    print(f"{'all':<34}{a:>8}{b:>9}{a + b:>7}")
    for lang in ("en",):
        a = sum(r["lang"] == lang for r in splits["tuning"])
        b = sum(r["lang"] == lang for r in splits["heldout"])
        print(f"{'lang=' + lang:<34}{a:>8}{b:>9}{a + b:>7}")
    print()
    print(f"{'stratum':<34}{'tuning':>8}{'heldout':>9}{'total':>7}")
    for k in sorted(set(kc["tuning"]) | set(kc["heldout"])):
        a, b = kc["tuning"][k], kc["heldout"][k]
        print(f"{k:<34}{a:>8}{b:>9}{a + b:>7}")
        if k.startswith(("claim", "unanswerable", "compare")) or k in TYPES:
            if a == 0 or b == 0:
                err("split", f"{k} is missing from one split")
    for t in TYPES + ["lang=en"]:
        pass
    for s in ("tuning", "heldout"):
        if not any(r["lang"] == "en" for r in splits[s]):
            err("split", f"no English items in {s}")

    # per report (items whose docs name the report; compare items count for each named report)
    print()
    docs = sorted(f[:-4] for f in os.listdir(CORPUS) if f.endswith("-2026.txt"))
    rc = {s: collections.Counter() for s in splits}
    tcr = collections.defaultdict(collections.Counter)
    for s, it in splits.items():
        for r in it:
            for d in r["docs"]:
                rc[s][d] += 1
            if len(r["docs"]) == 1 and r["docs"] != ["*"]:
                k = r["type"] if r["type"] != "unanswerable" else "u:" + r.get("reason", "?")
                tcr[r["docs"][0]][k] += 1
    cols = ["figure", "target", "five-year", "fact", "paraphrase", "u:not_in_report", "claim"]
    print(f"{'report':<20}{'tuning':>7}{'heldout':>8}  " + " ".join(f"{c[:9]:>9}" for c in cols))
    for d in docs:
        a, b = rc["tuning"][d], rc["heldout"][d]
        print(f"{d:<20}{a:>7}{b:>8}  " + " ".join(f"{tcr[d][c]:>9}" for c in cols))
        if a == 0 or b == 0:
            err("split", f"{d} is missing from one split")
        need = {"figure": 2, "target": 2, "five-year": 1, "fact": 1, "paraphrase": 1, "u:not_in_report": 1}
        for c, n in need.items():
            if tcr[d][c] < n:
                err("coverage", f"{d} has {tcr[d][c]} {c} items (need {n})")
    a, b = rc["tuning"]["*"], rc["heldout"]["*"]
    print(f"{'* (ranking)':<20}{a:>7}{b:>8}")

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    print(f"\nok: {len(ids)} items")


if __name__ == "__main__":
    main()
