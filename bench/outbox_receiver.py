#!/usr/bin/env python3
"""The receiver of the outbox benchmark (bench/outbox.sh): one local HTTP server standing in for
both the webhook subscriber and the national portal. Every POST is answered 200 with the
portal's acknowledgement of the body's id (docs/portal.md), which a webhook sender ignores;
GET /count answers how many POSTs it acknowledged. With --stall it reads each POST and never
answers (the sender times out): a destination that takes messages off the outbox at a trickle, so
that what is measured is the cost of writing them alone. Prints "listening on
http://127.0.0.1:PORT/" first, as motcua does, so that bench/lib.sh's spawn_until_listening can
wait for it."""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

count = 0
stall = '--stall' in sys.argv[1:]
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def do_POST(self):
        global count
        body = json.loads(self.rfile.read(int(self.headers.get('Content-Length', '0'))))
        if stall:
            time.sleep(3600)
            return
        answer = json.dumps({'id': body.get('id'), 'receipt': 'BENCH'}).encode()
        with lock:
            count += 1
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def do_GET(self):
        answer = str(count).encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
server.daemon_threads = True
print(f'listening on http://127.0.0.1:{server.server_address[1]}/', flush=True)
server.serve_forever()
