"""Opens N keep-alive connections to a server, makes one request on each, and holds them open.

Prints the server's RSS before and after, and checks that a fresh request is still answered
while the connections are held. Runs in its own process so the server's file limit is its own.
Usage: idle_connections.py HOST PORT SERVER_PID COUNT
"""
import resource, socket, sys, time

host, port, pid, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 1000), hard))


def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


request = f"GET /plaintext HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()


def one_request(s):
    s.sendall(request)
    data = b""
    deadline = time.monotonic() + 10
    while b"Hello, World!" not in data and time.monotonic() < deadline:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.startswith(b"HTTP/1.1 200")


before = rss_kib()
held, failed = [], 0
for _ in range(count):
    try:
        s = socket.create_connection((host, port), timeout=10)
        if one_request(s):
            held.append(s)
        else:
            failed += 1
            s.close()
    except OSError:
        failed += 1
time.sleep(2)
after = rss_kib()
probe = socket.create_connection((host, port), timeout=10)
answered = one_request(probe)
probe.close()
still_open = 0
for s in held:
    try:
        s.setblocking(False)
        if s.recv(1) == b"":
            continue
    except BlockingIOError:
        still_open += 1
    except OSError:
        pass
for s in held:
    s.close()
print(f"held={len(held)} failed={failed} still_open={still_open} rss_before_mib={before/1024:.1f} "
      f"rss_after_mib={after/1024:.1f} extra_mib={(after-before)/1024:.1f} answered_while_held={answered}")
