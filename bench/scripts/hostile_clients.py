"""Holds hostile connections against a server until killed: IDLE keep-alive connections that made one request, and
DRIBBLERS slots that send request-head bytes one a second and reconnect whenever the server cuts them.

Writes READY_FILE once everything is open; on SIGTERM prints what it saw (connections cut, 408s, idle still open).
Usage: hostile_clients.py HOST PORT DRIBBLERS IDLE READY_FILE
"""
import random, resource, selectors, signal, socket, sys, time

host, port, dribblers, idle, ready_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 2 * (dribblers + idle) + 1000), hard))
HEAD = f"GET /plaintext HTTP/1.1\r\nHost: {host}\r\nX-Slow: ".encode()
stop = False


def on_term(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)

held = []
for _ in range(idle):
    s = socket.create_connection((host, port), timeout=10)
    s.sendall(f"GET /plaintext HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    data = b""
    while b"Hello, World!" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.setblocking(False)
    held.append(s)

sel = selectors.DefaultSelector()
slots = {}  # socket -> [bytes sent, next send time]
stats = {"cut": 0, "got408": 0, "opened": 0}


def open_dribbler():
    s = socket.create_connection((host, port), timeout=10)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
    slots[s] = [0, time.monotonic() + random.random()]
    stats["opened"] += 1


for _ in range(dribblers):
    open_dribbler()
with open(ready_file, "w") as f:
    f.write("ready\n")

while not stop:
    for key, _ in sel.select(timeout=0.05):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        if data.startswith(b"HTTP/1.1 408"):
            stats["got408"] += 1
        sel.unregister(s)
        s.close()
        del slots[s]
        stats["cut"] += 1
        open_dribbler()
    now = time.monotonic()
    for s, slot in list(slots.items()):
        if now >= slot[1]:
            try:
                s.send(HEAD[min(slot[0], len(HEAD) - 1):][:1])
            except OSError:
                pass
            slot[0] += 1
            slot[1] = now + 1.0

still_open = 0
for s in held:
    try:
        if s.recv(1) == b"":
            continue
    except BlockingIOError:
        still_open += 1
    except OSError:
        pass
    s.close()
for s in slots:
    s.close()
print(f"hostile: dribbler connections opened={stats['opened']} cut_by_server={stats['cut']} got_408={stats['got408']}; "
      f"idle held={len(held)} still_open={still_open}")
