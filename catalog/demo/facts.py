"""What the demo adds to the product CSV: merges, decisions and packs, each from docs/domain.md."""

import datetime
from dataclasses import dataclass

# Rows that are one product at different awards (docs/data-sources.md, docs/domain.md §f), merged
# into one product with several certifications: (province, product name in the CSV) -> merged name.
# No other rows of the CSV share a normalised name within a province; rows that merely look
# alike (the two "Mật ong Vũ Quang" of different communes, Ta Lư coffee in 2019 and as ground and
# bean coffee in 2022, the two Cửa Lò fish-sauce ranges) stay apart: nothing says they are one.
PRODUCT_ALIASES = {
    # 4★ (year not stated), then national 5★ in 2024 for its 100% Arabica ground coffee.
    ("Quảng Trị", "Khe Sanh Coffee (100% Arabica dạng bột)"): "Cà phê Khe Sanh (Khe Sanh Coffee)",
    # 3★ in 2019 as a household business, national 5★ in 2024 once it had become a company.
    ("Quảng Trị", "Cao cà gai leo An Xuân (thực phẩm bảo vệ sức khỏe)"): "Cao cà gai leo An Xuân",
}


@dataclass(frozen=True)
class Decision:
    """A recognition decision docs/domain.md names for one source page and one assessment round."""

    round_year: int
    number: str = ""
    day: datetime.date | None = None


# Keyed by the exact source_url of the CSV rows; used only for rows of that round's year.
DECISIONS_BY_SOURCE = {
    # Quảng Trị, 2019 round: QĐ 136/QĐ-UBND of 15/01/2020 (docs/domain.md §a).
    "https://sonnptnt.quangtri.gov.vn/vi/chi-tiet/-/view-article/1/1648176529156/1648628523065": Decision(
        2019, "136/QĐ-UBND", datetime.date(2020, 1, 15)
    ),
    # Thừa Thiên Huế, round 3 of 2020: QĐ 57/QĐ-UBND of 11/01/2021 (docs/domain.md, new sources).
    "https://nongthonmoithuathienhue.vn/printpage-san-pham-chu-luc/thua-thien-hue-co-them-8-san-pham-ocop-dat-3-4-sao.html": Decision(
        2020, "57/QĐ-UBND", datetime.date(2021, 1, 11)
    ),
    # Nghệ An, round 2 of 2022: QĐ 156/QĐ-UBND of 17/1/2023, cited for both pages
    # (docs/domain.md §a).
    "https://baonghean.vn/huyen-bien-gioi-ky-son-co-them-6-san-pham-dat-ocop-3-sao-cap-tinh-10250448.html": Decision(
        2022, "156/QĐ-UBND", datetime.date(2023, 1, 17)
    ),
    "https://baonghean.vn/nghe-an-cong-nhan-them-124-san-pham-dat-sao-ocop-cap-tinh-post264476.html": Decision(
        2022, "156/QĐ-UBND", datetime.date(2023, 1, 17)
    ),
    # Decisions whose number is known but not their day (docs/domain.md §a): the year stays
    # the date.
    "https://etime.danviet.vn/hue-cap-giay-chung-nhan-cho-11-san-pham-ocop-cap-tinh-dot-2-nam-2020-202011281043519.htm": Decision(
        2020, "2919/QĐ-UBND"
    ),
    "https://baonghean.vn/nghe-an-cong-nhan-139-san-pham-ocop-301735.html": Decision(
        2021, "279/QĐ-UBND"
    ),
    "https://duoclieutot.vn/cong-nhan-24-san-pham-ocop-cap-tinh/": Decision(2019, "38/QĐ-UBND"),
    # Vĩnh Linh district decision of 14/11/2023 (3★); its number is not given (docs/domain.md §a).
    "https://vinhlinh.quangtri.gov.vn/chi-tiet/-/view-article/1/1647824873748/1700035802472": Decision(
        2023, day=datetime.date(2023, 11, 14)
    ),
}


@dataclass(frozen=True)
class Pack:
    label: str
    price_vnd: int | None = None


# Pack options: (province, product name after merging) -> packs. Only real facts, never a guess.
PACKS = {
    # Prices seen, docs/domain.md §(e); a range keeps its lower bound. Me ngào is "Me ngào Tương
    # Dương": the CSV row cites the very page that gives the price. Not used: Bưởi Phúc Trạch (no
    # such row) and Tinh dầu tràm Huế (a price for the whole area, not for one CSV producer).
    ("Nghệ An", "Me ngào"): [Pack("hộp", 60_000)],
    ("Quảng Trị", "Gà Cùa Tâm Bắc"): [Pack("1 kg", 100_000)],
    ("Hà Tĩnh", "Cam Khe Mây"): [Pack("1 kg", 60_000)],
    # SKUs the product's own name lists (docs/domain.md §e, "Pack size and variants");
    # price unknown.
    ("Nghệ An", "Nước mắm Cửa Lò (20°N, 30°N, 40°N)"): [Pack("20°N"), Pack("30°N"), Pack("40°N")],
    ("Nghệ An", "Nước mắm Cửa Lò CL28 và Cửa Hội CH20, CH25"): [
        Pack("Cửa Lò CL28"),
        Pack("Cửa Hội CH20"),
        Pack("Cửa Hội CH25"),
    ],
    ("Nghệ An", "Thổ cẩm Na Loi (chân váy, váy, khăn quàng, khăn trải bàn)"): [
        Pack("chân váy"),
        Pack("váy"),
        Pack("khăn quàng"),
        Pack("khăn trải bàn"),
    ],
    ("Thừa Thiên Huế", "Bộ sản phẩm đèn trang trí, rổ, rá"): [
        Pack("đèn trang trí"),
        Pack("rổ"),
        Pack("rá"),
    ],
    # The 2024 national 5★ names this SKU of the merged Khe Sanh coffee.
    ("Quảng Trị", "Cà phê Khe Sanh (Khe Sanh Coffee)"): [Pack("100% Arabica dạng bột")],
}
