"""The HTTP forwarding every proxy in front of moto shares (fault_proxy,
org_proxy, sts_log_proxy, services_proxy here; the benchmark's
tools/bench-collect-org.d/delay_proxy.py): read a request, pass it on to
the upstream unchanged (the client's Host kept: it is what was signed),
send the answer back, and listen on 127.0.0.1 on a free port written to a
file once it listens.  What each proxy does besides is its own.
"""
import http.client
import http.server
import os
import urllib.parse

# Hop-by-hop headers: each side of the proxy has its own.
HOP = frozenset(("connection", "keep-alive", "proxy-connection", "transfer-encoding", "te",
                 "trailer", "upgrade", "content-length"))
# Not copied back from the upstream's answer (the server sets its own).
ANSWER_DROP = HOP | {"server", "date"}
# Not passed on from the client's request (Host is put back as sent).
REQUEST_DROP = HOP | {"host", "expect"}


class Handler(http.server.BaseHTTPRequestHandler):
    """A request handler with forward() and reply(); a subclass defines
    handle_one and points the do_* methods it serves at it."""
    protocol_version = "HTTP/1.1"
    upstream_timeout = 60

    def log_message(self, *args):
        pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def forward(self, body, method=None, path=None, drop=()):
        """The upstream's answer to this request (or to method and path):
        (status, [(header, value)], data).  Headers named in drop (lower
        case) are left out too."""
        conn = http.client.HTTPConnection(self.server.upstream_host, self.server.upstream_port,
                                          timeout=self.upstream_timeout)
        try:
            conn.putrequest(method or self.command, path or self.path, skip_host=True,
                            skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in REQUEST_DROP and name.lower() not in drop:
                    conn.putheader(name, value)
            if self.headers.get("Host"):
                conn.putheader("Host", self.headers["Host"])
            conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            resp = conn.getresponse()
            return resp.status, resp.getheaders(), resp.read()
        finally:
            conn.close()

    def reply(self, status, headers, data):
        """Sends an answer: headers a dict or (name, value) pairs."""
        self.send_response(status)
        for name, value in (headers.items() if isinstance(headers, dict) else headers):
            if name.lower() not in ANSWER_DROP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def make_server(handler, upstream, server_class=Server, **attrs):
    """A server on 127.0.0.1 (a free port) for handler, forwarding to the
    upstream URL, with attrs set on it for the handler to read."""
    server = server_class(("127.0.0.1", 0), handler)
    up = urllib.parse.urlsplit(upstream)
    server.upstream = upstream.rstrip("/")
    server.upstream_host, server.upstream_port = up.hostname, up.port or 80
    for name, value in attrs.items():
        setattr(server, name, value)
    return server


def serve(server, port_file):
    """Writes the server's port to port_file (whole, by rename) and serves."""
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()
