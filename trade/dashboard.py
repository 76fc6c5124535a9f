"""The organisers' dashboard: figures of the catalogue, the fair and the enquiries, as tables."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog.models import Product, Validity, validity_on
from catalog.selectors import provinces_with_counts, top_groups_with_counts
from cooperatives.models import BoothAssignment, Cooperative, Fair
from cooperatives.selectors import current_fair
from trade.models import Enquiry

EXPIRY_WINDOW_DAYS = 90
ENQUIRY_MONTHS = 12
QUEUE_ROWS = 50  # the newest enquiries with no recipient; the admin list has them all
CHART_WIDTH = 320  # pixels for the longest bar
BAR_HEIGHT = 18
BAR_GAP = 6


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int

    @property
    def text_x(self) -> int:
        return self.width + 6

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 4


@dataclass
class Table:
    key: str
    title: str
    headers: list
    rows: list
    bars: list[Bar] = field(default_factory=list)
    note: str = ""  # a sentence above the table, e.g. a count of what it shows
    link: str = ""  # where the organisers act on the table's rows

    @property
    def chart_height(self) -> int:
        return len(self.bars) * (BAR_HEIGHT + BAR_GAP)

    @property
    def chart_width(self) -> int:
        return CHART_WIDTH + 60


def bars(pairs) -> list[Bar]:
    """Scale (label, value) pairs to horizontal bars; the longest fills CHART_WIDTH."""
    pairs = list(pairs)
    top = max((value for _label, value in pairs), default=0) or 1
    return [
        Bar(
            label=str(label),
            value=value,
            y=index * (BAR_HEIGHT + BAR_GAP),
            # Whole pixels: a float would be localised in the template ("35,5" in Vietnamese).
            width=max(round(value * CHART_WIDTH / top), 1 if value else 0),
        )
        for index, (label, value) in enumerate(pairs)
    ]


def products_by_province() -> Table:
    rows = [[province.name, province.product_count] for province in provinces_with_counts()]
    return Table(
        "provinces", _("Products by province"), [_("Province"), _("Products")], rows, bars(rows)
    )


def products_by_group() -> Table:
    rows = [[group.label, group.product_count] for group in top_groups_with_counts()]
    return Table(
        "groups", _("Products by group"), [_("Product group"), _("Products")], rows, bars(rows)
    )


def products_by_stars(today: datetime.date | None = None) -> Table:
    """Products by the stars of a latest award valid today; the others by why they have none."""
    today = today or timezone.localdate()
    grouped = (
        Product.objects.published()
        .with_validity(today)
        .values_list("ocop_validity", "ocop_stars")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict = {}  # by stars while valid, else by Validity
    for validity, stars, n in grouped:
        key = stars if validity == Validity.VALID else validity
        counts[key] = counts.get(key, 0) + n
    rows = [
        [str(_("%(stars)s ★, valid") % {"stars": stars}), counts.get(stars, 0)]
        for stars in (5, 4, 3, 2, 1)
    ]
    rows += [
        [str(label), counts.get(validity, 0)]
        for validity, label in [
            (Validity.UNCERTAIN, _("Stars that may have expired")),
            (Validity.EXPIRED, _("Stars expired")),
            (Validity.UNDATED, _("Stars with no known date")),
            (Validity.NO_STARS, _("No stars")),
        ]
    ]
    note = _(
        "Stars count only while the award is valid today: a product whose latest award may have"
        " expired, has expired or has no known date is counted on its own row."
    )
    title = _("Products by OCOP stars")
    return Table("stars", title, [_("Stars"), _("Products")], rows, bars(rows), note=str(note))


def cooperatives_without_booth(fair: Fair | None) -> Table:
    booked = BoothAssignment.objects.filter(cooperative=OuterRef("pk"), booth__fair=fair)
    cooperatives = (
        Cooperative.objects.active()
        .filter(~Exists(booked))
        .select_related("province")
        .order_by("province__display_order", "name_sort")
    )
    rows = [[c.name, c.province.name, c.phone] for c in cooperatives]
    title = _("Cooperatives without a booth at the current fair")
    return Table("no-booth", title, [_("Cooperative"), _("Province"), _("Phone")], rows)


def certificates_expiring(today: datetime.date | None = None) -> Table:
    today = today or timezone.localdate()
    limit = today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    products = (
        Product.objects.published()
        .filter(ocop_stars__gte=3, ocop_valid_until__lte=limit)
        .select_related("cooperative__province")
        .order_by("ocop_valid_until", "name_sort")
    )
    states = {
        Validity.EXPIRED: _("expired"),
        Validity.UNCERTAIN: _("may have expired"),
        Validity.VALID: _("expires soon"),
    }
    rows = [
        [
            p.name,
            p.cooperative.name,
            p.cooperative.province.name,
            p.ocop_stars,
            # A decision known by its year expires on an unknown day: only the year is given.
            p.ocop_valid_until.strftime("%d/%m/%Y")
            if p.ocop_expiry_is_exact
            else str(p.ocop_expiry_year),
            str(
                states[
                    validity_on(
                        today, p.ocop_stars, p.ocop_valid_until, p.ocop_possibly_valid_until
                    )
                ]
            ),
        ]
        for p in products
    ]
    headers = [
        _("Product"),
        _("Cooperative"),
        _("Province"),
        _("Stars"),
        _("Valid until"),
        _("State"),
    ]
    title = _("Certificates expired or expiring within 90 days")
    return Table("certificates", title, headers, rows)


def enquiries_by_cooperative() -> Table:
    cooperatives = (
        Cooperative.objects.annotate(
            total=Count("enquiries"),
            new=Count("enquiries", filter=Q(enquiries__status=Enquiry.Status.NEW)),
            replied=Count("enquiries", filter=Q(enquiries__status=Enquiry.Status.REPLIED)),
            closed=Count("enquiries", filter=Q(enquiries__status=Enquiry.Status.CLOSED)),
        )
        .filter(total__gt=0)
        .order_by("-total", "name_sort")
    )
    rows = [[c.name, c.total, c.new, c.replied, c.closed] for c in cooperatives]
    headers = [_("Cooperative"), _("Enquiries"), _("New"), _("Replied"), _("Closed")]
    return Table(
        "enquiries-cooperatives",
        _("Enquiries per cooperative"),
        headers,
        rows,
        bars((row[0], row[1]) for row in rows),
    )


def enquiries_without_recipient() -> Table:
    """The organisers' queue: new enquiries no one at the cooperative was told of."""
    queue = Enquiry.objects.without_recipient().filter(status=Enquiry.Status.NEW)
    count = queue.count()
    enquiries = queue.select_related("cooperative__province").order_by("-created_at", "-pk")
    rows = [
        [
            e.reference,
            timezone.localtime(e.created_at).strftime("%d/%m/%Y %H:%M"),
            e.cooperative.name,
            e.cooperative.province.name,
            e.cooperative.phone,
            e.buyer_name,
            e.phone_display,
        ]
        for e in enquiries[:QUEUE_ROWS]
    ]
    headers = [
        _("Reference"),
        _("Received"),
        _("Cooperative"),
        _("Province"),
        _("Cooperative's phone"),
        _("Buyer"),
        _("Buyer's phone"),
    ]
    note = ngettext(
        "%(count)d new enquiry has reached no one at its cooperative: pass it on.",
        "%(count)d new enquiries have reached no one at their cooperative: pass them on.",
        count,
    ) % {"count": count}
    query = urlencode({"recipient": "none", "status__exact": Enquiry.Status.NEW})
    link = f"{reverse('admin:trade_enquiry_changelist')}?{query}"
    title = _("Enquiries with no recipient")
    return Table("enquiries-no-recipient", title, headers, rows, note=note, link=link)


def enquiries_by_month(today: datetime.date | None = None) -> Table:
    """Enquiries per month (fair time zone) and buyer type, over the last twelve months."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    for _month in range(ENQUIRY_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    counts = (
        Enquiry.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .values_list("month", "buyer_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict[datetime.date, dict[str, int]] = {}
    for month, buyer_type, n in counts:
        key = month.date() if isinstance(month, datetime.datetime) else month
        table.setdefault(key, {})[buyer_type] = n
    types = Enquiry.BuyerType
    rows = []
    for month in sorted(table):
        per_type = table[month]
        rows.append(
            [
                month.strftime("%m/%Y"),
                *(per_type.get(t, 0) for t in types.values),
                sum(per_type.values()),
            ]
        )
    headers = [_("Month"), *types.labels, _("Total")]
    return Table(
        "enquiries-months",
        _("Enquiries per month and buyer type"),
        headers,
        rows,
        bars((row[0], row[-1]) for row in rows),
    )


def dashboard_tables() -> list[Table]:
    return [
        enquiries_without_recipient(),
        products_by_province(),
        products_by_group(),
        products_by_stars(),
        cooperatives_without_booth(current_fair()),
        certificates_expiring(),
        enquiries_by_cooperative(),
        enquiries_by_month(),
    ]
