#!/usr/bin/env python3
"""Checks that two servers answer a path alike before bench/run.sh compares their CPU per request.

usage: compare_responses.py PORT_A PORT_B PATH [PATH...]

For each path it sends two GETs on one keep-alive connection to each server (as wrk does) and compares what a
client sees: status, body bytes, Content-Type, Content-Length or chunked framing, whether a Date and a Server field
are sent, the response's size on the wire, and whether the connection stays open for the second request. Status,
body, Content-Type, Date and keep-alive must match (exit 1 otherwise); framing, Server and size on the wire are
printed, because they are the peer's defaults and part of what each side does per request.
"""
import socket
import sys


def read_response(sock, buffered):
    """Reads one HTTP/1.1 response from sock; returns (head, body, wire bytes, rest of the buffer)."""
    data = buffered
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed before a full head")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0].split(" ", 2)[1]
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields.setdefault(name.strip().lower(), []).append(value.strip())
    wire = len(head) + 4
    if "content-length" in fields:
        length = int(fields["content-length"][0])
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed inside the body")
            rest += chunk
        return status, fields, rest[:length], wire + length, rest[length:]
    if fields.get("transfer-encoding", [""])[0].lower() == "chunked":
        body = b""
        consumed = 0
        while True:
            while b"\r\n" not in rest[consumed:]:
                rest += sock.recv(65536)
            line_end = rest.index(b"\r\n", consumed)
            size = int(rest[consumed:line_end].split(b";")[0], 16)
            start = line_end + 2
            while len(rest) < start + size + 2:
                rest += sock.recv(65536)
            body += rest[start:start + size]
            consumed = start + size + 2
            if size == 0:
                break
        return status, fields, body, wire + consumed, rest[consumed:]
    return status, fields, b"", wire, rest


def fetch(port, path):
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        first = read_response(sock, b"")
        try:
            sock.sendall(request)
            second = read_response(sock, first[4])
            kept = second[0] == first[0] and second[2] == first[2]
        except (ConnectionError, OSError):
            kept = False
    return first, kept


def describe(fields):
    framing = f"Content-Length {fields['content-length'][0]}" if "content-length" in fields else \
        ("chunked" if "transfer-encoding" in fields else "none")
    return framing, fields.get("server", ["-"])[0]


def main():
    port_a, port_b, paths = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    failed = False
    for path in paths:
        (status_a, fields_a, body_a, wire_a, _), kept_a = fetch(port_a, path)
        (status_b, fields_b, body_b, wire_b, _), kept_b = fetch(port_b, path)
        problems = []
        if status_a != status_b:
            problems.append(f"status {status_a} vs {status_b}")
        if body_a != body_b:
            problems.append(f"body {body_a!r} vs {body_b!r}")
        type_a, type_b = fields_a.get("content-type", ["-"])[0], fields_b.get("content-type", ["-"])[0]
        if type_a != type_b:
            problems.append(f"Content-Type '{type_a}' vs '{type_b}'")
        if ("date" in fields_a) != ("date" in fields_b):
            problems.append("only one sends Date")
        if kept_a != kept_b:
            problems.append(f"keep-alive {kept_a} vs {kept_b}")
        framing_a, server_a = describe(fields_a)
        framing_b, server_b = describe(fields_b)
        print(f"bench: {path}: {status_a} {len(body_a)} B body, {type_a}, keep-alive {kept_a}; "
              f"ours {framing_a}, Server {server_a}, {wire_a} B on the wire; "
              f"kestrel {framing_b}, Server {server_b}, {wire_b} B on the wire")
        if problems:
            failed = True
            print(f"bench: {path} differs: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
