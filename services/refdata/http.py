"""Downloads for reference-data updates (data packs, exchange rates): one requests Session per
client with retries and backoff, timeouts on every call, streamed bodies with a size limit, and
every failure turned into an :class:`UpdateError` with a message that says what to do.

- Proxies: the environment's (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``; on Windows also the
  system settings, read by the standard library), or the one set in Settings, which wins.
- Retries: connection problems and the answers 429, 500, 502, 503 and 504, ``retries`` times
  with exponential backoff (``backoff`` × 2ⁿ seconds). A body cut off mid-way is not retried:
  the caller reports it and the user tries again.
- Only ``http`` and ``https`` URLs. Certificates are verified (certifi's bundle).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from services.core.errors import UpdateError
from services.core.i18n import _, format_size
from services.core.progress import Cancelled, CancelToken
from services.core.version import APP_VERSION

CHUNK = 64 * 1024
RETRY_STATUSES = (429, 500, 502, 503, 504)

BytesFn = Callable[[int], None]  # bytes received so far


@dataclass(frozen=True, slots=True)
class HttpOptions:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    proxy: str = ""  # empty: the environment's / system's proxy settings


def check_url(url: str, *, field: str = "url") -> str:
    """``url`` stripped, if it is an http(s) URL with a host; else a ValidationError-like
    UpdateError naming ``field``."""
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(text) > 2048:
        raise UpdateError(
            _(
                "{url} is not a web address: enter one starting with https:// (or http://), "
                "e.g. https://updates.example.cn/exportpilot/manifest.json."
            ).format(url=text or "—"),
            field=field,
            code="bad_url",
        )
    return text


def check_proxy(proxy: str) -> str:
    text = (proxy or "").strip()
    if text and urlsplit(text).scheme not in ("http", "https", "socks5", "socks5h"):
        raise UpdateError(
            _("Enter the proxy as http://host:port (or leave it empty)."),
            field="proxy",
            code="bad_url",
        )
    return text


class HttpClient:
    def __init__(self, options: HttpOptions | None = None) -> None:
        self.options = options or HttpOptions()
        retry = Retry(
            total=self.options.retries,
            connect=self.options.retries,
            read=self.options.retries,
            status=self.options.retries,
            backoff_factor=self.options.backoff,
            backoff_max=10,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            raise_on_status=False,  # the last answer comes back; _check_status explains it
            respect_retry_after_header=False,  # a server must not stall the app for minutes
        )
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = f"ExportPilot/{APP_VERSION}"
        proxy = check_proxy(self.options.proxy)
        if proxy:
            self.session.proxies = {"http": proxy, "https": proxy}

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get_bytes(
        self,
        url: str,
        *,
        limit: int,
        expected_size: int | None = None,
        received: BytesFn | None = None,
        cancel: CancelToken | None = None,
    ) -> bytes:
        """The body of ``url``, read in chunks. Refuses (UpdateError ``too_large``) a body
        longer than ``limit`` or than ``expected_size`` before reading past it."""
        check_url(url)
        ceiling = min(limit, expected_size) if expected_size is not None else limit
        try:
            response = self.session.get(
                url,
                stream=True,
                timeout=(self.options.connect_timeout, self.options.read_timeout),
            )
        except requests.RequestException as exc:
            raise _request_error(exc, url) from exc
        with response:
            _check_status(response, url)
            announced = response.headers.get("Content-Length")
            if announced and announced.isdigit() and int(announced) > ceiling:
                raise _too_large(url, int(announced), ceiling)
            buffer = io.BytesIO()
            try:
                for chunk in response.iter_content(CHUNK):
                    if cancel is not None and cancel.cancelled:
                        raise Cancelled
                    buffer.write(chunk)
                    if buffer.tell() > ceiling:
                        raise _too_large(url, buffer.tell(), ceiling)
                    if received is not None:
                        received(buffer.tell())
            except requests.RequestException as exc:
                raise _request_error(exc, url) from exc
        return buffer.getvalue()


def _too_large(url: str, size: int, limit: int) -> UpdateError:
    return UpdateError(
        _(
            "{url} is larger than allowed ({size}, at most {limit}); the download was stopped "
            "and nothing was changed."
        ).format(url=url, size=format_size(size), limit=format_size(limit)),
        code="too_large",
    )


def _check_status(response: requests.Response, url: str) -> None:
    status = response.status_code
    if status == 404:
        raise UpdateError(
            _(
                "The update server has no {url} (404 Not Found). Check the address in "
                "Settings, or ask the service centre whether it moved."
            ).format(url=url),
            code="http_404",
        )
    if status >= 400:
        raise UpdateError(
            _(
                "The update server answered {status} {reason} for {url}. Try again later; if "
                "it persists, tell the service centre."
            ).format(status=status, reason=response.reason or "", url=url),
            code="http_error",
        )


def _request_error(exc: requests.RequestException, url: str) -> UpdateError:
    host = urlsplit(url).hostname or url
    detail = _short(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        return UpdateError(
            _(
                "The secure connection to {host} failed: its certificate is not trusted or "
                "not valid ({detail}). Check the address; the service centre needs a valid "
                "HTTPS certificate."
            ).format(host=host, detail=detail),
            code="tls",
        )
    if isinstance(exc, requests.exceptions.ProxyError):
        return UpdateError(
            _(
                "The proxy refused or could not reach {host} ({detail}). Check the proxy in "
                "Settings or the system's network settings."
            ).format(host=host, detail=detail),
            code="proxy",
        )
    if isinstance(exc, requests.exceptions.Timeout) or _timed_out(exc):
        return UpdateError(
            _(
                "{host} did not answer in time. Check the network connection and try again later."
            ).format(host=host),
            code="timeout",
        )
    if isinstance(
        exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    ):
        return UpdateError(
            _(
                "The download from {host} was interrupted ({detail}); nothing was changed. "
                "Try again."
            ).format(host=host, detail=detail),
            code="interrupted",
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        return UpdateError(
            _(
                "Cannot reach {host}: the computer seems to be offline, or the address or "
                "proxy is wrong. The app keeps working with the data it has."
            ).format(host=host),
            code="offline",
        )
    return UpdateError(
        _("The download from {host} failed: {detail}").format(host=host, detail=detail),
        code="update_failed",
    )


def _timed_out(exc: BaseException) -> bool:
    """Whether a timeout lies underneath ``exc``: requests reports a read timeout as a
    ConnectionError when urllib3 retries were configured (MaxRetryError) or when the body
    stalls mid-way (iter_content), so its Timeout class alone misses them."""
    seen: set[int] = set()
    pending: list[Any] = [exc]
    while pending:
        reason = pending.pop()
        if not isinstance(reason, BaseException) or id(reason) in seen:
            continue
        seen.add(id(reason))
        if isinstance(reason, urllib3.exceptions.NewConnectionError):
            continue  # a subclass of ConnectTimeoutError, yet a refused connection
        if isinstance(reason, urllib3.exceptions.TimeoutError | TimeoutError):
            return True
        pending.extend(
            (*reason.args, getattr(reason, "reason", None), reason.__cause__, reason.__context__)
        )
    return False


def _short(exc: BaseException) -> str:
    """The innermost reason of a requests/urllib3 error, one line, not too long."""
    reason: Any = exc
    for _depth in range(5):
        inner = reason.args[0] if getattr(reason, "args", None) else None
        if isinstance(inner, BaseException):
            reason = inner
            continue
        nested = getattr(reason, "reason", None)
        if isinstance(nested, BaseException) and nested is not reason:
            reason = nested
            continue
        break
    text = str(reason).splitlines()[0] if str(reason) else type(reason).__name__
    return text[:200]
