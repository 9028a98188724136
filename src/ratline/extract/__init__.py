"""Text -> incidents with provenance. Public surface of the extraction stage.

Implementation lives in the modules of this package; this file only re-exports.
"""

from ratline.extract.extractor import extract_text
from ratline.extract.results import (
    EXTRACTOR,
    EXTRACTOR_VERSION,
    Actor,
    Extraction,
    ExtractionError,
    Fact,
    Found,
    Incident,
    Victims,
)

__all__ = [
    "EXTRACTOR",
    "EXTRACTOR_VERSION",
    "Actor",
    "Extraction",
    "ExtractionError",
    "Fact",
    "Found",
    "Incident",
    "Victims",
    "extract_text",
]
