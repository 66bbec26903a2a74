"""An uploaded RVTools export held on the server between its preview and its confirmation.

The file is written to a private folder under the system's temporary folder (0700; the file
0600), named by a random token that only the uploader's session holds, so nothing about it
travels in the form. Confirming or uploading another file removes it; files left for more than
a day (a preview never confirmed) are removed when the next one is held.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings

SESSION_KEY = "hosting_rvtools_upload"
MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[0-9a-f]{32}")


def folder() -> Path:
    base = Path(getattr(settings, "FILE_UPLOAD_TEMP_DIR", None) or tempfile.gettempdir())
    path = base / "gemini-rvtools"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _path(token: str) -> Path | None:
    """The file of a token, or None for anything that is not a token (never a path)."""
    return _file(token) if _TOKEN.fullmatch(token) else None


def _file(token: str) -> Path:
    return folder() / f"{token}.upload"


def hold(session: Any, data: bytes, filename: str) -> None:
    """Keep the upload for this session, replacing any it held before."""
    release(session)
    _sweep()
    token = secrets.token_hex(16)
    path = _file(token)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    session[SESSION_KEY] = {"token": token, "filename": filename[:255]}


def held(session: Any) -> tuple[bytes, str] | None:
    """The upload this session holds (its bytes and file name), if it still exists."""
    entry = session.get(SESSION_KEY)
    if not isinstance(entry, dict):
        return None
    path = _path(str(entry.get("token", "")))
    if path is None or not path.is_file():
        return None
    return path.read_bytes(), str(entry.get("filename", "RVTools.xlsx"))


def release(session: Any) -> None:
    """Forget the upload and remove its file."""
    entry = session.pop(SESSION_KEY, None)
    if isinstance(entry, dict):
        path = _path(str(entry.get("token", "")))
        if path is not None:
            path.unlink(missing_ok=True)


def _sweep() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in folder().glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
