"""Illustrations shown for a product without photos: one drawing per OCOP product group.

The drawings are emoji from Fluent Emoji Flat (Microsoft, MIT licence), installed from the npm
registry as @iconify-json/fluent-emoji-flat (package.json) and vendored into
static/img/groups/ by `make icons` (catalog/icons_build.py), with the licence beside them. This
module is the one place that says which drawing stands for which group. It imports nothing from
Django so that the build script can read it before Django is set up.

A group is matched by its Decision-148 code, most specific first: "I.5.b" uses I.5.b's drawing
if it has one, else I.5's, else I's, else the generic one. The parent chain is read from the code
itself, so a card needs no query to find its drawing.
"""

ICON_DIR = "img/groups"  # under static/
ICON_SIZE = 32  # the set's view box: every drawing is 32 × 32
GENERIC_ICON = "package"

# Decision 148/QĐ-TTg code -> Fluent Emoji Flat icon name.
GROUP_ICONS: dict[str, str] = {
    "I": "steaming-bowl",  # food
    "I.1": "leafy-green",  # fresh food
    "I.1.a": "mango",  # fresh vegetables, fruit, nuts
    "I.1.b": "cut-of-meat",  # fresh meat, aquatic products, eggs, milk
    "I.2": "sheaf-of-rice",  # raw and minimally processed food
    "I.2.a": "sheaf-of-rice",  # rice and cereals
    "I.2.b": "honey-pot",  # honey, other syrups
    "I.3": "canned-food",  # processed food
    "I.3.a": "bento-box",  # fast and convenience food
    "I.3.b": "rice-cracker",  # made from rice and cereals
    "I.3.c": "peanuts",  # made from vegetables, fruit, nuts
    "I.3.d": "shrimp",  # made from meat, eggs, milk, seafood, honey
    "I.4": "salt",  # condiments
    "I.4.a": "fish",  # soy paste, fish sauce, liquid condiments
    "I.4.b": "hot-pepper",  # other condiments and spices
    "I.5": "teacup-without-handle",  # tea
    "I.5.a": "teacup-without-handle",  # fresh and processed tea
    "I.5.b": "teapot",  # herbal teas from other plants
    "I.6": "hot-beverage",  # coffee and cocoa
    "II": "cup-with-straw",  # beverages
    "II.1": "sake",  # alcoholic drinks
    "II.1.a": "sake",  # white spirits
    "II.1.b": "wine-glass",  # other alcoholic drinks
    "II.2": "beverage-box",  # non-alcoholic drinks
    "II.2.a": "potable-water",  # mineral and bottled water
    "II.2.b": "beverage-box",  # other non-alcoholic drinks
    "III": "herb",  # medicinal herbs and herbal products
    "III.1": "pill",  # functional foods, herbal and traditional medicines
    "III.2": "lotion-bottle",  # cosmetics with herbal ingredients
    "III.3": "droplet",  # essential oils and other herbal materials
    "IV": "basket",  # handicrafts
    "IV.1": "basket",  # household and decorative handicrafts
    "IV.2": "thread",  # textiles and garments
    "V": "potted-plant",  # ornamental plants and animals
    "V.1": "lotus",  # flowers
    "V.2": "potted-plant",  # ornamental plants
    "V.3": "bird",  # ornamental animals
    "VI": "national-park",  # community and eco-tourism, tourist sites
}


def icon_names() -> list[str]:
    """Every drawing the site uses, each once, in a stable order."""
    return sorted({*GROUP_ICONS.values(), GENERIC_ICON})


def icon_for_code(code: str) -> str:
    """The drawing for a group code, from its most specific mapped ancestor ("I.5.b" -> I.5.b,
    I.5, I); the generic drawing for a code outside Decision 148."""
    parts = (code or "").strip().split(".")
    while parts:
        icon = GROUP_ICONS.get(".".join(parts))
        if icon:
            return icon
        parts.pop()
    return GENERIC_ICON


def icon_path(code: str) -> str:
    """The drawing's path under static/, for the {% static %} tag."""
    return f"{ICON_DIR}/{icon_for_code(code)}.svg"
