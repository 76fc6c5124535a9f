"""The accent test list: queries over the demo fair and the first product each should find.

A query word typed with diacritics matches only words with those diacritics (and its regional
synonyms, typed with theirs); one typed without any matches every spelling. `never` lists parts of
product names that no result of the query may have (the words whose diacritics contradict it).
Read by tests/catalog/test_search_accents.py and printed by bench/accent_search.py.

Equally relevant products come in the catalogue's star order on 2 December 2026
(catalog.selectors.by_stars): valid awards first, then those that may have expired, then the
rest, each alphabetically; an expired award's stars no longer put it first.
"""

from typing import NamedTuple


class Case(NamedTuple):
    query: str
    first: str | None  # None: nothing should be found
    never: tuple[str, ...] = ()


CASES = (
    # Words whose diacritics contradict the query's are not found.
    Case("lợn", None, ("long", "lớn", "lộc")),
    Case("thịt lợn", None, ("long",)),
    Case("dứa", "Gạo thơm Thủy Thanh", ("dưa", "đũa")),  # "thơm" is the southern word
    Case("dưa", "Dưa lưới Ngọc Khuê", ("đũa", "dứa")),
    Case("dưa lưới", "Dưa lưới Ngọc Khuê", ("đũa",)),
    Case("đũa", "Đũa gỗ Quảng Thủy", ("dưa",)),
    Case("ngô", "Cu đơ Hương Trí", ("ngọc",)),
    Case("ngọc", "Cao xương hươu Ngọc Linh", ("ngô",)),
    Case("cá", "Cá ngần khô Hoa Linh Chi", ("cà phê", "cà chua", "cà gai")),
    Case("cà", "Cà phê Khe Sanh (Khe Sanh Coffee)", ("cá ", "chả cá")),
    Case("cà phê", "Cà phê Khe Sanh (Khe Sanh Coffee)", ("cá ",)),
    Case("gà", "Gà đồi Ngân Hà", ("gạo",)),
    Case("gạo", "Gạo Liên Nhật", ("gà ",)),
    Case("trà", "Trà gạo lứt Omega An Phát", ()),  # "tràm" only after: a word start
    Case("tràm", "Tinh dầu Tràm xứ Nghệ", ()),
    Case("bò", "Bò giàng Hậu Quế", ("bơ đậu", "bột")),
    Case("bơ", "Bơ đậu phộng Super Green", ("bò", "bột")),
    Case("hươu", "Bột nhung hươu Viet Gold", ()),
    Case("mắm", "Mắm nêm cá cơm Mệ Em", ("mầm",)),
    Case("lòng", "Trà túi lọc đậu đen xanh lòng", ("long bình", "long thành")),
    Case("muối", "Muối Roòn (sản phẩm chế biến muối)", ()),
    Case("tỏi", "Tỏi đen Quảng Minh", ()),
    Case("mật ong", "Mật ong Cường Nga", ("mật mía",)),
    Case("mật mía", "Mật mía Phú Gia – Cường Thùy", ("mật ong",)),
    # Regional synonyms, typed with their diacritics.
    Case("mè", "Dầu mè nguyên chất Super Green", ("me ngào",)),
    Case("vừng", "Bánh đa vừng Nguyên Lâm", ("me ngào",)),
    Case("đậu phộng", "Bơ đậu phộng Super Green", ()),
    Case("mì", "Mỳ rau củ Anpaso", ("miến",)),
    # Either placement of the tone mark in "oa", "oe", "uy".
    Case("trà hoà tan", "Trà hòa tan cà gai leo", ()),
    Case("trà hòa tan", "Trà hòa tan cà gai leo", ()),
    Case("dầu lạc trường thuỷ", "Dầu lạc nguyên chất Trường Thủy", ()),
    # Without diacritics every spelling still matches, whole words before word starts.
    Case("lon", "Giò bột Long Bình", ()),
    Case("dua", "Dưa lưới Ngọc Khuê", ()),
    Case("ngo", "Cu đơ Hương Trí", ()),
    Case("ca phe", "Cà phê Khe Sanh (Khe Sanh Coffee)", ()),
    Case("ga", "Gà đồi Ngân Hà", ()),
    Case("bo", "Bò giàng Hậu Quế", ()),
    Case("mat ong", "Mật ong Cường Nga", ()),
    Case("tra hoa tan", "Trà hòa tan cà gai leo", ()),
    Case("me", "Me ngào", ()),
    Case("huou", "Bột nhung hươu Viet Gold", ()),
    # Mixed: the word with diacritics is held to them, the other matches every spelling.
    Case("ca phê", "Cà phê Khe Sanh (Khe Sanh Coffee)", ()),
    Case("cá kho", "Cá ngần khô Hoa Linh Chi", ("cà phê khe",)),
    # Typing mistakes are still corrected, keeping the diacritics typed.
    Case("bưởii", "Bưởi da xanh", ()),
    Case("mật ongg", "Mật ong Cường Nga", ()),
    # The province's name at the fair and its name today.
    Case("thừa thiên huế", "Nước mắm Lú Huế", ()),
    Case("thành phố huế", "Bộ sản phẩm đèn trang trí, rổ, rá", ()),
    Case("quảng bình", "Cao cà gai leo Thanh Bình", ()),
)
