"""The North Central OCOP demo's catalogue, its archived 2022 fair and the 2026 fair (days,
programme, floor plan), loaded by `manage.py load_demo`; `trade/demo.py` then fills the 2026 fair
through its call for exhibitors.

`loader.load_demo()` reads fixtures/ (the product CSV, provinces, the product-group tree), plans the
catalogue with the pure rules of `catalog/rules.py`, `cooperatives/rules.py` and `source.py`, and writes it idempotently.
"""
