"""A minimal client of Chromium's DevTools protocol for tests/bench/runtime-startup/bench: finds a program's page
through QTWEBENGINE_REMOTE_DEBUGGING's HTTP endpoint and sends commands over its WebSocket (RFC 6455, client
side: masked text frames out, unmasked frames in). Only what the bench needs; no events are enabled, so every
message that comes back answers a command."""

import base64
import json
import os
import socket
import time
import urllib.parse
import urllib.request


def free_port():
    """A loopback port nothing listens on now (the program binds it moments later)."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


class DevTools:
    def __init__(self, port, deadline, still_running):
        """Connects to the first page target of the DevTools server on `port`, waiting for one until
        `deadline` (time.monotonic()) while still_running() is true."""
        url = None
        while url is None:
            if time.monotonic() > deadline or not still_running():
                raise RuntimeError(f'no DevTools page target on port {port}')
            try:
                with urllib.request.urlopen(f'http://127.0.0.1:{port}/json/list', timeout=2) as answer:
                    targets = json.loads(answer.read())
                url = next((t['webSocketDebuggerUrl'] for t in targets
                            if t.get('type') == 'page' and 'webSocketDebuggerUrl' in t), None)
            except OSError:
                pass
            if url is None:
                time.sleep(0.05)
        address = urllib.parse.urlparse(url)
        self.socket = socket.create_connection((address.hostname, address.port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.socket.sendall((f'GET {address.path} HTTP/1.1\r\nHost: {address.netloc}\r\nUpgrade: websocket\r\n'
                             f'Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n')
                            .encode())
        head = b''
        while b'\r\n\r\n' not in head:
            chunk = self.socket.recv(4096)
            if not chunk:
                raise RuntimeError('the DevTools server closed the connection during the handshake')
            head += chunk
        head, self.buffer = head.split(b'\r\n\r\n', 1)
        if not head.startswith(b'HTTP/1.1 101'):
            raise RuntimeError(f'DevTools handshake refused: {head.splitlines()[0]!r}')
        self.last_id = 0

    def close(self):
        self.socket.close()

    def call(self, method, **params):
        """Sends one command and returns its result (raises on a protocol error)."""
        self.last_id += 1
        self._send(json.dumps({'id': self.last_id, 'method': method, 'params': params}))
        while True:
            message = self._receive()
            if message.get('id') == self.last_id:
                if 'error' in message:
                    raise RuntimeError(f'{method}: {message["error"]}')
                return message['result']

    def evaluate(self, expression):
        """The JSON value of a page expression."""
        result = self.call('Runtime.evaluate', expression=expression, returnByValue=True)
        if 'exceptionDetails' in result:
            raise RuntimeError(f'page expression failed: {result["exceptionDetails"]}')
        return result['result'].get('value')

    def _send(self, text):
        payload = text.encode()
        mask = os.urandom(4)
        size = len(payload)
        if size < 126:
            header = bytes([0x81, 0x80 | size])
        elif size < 1 << 16:
            header = bytes([0x81, 0x80 | 126]) + size.to_bytes(2, 'big')
        else:
            header = bytes([0x81, 0x80 | 127]) + size.to_bytes(8, 'big')
        masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
        self.socket.sendall(header + mask + masked)

    def _read(self, size):
        while len(self.buffer) < size:
            chunk = self.socket.recv(1 << 16)
            if not chunk:
                raise RuntimeError('the DevTools connection closed')
            self.buffer += chunk
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def _receive(self):
        message = b''
        while True:
            first, second = self._read(2)
            size = second & 0x7f
            if size == 126:
                size = int.from_bytes(self._read(2), 'big')
            elif size == 127:
                size = int.from_bytes(self._read(8), 'big')
            payload = self._read(size)
            opcode = first & 0x0f
            if opcode == 8:
                raise RuntimeError('the DevTools server closed the connection')
            if opcode in (9, 10):  # ping, pong: nothing the bench needs to answer within its short sessions
                continue
            message += payload
            if first & 0x80:
                return json.loads(message)
