"""A loopback SMTP server that accepts every message and counts deliveries.

Enough of the protocol for Python's smtplib (what Odoo sends with): greeting,
EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no authentication, no TLS.
Each message is kept as (Message-Id, recipients, subject).
"""

import socketserver
import threading
from email.parser import BytesHeaderParser
from email.utils import getaddresses


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ESMTP")
        recipients = []
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 HELP\r\n")
            elif verb == "HELO":
                self.reply("250 sink")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].split()[0].strip("<>")
                recipients.append(address.lower())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                self.server.sink.record(self.read_data(), recipients)
                recipients = []
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            elif verb in ("RSET", "NOOP"):
                recipients = [] if verb == "RSET" else recipients
                self.reply("250 OK")
            else:
                self.reply("502 not implemented")

    def read_data(self):
        lines = []
        while True:
            line = self.rfile.readline(1 << 20)
            if not line or line in (b".\r\n", b".\n"):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """``with SmtpSink(port) as sink:`` — ``sink.messages`` lists what arrived."""

    def __init__(self, port, host="127.0.0.1"):
        self.address = (host, port)
        self.messages = []
        self._lock = threading.Lock()
        self._server = None

    def record(self, data, recipients):
        headers = BytesHeaderParser().parsebytes(data)
        to = [address.lower() for _name, address in getaddresses(headers.get_all("To", []))]
        with self._lock:
            self.messages.append(
                {
                    "message_id": (headers.get("Message-Id") or "").strip(),
                    "recipients": sorted(set(recipients) | set(to)),
                    "subject": str(headers.get("Subject") or ""),
                }
            )

    def snapshot(self):
        with self._lock:
            return list(self.messages)

    def __enter__(self):
        self._server = _Server(self.address, _Handler)
        self._server.sink = self
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc):
        self._server.shutdown()
        self._server.server_close()
