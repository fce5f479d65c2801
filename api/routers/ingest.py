"""Write endpoints: upload a file, get the import report. They need an `admin` key (X-API-Key: a key of
SKG_API_KEYS with the admin role, or the single SKG_API_KEY); the audit entry of the import names the key.

The key is checked before a byte of the body is read: the routes declare no body parameter (FastAPI would parse
a form, spooling its files to disk, before any dependency runs) and parse the multipart body themselves once the
key is accepted, refusing it as soon as it outgrows SKG_MAX_UPLOAD_BYTES. Imports go through the app's
LiveStore: one upload at a time, and readers see the graph before or after it, never in between.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import AsyncGenerator
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from api.auth import AdminDep, address_of
from api.deps import LiveDep, SettingsDep
from api.live_store import LiveStore
from api.params import IsoDate
from graph.errors import InvalidInput, TooLarge
from ingest.pipeline import IngestReport, ingest_path
from ingest.registers import REGISTERS

router = APIRouter(tags=["ingest"], prefix="/ingest")

#: Accepted file name endings per source kind.
SUFFIXES = {
    "news": (".txt", ".html", ".htm", ".md", ".markdown", ".jsonl", ".json"),
    "sipri": (".csv",),
    "un-list": (".xml",),
    "ftm": (".json", ".jsonl", ".ftm.json"),
}
_CHUNK = 1 << 20
#: Room for the multipart framing around the file and the few form fields.
_FRAMING = 64 * 1024
#: Kept of an uploaded file's name (bytes of UTF-8): names stay far below the 255-byte limit of file systems.
_NAME_BYTES = 120
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")

_WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing or wrong X-API-Key, or no key configured on the server"},
    403: {"description": "the key's role is not admin"},
    413: {"description": "file larger than SKG_MAX_UPLOAD_BYTES"},
    422: {"description": "file of the wrong type or unreadable"},
    503: {"description": "the store is locked by another writer for longer than SKG_STORE_LOCK_TIMEOUT_S"},
}


def _body(published: bool) -> dict[str, Any]:
    """The multipart request body, for the OpenAPI document (the routes parse it themselves)."""
    fields: dict[str, Any] = {"file": {"type": "string", "format": "binary"}}
    if published:
        fields["published"] = {"type": "string", "format": "date", "description": "publication date (news)"}
    schema = {"type": "object", "required": ["file"], "properties": fields}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


def safe_name(filename: str | None, kind: str) -> str:
    """The upload's base name, checked for the kind's endings, without control characters and cut to a length
    every file system takes (a 300-character name is shortened, its ending kept)."""
    name = _UNSAFE.sub("_", FilePath((filename or "upload").replace("\\", "/")).name) or "upload"
    ending = next((s for s in sorted(SUFFIXES[kind], key=len, reverse=True) if name.lower().endswith(s)), None)
    shown = name if len(name) <= 80 else name[:60] + "…" + name[-15:]
    if ending is None:
        raise InvalidInput(f"{shown}: a {kind} upload must end in {', '.join(SUFFIXES[kind])}")
    if len(name.encode("utf-8")) > _NAME_BYTES:
        stem = name[: len(name) - len(ending)].encode("utf-8")[: _NAME_BYTES - len(ending)]
        name = stem.decode("utf-8", errors="ignore") + name[len(name) - len(ending) :]
    return name


async def _bounded(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit + _FRAMING:
            raise TooLarge(f"upload larger than the {limit:,}-byte limit (SKG_MAX_UPLOAD_BYTES)")
        yield chunk


async def _receive(request: Request, kind: str, limit: int, folder: str) -> tuple[FilePath, dict[str, str]]:
    """The uploaded file saved under `folder`, and the other form fields. Refuses a declared or actual size over
    `limit`, a missing file, a wrong ending and an empty file."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + _FRAMING:
        raise TooLarge(f"upload of {int(declared):,} bytes: larger than the {limit:,}-byte limit")
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput("send the file as multipart/form-data, in a field named `file`")
    parser = MultiPartParser(request.headers, _bounded(request, limit), max_files=1, max_fields=10)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise InvalidInput(f"unreadable multipart body: {exc.message}") from exc
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput("no file in the upload: send it in a multipart field named `file`")
        name = safe_name(upload.filename, kind)
        if upload.size is not None and upload.size > limit:
            raise TooLarge(f"{name}: larger than the {limit:,}-byte upload limit")
        target = FilePath(folder) / name
        with target.open("wb") as out:
            await run_in_threadpool(shutil.copyfileobj, upload.file, out, _CHUNK)
        if target.stat().st_size == 0:
            raise InvalidInput(f"{name}: empty file")
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        return target, fields
    finally:
        await form.close()


def _import(
    live: LiveStore, kind: str, path: FilePath, who: str, address: str | None, published: date | None = None
) -> IngestReport:
    with live.writing() as store:
        return ingest_path(store, kind, path, published, who=who, address=address)


@router.post(
    "/news",
    summary="Extract transfers from an article and add them",
    responses=_WRITE_RESPONSES,
    openapi_extra=_body(published=True),
)
async def post_news(who: AdminDep, live: LiveDep, settings: SettingsDep, request: Request) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="skg-upload-") as folder:
        path, fields = await _receive(request, "news", settings.max_upload_bytes, folder)
        published = None
        if fields.get("published"):
            try:
                published = TypeAdapter(IsoDate).validate_python(fields["published"])
            except ValidationError as exc:
                raise InvalidInput(f"published: {exc.errors()[0]['msg']}") from exc
        report = await run_in_threadpool(_import, live, "news", path, who.name, address_of(request), published)
    return report.to_json()


@router.post(
    "/{register}",
    summary="Import a register file (sipri, un-list, ftm)",
    responses=_WRITE_RESPONSES | {404: {}},
    openapi_extra=_body(published=False),
)
async def post_register(
    who: AdminDep,
    live: LiveDep,
    settings: SettingsDep,
    register: Annotated[str, Path(pattern="^(sipri|un-list|ftm)$")],
    request: Request,
) -> dict[str, Any]:
    assert register in REGISTERS  # guaranteed by the path pattern
    with tempfile.TemporaryDirectory(prefix="skg-upload-") as folder:
        path, _fields = await _receive(request, register, settings.max_upload_bytes, folder)
        report = await run_in_threadpool(_import, live, register, path, who.name, address_of(request))
    return report.to_json()
