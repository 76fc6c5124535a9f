"""`manage.py load_demo`, loaded once for the whole module (it takes seconds)."""

import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from catalog.demo.fair import DEMO_PASSWORD, FREE_BOOTHS_PER_ZONE
from catalog.demo.loader import GENERATED_CARD_ALT
from catalog.models import Certification, PackOption, Product, ProductGroup, ProductImage
from cooperatives.auto_assign import zone_key
from cooperatives.models import (
    Booth,
    BoothAssignment,
    Cooperative,
    Fair,
    FairDay,
    FairExhibitor,
    Membership,
    ProgrammeItem,
    Province,
)
from cooperatives.services import booth_assign, fair_exhibitor_add
from tests.factories import ProductImageFactory
from trade.applications import application_accept
from trade.enquiries import Buyer, enquiry_create, enquiry_route
from trade.models import ApplicationProduct, CallForExhibitors, ExhibitorApplication

User = get_user_model()
Level, Criteria, Precision = (
    Certification.Level,
    Certification.Criteria,
    Certification.DatePrecision,
)


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run load_demo once, inside a transaction that is rolled back after the module."""
    media = tmp_path_factory.mktemp("demo_media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            output = io.StringIO()
            call_command("load_demo", stdout=output)
            yield output.getvalue()
            transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def _product(name: str) -> Product:
    return Product.objects.select_related("cooperative").get(name=name)


def _snapshot() -> dict[str, list[dict]]:
    models = [
        Province,
        ProductGroup,
        Cooperative,
        Product,
        Certification,
        PackOption,
        ProductImage,
        Fair,
        FairDay,
        FairExhibitor,
        ProgrammeItem,
        Booth,
        BoothAssignment,
        Membership,
        User,
        User.groups.through,
        CallForExhibitors,
        ExhibitorApplication,
        ApplicationProduct,
    ]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def test_load_demo_prints_totals_and_logins(demo):
    assert "products" in demo
    assert f"bantochuc        {DEMO_PASSWORD}" in demo


def test_load_demo_publishes_products_of_all_five_provinces(demo):
    products = Product.objects.all()
    assert products.count() >= 200
    assert set(products.values_list("status", flat=True)) == {Product.Status.PUBLISHED}
    per_province = Counter(products.values_list("cooperative__province__name", flat=True))
    assert list(Province.objects.values_list("code", "name")) == [
        ("40", "Nghệ An"),
        ("42", "Hà Tĩnh"),
        ("44", "Quảng Bình"),
        ("45", "Quảng Trị"),
        ("46", "Thừa Thiên Huế"),
    ]
    assert all(per_province[name] >= 20 for name in Province.objects.values_list("name", flat=True))
    assert Cooperative.objects.count() >= 40


def test_load_demo_records_the_2025_reorganisation(demo):
    provinces = {p.name: p for p in Province.objects.all()}
    assert (
        provinces["Thừa Thiên Huế"].successor_since,
        provinces["Quảng Bình"].successor_since,
    ) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 7, 1),
    )
    assert "175/2024/QH15" in provinces["Thừa Thiên Huế"].reorganisation_note
    assert provinces["Quảng Trị"].successor_name == provinces["Quảng Bình"].successor_name
    assert not provinces["Nghệ An"].was_reorganised and not provinces["Hà Tĩnh"].was_reorganised


def test_load_demo_builds_the_group_tree_of_decision_148(demo):
    groups = {group.code: group for group in ProductGroup.objects.select_related("parent")}
    top_level = [group for group in groups.values() if group.parent is None]
    assert [group.code for group in top_level] == ["I", "II", "III", "IV", "V", "VI"]
    assert len({group.colour for group in top_level}) == 6
    assert (groups["I.1.a"].name, groups["I.1.a"].parent.code) == ("Rau, củ, quả, hạt tươi", "I.1")
    assert groups["I.5.b"].colour == groups["I"].colour
    assert _product("Trà túi lọc cà gai leo").group.code == "I.5.b"


def test_load_demo_adds_no_pictures_and_removes_earlier_generated_cards(demo, settings, tmp_path):
    # The demo has no product photos: its products show their group's illustration.
    assert not ProductImage.objects.exists()
    settings.MEDIA_ROOT = tmp_path
    nhut, bometa = _product("Nhút Thanh Chương"), _product("Mật ong Bometa")
    ProductImageFactory(product=nhut, alt_text=f"{GENERATED_CARD_ALT} “Nhút Thanh Chương”")
    photo = ProductImageFactory(product=bometa, alt_text="Hũ mật ong Bometa")
    # Described by staff in the card's words, but not naming its own product: a real photo.
    lookalike = ProductImageFactory(
        product=bometa, alt_text=f"{GENERATED_CARD_ALT} “Nhút Thanh Chương” bên cạnh hũ mật ong"
    )

    call_command("load_demo", stdout=io.StringIO())

    assert set(ProductImage.objects.all()) == {photo, lookalike}


def test_load_demo_twice_changes_nothing(demo):
    bantochuc = User.objects.get(username="bantochuc")
    bantochuc.set_password("changed by the organiser")
    bantochuc.save()
    before = _snapshot()

    output = io.StringIO()
    call_command("load_demo", stdout=output)

    assert _snapshot() == before
    assert "0 rows created, 0 updated" in output.getvalue()
    assert User.objects.get(username="bantochuc").check_password("changed by the organiser")


def test_blank_stars_create_no_certification(demo):
    product = _product("Nước mắm Mỹ Thủy")
    assert (product.certifications.count(), product.ocop_stars, product.is_featured) == (
        0,
        None,
        False,
    )
    # The other 22 of the 44 rows without stars give a year: they are kept as recognitions.
    assert Product.objects.filter(certifications__isnull=True).count() == 22


def test_recognitions_without_stars_keep_their_year_decision_and_source(demo):
    # Failed before: the 2019 provincial list QĐ 38/QĐ-UBND was dropped with the missing stars.
    product = _product("Tỏi đen Quảng Minh")
    award = product.certifications.get()
    assert (award.stars, award.decision_date, award.date_precision, award.decision_number) == (
        None,
        datetime.date(2019, 1, 1),
        Precision.YEAR,
        "38/QĐ-UBND",
    )
    assert award.source_url == "https://duoclieutot.vn/cong-nhan-24-san-pham-ocop-cap-tinh/"
    assert (product.ocop_stars, product.ocop_valid_until, product.is_featured) == (
        None,
        None,
        False,
    )
    assert Certification.objects.filter(stars__isnull=True).count() == 22


def test_year_only_awards_start_on_1_january_and_expire_some_day_three_years_later(demo):
    award = _product("Bánh ram xứ Nghệ").certifications.get()
    assert (award.decision_date, award.date_precision, award.expires_on) == (
        datetime.date(2023, 1, 1),
        Precision.YEAR,
        None,
    )
    assert (award.valid_until, award.possibly_valid_until) == (
        datetime.date(2025, 12, 31),
        datetime.date(2026, 12, 31),
    )
    assert (award.level, award.criteria_version, award.decision_number) == (
        Level.DISTRICT,
        Criteria.QD_148,
        "",
    )
    year_only = Certification.objects.filter(date_precision=Precision.YEAR)
    assert all(
        (c.decision_date.month, c.decision_date.day, c.expires_on, c.possibly_valid_until)
        == (1, 1, None, datetime.date(c.decision_date.year + 3, 12, 31))
        for c in year_only
    )


def test_decisions_named_by_domain_notes_keep_their_exact_day(demo):
    award = _product("Bò giàng Hậu Quế").certifications.get()
    assert (award.decision_number, award.decision_date, award.date_precision) == (
        "156/QĐ-UBND",
        datetime.date(2023, 1, 17),
        Precision.DAY,
    )
    # Decided in January 2023 for the 2022 round: still the province, under QĐ 1048.
    assert (award.level, award.criteria_version) == (Level.PROVINCE, Criteria.QD_1048)


def test_khe_sanh_coffee_is_one_product_with_two_awards(demo):
    product = _product("Cà phê Khe Sanh (Khe Sanh Coffee)")
    awards = list(product.certifications.order_by(F("decision_date").asc(nulls_first=True)))
    assert [(a.stars, a.level, a.award_type, a.date_precision) for a in awards] == [
        (4, Level.PROVINCE, Certification.AwardType.FIRST, Precision.UNKNOWN),
        (5, Level.NATIONAL, Certification.AwardType.UPGRADE, Precision.YEAR),
    ]
    assert (product.ocop_stars, product.is_featured) == (5, True)
    assert product.cooperative.search_name == "htx nong san khe sanh"
    assert not Product.objects.filter(name__startswith="Khe Sanh Coffee").exists()
    assert list(product.pack_options.values_list("label", flat=True)) == ["100% Arabica dạng bột"]


def test_an_xuan_belongs_to_the_company_and_keeps_the_household_on_its_2019_award(demo):
    product = _product("Cao cà gai leo An Xuân")
    assert product.cooperative.name == "Công ty TNHH Dược liệu hữu cơ An Xuân"
    awards = list(product.certifications.order_by("decision_date"))
    assert [(a.stars, a.holder_name, a.decision_number) for a in awards] == [
        (3, "Hộ kinh doanh Lê Thị Hồng Nhạn", "136/QĐ-UBND"),
        (5, "", ""),
    ]
    assert product.ocop_stars == 5


def test_producers_are_deduplicated_and_stand_ins_flagged(demo):
    pu_mat = Cooperative.objects.filter(search_name__contains="duoc lieu pu mat")
    assert pu_mat.count() == 1 and pu_mat.get().products.count() == 7
    stand_in = Cooperative.objects.get(name="Chủ thể sản phẩm Giò bê Crung Tài")
    assert (stand_in.is_verified, stand_in.kind) == (False, Cooperative.Kind.UNKNOWN)
    assert stand_in.description.startswith("Nguồn tin không nêu tên chủ thể")
    cut_off = Cooperative.objects.get(name="Chủ thể sản phẩm Rượu sim Xuân Hưng")
    assert (cut_off.is_verified, cut_off.kind) == (False, Cooperative.Kind.COOPERATIVE)
    unverified = Cooperative.objects.filter(is_verified=False)
    assert all(c.name.startswith("Chủ thể sản phẩm ") for c in unverified)
    assert Cooperative.objects.get(name="Tổng đội Thanh niên xung phong").is_verified


def test_summaries_state_row_facts_and_never_stars(demo):
    summaries = list(Product.objects.values_list("summary", flat=True))
    assert not any("sao" in text or "★" in text for text in summaries)
    assert _product("Gạo hữu cơ An Lỗ").summary == (
        "Sản phẩm nhóm thực phẩm của HTX sản xuất, kinh doanh, dịch vụ nông nghiệp An Lỗ "
        "(Phong Hiền, Phong Điền, Thừa Thiên Huế)."
    )


def test_featured_products_are_the_4_and_5_star_ones(demo):
    featured = set(Product.objects.filter(is_featured=True).values_list("pk", flat=True))
    assert featured == set(Product.objects.filter(ocop_stars__gte=4).values_list("pk", flat=True))


def test_no_price_is_invented(demo):
    priced = PackOption.objects.filter(price_vnd__isnull=False)
    assert set(priced.values_list("product__name", "label", "price_vnd")) == {
        ("Me ngào", "hộp", 60_000),
        ("Gà Cùa Tâm Bắc", "1 kg", 100_000),
        ("Cam Khe Mây", "1 kg", 60_000),
    }
    skus = _product("Nước mắm Cửa Lò (20°N, 30°N, 40°N)").pack_options
    assert list(skus.values_list("label", "price_vnd")) == [
        ("20°N", None),
        ("30°N", None),
        ("40°N", None),
    ]


def test_fair_floor_plan_seats_most_producers_in_their_own_zone(demo):
    # The 2022 fair, archived since the demo added the 2026 one (checked below).
    fair = Fair.objects.get(year=2022)
    assert (fair.name, fair.starts_on, fair.venue) == (
        "Hội nghị xúc tiến thương mại kinh tế tập thể Bắc Trung Bộ năm 2022",
        datetime.date(2022, 11, 2),
        "Thành phố Hà Tĩnh",
    )
    booths = fair.booths.all()
    assert booths.count() >= 60
    assert set(booths.values_list("zone", flat=True)) == {
        f"Khu {name}" for name in Province.objects.values_list("name", flat=True)
    }
    assignments = BoothAssignment.objects.filter(booth__fair=fair).select_related(
        "booth", "cooperative__province"
    )
    assert all(a.booth.zone == f"Khu {a.cooperative.province.name}" for a in assignments)
    assert assignments.count() >= 0.85 * Cooperative.objects.count()
    free = Counter(booths.filter(assignments__isnull=True).values_list("zone", flat=True))
    assert set(free.values()) == {FREE_BOOTHS_PER_ZONE}
    assert assignments.get(booth__code="A1").cooperative.is_verified
    # Its exhibitors are its booth holders, kept as they were.
    assert set(fair.exhibitors.values_list("cooperative", flat=True)) == set(
        assignments.values_list("cooperative", flat=True)
    )


def test_the_2026_fair_is_current_and_on_with_days_programme_and_exhibitors(demo):
    fair = Fair.objects.current().get()
    today = timezone.localdate()
    assert (fair.name, fair.starts_on, fair.ends_on) == (
        "Hội chợ OCOP Bắc Trung Bộ 2026",
        today - datetime.timedelta(days=1),
        today + datetime.timedelta(days=2),
    )
    assert fair.status == Fair.Status.ON
    assert [day.date for day in fair.days.all()] == [
        fair.starts_on + datetime.timedelta(days=n) for n in range(4)
    ]
    assert fair.map_url.startswith("https://")
    kinds = set(fair.programme.values_list("kind", flat=True))
    assert {"opening", "conference", "matching", "tasting", "demonstration"} <= kinds
    exhibitors = Cooperative.objects.filter(fair_exhibitors__fair=fair)
    assert exhibitors.count() >= 100
    assert not exhibitors.filter(is_verified=False).exists()
    assignments = BoothAssignment.objects.filter(booth__fair=fair).select_related("booth")
    # Every booth holder is an exhibitor; each sits in its province's zone as auto-assign places
    # it: under the province's name on the fair's date (a Quảng Bình cooperative in "Khu Quảng
    # Trị" since the 2025 merger) or, that zone full, under its own name.
    assert set(assignments.values_list("cooperative", flat=True)) <= set(
        exhibitors.values_list("pk", flat=True)
    )
    for a in assignments.select_related("cooperative__province"):
        province = a.cooperative.province
        zones = {zone_key(province.name_on(fair.starts_on)), zone_key(province.name)}
        assert zone_key(a.booth.zone) in zones
    assert assignments.filter(
        cooperative__province__name="Quảng Bình", booth__zone="Khu Quảng Trị"
    ).exists()
    assert set(fair.booths.values_list("code", flat=True)) == set(
        Booth.objects.filter(fair__year=2022).values_list("code", flat=True)
    )


def test_demo_accounts_have_their_roles(demo):
    organiser = User.objects.get(username="bantochuc")
    assert (organiser.is_staff, organiser.is_superuser) == (True, False)
    assert list(organiser.groups.values_list("name", flat=True)) == ["Organisers"]
    assert organiser.check_password(DEMO_PASSWORD)
    owners = Membership.objects.filter(role=Membership.Role.OWNER).select_related("user")
    demo_owners = owners.filter(user__username__startswith="htx_")
    assert {(m.user.username, m.user.is_staff) for m in demo_owners} == {
        ("htx_khesanh", False),
        ("htx_senquebac", False),
        ("htx_hoalinhchi", False),
    }
    assert all(m.user.check_password(DEMO_PASSWORD) for m in demo_owners)
    assert owners.get(user__username="htx_khesanh").cooperative.products.count() == 1
    # Every other owner is the contact person of an accepted application, its account created
    # on accepting, without a password until the "set your password" link is used.
    contacts = owners.exclude(pk__in=demo_owners)
    accepted = ExhibitorApplication.objects.filter(status=ExhibitorApplication.Status.ACCEPTED)
    assert {(m.user.email, m.cooperative_id) for m in owners} == set(
        accepted.values_list("email", "cooperative")
    )
    assert contacts.count() == accepted.count() - 3
    assert not any(m.user.has_usable_password() or m.user.is_staff for m in contacts)


def test_rerun_restores_loaded_fields_and_keeps_what_the_source_left_blank(demo):
    product = _product("Mật ong Bometa")
    Product.objects.filter(pk=product.pk).update(summary="Sửa tay")
    product.certifications.update(level="")
    pu_mat = Cooperative.objects.get(search_name="cong ty cp duoc lieu pu mat")
    pu_mat.commune = "Môn Sơn"
    pu_mat.save()

    call_command("load_demo", stdout=io.StringIO())

    product.refresh_from_db()
    pu_mat.refresh_from_db()
    assert product.summary.startswith("Sản phẩm nhóm thực phẩm của Công ty CP Tập đoàn Bometa")
    assert product.certifications.get().level == Level.PROVINCE
    assert pu_mat.commune == "Môn Sơn"


def test_every_public_page_of_the_demo_fair_renders_within_the_query_budget(demo, client):
    products = reverse("catalog:product-list")
    urls = [
        reverse("catalog:home"),
        products,
        products + "?q=ca+phe+khe+sanh",
        products + "?province=ha-tinh&province=nghe-an&stars=4&valid=on&sort=stars",
        products + "?group=thuc-pham&page=2",
        "/en/",
        *(product.get_absolute_url() for product in Product.objects.published()),
        *(
            c.get_absolute_url()
            for c in Cooperative.objects.filter(products__isnull=False).distinct()
        ),
        *(province.get_absolute_url() for province in Province.objects.all()),
    ]
    over_budget = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        if len(queries) > 10:
            over_budget[url] = len(queries)
    assert over_budget == {}
    assert len(urls) > 450


def test_demo_enquiry_to_a_producer_with_no_one_reaches_the_organiser(demo, client):
    # Every demo account has an address on the reserved example.org, so `make demo` shows mail.
    assert set(User.objects.values_list("username", "email")) >= {
        ("bantochuc", "bantochuc@example.org"),
        ("htx_khesanh", "htx_khesanh@example.org"),
        ("htx_senquebac", "htx_senquebac@example.org"),
        ("htx_hoalinhchi", "htx_hoalinhchi@example.org"),
    }
    # Accepted exhibitors have their contact's account; every other producer has no one.
    unreachable = Cooperative.objects.filter(memberships__isnull=True, email="")
    accepted = ExhibitorApplication.objects.filter(status=ExhibitorApplication.Status.ACCEPTED)
    assert set(unreachable.values_list("pk", flat=True)) == set(
        Cooperative.objects.exclude(pk__in=accepted.values("cooperative")).values_list(
            "pk", flat=True
        )
    )
    cooperative = unreachable.order_by("pk").first()
    assert enquiry_route(cooperative) == "organisers"
    buyer = Buyer("Lan", "", "supermarket", "+84912345678", "", "", "Xin báo giá.", "phone")
    enquiry = enquiry_create(cooperative=cooperative, products=[], buyer=buyer)

    assert list(enquiry.notifications.values_list("recipient", "audience")) == [
        ("bantochuc@example.org", "organiser")
    ]
    page = client.get(reverse("trade:enquiry-sent", args=[enquiry.reference]))
    assert "ban tổ chức đã nhận yêu cầu của bạn và sẽ chuyển tới hợp tác xã" in page.text


def _fair_2026() -> Fair:
    return Fair.objects.get(year=2026)


def _applicants(status: str) -> set[int]:
    applications = ExhibitorApplication.objects.filter(fair=_fair_2026(), status=status)
    return set(applications.values_list("cooperative", flat=True))


def test_the_2026_exhibitors_are_exactly_the_accepted_applications(demo):
    fair = _fair_2026()
    Status = ExhibitorApplication.Status
    call = CallForExhibitors.objects.get(fair=fair)
    assert call.opens_on < fair.starts_on and call.is_open_on(timezone.localdate())
    applications = ExhibitorApplication.objects.filter(fair=fair)
    # One application per named producer, each matched to the cooperative it is.
    named = Cooperative.objects.filter(is_verified=True)
    assert sorted(applications.values_list("cooperative", flat=True)) == sorted(
        named.values_list("pk", flat=True)
    )
    assert not applications.exclude(match=ExhibitorApplication.Match.NAME).exists()
    counts = Counter(applications.values_list("status", flat=True))
    assert counts[Status.NEW] == 0
    assert counts[Status.ACCEPTED] >= 100
    assert 3 <= counts[Status.WAITLISTED] <= 10 and 3 <= counts[Status.REJECTED] <= 10
    rejected = applications.filter(status=Status.REJECTED)
    assert not rejected.filter(rejection_reason="").exists()
    assert not applications.exclude(status=Status.REJECTED).exclude(rejection_reason="").exists()
    assert set(fair.exhibitors.values_list("cooperative", flat=True)) == _applicants(
        Status.ACCEPTED
    )
    # The three demo owners' cooperatives are among them, under their owners' addresses.
    assert set(
        applications.filter(
            email__in=["htx_khesanh@example.org", "htx_senquebac@example.org"]
        ).values_list("status", flat=True)
    ) == {Status.ACCEPTED}


def test_applications_show_known_products_and_booth_needs(demo):
    products = ApplicationProduct.objects.filter(application__fair=_fair_2026())
    # Picked from the producer's known products (linked on accepting): no product was added.
    assert not Product.objects.exclude(status=Product.Status.PUBLISHED).exists()
    assert all(
        row.name == row.product.name
        and row.product.cooperative_id == row.application.cooperative_id
        for row in products.filter(product__isnull=False).select_related("product", "application")
    )
    assert not products.filter(
        application__status=ExhibitorApplication.Status.ACCEPTED, product__isnull=True
    ).exists()
    coffee = products.select_related("application").get(name="Cà phê Khe Sanh (Khe Sanh Coffee)")
    assert (coffee.stars_claimed, coffee.application.needs_power) == (5, True)
    applications = ExhibitorApplication.objects.filter(fair=_fair_2026())
    assert applications.filter(needs_refrigeration=True).exists()
    assert applications.filter(booths=2).exists() and applications.filter(booths=1).exists()
    assert not applications.filter(phone="").exists()


def test_waitlisted_and_rejected_producers_are_not_at_the_fair_nor_on_its_map(demo, client):
    fair = _fair_2026()
    Status = ExhibitorApplication.Status
    turned_away = _applicants(Status.WAITLISTED) | _applicants(Status.REJECTED)
    assert turned_away
    assert not fair.exhibitors.filter(cooperative__in=turned_away).exists()
    assert not BoothAssignment.objects.filter(
        booth__fair=fair, cooperative__in=turned_away
    ).exists()
    page = client.get(reverse("cooperatives:fair-floor-plan", args=[fair.slug])).text
    for cooperative in Cooperative.objects.filter(pk__in=turned_away):
        assert escape(cooperative.name) not in page
    seated = Cooperative.objects.filter(booth_assignments__booth__fair=fair)
    assert all(escape(cooperative.name) in page for cooperative in seated)


def test_every_accepted_exhibitor_has_a_booth_at_the_2026_fair(demo):
    fair = _fair_2026()
    holders = Counter(
        BoothAssignment.objects.filter(booth__fair=fair).values_list("cooperative", flat=True)
    )
    accepted = ExhibitorApplication.objects.filter(
        fair=fair, status=ExhibitorApplication.Status.ACCEPTED
    )
    assert set(holders) == _applicants(ExhibitorApplication.Status.ACCEPTED)
    # At least one booth each, never more than the application asked for.
    wanted = dict(accepted.values_list("cooperative", "booths"))
    assert all(1 <= holders[cooperative] <= wanted[cooperative] for cooperative in holders)


def test_the_2022_fair_keeps_its_exhibitors_and_has_no_call(demo):
    archived = Fair.objects.get(year=2022)
    assert not archived.is_current
    assert not CallForExhibitors.objects.filter(fair=archived).exists()
    assert not ExhibitorApplication.objects.filter(fair=archived).exists()
    # Stand-ins exhibited in 2022 (the source lists their products); they do not apply for 2026.
    assert archived.exhibitors.filter(cooperative__is_verified=False).exists()


def test_load_twice_files_no_application_twice_and_keeps_decisions(demo):
    fair = _fair_2026()
    # A Hà Tĩnh producer: its zone has free booths (Quảng Trị's is full, shared since 2025).
    waitlisted = ExhibitorApplication.objects.filter(
        fair=fair, status=ExhibitorApplication.Status.WAITLISTED, province__name="Hà Tĩnh"
    ).first()
    # The organiser accepts a waitlisted producer in the demo: a reload keeps that decision.
    application_accept(application=waitlisted, request=None, notify=False)
    counts = (ExhibitorApplication.objects.count(), User.objects.count(), Product.objects.count())

    call_command("load_demo", stdout=io.StringIO())

    assert (
        ExhibitorApplication.objects.count(),
        User.objects.count(),
        Product.objects.count(),
    ) == counts
    waitlisted.refresh_from_db()
    assert waitlisted.status == ExhibitorApplication.Status.ACCEPTED
    # Auto-assign gave it a booth on the reload, in its province's zone.
    assert BoothAssignment.objects.filter(
        booth__fair=fair, cooperative=waitlisted.cooperative
    ).exists()


def test_a_database_of_the_demo_before_applications_loses_the_producers_turned_away(demo):
    # The demo used to add the 2026 exhibitors directly: such a database had every named
    # producer at the fair. Reloading files their applications and undoes it for those refused.
    fair = _fair_2026()
    rejected = ExhibitorApplication.objects.filter(
        fair=fair, status=ExhibitorApplication.Status.REJECTED
    ).first()
    cooperative = rejected.cooperative
    rejected.delete()
    free = fair.booths.filter(assignments__isnull=True).first()
    fair_exhibitor_add(fair=fair, cooperative=cooperative)
    booth_assign(booth=free, cooperative=cooperative)

    call_command("load_demo", stdout=io.StringIO())

    application = ExhibitorApplication.objects.get(fair=fair, cooperative=cooperative)
    assert application.status == ExhibitorApplication.Status.REJECTED
    assert not fair.exhibitors.filter(cooperative=cooperative).exists()
    assert not BoothAssignment.objects.filter(booth__fair=fair, cooperative=cooperative).exists()


def test_the_organiser_reviews_the_demo_applications_in_the_admin(demo, client):
    client.force_login(User.objects.get(username="bantochuc"))
    url = reverse("admin:trade_exhibitorapplication_changelist")
    rejected = ExhibitorApplication.objects.filter(status=ExhibitorApplication.Status.REJECTED)

    page = client.get(url, {"status__exact": "rejected"})

    assert page.status_code == 200
    assert all(escape(application.name) in page.text for application in rejected)
    detail = client.get(reverse("admin:trade_exhibitorapplication_change", args=[rejected[0].pk]))
    assert detail.status_code == 200 and escape(rejected[0].rejection_reason) in detail.text
