"""The base of every policy model: immutable, unknown keys refused, copies re-validated."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict

# (field path, message kind of messages.MESSAGES, context for the message)
Problem = tuple[str, str, dict[str, Any]]


class PolicyModel(BaseModel):
    """Frozen, ``extra="forbid"``, validated by the TOML names (aliases) only."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=False)

    def problems(self) -> Iterator[Problem]:
        """Cross-field conflicts (none by default); the loader reports them with their paths."""
        return iter(())

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with ``update`` the values are validated again (pydantic's would not be),
        so a variant made in code has checked values and its own content hash."""
        if not update:
            return super().model_copy(deep=deep)
        fields = type(self).model_fields
        key = {name: field.alias or name for name, field in fields.items()}
        data = {key[name]: getattr(self, name) for name in fields}
        data.update({key.get(name, name): value for name, value in update.items()})
        copy = type(self).model_validate(data)
        conflicts = [f"{path}: {kind} {context}" for path, kind, context in copy.problems()]
        if conflicts:
            raise ValueError("; ".join(conflicts))
        return copy
