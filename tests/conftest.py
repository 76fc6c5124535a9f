import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Keep every file a test writes out of the real MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
