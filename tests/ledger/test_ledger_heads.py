"""Signed tree heads (Ed25519 over JCS bytes) and the entries' canonical bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from fupin.ledger import canonical_bytes, head_bytes, sign_head, verify_head
from fupin.ledger.canonical import rfc3339
from fupin.ledger.heads import public_bytes

# RFC 8032, section 7.1, TEST 1.
SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
SIGNATURE = ("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
             "1cf9b46bd25bf5f0595bbe24655141438e7a100b")  # fmt: skip
KEY = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(SECRET))
NOON = dt.datetime(2026, 12, 7, 12, 0, 30, 999, tzinfo=dt.UTC)


def test_the_signing_key_is_rfc_8032s():
    assert public_bytes(KEY).hex() == PUBLIC
    assert KEY.sign(b"").hex() == SIGNATURE


def test_a_head_signs_the_canonical_json_of_root_size_and_time():
    head = sign_head(KEY, bytes(range(32)), 8, NOON)
    assert head.time == "2026-12-07T12:00:30Z" and head.size == 8
    assert head_bytes(head.root, 8, head.time) == (
        b'{"root":"'
        + bytes(range(32)).hex().encode()
        + b'","size":8,"time":"2026-12-07T12:00:30Z"}'
    )
    assert verify_head(bytes.fromhex(PUBLIC), head)


@pytest.mark.parametrize("field", ["root", "size", "time", "signature"])
def test_a_forged_head_fails(field):
    head = sign_head(KEY, bytes(range(32)), 8, NOON)
    changed = {"root": "00" * 32, "size": 9, "time": "2026-12-07T12:00:31Z", "signature": "00" * 64}
    assert not verify_head(
        bytes.fromhex(PUBLIC), dataclasses.replace(head, **{field: changed[field]})
    )
    other = Ed25519PrivateKey.generate()
    assert not verify_head(public_bytes(other), head)


def test_canonical_bytes_sort_keys_and_refuse_floats():
    assert canonical_bytes({"seq": 2, "amount_fen": 150000, "memo": "补贴"}) == (
        '{"amount_fen":150000,"memo":"补贴","seq":2}'.encode()
    )
    with pytest.raises(TypeError, match="amount_fen is a float"):
        canonical_bytes({"seq": 1, "amount_fen": 1500.0})


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.integers(-(2**53) + 1, 2**53 - 1),
                                                      st.text(), st.none(), st.booleans())))  # fmt: skip
def test_canonical_bytes_do_not_depend_on_the_order_of_the_fields(fields):
    assert canonical_bytes(fields) == canonical_bytes(dict(reversed(list(fields.items()))))


def test_times_are_utc_with_microseconds():
    shanghai = dt.timezone(dt.timedelta(hours=8))
    assert (
        rfc3339(dt.datetime(2026, 12, 8, 7, 40, tzinfo=shanghai)) == "2026-12-07T23:40:00.000000Z"
    )
    with pytest.raises(ValueError):
        rfc3339(dt.datetime(2026, 12, 8))


FLAT = st.dictionaries(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=10),
    st.one_of(st.integers(-(2**53) + 1, 2**53 - 1), st.none(),
              st.text(alphabet=st.characters(blacklist_categories=("Cs",)))),
    max_size=12,
)  # fmt: skip


@given(FLAT)
def test_the_fast_form_of_a_flat_record_is_its_jcs_form(fields):
    from fupin.ledger.canonical import flat_canonical_bytes

    assert flat_canonical_bytes(fields) == canonical_bytes(fields)


def test_the_fast_form_refuses_what_it_cannot_write_exactly():
    from fupin.ledger.canonical import flat_canonical_bytes

    for bad in ({"a": 1.5}, {"a": True}, {"a": [1]}, {"a": 2**53}, {"ключ": 1}):
        with pytest.raises(TypeError):
            flat_canonical_bytes(bad)
