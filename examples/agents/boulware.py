#!/usr/bin/env python3
"""A Boulware agent for parley, speaking the parley-agent/1 protocol (docs/remote-agents.md).

Plain Python 3, standard library only. It behaves exactly like parley's in-process
boulware(e=E): the same bids and the same answers, so a session's trace is identical byte for
byte.

    python3 boulware.py [--e 0.2]             one session on standard input and output (exec:)
    python3 boulware.py [--e 0.2] --ws PORT   a long-lived WebSocket agent on 127.0.0.1:PORT
                                              (one session per connection; --host to change;
                                              ws://HOST:PORT/?e=0.5 sets e for one connection)

The tactic (parley src/negotiate/agents/time_dependent.cpp, Faratin et al. 1998):
target(t) = Pmin + (Pmax - Pmin) * (1 - t^(1/e)), Pmax the best utility, Pmin the larger of the
worst utility and the reservation value; it bids the package whose utility is nearest to the
target and accepts an offer worth at least the bid it would make now.
"""

import argparse
import base64
import bisect
import hashlib
import json
import math
import socket
import socketserver
import struct
import sys
import urllib.parse

PROTOCOL = "parley-agent/1"
# parley indexes every package of spaces up to this size (OfferIndexOptions::enumeration_limit);
# above it, its agents bid from a greedy catalogue that this example does not reproduce.
ENUMERATION_LIMIT = 4_000_000


class ProtocolError(Exception):
    """A message the agent cannot act on."""


def need(condition, what):
    if not condition:
        raise ProtocolError(what)


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def std_min(a, b):
    """std::min(a, b): a unless b is smaller."""
    return b if b < a else a


def std_max(a, b):
    """std::max(a, b): a unless b is larger."""
    return b if a < b else a


class PackageIndex:
    """The packages ordered as parley's OfferIndex orders them (src/negotiate/offer_index.cpp):
    by utility, ties by the package's index (mixed radix, last issue fastest)."""

    def __init__(self, contributions):
        self.cards = [len(table) for table in contributions]
        n = 1
        for c in self.cards:
            n *= c
        need(self.cards and n > 0, "the outcome space is empty")
        need(
            n <= ENUMERATION_LIMIT,
            "%d packages: this example indexes at most %d (as parley's agents do; a larger space "
            "needs a catalogue)" % (n, ENUMERATION_LIMIT),
        )
        # Utilities in index order as running sums 0.0 + c0 + c1 + ..., the order parley adds
        # them in: the prefix sums are shared, so each issue extends the list once.
        utilities = [0.0]
        for table in contributions:
            utilities = [u + c for u in utilities for c in table]
        # The distinct utilities, ascending, and the first package (smallest index) of each: the
        # first entry of that utility in parley's index. Assigning from the highest index down
        # leaves the smallest index in the dict.
        first = dict(zip(reversed(utilities), range(n - 1, -1, -1)))
        self.values = sorted(first)
        self.first = [first[u] for u in self.values]
        self.min_utility = self.values[0]
        self.max_utility = self.values[-1]

    def nearest(self, target):
        """OfferIndex::nearest: the closest utility, ties to the higher one; returns its position
        in self.values (its first package is self.first[position])."""
        m = len(self.values)
        above = bisect.bisect_left(self.values, target)
        if above == m:
            return m - 1
        if above == 0:
            return 0
        below = self.values[above - 1]
        if target - below < self.values[above] - target:
            return above - 1
        return above

    def outcome(self, position):
        package = self.first[position]
        out = [0] * len(self.cards)
        for i in range(len(self.cards) - 1, -1, -1):
            package, out[i] = divmod(package, self.cards[i])
        return out


class BoulwareSession:
    """One session: handle(message) returns the answer (a dict) or None."""

    def __init__(self, e):
        self.e = e
        self.index = None
        self.cached_time = -1.0
        self.cached_position = 0

    def settings(self, message):
        need(
            message.get("protocol") == PROTOCOL,
            "settings: protocol %s, expected %s"
            % (json.dumps(message.get("protocol")), json.dumps(PROTOCOL)),
        )
        issues = message.get("issues")
        need(isinstance(issues, list) and issues, "settings: no issues")
        profile = message.get("profile")
        need(isinstance(profile, dict), "settings: no profile")
        need(
            profile.get("type") == "linear-additive",
            'settings: profile type %s, expected "linear-additive"' % json.dumps(profile.get("type")),
        )
        tables = profile.get("contributions")
        need(
            isinstance(tables, list) and len(tables) == len(issues),
            "settings: profile.contributions must hold one table per issue",
        )
        need(
            is_number(profile.get("reservation_value")),
            "settings: profile.reservation_value must be a number",
        )
        self.names, self.labels, self.value_of, self.contributions = [], [], [], []
        for i, issue in enumerate(issues):
            need(
                isinstance(issue, dict) and isinstance(issue.get("name"), str),
                "settings: issue %d has no name" % i,
            )
            labels = issue.get("values")
            need(
                isinstance(labels, list) and labels and all(isinstance(v, str) for v in labels),
                "settings: issue '%s' needs a list of value labels" % issue["name"],
            )
            table = tables[i]
            need(
                isinstance(table, list) and len(table) == len(labels) and all(map(is_number, table)),
                "settings: profile.contributions[%d] must hold one number per value of issue '%s'"
                % (i, issue["name"]),
            )
            self.names.append(issue["name"])
            self.labels.append(labels)
            self.value_of.append({label: v for v, label in enumerate(labels)})
            self.contributions.append([float(c) for c in table])
        self.index = PackageIndex(self.contributions)
        # ConcessionRange::from.
        self.max = self.index.max_utility
        self.min = std_min(self.max, std_max(self.index.min_utility, float(profile["reservation_value"])))
        self.cached_time = -1.0
        return {"type": "ready", "agent": "boulware(e=%s)-python" % format_number(self.e)}

    def bid(self, t):
        """time_dependent_target (k = 0), then OfferIndex::nearest; cached per time."""
        if t != self.cached_time:
            e, k = self.e, 0.0
            # math.pow is the C library's pow, the one parley calls.
            f = k if e == 0.0 else k + (1.0 - k) * math.pow(t, 1.0 / e)
            target = self.min + (self.max - self.min) * (1.0 - f)
            self.cached_time = t
            self.cached_position = self.index.nearest(target)
        return self.cached_position

    def utility(self, offer, what):
        need(isinstance(offer, dict), "%s: the offer is not an object" % what)
        total = 0.0
        for i, name in enumerate(self.names):
            label = offer.get(name)
            v = self.value_of[i].get(label) if isinstance(label, str) else None
            need(v is not None, "%s: no known value for issue '%s' (%s)" % (what, name, json.dumps(label)))
            total += self.contributions[i][v]
        return total

    def handle(self, message):
        need(isinstance(message, dict), "a message that is not a JSON object")
        kind = message.get("type")
        if kind == "settings":
            return self.settings(message)
        if kind in ("observe", "finished"):
            return None
        if kind in ("propose", "respond"):
            need(self.index is not None, "%s before settings" % kind)
            t = message.get("time")
            need(is_number(t), "%s: no time" % kind)
            position = self.bid(float(t))
            if kind == "propose":
                outcome = self.index.outcome(position)
                offer = {name: self.labels[i][outcome[i]] for i, name in enumerate(self.names)}
                return {"type": "offer", "offer": offer}
            standing = self.utility(message.get("offer"), "respond")
            return {"type": "accept" if standing >= self.index.values[position] else "reject"}
        raise ProtocolError("unknown message type %s" % json.dumps(kind))


def format_number(x):
    return repr(int(x)) if x == int(x) else repr(x)


def dumps(answer):
    return json.dumps(answer, separators=(",", ":"))


def answer_to(session, text):
    """(answer dict or None, problem text or None) for one message."""
    try:
        message = json.loads(text)
    except ValueError as error:
        return None, "malformed input %s: %s" % (json.dumps(text[:80]), error)
    try:
        return session.handle(message), None
    except ProtocolError as error:
        return None, str(error)
    except Exception as error:  # a bug here, or memory: say so rather than vanish
        return None, "internal error: %s: %s" % (type(error).__name__, error)


def run_exec(e):
    """One session on standard input and output, one JSON object per line."""
    session = BoulwareSession(e)
    stdin, stdout = sys.stdin.buffer, sys.stdout
    for raw in iter(stdin.readline, b""):
        try:
            text = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            text, answer, problem = "", None, "input that is not UTF-8"
        else:
            if not text:
                continue
            answer, problem = answer_to(session, text)
        if problem:
            sys.stderr.write("boulware.py: %s\n" % problem)
            try:
                stdout.write(dumps({"type": "error", "message": problem}) + "\n")
                stdout.flush()
            except OSError:
                pass
            return 1
        if answer is not None:
            try:
                stdout.write(dumps(answer) + "\n")
                stdout.flush()
            except BrokenPipeError:
                return 0  # parley went away
    return 0


# --ws: a WebSocket server (RFC 6455) with the standard library only.
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_MESSAGE = 16 * 1024 * 1024


class ClosedError(Exception):
    pass


class WebSocketHandler(socketserver.BaseRequestHandler):
    e = 0.2

    def setup(self):
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def read(self, n):
        while len(self.buffer) < n:
            chunk = self.request.recv(65536)
            if not chunk:
                raise ClosedError()
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def send_frame(self, opcode, payload):
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 126, n)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, n)
        self.request.sendall(header + payload)

    def close(self, code, reason=""):
        try:
            self.send_frame(0x8, struct.pack("!H", code) + reason.encode())
        except OSError:
            pass

    def handshake(self):
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.request.recv(65536)
            if not chunk or len(self.buffer) > 65536:
                return False
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        # The path may choose the exponent for this connection: ws://HOST:PORT/?e=0.5.
        target = lines[0].split(" ")[1] if len(lines[0].split(" ")) == 3 else "/"
        wanted = urllib.parse.parse_qs(urllib.parse.urlsplit(target).query).get("e")
        self.e = type(self).e
        if wanted:
            try:
                self.e = float(wanted[-1])
            except ValueError:
                self.e = float("nan")
            if not math.isfinite(self.e) or self.e < 0:
                self.request.sendall(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
                return False
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        key = headers.get("sec-websocket-key")
        if headers.get("upgrade", "").lower() != "websocket" or not key:
            self.request.sendall(
                b"HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: close\r\n"
                b"Content-Length: 0\r\n\r\n"
            )
            return False
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        self.request.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Accept: %s\r\n\r\n" % accept
            ).encode()
        )
        return True

    def messages(self):
        """Yields the text messages; answers pings and closes."""
        fragments = None
        while True:
            b0, b1 = self.read(2)
            fin, opcode, masked, n = b0 & 0x80, b0 & 0x0F, b1 & 0x80, b1 & 0x7F
            if n == 126:
                (n,) = struct.unpack("!H", self.read(2))
            elif n == 127:
                (n,) = struct.unpack("!Q", self.read(8))
            if b0 & 0x70 or not masked:
                return self.close(1002, "protocol error")
            if n > MAX_MESSAGE:
                return self.close(1009, "message too big")
            mask = self.read(4)
            data = self.read(n)
            payload = bytes(b ^ mask[i & 3] for i, b in enumerate(data)) if n < 64 else _unmask(data, mask)
            if opcode >= 0x8:
                if opcode == 0x8:
                    return self.close(1000)
                if opcode == 0x9:
                    self.send_frame(0xA, payload)
                continue
            if opcode == 0x1 and fragments is None:
                fragments = [payload]
            elif opcode == 0x0 and fragments is not None:
                fragments.append(payload)
            elif opcode == 0x2:
                return self.close(1003, "parley-agent/1 uses text frames")
            else:
                return self.close(1002, "protocol error")
            if fin:
                text, fragments = b"".join(fragments), None
                yield text

    def handle(self):
        try:
            if not self.handshake():
                return
            session = BoulwareSession(self.e)
            for data in self.messages() or ():
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    answer, problem = None, "input that is not UTF-8"
                else:
                    answer, problem = answer_to(session, text)
                if problem:
                    sys.stderr.write("boulware.py: %s: %s\n" % (self.client_address, problem))
                    self.send_frame(0x1, dumps({"type": "error", "message": problem}).encode())
                    self.close(1008, "protocol error")
                    return
                if answer is not None:
                    self.send_frame(0x1, dumps(answer).encode())
                else:
                    # A message that needs no answer (observe, finished) gets an unsolicited
                    # pong (RFC 6455 5.5.3: allowed, ignored by the client). It carries the TCP
                    # acknowledgement at once: a client that leaves Nagle's algorithm on would
                    # otherwise hold its next message (respond right after observe) until our
                    # delayed acknowledgement, up to 40 ms on Linux.
                    self.send_frame(0xA, b"")
        except (ClosedError, OSError):
            pass


def _unmask(data, mask):
    n = len(data)
    key = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
    return (int.from_bytes(data, "big") ^ key).to_bytes(n, "big")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def run_websocket(e, host, port):
    WebSocketHandler.e = e
    try:
        server = Server((host, port), WebSocketHandler)
    except OSError as error:
        sys.stderr.write("boulware.py: cannot listen on %s:%d: %s\n" % (host, port, error))
        return 1
    sys.stderr.write(
        "boulware.py: boulware(e=%s) listening on ws://%s:%d/\n"
        % (format_number(e), host, server.server_address[1])
    )
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="parley-agent/1 Boulware agent")
    parser.add_argument("--e", default="0.2", help="concession exponent (default 0.2)")
    parser.add_argument("--ws", type=int, metavar="PORT", help="serve WebSocket connections")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on with --ws")
    args = parser.parse_args(argv)
    try:
        e = float(args.e)
    except ValueError:
        e = float("nan")
    if not math.isfinite(e) or e < 0:
        parser.error("--e %s: expected a number >= 0" % args.e)
    if args.ws is not None:
        if not 0 <= args.ws <= 65535:
            parser.error("--ws %d: expected a port number" % args.ws)
        return run_websocket(e, args.host, args.ws)
    return run_exec(e)


if __name__ == "__main__":
    sys.exit(main())
