"""Errors as RFC 9457 problem documents (``application/problem+json``).

Every user error of the API is a :class:`Problem`: a status, a short title and a detail
that names the input and says what to do. Pages show the same detail in HTML.
"""

from __future__ import annotations

from typing import Any

PROBLEM_TYPE = "https://storytrace.invalid/problems/"
MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    """An error the client can fix (or must be told about), with its HTTP status."""

    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.extra = extra

    def document(self, instance: str | None = None) -> dict[str, Any]:
        slug = self.title.lower().replace(" ", "-")
        doc: dict[str, Any] = {
            "type": PROBLEM_TYPE + slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            doc["instance"] = instance
        doc.update(self.extra)
        return doc


PROBLEM_SCHEMA: dict[str, Any] = {
    "description": "An RFC 9457 problem document",
    "content": {
        MEDIA_TYPE: {
            "schema": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "instance": {"type": "string"},
                },
                "required": ["type", "title", "status", "detail"],
            }
        }
    },
}
