"""``fupin ledger``: the funds ledger's key, signed heads, export, proofs and verification."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from fupin.commands.web import setup_django
from fupin.i18n import gettext as _

err = Console(stderr=True, soft_wrap=True)  # a failure stays on one line, for scripts
ledger_app = typer.Typer(no_args_is_help=True, add_completion=False)
JSON = typer.Option(False, "--json", help=_("Print the contract's JSON (docs/ledger.md)."))


def _fail(message: str) -> NoReturn:
    err.print(message, markup=False)
    raise typer.Exit(code=1)


def keygen_command(
    out: Path = typer.Option(
        None, "--out", help=_("Where to write the key (default: FUPIN_LEDGER_KEY_FILE).")
    ),
) -> None:
    """Makes the Ed25519 key that signs the ledger's heads (never replaces one)."""
    setup_django()
    from fupin.funds.services.heads import LedgerKeyError, generate_key, load_key, public_key_hex

    try:
        path = generate_key(out)
    except LedgerKeyError as exc:
        _fail(str(exc))
    typer.echo(
        _("Wrote {path}; public key {key}").format(path=path, key=public_key_hex(load_key(path)))
    )


def sign_command() -> None:
    """Signs the ledger's current tree head."""
    setup_django()
    from django.utils import timezone

    from fupin.funds.services.heads import LedgerKeyError, sign_current_head

    try:
        head = sign_current_head(timezone.now())
    except LedgerKeyError as exc:
        _fail(str(exc))
    typer.echo(f"{head.size} {head.root} {head.time}")


def export_command(
    out: Path = typer.Option(..., "--out", help=_("The folder to write to.")),
) -> None:
    """Writes entries.jsonl, heads.json and pubkey.hex: everything a verifier needs."""
    setup_django()
    from fupin.funds import selectors
    from fupin.funds.services.heads import LedgerKeyError, public_key_hex

    try:
        public = public_key_hex()
    except LedgerKeyError as exc:
        _fail(str(exc))
    out.mkdir(parents=True, exist_ok=True)
    heads = selectors.heads()  # first: the entries written after can only be as many or more
    count = 0
    with (out / "entries.jsonl").open("wb") as lines:
        for count, line in enumerate(selectors.canonical_lines(), start=1):  # noqa: B007
            lines.write(line + b"\n")
    (out / "heads.json").write_text(json.dumps(heads, indent=2) + "\n", encoding="utf-8")
    (out / "pubkey.hex").write_text(public + "\n", encoding="ascii")
    typer.echo(_("Wrote {count} entries and {heads} signed heads to {out}.").format(
        count=count, heads=len(heads), out=out))  # fmt: skip


def proof_command(seq: int = typer.Argument(..., help=_("The entry's sequence number.")),
                  as_json: bool = JSON) -> None:  # fmt: skip
    """Prints an entry's inclusion proof against the latest signed head."""
    setup_django()
    from fupin.funds import selectors

    try:
        proof = selectors.inclusion(seq)
    except selectors.ProofError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(proof))
        return
    typer.echo(_("entry {seq} is leaf {leaf} of {size}; root {root}").format(
        seq=seq, leaf=proof["leaf_index"], size=proof["tree_size"], root=proof["root"]))  # fmt: skip
    for value in proof["audit_path"]:
        typer.echo(value)


def consistency_command(old: int = typer.Argument(..., help=_("The older head's size.")),
                        new: int = typer.Argument(..., help=_("The newer head's size.")),
                        as_json: bool = JSON) -> None:  # fmt: skip
    """Prints the consistency proof between two signed heads' sizes."""
    setup_django()
    from fupin.funds import selectors

    try:
        proof = selectors.consistency(old, new)
    except selectors.ProofError as exc:
        _fail(str(exc))
    typer.echo(json.dumps(proof) if as_json else "\n".join(proof["proof"]))


def _public_key(given: str | None) -> bytes:
    from fupin.funds.services.heads import LedgerKeyError, public_key_hex

    if given:
        text = Path(given).read_text(encoding="ascii").strip() if Path(given).is_file() else given
        if len(text) != 64:
            _fail(_("--public-key: 64 hex digits, or a file holding them"))
        return bytes.fromhex(text)
    try:
        return bytes.fromhex(public_key_hex())
    except LedgerKeyError as exc:
        _fail(str(exc))


def verify_command(
    public_key: str = typer.Option(
        None,
        "--public-key",
        help=_("The key to trust (hex or a file; default: the published one)."),
    ),
) -> None:
    """Recomputes every leaf and the tree, checks every signed head and the balances."""
    setup_django()
    from fupin.funds.services.verify import verify_ledger

    public = _public_key(public_key)
    verdict = verify_ledger(public)
    if not verdict.ok:
        _fail(_("The ledger does not hold: {failure}").format(failure=verdict.failure))
    typer.echo(_("The ledger holds: {size} entries, root {root}, {heads} signed heads checked.")
               .format(size=verdict.size, root=verdict.root, heads=verdict.heads))  # fmt: skip


def register(app: typer.Typer) -> None:
    """Adds ``fupin ledger`` to the CLI."""
    for name, command, text in (
        ("keygen", keygen_command, _("Makes the key that signs the ledger's heads.")),
        ("sign", sign_command, _("Signs the ledger's current tree head.")),
        ("export", export_command, _("Exports the ledger for an outside verifier.")),
        ("proof", proof_command, _("Prints an entry's inclusion proof.")),
        ("consistency", consistency_command, _("Prints a consistency proof between two heads.")),
        ("verify", verify_command, _("Checks the whole ledger.")),
    ):
        ledger_app.command(name, help=text)(command)
    app.add_typer(ledger_app, name="ledger", help=_("The funds ledger: heads, proofs, checks."))
