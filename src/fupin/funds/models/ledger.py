"""The ledger: append-only double-entry records in ``seq`` order, the hashes of its Merkle
tree's complete subtrees, and the signed tree heads.

Each entry moves ``amount_fen`` (integer fen, positive) from its credit account to its debit
account. Its canonical bytes (``fupin.funds.services.canonical``) hold every stored field but the
leaf hash, so an edit of any of them — even with the triggers dropped — changes the tree.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.registry.models import AppendOnlyModel


class EntryKind(models.TextChoices):
    RECEIPT = "receipt", _("receipt into a fund source")
    ALLOCATION = "allocation", _("allocation down the region tree")
    DISBURSEMENT = "disbursement", _("disbursement to a project, contractor or household")
    RETURN = "return", _("return of unspent money")
    REVERSAL = "reversal", _("reversal of an entry")


class LedgerEntry(AppendOnlyModel):
    """One movement of money; never changed — a correction is a reversing entry."""

    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    posted_at = models.DateTimeField(_("posted at"))
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    debit = models.ForeignKey(
        "funds.Account", verbose_name=_("debit (receives)"), on_delete=models.PROTECT,
        related_name="debits",
    )  # fmt: skip
    credit = models.ForeignKey(
        "funds.Account", verbose_name=_("credit (gives)"), on_delete=models.PROTECT,
        related_name="credits",
    )  # fmt: skip
    amount_fen = models.PositiveBigIntegerField(_("amount (fen)"))
    document = models.CharField(_("document"), max_length=200)
    document_sha256 = models.CharField(_("document's SHA-256"), max_length=64, blank=True)
    actor = models.CharField(_("posted by"), max_length=150)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self", verbose_name=_("reverses"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reversed_by",
    )  # fmt: skip
    leaf_hash = models.CharField(_("leaf hash"), max_length=64)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["seq"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="funds_amount_positive"),
            models.CheckConstraint(condition=~models.Q(debit=models.F("credit")),
                                   name="funds_two_accounts"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"#{self.seq} {self.amount_fen} fen"


class LedgerNode(AppendOnlyModel):
    """The hash of a complete subtree of the ledger's tree (level ≥ 1: level 0 is an entry's
    leaf hash), so a proof reads a few dozen rows."""

    level = models.PositiveSmallIntegerField(_("level"))
    # Which complete subtree of its level, from the left ("index" is a word SQL keeps).
    ordinal = models.PositiveBigIntegerField(_("ordinal"))
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("ledger tree node")
        verbose_name_plural = _("ledger tree nodes")
        constraints = [models.UniqueConstraint(fields=["level", "ordinal"], name="funds_one_node")]


class SignedTreeHead(AppendOnlyModel):
    """A tree head signed with the ledger's Ed25519 key: the JCS bytes of root, size and time."""

    size = models.PositiveBigIntegerField(_("size"))
    root = models.CharField(_("root"), max_length=64)
    time = models.CharField(_("time (RFC 3339, UTC)"), max_length=20, unique=True)
    signature = models.CharField(_("signature"), max_length=128)

    class Meta:
        verbose_name = _("signed tree head")
        verbose_name_plural = _("signed tree heads")
        ordering = ["size", "time"]

    def __str__(self) -> str:
        return f"{self.size} {self.root[:12]}"


class LedgerState(models.Model):
    """One row: the ledger's size. Posting locks it, so ``seq`` stays gapless under concurrency."""

    size = models.PositiveBigIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("ledger state")
        verbose_name_plural = _("ledger state")
