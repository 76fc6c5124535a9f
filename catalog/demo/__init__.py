"""The 2022 North Central OCOP demo fair, loaded by `manage.py load_demo`.

`loader.load_demo()` reads fixtures/ (the product CSV, provinces, the product-group tree), plans the
catalogue with the pure rules of `catalog/rules.py`, `cooperatives/rules.py` and `source.py`, and writes it idempotently.
"""
