"""Time and peak memory of the photo pipeline (ocop_fair.images) on a 24-megapixel phone JPEG.

Run by hand, never in the tests:  DJANGO_DEBUG=1 .venv/bin/python bench/photo_pipeline.py [runs]

Each run happens in a fresh child process so that ru_maxrss (the process's peak resident memory,
which includes Pillow's pixel buffers) measures the pipeline alone; tracemalloc shows the part
allocated through Python's allocator (Pillow's own buffers are not traced by it).
"""

import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 6000, 4000  # 24 MP, a common phone sensor


def make_phone_jpeg() -> bytes:
    """A 6000×4000 JPEG with photo-like detail, EXIF orientation 6 and GPS, like a phone's."""
    from PIL import Image, ImageFilter

    # Smooth gradients plus blurred noise: compresses like a real photo (a few MB at q90).
    base = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    noise = Image.effect_noise((WIDTH // 4, HEIGHT // 4), 60).resize((WIDTH, HEIGHT))
    image = Image.merge("RGB", (base, noise.filter(ImageFilter.GaussianBlur(2)), base.rotate(180)))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (18.0, 20.0, 30.0), 3: "E", 4: (105.0, 54.0, 10.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def child(path: str) -> None:
    """One measured run: import, then the pipeline exactly as the portal calls it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop_fair.images import make_renditions, refuse_embedded_markup

    data = Path(path).read_bytes()
    upload = SimpleUploadedFile("IMG_0001.JPG", data, content_type="image/jpeg")
    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    renditions = make_renditions(upload)
    refuse_embedded_markup(upload)
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
                "original_kib": renditions.original.size / 1024,
                "thumbnail_kib": renditions.thumbnail.size / 1024,
            }
        )
    )


def main(runs: int) -> None:
    path = ROOT / "bench" / ".photo_pipeline_24mp.jpg"
    # Made in a child too: Linux carries a parent's peak RSS over into the children it starts.
    subprocess.run([sys.executable, __file__, "--make", str(path)], check=True)
    data = path.read_bytes()
    try:
        results = []
        for _ in range(runs):
            output = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "DJANGO_LOG_LEVEL": "WARNING"},
            ).stdout
            results.append(json.loads(output.strip().splitlines()[-1]))
    finally:
        path.unlink(missing_ok=True)

    def median(key):
        return statistics.median(result[key] for result in results)

    print(f"input: {WIDTH}×{HEIGHT} JPEG, {len(data) / 2**20:.1f} MB, EXIF orientation 6 + GPS")
    print(f"runs: {runs} (each in a fresh process; medians below)")
    print(
        f"time, decode + checks + renditions: {median('seconds'):.2f} s "
        f"(min {min(r['seconds'] for r in results):.2f}, max {max(r['seconds'] for r in results):.2f})"
    )
    print(
        f"peak RSS of the process: {median('rss_peak_mib'):.0f} MiB "
        f"(+{median('rss_added_mib'):.0f} MiB over Django loaded)"
    )
    print(f"peak traced by tracemalloc (Python allocations): {median('traced_peak_mib'):.1f} MiB")
    print(
        f"output: original {median('original_kib'):.0f} KiB JPEG, "
        f"thumbnail {median('thumbnail_kib'):.0f} KiB WebP"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--make":
        Path(sys.argv[2]).write_bytes(make_phone_jpeg())
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
