"""Phone numbers: E.164, line type, and the keyed customer hash."""

from __future__ import annotations

import pytest

from aftercall.domain.phone import InvalidPhoneNumber, LineType, customer_key, mask, parse_phone


def test_korean_mobile_in_national_format_becomes_e164() -> None:
    phone = parse_phone("010-2345-6789", "KR")
    assert (phone.e164, phone.region, phone.line_type) == ("+821023456789", "KR", LineType.MOBILE)
    assert phone.can_receive_sms


def test_korean_landline_cannot_receive_sms() -> None:
    phone = parse_phone("+8222345678", None)
    assert phone.line_type is LineType.FIXED_LINE
    assert not phone.can_receive_sms


def test_the_anonymised_sample_number_is_rejected_without_echoing_it() -> None:
    with pytest.raises(InvalidPhoneNumber) as excinfo:
        parse_phone("+190011112222")
    assert "190011112222" not in str(excinfo.value)


def test_customer_key_is_keyed_stable_and_not_the_number() -> None:
    a = customer_key("+821023456789", b"secret-1")
    assert a == customer_key("+821023456789", b"secret-1")
    assert a != customer_key("+821023456789", b"secret-2")
    assert "821023456789" not in a


def test_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="secret"):
        customer_key("+821023456789", b"")


def test_mask_keeps_country_and_last_four() -> None:
    assert mask("+821023456789") == "+82******6789"
