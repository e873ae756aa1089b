#!/usr/bin/env python3
"""Which indexes a SQLite plan reads (issue 22, docs/performance.md "Which indexes a plan reads").

Takes every SQL text compiled into the store's objects (the .rodata strings of
BUILD_DIR/CMakeFiles/motcua_core.dir/src/store/*.o that begin with SELECT, WITH, INSERT, UPDATE or
DELETE: every named statement and every variant of the lists), and the texts of any FILE given
with --more (one statement per block, blocks separated by a line holding only ';;'), plans each
with SQLite's EXPLAIN QUERY PLAN (parameters unbound, as the server's statements are planned once
for every value) over DATABASE, and prints for each index of the tables asked (all by default)
how many statements' plans read it. An index no plan reads costs every insert of its table and
serves nothing on SQLite, unless it enforces a UNIQUE constraint (marked "unique").

Texts that SQLite cannot plan are counted and, with --verbose, shown: the PostgreSQL backend's
own statements (pg_*), and the heads of the statements built at run time (store/dossier_store.c
rows_make, store/report_batch.c), which only insert.

usage: bench/index_audit.py DATABASE [--build DIR] [--more FILE] [--verbose] [TABLE ...]
e.g.   bench/index_audit.py bench/.cache/dossiers-100000/data/motcua.db dossiers audit_events
(a data set of bench/dossiers.sh: BENCH_PREPARE_ONLY=1 BENCH_ENGINES=sqlite BENCH_DOSSIERS_N=100000)
"""
import argparse
import collections
import glob
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

SQL_HEAD = re.compile(r'\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b')


def store_texts(build):
    objs = sorted(glob.glob(os.path.join(build, 'CMakeFiles/motcua_core.dir/src/store/*.o')))
    if not objs:
        sys.exit(f'index_audit: no store objects under {build} (build first: make bench)')
    texts = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'section')
        for o in objs:
            heads = subprocess.run(['objdump', '-h', o], capture_output=True, text=True,
                                   check=True).stdout
            for section in re.findall(r'\s(\.rodata[\w.]*)\s', heads):
                subprocess.run(['objcopy', '-O', 'binary', '--only-section=' + section, o, out],
                               check=True)
                with open(out, 'rb') as f:
                    for raw in f.read().split(b'\0'):
                        try:
                            t = raw.decode()
                        except UnicodeDecodeError:
                            continue
                        if SQL_HEAD.match(t):
                            texts.setdefault(t, os.path.basename(o).removesuffix('.c.o'))
    return texts


def main():
    ap = argparse.ArgumentParser(description='Which indexes a SQLite plan reads.')
    ap.add_argument('database')
    ap.add_argument('tables', nargs='*')
    ap.add_argument('--build', default=os.path.join(os.path.dirname(__file__), '..', 'build'))
    ap.add_argument('--more')
    ap.add_argument('--verbose', action='store_true')
    a = ap.parse_args()
    texts = store_texts(a.build)
    if a.more:
        with open(a.more) as f:
            for t in f.read().split('\n;;\n'):
                if t.strip():
                    texts.setdefault(t.strip(), os.path.basename(a.more))
    con = sqlite3.connect(f'file:{a.database}?mode=ro', uri=True)
    indexes = {name: (table, unique) for name, table, unique in con.execute(
        "SELECT il.name, m.name, il.\"unique\" FROM sqlite_schema m, pragma_index_list(m.name) il "
        "WHERE m.type = 'table'")}
    readers = collections.defaultdict(list)
    unplanned = []
    for text, origin in texts.items():
        sql = re.sub(r'\$(\d+)', r'?\1', text)
        nums = [int(n) for n in re.findall(r'\?(\d+)', sql)]
        try:
            plan = ' | '.join(r[3] for r in con.execute('EXPLAIN QUERY PLAN ' + sql,
                                                          [None] * (max(nums) if nums else 0)))
        except sqlite3.Error as e:
            unplanned.append((origin, str(e), text))
            continue
        for name in indexes:
            if re.search(r'\b' + re.escape(name) + r'\b', plan):
                readers[name].append(origin)
    print(f'{len(texts)} statement texts, {len(texts) - len(unplanned)} planned, '
          f'{len(unplanned)} not plannable by SQLite')
    if a.verbose:
        for origin, err, text in unplanned:
            print(f'  not planned ({origin}: {err}): {" ".join(text.split())[:100]}')
    print(f'{"plans":>5}  {"table":<24} index')
    for name, (table, unique) in sorted(indexes.items(), key=lambda x: (x[1][0], x[0])):
        if a.tables and table not in a.tables:
            continue
        n = len(readers[name])
        note = '  (unique)' if unique else ''
        if n == 0 and not unique:
            note = '  <- no plan reads it'
        print(f'{n:>5}  {table:<24} {name}{note}')


if __name__ == '__main__':
    main()
