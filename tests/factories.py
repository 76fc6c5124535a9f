"""factory-boy factories for every model; tests build their own data, never load fixtures."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog.models import Certification, PackOption, Product, ProductGroup, ProductImage
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
    ShopLink,
)
from trade.models import ApplicationProduct, CallForExhibitors, Enquiry, ExhibitorApplication


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.vn")
    password = factory.django.Password("correct horse battery staple")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    display_order = factory.Sequence(lambda n: n)


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative

    name = factory.Sequence(lambda n: f"HTX Nông nghiệp Đồng Tâm {n}")
    province = factory.SubFactory(ProvinceFactory)
    kind = Cooperative.Kind.COOPERATIVE
    commune = "Sơn Diệm"
    phone = "0912 345 678"


class ShopLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopLink

    cooperative = factory.SubFactory(CooperativeFactory)
    platform = ShopLink.Platform.POSTMART
    url = factory.Sequence(lambda n: f"https://postmart.vn/shop/{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    cooperative = factory.SubFactory(CooperativeFactory)
    role = Membership.Role.OWNER


class FairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fair

    name = factory.Sequence(lambda n: f"Hội chợ OCOP Bắc Trung Bộ {2000 + n}")
    year = factory.Sequence(lambda n: 2000 + n)
    starts_on = factory.LazyAttribute(lambda fair: datetime.date(fair.year, 11, 2))
    ends_on = factory.LazyAttribute(lambda fair: fair.starts_on)
    venue = "Thành phố Hà Tĩnh"
    organiser = "Liên minh hợp tác xã các tỉnh Bắc Trung Bộ"


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    fair = factory.SubFactory(FairFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    zone = "Khu A"
    # Each booth its own cell, so booths of one fair never overlap (booth_no_overlap).
    x = factory.Sequence(lambda n: n % 1000)
    y = factory.Sequence(lambda n: n // 1000 % 30)


class BoothAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoothAssignment

    booth = factory.SubFactory(BoothFactory)
    cooperative = factory.SubFactory(CooperativeFactory)


class FairExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FairExhibitor

    fair = factory.SubFactory(FairFactory)
    cooperative = factory.SubFactory(CooperativeFactory)


class FairDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FairDay

    fair = factory.SubFactory(FairFactory)
    date = factory.LazyAttribute(lambda day: day.fair.starts_on)
    opens = datetime.time(8)
    closes = datetime.time(21)


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    fair = factory.SubFactory(FairFactory)
    starts_at = factory.LazyAttribute(
        lambda item: timezone.make_aware(
            datetime.datetime.combine(item.fair.starts_on, datetime.time(9))
        )
    )
    title = factory.Sequence(lambda n: f"Hội nghị kết nối cung cầu {n}")
    kind = ProgrammeItem.Kind.CONFERENCE
    place = "Hội trường A"


class ProductGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductGroup

    code = factory.Sequence(lambda n: f"T.{n}")
    name = factory.Sequence(lambda n: f"Nhóm thực phẩm {n}")
    name_en = factory.Sequence(lambda n: f"Food group {n}")
    colour = "#2f7d32"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    cooperative = factory.SubFactory(CooperativeFactory)
    group = factory.SubFactory(ProductGroupFactory)
    name = factory.Sequence(lambda n: f"Bưởi Phúc Trạch loại {n}")
    summary = "Bưởi đặc sản Hương Khê, múi hồng, vị ngọt thanh."
    status = Product.Status.PUBLISHED


class CertificationFactory(factory.django.DjangoModelFactory):
    """A raw certification row; tests of current stars go through catalog.services instead."""

    class Meta:
        model = Certification

    product = factory.SubFactory(ProductFactory)
    stars = 4
    level = Certification.Level.PROVINCE
    decision_date = datetime.date(2024, 10, 15)
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    criteria_version = Certification.Criteria.QD_148


class PackOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackOption

    product = factory.SubFactory(ProductFactory)
    label = factory.Sequence(lambda n: f"hộp {n + 1}00 g")
    price_vnd = 120_000


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.django.ImageField(width=64, height=48, color="#2f7d32")
    thumbnail = factory.django.ImageField(width=48, height=36, color="#2f7d32")
    alt_text = factory.LazyAttribute(lambda image: f"Ảnh {image.product.name}")


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    reference = factory.Sequence(lambda n: f"TEST-{n:04d}")
    cooperative = factory.SubFactory(CooperativeFactory)
    buyer_name = "Nguyễn Thị Lan"
    organisation = "Siêu thị Co.opmart Vinh"
    buyer_type = Enquiry.BuyerType.SUPERMARKET
    phone = "+84912345678"
    email = "lan@example.vn"
    message = "Chúng tôi muốn nhập 500 hộp mỗi tháng."


class CallForExhibitorsFactory(factory.django.DjangoModelFactory):
    """A call open from a week ago to a week ahead."""

    class Meta:
        model = CallForExhibitors

    fair = factory.SubFactory(FairFactory)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


class ExhibitorApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitorApplication

    fair = factory.SubFactory(FairFactory)
    reference = factory.Sequence(lambda n: f"APPL-{n:04d}")
    token = factory.Sequence(lambda n: f"token-{n:08d}-applicant")
    kind = Cooperative.Kind.COOPERATIVE
    name = factory.Sequence(lambda n: f"HTX Dược liệu Trường Sơn {n}")
    province = factory.SubFactory(ProvinceFactory)
    address = "Thôn 3, xã Hướng Tân"
    contact_name = "Hồ Văn Đức"
    phone = "+84912345678"
    email = factory.Sequence(lambda n: f"duc{n}@truongson.example.vn")
    consent_to_publish = True


class ApplicationProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationProduct

    application = factory.SubFactory(ExhibitorApplicationFactory)
    name = factory.Sequence(lambda n: f"Trà cà gai leo túi lọc {n}")
    group = factory.SubFactory(ProductGroupFactory)
    stars_claimed = 4
    award_year_claimed = 2024
