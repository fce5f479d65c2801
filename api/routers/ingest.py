"""Write endpoints: upload a file, get the import report. They need the API key (X-API-Key = SKG_API_KEY)."""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, UploadFile
from starlette.concurrency import run_in_threadpool

from api.deps import ApiKeyDep, SettingsDep, StoreDep
from api.params import IsoDate
from graph.errors import InvalidInput, TooLarge
from ingest.pipeline import ingest_path
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

_WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing or wrong X-API-Key, or SKG_API_KEY unset on the server"},
    413: {"description": "file larger than SKG_MAX_UPLOAD_BYTES"},
    422: {"description": "file of the wrong type or unreadable"},
}


async def _save(upload: UploadFile, kind: str, limit: int, folder: str) -> FilePath:
    """Stream the upload to a temporary file, refusing wrong types and files over `limit` bytes."""
    name = FilePath(upload.filename or "upload").name
    if not name.lower().endswith(SUFFIXES[kind]):
        raise InvalidInput(f"{name}: a {kind} upload must end in {', '.join(SUFFIXES[kind])}")
    target = FilePath(folder) / name
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"{name}: larger than the {limit:,}-byte upload limit")
            out.write(chunk)
    if size == 0:
        raise InvalidInput(f"{name}: empty file")
    return target


@router.post("/news", summary="Extract transfers from an article and add them", responses=_WRITE_RESPONSES)
async def post_news(
    _: ApiKeyDep,
    store: StoreDep,
    settings: SettingsDep,
    file: UploadFile,
    published: Annotated[IsoDate | None, Form()] = None,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="skg-upload-") as folder:
        path = await _save(file, "news", settings.max_upload_bytes, folder)
        report = await run_in_threadpool(ingest_path, store, "news", path, published)
    return report.to_json()


@router.post(
    "/{register}", summary="Import a register file (sipri, un-list, ftm)", responses=_WRITE_RESPONSES | {404: {}}
)
async def post_register(
    _: ApiKeyDep,
    store: StoreDep,
    settings: SettingsDep,
    register: Annotated[str, Path(pattern="^(sipri|un-list|ftm)$")],
    file: UploadFile,
) -> dict[str, Any]:
    assert register in REGISTERS  # guaranteed by the path pattern
    with tempfile.TemporaryDirectory(prefix="skg-upload-") as folder:
        path = await _save(file, register, settings.max_upload_bytes, folder)
        report = await run_in_threadpool(ingest_path, store, register, path)
    return report.to_json()
