import datetime

import pytest

from catalog import rules as award_rules
from catalog.demo.fair import FREE_BOOTHS_PER_ZONE, floor_plan, zone_size
from catalog.demo.source import SourceRow, award_date, plan_catalogue
from catalog.models import Certification
from cooperatives import rules as producer_rules

Level, Criteria, Precision = (
    Certification.Level,
    Certification.Criteria,
    Certification.DatePrecision,
)
AwardType = Certification.AwardType
GROUP_CODES = {"Thực phẩm": "I", "Đồ uống": "II", "Dược liệu và sản phẩm từ dược liệu": "III"}


def _row(name="Mật ong Hóa Sơn", *, line=2, **fields):
    values = {
        "product_name": name,
        "group_name": "Thực phẩm",
        "stars": 3,
        "producer_name": "HTX Nông nghiệp Hóa Sơn",
        "producer_type": "HTX",
        "commune": "",
        "district": "Minh Hóa",
        "province": "Quảng Bình",
        "year": 2023,
        "source_url": "",
    }
    return SourceRow(line=line, **{**values, **fields})


@pytest.mark.parametrize(
    ("stars", "day", "precision", "expected"),
    [
        (3, datetime.date(2019, 1, 1), Precision.YEAR, (Level.PROVINCE, Criteria.QD_1048)),
        (4, datetime.date(2022, 1, 1), Precision.YEAR, (Level.PROVINCE, Criteria.QD_1048)),
        (3, datetime.date(2023, 1, 1), Precision.YEAR, (Level.DISTRICT, Criteria.QD_148)),
        (4, datetime.date(2024, 1, 1), Precision.YEAR, (Level.PROVINCE, Criteria.QD_148)),
        # A year alone never reaches QĐ 1489, even in 2025.
        (3, datetime.date(2025, 1, 1), Precision.YEAR, (Level.DISTRICT, Criteria.QD_148)),
        (5, datetime.date(2024, 1, 1), Precision.YEAR, (Level.NATIONAL, Criteria.QD_148)),
        (5, datetime.date(2021, 1, 1), Precision.YEAR, (Level.NATIONAL, Criteria.QD_1048)),
        # Exact days: a round of 2022 decided in January 2023 was still under QĐ 1048.
        (3, datetime.date(2023, 1, 17), Precision.DAY, (Level.PROVINCE, Criteria.QD_1048)),
        (3, datetime.date(2023, 2, 24), Precision.DAY, (Level.DISTRICT, Criteria.QD_148)),
        (3, datetime.date(2025, 7, 5), Precision.DAY, (Level.DISTRICT, Criteria.QD_148)),
        (3, datetime.date(2025, 7, 6), Precision.DAY, (Level.PROVINCE, Criteria.QD_1489)),
        (4, datetime.date(2025, 9, 1), Precision.DAY, (Level.PROVINCE, Criteria.QD_1489)),
        (5, datetime.date(2025, 9, 1), Precision.DAY, (Level.NATIONAL, Criteria.QD_1489)),
        # Unknown date: only 5★ (national) and 4★ (provincial in every period) can be placed.
        (3, None, Precision.UNKNOWN, ("", "")),
        (4, None, Precision.UNKNOWN, (Level.PROVINCE, "")),
        (5, None, Precision.UNKNOWN, (Level.NATIONAL, "")),
    ],
)
def test_infer_level_and_criteria_follows_the_three_periods(stars, day, precision, expected):
    assert award_rules.infer_level_and_criteria(stars, day, precision) == expected


@pytest.mark.parametrize(
    ("stars", "earlier", "expected"),
    [
        (3, [], AwardType.FIRST),
        (4, [3], AwardType.UPGRADE),
        (4, [4], AwardType.RE_AWARD),
        (5, [3, 5, 4], AwardType.UPGRADE),
        (4, [3, 4], AwardType.RE_AWARD),
    ],
)
def test_infer_award_type_compares_with_the_latest_earlier_award(stars, earlier, expected):
    assert award_rules.infer_award_type(stars, earlier) == expected


@pytest.mark.parametrize(
    ("top", "name", "code"),
    [
        ("I", "Chè xanh Thanh Chương (chè móc câu)", "I.5.a"),
        ("I", "Trà shan tuyết (HTX chè hữu cơ Huồi Tụ)", "I.5.a"),
        ("I", "Trà túi lọc cà gai leo", "I.5.b"),
        ("I", "Trà vỏ cà phê túi lọc", "I.5.b"),
        ("I", "Lộc Liên tâm trà", "I"),
        ("I", "Cà phê bột – Nắng", "I.6"),
        ("I", "Ta Lư Coffee", "I.6"),
        ("I", "Nước mắm Cửa Lò (20°N, 30°N, 40°N)", "I.4.a"),
        ("I", "Mắm nêm cá cơm Mệ Em", "I.4.a"),
        ("I", "Tương Sa Nam Hương Dương", "I.4.a"),
        ("I", "Mật ong Bometa", "I.2.b"),
        ("I", "Mật mía Khánh Quang", "I.2.b"),
        ("I", "Gạo hữu cơ An Lỗ", "I.2.a"),
        ("I", "Bưởi da xanh", "I.1.a"),
        ("I", "Chuối già lùn A Lưới", "I.1.a"),
        ("I", "Chuối sấy dẻo", "I"),
        ("I", "Trứng gà Phủ Diễn", "I.1.b"),
        ("I", "Giò bê Tứ Phương", "I.3.d"),
        ("I", "Gà ủ muối Sông La", "I"),
        ("II", "Rượu sim Xuân Hưng", "II.1.b"),
        ("II", "Rượu nếp cái Hà Mai", "II.1.a"),
        ("III", "Tinh dầu tràm Mộc Sương", "III.3"),
        ("III", "Cao cà gai leo An Xuân", "III.1"),
        ("III", "Dầu gội dược liệu Quỳ Hợp", "III.2"),
        ("III", "Đông trùng hạ thảo", "III"),
        ("IV", "Hương trầm Liên Đức", "IV.1"),
        ("IV", "Vải dệt Dèng A Lưới", "IV.2"),
        ("IV", "Đàn Guitar Tân Châu", "IV"),
        ("VI", "Du lịch cộng đồng bản Nưa", "VI"),
        # A rule only applies inside its own top-level group.
        ("III", "Trà hòa tan cà gai leo", "III"),
    ],
)
def test_refine_group_code_moves_only_unambiguous_names(top, name, code):
    assert award_rules.refine_group_code(top, name) == code


@pytest.mark.parametrize(
    "short, full",
    [
        ("HTX Nông sản Khe Sanh", "Hợp tác xã Nông sản Khe Sanh"),
        ("THT Chè Hạ Trạch", "Tổ hợp tác chè Hạ Trạch"),
        ("HKD Nguyễn Văn An", "Hộ kinh doanh Nguyễn Văn An"),
        ("DNTN Hương Sơn", "Doanh nghiệp tư nhân Hương Sơn"),
        ("Cty CP Dược liệu Pù Mát", "Công ty cổ phần Dược liệu Pù Mát"),
        ("C.ty TNHH Mật ong Hương Sơn", "Công ty TNHH mật ong Hương Sơn"),
    ],
)
def test_producer_key_reads_the_usual_abbreviations(short, full):
    assert producer_rules.producer_key(short) == producer_rules.producer_key(full)


def test_producer_key_keeps_different_producers_apart():
    # An abbreviation is read only as a whole word: "Htx" inside a word, or another name, differs.
    assert producer_rules.producer_key("HTX Nông sản Khe Sanh") != producer_rules.producer_key(
        "HTX Nông sản Hướng Hoá"
    )
    assert producer_rules.producer_key("Chè Cptea") != producer_rules.producer_key(
        "Chè Cổ phần tea"
    )


def test_producer_key_reads_cp_as_co_phan():
    assert producer_rules.producer_key(
        "Công ty CP Dược liệu Pù Mát"
    ) == producer_rules.producer_key("Công ty cổ phần  Dược liệu Pù Mát")
    assert producer_rules.producer_key("HTX nông sản Khe Sanh") == producer_rules.producer_key(
        "HTX Nông sản Khe Sanh"
    )


def test_product_summary_uses_only_row_facts():
    assert (
        award_rules.product_summary(
            group_name="Thực phẩm",
            producer_name="HTX Nông sản Khe Sanh",
            place=producer_rules.place_line("Hướng Tân", "", "Quảng Trị"),
        )
        == "Sản phẩm nhóm thực phẩm của HTX Nông sản Khe Sanh (Hướng Tân, Quảng Trị)."
    )
    assert (
        award_rules.product_summary(group_name="Đồ uống", producer_name="", place="Nghệ An")
        == "Sản phẩm nhóm đồ uống ở Nghệ An."
    )


def test_placeholder_description_names_the_known_kind():
    assert "hợp tác xã" in producer_rules.placeholder_description(producer_rules.Kind.COOPERATIVE)
    assert producer_rules.placeholder_description(producer_rules.Kind.UNKNOWN) == (
        "Nguồn tin không nêu tên chủ thể; tên hiển thị được đặt tạm theo tên sản phẩm."
    )


def test_award_date_uses_a_known_decision_only_for_its_round():
    url = (
        "https://sonnptnt.quangtri.gov.vn/vi/chi-tiet/-/view-article/1/1648176529156/1648628523065"
    )
    assert award_date(_row(year=2019, source_url=url)) == (
        datetime.date(2020, 1, 15),
        Precision.DAY,
        "136/QĐ-UBND",
    )
    assert award_date(_row(year=2021, source_url=url)) == (
        datetime.date(2021, 1, 1),
        Precision.YEAR,
        "",
    )
    assert award_date(_row(year=None)) == (None, Precision.UNKNOWN, "")


def test_plan_catalogue_merges_aliases_and_keeps_the_former_holder():
    rows = [
        _row(
            "Cao cà gai leo An Xuân",
            line=2,
            group_name="Dược liệu và sản phẩm từ dược liệu",
            producer_name="Hộ kinh doanh Lê Thị Hồng Nhạn",
            producer_type="HKD",
            province="Quảng Trị",
            year=2019,
        ),
        _row(
            "Cao cà gai leo An Xuân (thực phẩm bảo vệ sức khỏe)",
            line=3,
            group_name="Dược liệu và sản phẩm từ dược liệu",
            stars=5,
            producer_name="Công ty TNHH Dược liệu hữu cơ An Xuân",
            producer_type="CTY",
            province="Quảng Trị",
            year=2024,
        ),
    ]
    [plan] = plan_catalogue(rows, GROUP_CODES)
    assert (plan.name, plan.producer.name, plan.group_code) == (
        "Cao cà gai leo An Xuân",
        "Công ty TNHH Dược liệu hữu cơ An Xuân",
        "III.1",
    )
    assert [(a.stars, a.award_type, a.holder_name) for a in plan.awards] == [
        (3, AwardType.FIRST, "Hộ kinh doanh Lê Thị Hồng Nhạn"),
        (5, AwardType.UPGRADE, ""),
    ]
    assert (plan.current_stars, plan.is_featured) == (5, True)


def test_plan_catalogue_merges_same_normalised_name_and_dedupes_producers():
    rows = [
        _row("Mật ong Hóa Sơn", line=2, producer_name="Công ty CP Ong Hóa Sơn", year=2020),
        _row("Mật Ong  Hoá Sơn", line=3, producer_name="Công ty cổ phần Ong Hóa Sơn", stars=4),
        _row("Lạc rang tỏi ớt Hóa Sơn", line=4, producer_name="Công ty cổ phần ong hóa sơn"),
    ]
    honey, peanuts = plan_catalogue(rows, GROUP_CODES)
    assert [a.stars for a in honey.awards] == [3, 4]
    assert honey.producer is peanuts.producer
    assert (honey.name, honey.producer.name) == ("Mật ong Hóa Sơn", "Công ty CP Ong Hóa Sơn")


def test_plan_catalogue_stands_in_for_an_unnamed_producer():
    rows = [
        _row("Rượu sim Xuân Hưng", group_name="Đồ uống", producer_name="", stars=None, year=None),
        _row("Giò Trung Mơ", line=3, producer_name="", producer_type=""),
    ]
    wine, gio = plan_catalogue(rows, GROUP_CODES)
    assert (wine.producer.name, wine.producer.kind, wine.producer.is_verified) == (
        "Chủ thể sản phẩm Rượu sim Xuân Hưng",
        producer_rules.Kind.COOPERATIVE,
        False,
    )
    assert (wine.awards, wine.current_stars, wine.is_featured) == ([], None, False)
    assert gio.producer.kind == producer_rules.Kind.UNKNOWN
    assert gio.summary == "Sản phẩm nhóm thực phẩm ở Minh Hóa, Quảng Bình."


def test_plan_keeps_a_recognition_without_stars_with_its_year_and_decision():
    # Failed before: a row without stars lost its year and source (the 2019 provincial list).
    source = "https://duoclieutot.vn/cong-nhan-24-san-pham-ocop-cap-tinh/"
    (garlic,) = plan_catalogue(
        [_row("Tỏi đen Quảng Minh", stars=None, year=2019, source_url=source)], GROUP_CODES
    )
    (award,) = garlic.awards
    assert (award.stars, award.decision_date, award.date_precision, award.decision_number) == (
        None,
        datetime.date(2019, 1, 1),
        Precision.YEAR,
        "38/QĐ-UBND",
    )
    assert (award.level, award.source_url, garlic.current_stars, garlic.is_featured) == (
        "",
        source,
        None,
        False,
    )


def test_floor_plan_gives_each_zone_a_letter_and_never_overlaps():
    spots = floor_plan([("Khu A", 14), ("Khu B", 5)])
    assert [s.code for s in spots[:2]] + [spots[14].code] == ["A1", "A2", "B1"]
    cells = [(s.x + dx, s.y + dy) for s in spots for dx in range(2) for dy in range(2)]
    assert len(cells) == len(set(cells))
    # An aisle separates the zones: zone B starts below the last row of zone A.
    assert spots[14].y > max(s.y for s in spots[:14]) + 2


def test_zone_size_seats_about_ninety_percent_and_keeps_booths_free():
    assert zone_size(20) == 18 + FREE_BOOTHS_PER_ZONE
