"""Organisers' bulk import and export of cooperatives (cooperatives.resources)."""

import pytest
from django.utils import translation

from cooperatives.models import Cooperative
from cooperatives.resources import CooperativeResource, cooperatives_import
from ocop_fair import imports
from tests.factories import ProvinceFactory

HEADER = "Tên chủ thể,Tỉnh,Loại hình,Huyện,Điện thoại\n"


@pytest.fixture(autouse=True)
def _english_messages():
    """The assertions read the English msgids; the site itself answers in Vietnamese."""
    with translation.override("en"):
        yield


@pytest.fixture
def provinces(db):
    return ProvinceFactory(name="Hà Tĩnh", code="42"), ProvinceFactory(name="Nghệ An", code="40")


def totals(result):
    return {kind: count for kind, count in result.totals.items() if count}


def test_import_cooperatives_creates_then_skips_then_updates(provinces):
    data = (HEADER + "HTX Bưởi Phúc Trạch,Hà Tĩnh,HTX,Hương Khê,0912 345 678\n").encode()

    first = cooperatives_import(data=data, file_format="csv")
    second = cooperatives_import(data=data, file_format="csv")
    third = cooperatives_import(data=data.replace(b"0912", b"0987"), file_format="csv")

    assert [totals(first), totals(second), totals(third)] == [
        {"new": 1},
        {"skip": 1},
        {"update": 1},
    ]
    cooperative = Cooperative.objects.get()
    assert (cooperative.kind, cooperative.district, cooperative.phone) == (
        "htx",
        "Hương Khê",
        "0987 345 678",
    )


def test_import_cooperatives_reports_errors(provinces):
    rows = [
        "HTX Một,Hà Tĩnh,HTX,,",
        "HTX Hai,Quảng Nam,HTX,,",  # unknown province
        "HTX Ba,Nghệ An,XYZ,,",  # unknown producer type
        "HTX Một,Hà Tĩnh,HTX,,",  # repeats row 1
    ]

    result = cooperatives_import(data=(HEADER + "\n".join(rows)).encode(), file_format="csv")

    assert {row.number: list(row.error_dict) for row in result.invalid_rows} == {
        2: ["province"],
        3: ["producer_type"],
        4: ["__all__"],
    }
    assert Cooperative.objects.count() == 0


def test_export_then_import_cooperatives_round_trip(provinces):
    cooperatives_import(
        data=(HEADER + "HTX Một,Hà Tĩnh,HTX,,\nCông ty Hai,Nghệ An,CTY,Vinh,\n").encode(),
        file_format="csv",
    )
    data = imports.XLSX().export_data(CooperativeResource().export())

    assert totals(cooperatives_import(data=data, file_format="xlsx")) == {"skip": 2}
