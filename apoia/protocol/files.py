"""Attachments: size limit and type sniffed from the content, never trusted from the name."""

import hashlib
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apoia.protocol import limits

MAX_ATTACHMENT_BYTES = limits.FILE_BYTES

ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED_LABEL = "PDF, ODT, DOCX, PNG, JPEG, GIF ou WEBP"

# The extension each accepted type is stored and downloaded under: the name a browser or a
# desktop uses to pick a program must say what the bytes are, not what the sender claimed.
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    ODT: "odt",
    DOCX: "docx",
}


def extension_for(content_type: str) -> str:
    """The extension of a sniffed type, dot included (".pdf"); "" for a type we never accept."""
    ext = EXTENSIONS.get(content_type)
    return f".{ext}" if ext else ""


def download_name(original_name: str, content_type: str) -> str:
    """The sender's file name with the extension of the sniffed type ("x.png" → "x.pdf")."""
    ext = extension_for(content_type)
    if not ext:
        return original_name
    stem, dot, current = original_name.rpartition(".")
    if not (dot and stem):
        stem = original_name
    elif f".{current.lower()}" == ext or (ext == ".jpg" and current.lower() == "jpeg"):
        return original_name
    return f"{stem}{ext}"


def sniff_content_type(head: bytes, whole) -> str | None:
    """The content type read from the file's own bytes, or None if it is not one we accept."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(whole)
    return None


def _sniff_zip(fileobj) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def inspect_upload(upload) -> tuple[str, int, str]:
    """(content type, size, sha256) of an uploaded file, or ValidationError in Portuguese."""
    size = upload.size
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s tem mais de 10 MB.") % {"name": upload.name}, code="too_large"
        )
    if size == 0:
        raise ValidationError(_("%(name)s está vazio.") % {"name": upload.name}, code="empty")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    content_type = sniff_content_type(data[:16], io.BytesIO(data))
    if content_type is None:
        raise ValidationError(
            _("%(name)s não é um tipo aceito (%(allowed)s).")
            % {"name": upload.name, "allowed": ALLOWED_LABEL},
            code="bad_type",
        )
    return content_type, size, hashlib.sha256(data).hexdigest()
