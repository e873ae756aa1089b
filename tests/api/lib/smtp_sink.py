"""A real SMTP server for the notification tests (Debian's python3-aiosmtpd): every message it
receives is parsed with Python's email package and written to DIR/<n>.json (atomically), with the
envelope, the decoded headers, the text body and the attachments (base64), and the raw text.

usage: python3 smtp_sink.py DIR PORT   (prints "ready <port>" once it listens; stops on SIGTERM)
"""
import base64
import email
import email.policy
import json
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out
        self.n = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        text, attachments = None, []
        for part in msg.walk():
            if part.is_multipart():
                continue
            if part.get_content_disposition() == 'attachment':
                attachments.append({
                    'filename': part.get_filename(),
                    'content_type': part.get_content_type(),
                    'data': base64.b64encode(part.get_payload(decode=True)).decode(),
                })
            elif part.get_content_type() == 'text/plain' and text is None:
                text = {'charset': part.get_content_charset(),
                        'cte': part.get('Content-Transfer-Encoding'),
                        'body': part.get_content()}
        record = {
            'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos,
            'from': str(msg['From']), 'to': str(msg['To']), 'subject': str(msg['Subject']),
            'content_type': msg.get_content_type(), 'text': text, 'attachments': attachments,
            'raw': raw.decode('ascii', 'replace'),
        }
        with self.lock:
            self.n += 1
            n = self.n
        path = os.path.join(self.out, '%04d.json' % n)
        with open(path + '.tmp', 'w', encoding='utf-8') as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + '.tmp', path)
        return '250 OK'


def main():
    out, port = sys.argv[1], int(sys.argv[2])
    controller = Controller(Sink(out), hostname='127.0.0.1', port=port)
    controller.start()
    print('ready %d' % port, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: done.set())
    done.wait()
    controller.stop()


if __name__ == '__main__':
    main()
