import pytest
from django.core.exceptions import ValidationError

from companies.cvr import normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("29189412", "29189412"),
        ("DK29189412", "29189412"),
        ("dk 2918 9412", "29189412"),
        ("29 18 94 12", "29189412"),
        ("10150817", "10150817"),
    ],
)
def test_it_accepts_valid_numbers_with_spaces_and_prefix(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("29189413", "checksum"),
        ("12345678", "checksum"),
        ("2918941", "format"),
        ("291894123", "format"),
        ("SE29189412", "format"),
        ("", "format"),
    ],
)
def test_it_refuses_wrong_length_and_check_digit(raw, code):
    with pytest.raises(ValidationError) as error:
        normalise(raw)
    assert error.value.code == code
