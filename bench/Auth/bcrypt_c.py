"""python3-bcrypt (its C core) timed as bench/Auth/HashBench.cs times ours: one at a time, after one warm-up call.

Prints "bcrypt-c COST HASH_MS VERIFY_MS" per cost; run.sh divides ours by these. Run it with /usr/bin/python3 (Debian's
python3-bcrypt); the counts match HashBench.cs (hash 8/2, verify 16/4 at cost 10/12, times --rounds).
"""
import sys
import time

import bcrypt

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
password = b"violet-harbor-42"
for cost in (10, 12):
    hashes, verifies = (2, 4) if cost >= 12 else (8, 16)
    hashes, verifies = hashes * rounds, verifies * rounds
    stored = bcrypt.hashpw(password, bcrypt.gensalt(cost))
    start = time.perf_counter()
    for _ in range(hashes):
        bcrypt.hashpw(password, bcrypt.gensalt(cost))
    hash_ms = (time.perf_counter() - start) * 1000 / hashes
    bcrypt.checkpw(password, stored)
    start = time.perf_counter()
    for _ in range(verifies):
        if not bcrypt.checkpw(password, stored):
            raise SystemExit("the password did not verify")
    verify_ms = (time.perf_counter() - start) * 1000 / verifies
    print(f"bcrypt-c {cost} {hash_ms:.2f} {verify_ms:.2f}")
