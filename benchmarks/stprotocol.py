"""A light client of a Streamlit server: its own websocket protocol, no browser.

A browser tab of a Streamlit app is, to the server, one websocket at ``/_stcore/stream``
carrying protobufs: the browser sends ``BackMsg``s (``rerun_script`` with a ``ClientState``:
the query string, the widgets' values, the page), the server answers with ``ForwardMsg``s
(``new_session``, ``delta``s that add or replace elements, ``page_info_changed`` when the
script writes the URL, ``script_finished`` at the end of a run). This module speaks that
protocol as Streamlit 1.67's frontend does (its ``rerunScript``: subprotocol ``streamlit``,
the same ``ClientState`` fields), so a benchmark can hold dozens of sessions where dozens
of headless browsers would not fit on a small machine.

- :class:`WebSocket`: a minimal RFC 6455 client on asyncio streams (binary messages, ping /
  pong, close; no extensions). Written here because the websocket libraries that come with
  Streamlit are not among the project's declared requirements, and the protocol part a
  client needs is small.
- :class:`ProtocolSession`: one app session: connect, run the script with a query string,
  click a button by its widget key, and a record of what arrived (element types, widget ids,
  exceptions, error alerts, finished runs) with the time each thing first arrived.
- :func:`fetch`: GET a list of paths as a browser's first visit does (6 at a time, compressed
  transfer accepted), for the server's share of serving the frontend's files; which files,
  a browser says (a benchmark records them from one Chromium page).

What it does not do: run the frontend's code or render anything (so it does not discover
which files or media a page needs on its own), send widget values it did not change (the
server keeps a session's widget values between runs, so a run with only a button's trigger
sees the same values a browser would send), or answer the frontend's heartbeat (the server
needs none).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

__all__ = ["ProtocolSession", "WebSocket", "WebSocketClosed", "fetch"]

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_CONT, _TEXT, _BINARY, _CLOSE, _PING, _PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class WebSocketClosed(ConnectionError):
    """The server closed the websocket (or the connection broke)."""


def _mask(payload: bytes, key: bytes) -> bytes:
    """``payload`` XOR the repeated 4-byte ``key`` (RFC 6455 section 5.3)."""
    n = len(payload)
    if n == 0:
        return b""
    keys = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(keys, "big")).to_bytes(n, "big")


class WebSocket:
    """A websocket client connection (RFC 6455), binary messages only.

    Use :meth:`connect`, then :meth:`send` and :meth:`recv`; :meth:`close` ends it. Pings
    from the server are answered inside :meth:`recv`.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self._reader = reader
        self._writer = writer
        self.closed = False

    @classmethod
    async def connect(
        cls, url: str, subprotocols: Sequence[str] = (), origin: str | None = None
    ) -> WebSocket:
        """Open ``ws://host:port/path`` and do the opening handshake.

        Parameters
        ----------
        url : str
            ``ws://`` or ``http://`` URL of the endpoint.
        subprotocols : sequence of str
            Sent as ``Sec-WebSocket-Protocol`` (Streamlit reads tokens from it).
        origin : str, optional
            The ``Origin`` header (Streamlit checks it against the host).

        Raises
        ------
        ConnectionError
            When the server does not switch protocols.
        """
        u = urlsplit(url)
        host, port = u.hostname or "127.0.0.1", u.port or 80
        reader, writer = await asyncio.open_connection(host, port, limit=2**26)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {u.path or '/'} HTTP/1.1",
            f"Host: {host}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
        ]
        if subprotocols:
            lines.append(f"Sec-WebSocket-Protocol: {', '.join(subprotocols)}")
        if origin:
            lines.append(f"Origin: {origin}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await writer.drain()
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        status, *headers = head.split("\r\n")
        if " 101 " not in status + " ":
            writer.close()
            raise ConnectionError(f"websocket handshake refused: {status}")
        fields = {
            k.strip().lower(): v.strip()
            for k, _, v in (h.partition(":") for h in headers if ":" in h)
        }
        accept = base64.b64encode(hashlib.sha1(key.encode() + _GUID).digest()).decode()
        if fields.get("sec-websocket-accept") != accept:
            writer.close()
            raise ConnectionError("websocket handshake: wrong Sec-WebSocket-Accept")
        return cls(reader, writer)

    def _frame(self, opcode: int, payload: bytes) -> bytes:
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 2**16:
            head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        key = os.urandom(4)
        return head + key + _mask(payload, key)

    async def send(self, payload: bytes, opcode: int = _BINARY) -> None:
        """Send one message (a binary frame by default)."""
        if self.closed:
            raise WebSocketClosed("send on a closed websocket")
        self._writer.write(self._frame(opcode, payload))
        await self._writer.drain()

    async def _read_frame(self) -> tuple[bool, int, bytes]:
        b0, b1 = await self._reader.readexactly(2)
        n = b1 & 0x7F
        if n == 126:
            (n,) = struct.unpack("!H", await self._reader.readexactly(2))
        elif n == 127:
            (n,) = struct.unpack("!Q", await self._reader.readexactly(8))
        key = await self._reader.readexactly(4) if b1 & 0x80 else None
        data = await self._reader.readexactly(n)
        return bool(b0 & 0x80), b0 & 0x0F, _mask(data, key) if key else data

    async def recv(self) -> bytes:
        """The next data message (fragments joined; pings answered).

        Raises
        ------
        WebSocketClosed
            When the server closes the connection.
        """
        parts: list[bytes] = []
        while True:
            try:
                fin, opcode, data = await self._read_frame()
            except (asyncio.IncompleteReadError, ConnectionError) as e:
                self.closed = True
                raise WebSocketClosed(str(e)) from e
            if opcode == _PING:
                await self.send(data, _PONG)
                continue
            if opcode == _PONG:
                continue
            if opcode == _CLOSE:
                if not self.closed:
                    self.closed = True
                    try:
                        self._writer.write(self._frame(_CLOSE, data[:2]))
                        await self._writer.drain()
                    except ConnectionError:
                        pass
                raise WebSocketClosed(f"closed by the server: {data[:2].hex()}")
            parts.append(data)
            if fin:
                return b"".join(parts)

    async def close(self) -> None:
        """Send a close frame and close the connection."""
        if not self.closed:
            self.closed = True
            try:
                self._writer.write(self._frame(_CLOSE, struct.pack("!H", 1000)))
                await self._writer.drain()
            except ConnectionError:
                pass
        self._writer.close()
        try:
            await self._writer.wait_closed()
        except ConnectionError:
            pass


async def _get(host: str, port: int, path: str) -> int:
    """GET ``path`` on a new connection, read the whole response; its size in bytes."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                "Accept-Encoding: gzip, deflate, br, zstd\r\nConnection: close\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    status = data.split(b"\r\n", 1)[0]
    if b" 200 " not in status and b" 304 " not in status:
        raise ConnectionError(f"GET {path}: {status.decode('latin-1')}")
    return len(data)


async def fetch(url: str, paths: Sequence[str], parallel: int = 6) -> int:
    """GET every path of ``paths`` from the server of ``url``, ``parallel`` at a time.

    Parameters
    ----------
    url : str
        The app's address (its host and port are used).
    paths : sequence of str
        Absolute paths with their query strings, e.g. ``/static/js/index.js``.
    parallel : int
        Requests at once (browsers open 6 connections to one host).

    Returns
    -------
    int
        Bytes received (headers and bodies, as sent: compressed).

    Raises
    ------
    ConnectionError
        When a request does not succeed.
    """
    u = urlsplit(url)
    host, port = u.hostname or "127.0.0.1", u.port or 80
    todo = list(reversed(paths))
    total = 0

    async def worker() -> None:
        nonlocal total
        while todo:
            size = await _get(host, port, todo.pop())
            total += size  # not `total += await ...`: that reads total before the wait

    await asyncio.gather(*(worker() for _ in range(max(1, parallel))))
    return total


@dataclass
class Arrival:
    """What one session received, and when (``time.perf_counter`` seconds).

    Attributes
    ----------
    first : dict of str to float
        Element type (``"dataframe"``, ``"progress"``, ``"exception"``, ...) -> when it
        first arrived since :meth:`ProtocolSession.mark`.
    counts : dict of str to int
        Element type -> how many arrived since the mark.
    finished : list of (float, str)
        Each ``script_finished``: when, and its status name.
    exceptions : list of str
        Texts of ``st.exception`` elements (a script that raised).
    errors : list of str
        Bodies of error alerts (``st.error``).
    progress_text : str or None
        The text of the first progress bar since the mark.
    """

    first: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    finished: list[tuple[float, str]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    progress_text: str | None = None


class ProtocolSession:
    """One session of a Streamlit app over its websocket protocol (see the module).

    Parameters
    ----------
    url : str
        The app's address, ``http://127.0.0.1:<port>/``.
    query_string : str
        What the browser's address bar has after ``?`` (e.g. ``tab=training&seed=3``).

    Attributes
    ----------
    arrival : Arrival
        What arrived since the last :meth:`mark`.
    widget_ids : dict of str to str
        Element id of each keyed widget the server has drawn (user key -> id).
    """

    def __init__(self, url: str, query_string: str = ""):
        self.url = url.rstrip("/") + "/"
        self.query_string = query_string
        self.page_script_hash = ""
        self.widget_ids: dict[str, str] = {}
        self.arrival = Arrival()
        self.session_ended = asyncio.Event()
        self._ws: WebSocket | None = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Event()
        self._received = 0

    async def connect(self) -> None:
        """Open the session's websocket (no script run yet) and start reading from it."""
        u = urlsplit(self.url)
        origin = f"{u.scheme}://{u.netloc}"
        self._ws = await WebSocket.connect(
            f"ws://{u.netloc}{u.path}_stcore/stream", ["streamlit"], origin=origin
        )
        self._reader = asyncio.create_task(self._read(), name="stprotocol-reader")

    def mark(self) -> None:
        """Forget what arrived so far: :attr:`arrival` starts again from now."""
        self.arrival = Arrival()

    async def rerun(self, widget_states: Sequence = ()) -> None:
        """Ask for a script run, as the browser does (its ``rerunScript``).

        Parameters
        ----------
        widget_states : sequence of WidgetState
            The widget values that changed (e.g. a button's trigger).
        """
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        cs.page_script_hash = self.page_script_hash
        cs.widget_states.widgets.extend(widget_states)
        ctx = cs.context_info
        ctx.url = self.url + (f"?{self.query_string}" if self.query_string else "")
        ctx.locale = "en-US"
        ctx.timezone = "UTC"
        ctx.color_scheme = "light"
        await self._ws.send(msg.SerializeToString())

    async def click(self, key: str) -> None:
        """Press the button with widget key ``key`` (drawn by an earlier run).

        Raises
        ------
        KeyError
            When no run has drawn a widget with that key.
        """
        msg = BackMsg()  # only for its WidgetState type
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = self.widget_ids[key]
        state.trigger_value = True
        await self.rerun([state])

    async def wait_for(self, predicate, timeout: float) -> bool:
        """Wait until ``predicate(self)`` is true after a message; False on timeout or when
        the connection ends."""
        deadline = time.perf_counter() + timeout
        while not predicate(self):
            if self.session_ended.is_set():
                return False
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(left, 1.0))
            except TimeoutError:
                pass
        return True

    def finished_ok(self) -> bool:
        """Whether a run has finished successfully since the mark, with no run after it."""
        fin = self.arrival.finished
        return bool(fin) and fin[-1][1] == "FINISHED_SUCCESSFULLY"

    async def close(self) -> None:
        """Close the websocket (the server sees the tab closed)."""
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, WebSocketClosed):
                pass

    # ------------------------------------------------------------------ reading

    async def _read(self) -> None:
        try:
            while True:
                data = await self._ws.recv()
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg, time.perf_counter())
                self._changed.set()
        except WebSocketClosed:
            pass
        finally:
            self.session_ended.set()
            self._changed.set()

    def _handle(self, msg: ForwardMsg, now: float) -> None:
        self._received += 1
        kind = msg.WhichOneof("type")
        a = self.arrival
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
            a.finished.append((now, status))
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            etype = el.WhichOneof("type")
            a.first.setdefault(etype, now)
            a.counts[etype] = a.counts.get(etype, 0) + 1
            widget = getattr(el, etype, None)
            wid = getattr(widget, "id", "") if widget is not None else ""
            if isinstance(wid, str) and wid.startswith("$$ID-"):
                user_key = wid.split("-", 2)[2] if wid.count("-") >= 2 else ""
                if user_key and user_key != "None":
                    self.widget_ids[user_key] = wid
            if etype == "exception":
                a.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:500])
            elif etype == "alert" and el.alert.format == el.alert.ERROR:
                a.errors.append(el.alert.body[:500])
            elif etype == "progress" and a.progress_text is None:
                a.progress_text = el.progress.text
