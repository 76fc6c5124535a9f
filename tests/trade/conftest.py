import time

import pytest
from django.core.cache import cache

from tests.factories import (
    BoothAssignmentFactory,
    CooperativeFactory,
    FairFactory,
    MembershipFactory,
    ProductFactory,
)
from trade.enquiry_forms import started_token


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limit counts in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _mail_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def buyer_data(**overrides) -> dict:
    """What a buyer types, with a form shown a minute ago."""
    data = {
        "name": "Nguyễn Thị Lan",
        "organisation": "Siêu thị Co.opmart Vinh",
        "buyer_type": "supermarket",
        "phone": "0912 345 678",
        "email": "lan@coopmart.example.vn",
        "quantity": "500 hộp mỗi tháng",
        "message": "Chúng tôi muốn nhập hàng cho 12 siêu thị ở Nghệ An.",
        "preferred_contact": "phone",
        "started": started_token(time.time() - 60),
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def trade(db, organiser):
    """Two cooperatives with staff, products and booths at the current fair, and an organiser."""
    fair = FairFactory(is_current=True)
    tea = CooperativeFactory(name="HTX Chè Hương Sơn", email="htx.che@example.vn")
    pomelo = CooperativeFactory(name="HTX Bưởi Phúc Trạch", email="")
    tea_owner = MembershipFactory(cooperative=tea, user__email="chu.htx.che@example.vn").user
    pomelo_owner = MembershipFactory(cooperative=pomelo, user__email="buoi@example.vn").user
    green_tea = ProductFactory(name="Chè xanh Hương Sơn", cooperative=tea)
    black_tea = ProductFactory(name="Hồng trà Hương Sơn", cooperative=tea)
    pomelo_fruit = ProductFactory(name="Bưởi Phúc Trạch", cooperative=pomelo)
    BoothAssignmentFactory(booth__fair=fair, booth__code="A10", booth__x=10, cooperative=tea)
    BoothAssignmentFactory(booth__fair=fair, booth__code="A2", booth__x=2, cooperative=pomelo)
    return {
        "fair": fair,
        "tea": tea,
        "pomelo": pomelo,
        "tea_owner": tea_owner,
        "pomelo_owner": pomelo_owner,
        "green_tea": green_tea,
        "black_tea": black_tea,
        "pomelo_fruit": pomelo_fruit,
        "organiser": organiser,
    }
