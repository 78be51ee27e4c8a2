"""Records written once and never changed: the base of status events, field changes, procedure
steps and signatures (their tables' triggers refuse it in the database too)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions import ScopedQuerySet


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove a recorded, append-only row."""


class AppendOnlyQuerySet(ScopedQuerySet):
    """Rows can be added and read, never updated or deleted in bulk."""

    def update(self, **kwargs: Any) -> int:
        """Refused: these records are append-only."""
        raise AppendOnlyError(_("This record is append-only; it cannot be changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        """Refused: these records are append-only."""
        raise AppendOnlyError(_("This record is append-only; it cannot be deleted."))


class AppendOnlyModel(models.Model):
    """Base of records inserted once and never updated or deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Inserts the record; refuses to overwrite one already written."""
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(_("This record is append-only; it cannot be changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Refused: these records are append-only."""
        raise AppendOnlyError(_("This record is append-only; it cannot be deleted."))
