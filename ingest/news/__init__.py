"""News articles -> transfer claims with evidence (see ARCHITECTURE.md, "The extraction pipeline").

from ingest.news import get_extractor, load_documents, document_records
for doc in load_documents([Path("article.html")], published=date(2022, 9, 7)):
    if isinstance(doc, Rejected): ...
    claims = get_extractor().extract_document(doc)
    records = document_records(doc, claims)
"""

from ingest.news import native as _native

_native.check()  # before any compiled module is imported: a stale native build is removed (`native`)

from ingest.news.claims import Claim, ClaimEvidence, Item  # noqa: E402
from ingest.news.documents import Document, load_documents  # noqa: E402
from ingest.news.extract import Extractor, get_extractor  # noqa: E402
from ingest.news.records import document_records, document_source  # noqa: E402

__all__ = [
    "Claim",
    "ClaimEvidence",
    "Document",
    "Extractor",
    "Item",
    "document_records",
    "document_source",
    "get_extractor",
    "load_documents",
]
