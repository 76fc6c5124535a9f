"""Scale-out, proven: two gunicorn instances share one PostgreSQL, one Redis and S3 media.

The S3 API is a local moto server (no object store ships with the OS). A cooperative's staff
member uploads a photo through one app server's portal; the other server's product page shows it
from the bucket, and deletes it; an edit on one is on the other's very next page; and neither
server writes a byte to its own disk. Runs in the PostgreSQL pass of CI, like the other
reliability tests (under OCOP_REQUIRE_PRODUCTION=1 a missing tool fails it instead of skipping).
"""

import importlib.util
import io
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest
import redis
from PIL import Image

from tests.production.servers import (
    ROOT,
    Browser,
    Gunicorn,
    MotoS3,
    PrivatePostgres,
    fetch,
    manage,
    postgres_bin_dir,
    production_env,
)
from tests.production.test_reliability import require

# A Redis database of its own, flushed at the start: no stale page of an earlier run.
REDIS_TEST_URL = "redis://127.0.0.1:6379/7"
STAFF, PASSWORD = "htx_khesanh", "ocop-demo-2022"
# Folders the servers may not write to be checked; everything else under the project counts.
NOT_WATCHED = {".git", ".venv", "node_modules", ".pytest_cache", ".ruff_cache"}

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="reliability tests run in the PostgreSQL pass (DATABASE_URL=postgres://…)",
    ),
]


def _redis_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def _project_files() -> dict[str, int]:
    """Every file under the project (bar the tool folders) and its modification time."""
    found = {}
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in NOT_WATCHED]
        for name in files:
            path = os.path.join(folder, name)
            found[path] = os.stat(path, follow_symlinks=False).st_mtime_ns
    return found


def _jpeg(colour: str = "#a4462b") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), colour).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def shared_services():
    """A private PostgreSQL with the demo fair, a flushed Redis database and an S3 bucket."""
    require(postgres_bin_dir() is not None, "PostgreSQL server binaries (initdb)")
    require(_redis_up(), "a Redis server on 127.0.0.1:6379")
    require(
        importlib.util.find_spec("storages") is not None
        and (Path(sys.executable).parent / "moto_server").exists(),
        "django-storages[s3] and moto[server] (the dev extra)",
    )
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    folder = Path(tempfile.mkdtemp(prefix="ocop-scale-"))
    with PrivatePostgres() as postgres, MotoS3() as bucket:
        env = production_env(
            postgres.url,
            folder / "media",  # must stay absent: media go to the bucket
            folder / "static",
            REDIS_URL=REDIS_TEST_URL,
            # The servers would otherwise write compiled bytecode under the project.
            PYTHONDONTWRITEBYTECODE="1",
            **bucket.env(),
        )
        # Coverage of subprocesses (pytest-cov) would write its data files beside the project.
        env = {key: value for key, value in env.items() if not key.startswith("COV_CORE_")}
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo")  # no photos: the demo shows the groups' illustrations
        manage(env, "collectstatic", "--no-input")
        yield postgres, bucket, env, folder
    shutil.rmtree(folder, ignore_errors=True)


def test_photo_uploaded_on_one_server_is_served_edited_and_deleted_through_the_other(
    shared_services,
):
    from tests.production.test_reliability import query

    postgres, bucket, env, folder = shared_services
    product_id, slug = query(
        postgres,
        "SELECT p.id, p.slug FROM catalog_product p "
        "JOIN cooperatives_membership m ON m.cooperative_id = p.cooperative_id "
        "JOIN auth_user u ON u.id = m.user_id "
        "WHERE u.username = %s AND p.status = 'published' ORDER BY p.id LIMIT 1",
        (STAFF,),
    )[0]
    page = f"/products/{slug}/"
    photos = f"/staff/products/{product_id}/photos/"
    assert not (folder / "media").exists()
    assert bucket.names() == set()
    workdirs = [folder / "run-a", folder / "run-b"]
    for workdir in workdirs:
        workdir.mkdir()
    before = _project_files()
    started = time.time_ns()

    with (
        Gunicorn(env, workers=2, cwd=workdirs[0]) as first,
        Gunicorn(env, workers=2, cwd=workdirs[1]) as second,
    ):
        # One staff member, one session (in the shared database), used on both servers.
        on_first = Browser(first.base)
        on_first.login(STAFF, PASSWORD)
        on_second = Browser(second.base)
        on_second.jar, on_second.opener = on_first.jar, on_first.opener

        # A photo another staff member uploaded earlier: it must outlive the deletion below.
        assert on_first.get(photos).status == 200
        reply = on_first.post_files(
            photos, {}, {"photos": ("anh-cu.jpg", "image/jpeg", _jpeg("#2b6ea4"))}, photos
        )
        assert reply.status == 302, reply.body[:2000]
        kept_objects = bucket.names()
        assert len(kept_objects) == 2  # its original and its thumbnail

        # Upload through the portal of the first server.
        reply = on_first.post_files(
            photos, {}, {"photos": ("anh-san-pham.jpg", "image/jpeg", _jpeg())}, photos
        )
        assert reply.status == 302, reply.body[:2000]
        photo_id, original, thumbnail = query(
            postgres,
            "SELECT id, image, thumbnail FROM catalog_productimage "
            "WHERE product_id = %s ORDER BY id DESC LIMIT 1",
            (product_id,),
        )[0]
        assert {original, thumbnail} <= bucket.names() - kept_objects

        # The second server's product page shows it from the bucket, and the bucket serves it.
        shown = fetch(second.base + page)
        assert shown.status == 200
        thumbnail_url = f"{bucket.endpoint}/{bucket.bucket}/{thumbnail}"
        original_url = f"{bucket.endpoint}/{bucket.bucket}/{original}"
        assert f'src="{thumbnail_url}"' in shown.body
        assert f'href="{original_url}"' in shown.body
        # The page's Content-Security-Policy lets browsers load images from the bucket.
        img_src = re.search(r"img-src ([^;]*)", shown.headers["Content-Security-Policy"])
        assert bucket.endpoint in img_src.group(1).split()
        served = fetch(thumbnail_url)
        assert served.status == 200
        assert served.content == bucket.read(thumbnail)
        assert Image.open(io.BytesIO(served.content)).format == "WEBP"
        assert Image.open(io.BytesIO(fetch(original_url).content)).format == "JPEG"

        # An edit on the first server is on the second server's very next page (which it has
        # just rendered and cached in the shared Redis).
        described = "Gói cà phê Khe Sanh trên bàn gỗ"
        edit = f"/staff/photos/{photo_id}/"
        assert on_first.get(edit).status == 200
        assert on_first.post(edit, {"alt_text": described}, edit).status == 302
        assert f'alt="{described}"' in fetch(second.base + page).body

        # Deleted through the second server: gone from the bucket and from both servers' pages.
        delete = f"/staff/photos/{photo_id}/delete/"
        assert on_second.get(delete).status == 200
        assert on_second.post(delete, {}, delete).status == 302
        assert not {original, thumbnail} & bucket.names()
        assert fetch(thumbnail_url).status == 404
        for server in (first, second):
            body = fetch(server.base + page).body
            assert thumbnail not in body and original not in body
        # The earlier photo is still there.
        assert bucket.names() == kept_objects

    # Nothing was written to the app servers' disk: no media folder, nothing where they ran,
    # no file of the project added or changed.
    assert not (folder / "media").exists()
    assert [list(workdir.iterdir()) for workdir in workdirs] == [[], []]
    after = _project_files()
    assert sorted(set(after) - set(before)) == []
    assert [path for path, mtime in after.items() if mtime >= started] == []
