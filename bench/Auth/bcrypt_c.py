"""python3-bcrypt (its C core) timed as bench/Auth/HashBench.cs times ours: one at a time, after one warm-up call.

Prints "bcrypt-c COST HASH_MS VERIFY_MS MIN_HASH_MS MIN_VERIFY_MS" per cost (means, then the fastest single call); run.sh divides ours by these. Run it with /usr/bin/python3 (Debian's
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
    hash_times = []
    for _ in range(hashes):
        start = time.perf_counter()
        bcrypt.hashpw(password, bcrypt.gensalt(cost))
        hash_times.append((time.perf_counter() - start) * 1000)
    bcrypt.checkpw(password, stored)
    verify_times = []
    for _ in range(verifies):
        start = time.perf_counter()
        if not bcrypt.checkpw(password, stored):
            raise SystemExit("the password did not verify")
        verify_times.append((time.perf_counter() - start) * 1000)
    print(f"bcrypt-c {cost} {sum(hash_times) / hashes:.2f} {sum(verify_times) / verifies:.2f} {min(hash_times):.2f} {min(verify_times):.2f}")
