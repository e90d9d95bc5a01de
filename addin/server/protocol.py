"""uvicorn's HTTP protocol with Nagle's algorithm off on every connection, for `--workers N`.

With several workers uvicorn binds the listening socket itself, without IPPROTO_TCP, and asyncio
then leaves TCP_NODELAY off on accepted connections (uvicorn issue #3149): on Linux every request
after the first on a kept-alive connection waited ~40 ms for a delayed ACK. One worker is not
affected (asyncio builds that listener itself) and does not use this class.
"""

from __future__ import annotations

import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    def connection_made(self, transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # pragma: no cover - a socket that cannot take it works as before
                pass
        super().connection_made(transport)
