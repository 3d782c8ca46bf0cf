"""Request and response bodies of the REST API (they make the OpenAPI document)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Login(BaseModel):
    name: str
    password: str


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    role: Literal["admin", "editor", "viewer"]
    password: str = Field(min_length=8)


class NewToken(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    scope: Literal["read", "write"] = "read"


class ArticleIn(BaseModel):
    """One article: ``text`` (plain) or ``html`` (a page), and what is known about it."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(default=None, max_length=200, pattern=r"^[\w.:~-]+$")
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = Field(default=None, max_length=8)


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1)


class UrlsIn(BaseModel):
    urls: list[str] = Field(min_length=1, max_length=100)


class FeedIn(BaseModel):
    url: str
    interval_s: float | None = Field(default=None, ge=10, le=86400)


class JobOut(BaseModel):
    id: int
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    step: str
    done: int
    total: int
    attempts: int
    created: float
    updated: float
    error: str | None = None
    result: dict[str, Any] | None = None
    url: str


class StoryOut(BaseModel):
    id: str
    size: int
    title: str | None
    root_title: str | None
    root_outlet: str | None
    independent_sources: int | None
    first_published: str | None
    last_published: str | None
    languages: list[str]
    outlets: list[str]
    updated_at: str
    analyzed: bool
    url: str


class StoryPage(BaseModel):
    total: int
    page: int
    per_page: int
    stories: list[StoryOut]


class MemberOut(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    language: str | None


class StoryDetail(StoryOut):
    articles: list[MemberOut]
    report_built: float | None
    report_fresh: bool
    pending_job: int | None


class FeedOut(BaseModel):
    id: int
    url: str
    title: str | None
    interval_s: float
    last_polled: float | None
    last_error: str | None
    items: int


class TokenOut(BaseModel):
    id: int
    name: str
    scope: str
    created: float
    revoked: float | None
    last_used: float | None


class NewTokenOut(TokenOut):
    token: str = Field(description="shown this once only; store it now")
