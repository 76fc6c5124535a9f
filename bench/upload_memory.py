"""Peak memory of the photo pipeline (ocop_fair.images) on the uploads that cost the most.

Run by hand, never in the tests:  DJANGO_DEBUG=1 .venv/bin/python bench/upload_memory.py

Each case runs in a fresh child process, so ru_maxrss (the process's peak resident memory, which
includes Pillow's pixel buffers) measures that case alone; "added" is the peak minus the process
with Django loaded and the file read. tracemalloc shows the part allocated through Python's
allocator (bytes objects, not Pillow's own pixel buffers). A refused file counts as much as an
accepted one: the point is what a hostile upload can make a worker hold.
"""

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# 8000 × 5000 = 40 megapixels, the most the pipeline has ever accepted.
WIDTH, HEIGHT = 8000, 5000


def _photo_like(mode: str, width: int = WIDTH, height: int = HEIGHT):
    """Gradients plus blurred noise: compresses like a real photo, not like a flat colour."""
    from PIL import Image, ImageFilter

    base = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width // 4, height // 4), 60).resize((width, height))
    noise = noise.filter(ImageFilter.GaussianBlur(2))
    image = Image.merge("RGB", (base, noise, base.rotate(180)))
    return image.convert(mode)


def _save(image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, **options)
    return buffer.getvalue()


def make_cases() -> dict[str, bytes]:
    """The worst cases of the hardening report, built here (a few seconds)."""
    from PIL import Image

    flat_rgb = Image.new("RGB", (WIDTH, HEIGHT), "white")
    cases = {
        # A 1.6 KB file that decodes to 40 MP: the lossless WebP of one colour.
        "webp-lossless-40mp": _save(flat_rgb, format="WEBP", lossless=True),
        # ~165 KB: an RGBA PNG of 40 MP, fully transparent.
        "png-rgba-40mp": _save(Image.new("RGBA", (WIDTH, HEIGHT)), format="PNG", optimize=True),
        "webp-lossy-40mp": _save(flat_rgb, format="WEBP", quality=50),
    }
    del flat_rgb
    photo = _photo_like("RGB")
    cases["jpeg-40mp-baseline"] = _save(photo, format="JPEG", quality=85)
    cases["jpeg-40mp-progressive-444"] = _save(
        photo, format="JPEG", quality=70, progressive=True, subsampling=0
    )
    cases["jpeg-40mp-progressive-420"] = _save(photo, format="JPEG", quality=80, progressive=True)
    cases["jpeg-40mp-cmyk"] = _save(photo.convert("CMYK"), format="JPEG", quality=70)
    del photo
    # The largest PNG and WebP still accepted (ocop_fair.images.FULL_DECODE_MAX_PIXELS).
    from catalog import images

    side = int(getattr(images, "FULL_DECODE_MAX_PIXELS", 16_000_000) ** 0.5)
    cases["png-rgba-largest-accepted"] = _save(
        Image.new("RGBA", (side, side), (200, 120, 40, 128)), format="PNG"
    )
    # A WebP with transparency that looks like a photo: the flat one would be refused as a bomb.
    cases["webp-rgba-largest-accepted"] = _save(
        _photo_like("RGBA", side, side), format="WEBP", quality=80
    )
    cases["png-16bit-grey-largest-accepted"] = _save(
        Image.new("I;16", (side, side), 30000), format="PNG"
    )
    return cases


def child(path: str, how: str) -> None:
    """One measured run of the pipeline, exactly as the portal calls it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils.datastructures import MultiValueDict

    from ocop_fair.images import make_logo, make_renditions
    from portal.forms import MAX_PHOTOS_PER_UPLOAD, PhotoUploadForm

    data = Path(path).read_bytes()
    name = Path(path).name

    def uploads(count):
        return [SimpleUploadedFile(name, data) for _ in range(count)]

    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    outcome = "accepted"
    if how == "form":
        # The whole upload form with the most files it takes at once, as the portal posts it.
        form = PhotoUploadForm(
            data={}, files=MultiValueDict({"photos": uploads(MAX_PHOTOS_PER_UPLOAD)})
        )
        if not form.is_valid():
            outcome = "refused: " + form.errors["photos"][0][:70]
    else:
        process = make_logo if how == "logo" else make_renditions
        try:
            process(uploads(1)[0])
        except ValidationError as error:
            outcome = "refused: " + error.messages[0][:70]
    elapsed = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "rss_peak_mib": peak_kib / 1024,
                "rss_added_mib": (peak_kib - baseline_kib) / 1024,
                "traced_peak_mib": traced_peak / 2**20,
                "outcome": outcome,
            }
        )
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        # Made in a child: Linux carries a parent's peak RSS over into the children it starts.
        subprocess.run([sys.executable, __file__, "--make", folder], check=True)
        runs = [(path, "photo") for path in sorted(Path(folder).iterdir())]
        runs += [(Path(folder) / "webp-lossless-40mp", "form")]
        # Ten of the costliest accepted files in one post: decoded one after another.
        runs += [(Path(folder) / "webp-rgba-largest-accepted", "form")]
        runs += [(Path(folder) / "png-rgba-largest-accepted", "logo")]
        print(
            f"{'case':34} {'how':6} {'size':>9} {'peak RSS':>9} {'added':>8} {'traced':>7} "
            f"{'time':>6}  outcome"
        )
        for path, how in runs:
            output = subprocess.run(
                [sys.executable, __file__, "--child", str(path), how],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "DJANGO_LOG_LEVEL": "WARNING"},
            ).stdout
            result = json.loads(output.strip().splitlines()[-1])
            size = path.stat().st_size
            print(
                f"{path.name:34} {how:6} {size / 1024:>7.1f}KB "
                f"{result['rss_peak_mib']:>6.0f}MiB {result['rss_added_mib']:>+5.0f}MiB "
                f"{result['traced_peak_mib']:>4.1f}MiB {result['seconds']:>5.2f}s  "
                f"{result['outcome']}"
            )


def make(folder: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")
    import django

    django.setup()
    for name, data in make_cases().items():
        (Path(folder) / name).write_bytes(data)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "--make":
        make(sys.argv[2])
    else:
        main()
