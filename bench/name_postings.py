#!/usr/bin/env python3
"""Pages a commit writes for the name search's postings, two ways (issue 22, docs/performance.md
"One name, or many"). Not part of `make bench`; a few seconds; needs only python3's sqlite3.

A scratch SQLite database (WAL, no checkpoint) gets PREFILL dossiers' applicant names, then COMMITS
commits of PER intakes each; every applicant is a random surname, middle and given name. It prints
the WAL pages written per commit and the process's CPU per intake, for:
  words  the postings table as it is (migration 0039): one row per word, (word, dossier_id) its
         key, WITHOUT ROWID, with the whole name's search key;
  fts    an FTS5 table without content (content='', detail=none, columnsize=0), the name's search
         key as its one column, the dossier's id as its rowid; it keeps a transaction's postings
         in memory and writes them as one segment at the commit;
  fts/1  the same, each intake in a savepoint of its own: FTS5 writes its postings out at every
         savepoint, and so at every statement journal that SQLite opens for another table's
         statement in the same transaction (a multi-row INSERT, one that may fail half-way), so
         that in the server's transaction of ~8 intakes this is the likelier figure;
  behind/N  the postings table written behind intake (migration 0049, what the server does since
         2026-12-06 with N = 256): no posting with an intake, and every Nth dossier writes the
         postings of the N since the last batch, sorted by word, in its commit.

usage: bench/name_postings.py [EXTRA_GIVEN_NAMES] [PREFILL] [COMMITS] [PER]   (0 50000 300 8)
EXTRA_GIVEN_NAMES adds that many given names to the 36 below (a city has many more)."""
import os
import random
import sqlite3
import sys
import tempfile
import time

SURNAMES = ["nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui",
            "do", "ho", "ngo", "duong", "ly"]
MIDDLES = ["van", "thi", "duc", "minh", "thu", "ngoc", "huu", "quang", "thanh", "kim", "xuan",
           "hoai"]
GIVENS = ["an", "binh", "chi", "dung", "giang", "ha", "hang", "hai", "hieu", "hoa", "hung", "huong",
          "khanh", "lan", "linh", "long", "mai", "nam", "nga", "phong", "phuc", "quan", "son", "tam",
          "thao", "trang", "trung", "tuan", "viet", "yen", "vy", "tung", "thang", "tien", "toan",
          "uyen"]
FRAME = 4096 + 24  # a WAL frame: its header and a 4 KiB page


def run(kind, givens, prefill, commits, per, directory):
    rng = random.Random(7)  # the same names for every kind
    each = kind.endswith("/1")
    path = os.path.join(directory, kind.replace("/", "-") + ".db")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("PRAGMA synchronous=OFF")  # pages counted, not the disk's time
    if kind == "words" or kind.startswith("behind/"):
        con.execute("CREATE TABLE w (word TEXT NOT NULL, dossier_id INTEGER NOT NULL, "
                    "name_key TEXT NOT NULL, PRIMARY KEY (word, dossier_id)) STRICT, WITHOUT ROWID")
        batch = int(kind.split("/")[1]) if kind.startswith("behind/") else 1
        pending = []

        def add(i, words):
            key = " " + " ".join(words) + " "
            pending.extend((w, i, key) for w in dict.fromkeys(words))
            if i % batch == 0:
                con.executemany("INSERT INTO w VALUES (?, ?, ?)", sorted(pending))
                pending.clear()
    else:
        con.execute("CREATE VIRTUAL TABLE f USING fts5(k, content='', detail=none, columnsize=0)")

        def add(i, words):
            con.execute("INSERT INTO f (rowid, k) VALUES (?, ?)", (i, " ".join(words)))

    def name():
        return (rng.choice(SURNAMES), rng.choice(MIDDLES), rng.choice(givens))

    con.execute("BEGIN")
    for i in range(1, prefill + 1):
        add(i, name())
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    i = prefill
    t0 = time.process_time()
    for _ in range(commits):
        con.execute("BEGIN")
        for _ in range(per):
            i += 1
            if each:
                con.execute("SAVEPOINT intake")
            add(i, name())
            if each:
                con.execute("RELEASE intake")
        con.execute("COMMIT")
    cpu = time.process_time() - t0
    pages = (os.path.getsize(path + "-wal") - 32) / FRAME
    con.close()
    return pages / commits, cpu / (commits * per) * 1e6


def main():
    args = [int(a) for a in sys.argv[1:]]
    extra, prefill, commits, per = (args + [0, 50000, 300, 8][len(args):])[:4]
    givens = GIVENS + ["g%04d" % k for k in range(extra)]
    print("sqlite %s, %d given names, %d dossiers before, %d commits of %d intakes"
          % (sqlite3.sqlite_version, len(givens), prefill, commits, per))
    with tempfile.TemporaryDirectory() as directory:
        for kind in ("words", "fts", "fts/1", "behind/64", "behind/128", "behind/256", "behind/512"):
            pages, us = run(kind, givens, prefill, commits, per, directory)
            print("%-10s %5.1f WAL pages per commit  %5.1f us CPU per intake (python's too)"
                  % (kind, pages, us))


if __name__ == "__main__":
    main()
