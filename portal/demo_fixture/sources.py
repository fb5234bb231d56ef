"""What the demo fixture is built from, as one digest: the builder (portal/demo and each
app's demo.py), the PDF edition templates and renderer, every migration of the project's
apps, and the versions of the libraries whose models and translation machinery shape the
rows. The fixture records the digest it was built from; a different digest means the
fixture may no longer be what the builder makes."""

import hashlib
import importlib.metadata

from django.conf import settings

PATTERNS = [
    "portal/demo/*.py",
    "*/demo.py",
    "handbook/docx_samples.py",
    "templates/handbook/pdf/*",
    "portal/pdf.py",
    "*/migrations/*.py",
]
LIBRARIES = ["django", "wagtail", "wagtail-localize"]


def source_files() -> list[str]:
    root = settings.BASE_DIR
    found = {path for pattern in PATTERNS for path in root.glob(pattern) if path.is_file()}
    return sorted(str(path.relative_to(root)) for path in found)


def digest() -> str:
    sha = hashlib.sha256()
    for name in source_files():
        sha.update(name.encode() + b"\0" + (settings.BASE_DIR / name).read_bytes() + b"\0")
    for library in LIBRARIES:
        sha.update(f"{library}=={importlib.metadata.version(library)}\0".encode())
    return sha.hexdigest()
