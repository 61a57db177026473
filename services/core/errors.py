"""Error hierarchy shared by every service.

Services raise these with a message already translated into the current language; the GUI shows
them in a dialog (gui/errors.py) and the command line turns them into the JSON error object of
docs/cli.md (``{"error": {"code", "message", "field"}}``).
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import override


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid input: ``field`` is a JSON-style path such as ``contacts[1].phone``."""

    field: str
    message: str


class AppError(Exception):
    """Base class: a translated message, a stable machine-readable code and an optional field."""

    code = "error"
    exit_status = 1

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "field": self.field}


class ValidationError(AppError):
    """Bad input. Carries every field error found, so forms can mark all of them at once."""

    code = "invalid"
    exit_status = 2

    def __init__(
        self,
        errors: list[FieldError] | str,
        *,
        field: str | None = None,
        code: str | None = None,
    ):
        if isinstance(errors, str):
            errors = [FieldError(field or "", errors)]
        if not errors:
            raise ValueError("ValidationError needs at least one FieldError")
        self.errors = errors
        first = errors[0]
        super().__init__(first.message, field=first.field or None, code=code)

    @override
    def to_json(self) -> dict[str, object]:
        data = super().to_json()
        if len(self.errors) > 1:
            data["errors"] = [{"field": e.field, "message": e.message} for e in self.errors]
        return data


class NotFoundError(AppError):
    code = "not_found"
    exit_status = 2


class DataFileError(AppError):
    """A file given by the user (dossier, backup, JSON input) cannot be used."""

    code = "bad_file"
    exit_status = 2


class DatabaseLockedError(AppError):
    """Another running copy of the app holds the data folder."""

    code = "locked"


class CorruptDatabaseError(AppError):
    code = "corrupt_database"


class NewerDatabaseError(AppError):
    """The database was written by a newer version of the app."""

    code = "newer_database"


class UpdateError(AppError):
    """Downloading or applying reference-data updates (data packs, exchange rates) failed;
    nothing was changed. ``code`` says why: offline, timeout, tls, proxy, http_404, http_error,
    too_large, checksum, bad_manifest, bad_pack, unsafe_url, interrupted."""

    code = "update_failed"


class ReadOnlyError(AppError):
    """A change was asked for while the data folder is open read-only."""

    code = "read_only"
