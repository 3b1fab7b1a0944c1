#!/usr/bin/env python3
"""Check conversations-*.jsonl and chat-*.jsonl against the corpus.

Usage: python3 eval/sets/check_chat.py   (from any directory)

Checks: JSON parses; ids unique across the four files and carry the right prefix;
kinds/types are known; conversations have 2-4 turns; every doc exists; every gold line
exists; every expected span is a verbatim substring of the concatenated gold lines of
its turn/item; answerable=false items have no expected/goldLines; follow-up turns carry
1-3 interpretedAs strings; summary spans are 2-4 and <= 15 chars; why spans 1-2.
Prints counts per kind/type and split. Exit status 1 on any error.
"""
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, '..', '..', 'corpus'))

CONV_KINDS = ['period', 'metric', 'place', 'aspect', 'report-fact', 'refusal', 'reset', 'mixed']
CHAT_TYPES = ['summary', 'why', 'report-fact']
FILES = [
    ('conversations-tuning.jsonl', 'conv', 'ct'),
    ('conversations-heldout.jsonl', 'conv', 'ch'),
    ('chat-tuning.jsonl', 'chat', 'st'),
    ('chat-heldout.jsonl', 'chat', 'sh'),
]

_docs = {}


def doc_lines(doc):
    if doc not in _docs:
        p = os.path.join(CORPUS, doc + '.txt')
        if not os.path.exists(p):
            _docs[doc] = None
        else:
            with open(p, encoding='utf-8') as f:
                _docs[doc] = f.read().split('\n')
    return _docs[doc]


errors = []


def err(where, msg):
    errors.append('%s: %s' % (where, msg))


def check_spans(where, docs, answerable, expected, gold):
    if not isinstance(expected, list) or not isinstance(gold, list):
        err(where, 'expected/goldLines must be lists')
        return
    if not isinstance(docs, list):
        err(where, 'docs must be a list')
        docs = []
    for d in docs:
        if doc_lines(d) is None:
            err(where, 'unknown doc %r' % d)
    if not answerable:
        if expected or gold:
            err(where, 'answerable=false must have expected [] and goldLines []')
        return
    if not expected or not gold:
        err(where, 'answerable item needs expected and goldLines')
        return
    texts = []
    for g in gold:
        d, n = g.get('doc'), g.get('line')
        lines = doc_lines(d)
        if lines is None:
            err(where, 'gold doc %r unknown' % d)
            continue
        if d not in docs:
            err(where, 'gold doc %r not in docs %r' % (d, docs))
        if not isinstance(n, int) or n < 1 or n > len(lines):
            err(where, 'gold line %r out of range for %s' % (n, d))
            continue
        texts.append(lines[n - 1])
    cat = '\n'.join(texts)
    for s in expected:
        if not isinstance(s, str) or not s:
            err(where, 'empty/non-string expected span')
        elif s not in cat:
            err(where, 'span not in gold lines: %r' % s)


def main():
    ids = set()
    conv_counts = Counter()
    conv_doc_counts = Counter()
    turn_counts = Counter()
    chat_counts = Counter()
    chat_extra = Counter()
    questions = {}
    for fn, what, prefix in FILES:
        split = 'tuning' if prefix.endswith('t') else 'heldout'
        path = os.path.join(HERE, fn)
        if not os.path.exists(path):
            err(fn, 'missing file')
            continue
        with open(path, encoding='utf-8') as f:
            for ln, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                where = '%s:%d' % (fn, ln)
                try:
                    r = json.loads(raw)
                except ValueError as e:
                    err(where, 'bad JSON: %s' % e)
                    continue
                rid = r.get('id')
                where = '%s:%s' % (fn, rid)
                if rid in ids:
                    err(where, 'duplicate id')
                ids.add(rid)
                if not isinstance(rid, str) or not rid.startswith(prefix) or not rid[len(prefix):].isdigit():
                    err(where, 'id must be %sNN' % prefix)
                if what == 'conv':
                    kind = r.get('kind')
                    if kind not in CONV_KINDS:
                        err(where, 'unknown kind %r' % kind)
                    turns = r.get('turns') or []
                    if not 2 <= len(turns) <= 4:
                        err(where, 'needs 2-4 turns, has %d' % len(turns))
                    conv_counts[(kind, split)] += 1
                    main_docs = set()
                    for i, t in enumerate(turns):
                        tw = '%s turn %d' % (where, i + 1)
                        for k in ('q', 'docs', 'answerable', 'expected', 'goldLines'):
                            if k not in t:
                                err(tw, 'missing %s' % k)
                        if not isinstance(t.get('answerable'), bool):
                            err(tw, 'answerable must be true/false')
                        check_spans(tw, t.get('docs', []), t.get('answerable', True),
                                    t.get('expected', []), t.get('goldLines', []))
                        main_docs.update(t.get('docs', []))
                        ia = t.get('interpretedAs')
                        if i > 0:
                            if not isinstance(ia, list) or not 1 <= len(ia) <= 3 or not all(isinstance(x, str) and x for x in ia):
                                err(tw, 'follow-up turn needs 1-3 interpretedAs strings')
                        turn_counts[(split, 'answerable' if t.get('answerable') else 'unanswerable')] += 1
                        q = t.get('q', '')
                        if i == 0:
                            if q in questions and questions[q] != split:
                                err(tw, 'first question also appears in the other split: %r' % q)
                            questions.setdefault(q, split)
                    conv_doc_counts[(split, 'liubei' if main_docs <= {'liubei-2023'} else 'provincial')] += 1
                else:
                    typ = r.get('type')
                    if typ not in CHAT_TYPES:
                        err(where, 'unknown type %r' % typ)
                    if r.get('lang') not in ('zh', 'en'):
                        err(where, 'lang must be zh or en')
                    if not r.get('question'):
                        err(where, 'missing question')
                    q = r.get('question', '')
                    if q in questions and questions[q] != split:
                        err(where, 'question also appears in the other split: %r' % q)
                    questions.setdefault(q, split)
                    answerable = r.get('answerable', True)
                    exp = r.get('expected', [])
                    check_spans(where, r.get('docs', []), answerable, exp, r.get('goldLines', []))
                    if typ == 'summary':
                        if not 2 <= len(exp) <= 4:
                            err(where, 'summary needs 2-4 expected spans')
                        for s in exp:
                            if len(s) > 15:
                                err(where, 'summary span longer than 15 chars: %r' % s)
                        if not answerable:
                            err(where, 'summary items are answerable')
                    if typ == 'why' and answerable and not 1 <= len(exp) <= 2:
                        err(where, 'why needs 1-2 expected spans')
                    chat_counts[(typ, split)] += 1
                    if typ == 'why' and not answerable:
                        chat_extra[('why answerable=false', split)] += 1
                    if r.get('lang') == 'en':
                        chat_extra[('lang=en', split)] += 1
                    chat_extra[(('liubei-2023' if r.get('docs') == ['liubei-2023'] else 'provincial'), split)] += 1

    def table(title, rows, counts):
        print('\n| %s | tuning | heldout | total |' % title)
        print('|---|---|---|---|')
        tt = th = 0
        for k in rows:
            a, b = counts[(k, 'tuning')], counts[(k, 'heldout')]
            tt += a
            th += b
            print('| %s | %d | %d | %d |' % (k, a, b, a + b))
        print('| **all** | %d | %d | %d |' % (tt, th, tt + th))

    table('conversation kind', CONV_KINDS, conv_counts)
    print()
    for k in ('liubei', 'provincial'):
        a, b = conv_doc_counts[('tuning', k)], conv_doc_counts[('heldout', k)]
        print('conversations on %s: tuning %d, heldout %d' % (k, a, b))
    for k in ('answerable', 'unanswerable'):
        a, b = turn_counts[('tuning', k)], turn_counts[('heldout', k)]
        print('turns %s: tuning %d, heldout %d' % (k, a, b))
    table('chat type', CHAT_TYPES, chat_counts)
    print()
    for k in ('why answerable=false', 'lang=en', 'liubei-2023', 'provincial'):
        a, b = chat_extra[(k, 'tuning')], chat_extra[(k, 'heldout')]
        print('chat %s: tuning %d, heldout %d' % (k, a, b))

    if errors:
        print('\nFAILED: %d error(s)' % len(errors))
        for e in errors:
            print('  ' + e)
        sys.exit(1)
    print('\nok: %d ids' % len(ids))


if __name__ == '__main__':
    main()
