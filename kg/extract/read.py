"""read: a file on disk → a Report (decoded text plus metadata).

Encodings are detected, not guessed in a loop: a byte-order mark wins, then strict UTF-8, then
charset-normalizer's best match (it covers GB18030/GBK, Big5, UTF-16 without BOM …).
HTML pages are turned into text with their block structure kept as lines.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path


from ..errors import InputError
from ..model import Report, ReportMeta

REPORT_SUFFIXES = (".txt", ".html", ".htm")
DEFAULT_MAX_CHARS = 2_000_000  # the longest provincial report is ~100k characters
MAX_CHARS_ENV = "PLANKG_MAX_CHARS"
_MIN_CJK_SHARE = 0.2

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def max_chars() -> int:
    """The size limit for one report, raised with the PLANKG_MAX_CHARS environment variable."""
    raw = os.environ.get(MAX_CHARS_ENV)
    if raw is None:
        return DEFAULT_MAX_CHARS
    try:
        return int(raw)
    except ValueError:
        raise InputError(f"{MAX_CHARS_ENV} must be a whole number, not {raw!r}") from None


def decode(data: bytes, name: str = "input") -> str:
    """Bytes → text, detecting the encoding. Raises InputError when it is not text."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"{name}: invalid {codec} despite its byte-order mark") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(f"{name}: cannot detect a text encoding (binary file?)") from None
        text = str(best)
    if "\x00" in text:
        raise InputError(f"{name}: contains NUL bytes (binary file?)")
    return text


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def _check_is_chinese_report(text: str, name: str) -> None:
    visible = [c for c in text if not c.isspace()]
    if not visible:
        raise InputError(f"{name}: empty file")
    cjk = sum(1 for c in visible if "\u4e00" <= c <= "\u9fff")
    if cjk / len(visible) < _MIN_CJK_SHARE:
        raise InputError(f"{name}: does not look like a Chinese report (too few Chinese characters)")


_TITLE = re.compile(r"(\d{4})年\s*([^\s，。、“”]{2,12}?)(?:人民)?政府工作报告")
_TITLE_REGION_FIRST = re.compile(r"([^\s，。、“”\d]{2,12}?)(\d{4})年(?:人民)?政府工作报告")
_FILE_NAME = re.compile(r"^(?P<region>[^\W\d_]{2,12}?)[-_ ]?(?P<year>(?:19|20)\d{2})$")
_WORK_YEAR = re.compile(r"((?:19|20)\d{2})年(?:工作安排|重点工作|主要任务|主要工作|政府工作)")
_REGION_SUFFIX = re.compile(r"(自治区|特别行政区|省|市|自治州|地区|盟|区|县|旗)$")
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")


_LEVEL_NAMES = {"省": "省", "市": "市", "区": "区县", "县": "区县", "旗": "区县", "区县": "区县"}
_SOURCE = re.compile(r"^\s*来源[:：]\s*(\S.{0,40}?)\s*$", re.M)


def normalise_level(level: str | None) -> str | None:
    """A sidecar's 区 / 县 / 旗 count as 区县, the level this tool reports."""
    return _LEVEL_NAMES.get(level.strip(), level.strip()) if level else None


def region_level(region: str | None) -> str | None:
    """省 / 市 / 区县 from the region's name (直辖市 count as 省级)."""
    if not region:
        return None
    if region in _MUNICIPALITIES or region.endswith(("省", "自治区", "特别行政区")):
        return "省"
    if region.endswith(("市", "自治州", "地区", "盟")):
        return "市"
    if region.endswith(("区", "县", "旗")):
        return "区县"
    return None


def infer_meta(text: str, path: Path) -> ReportMeta:
    """Metadata from the text and the file name, when no sidecar gives it.

    Order: a title line '<year>年<region>政府工作报告' (or '<region><year>年…'); then a file
    name '<region>-<year>'; the year falls back to the first '<year>年工作安排/重点工作'.
    """
    head = text[:3000]
    region = year = title = None
    m = _TITLE.search(head)
    if m:
        year, region = int(m.group(1)), m.group(2)
        title = head[m.start() : m.end()]
    else:
        m = _TITLE_REGION_FIRST.search(head)
        if m:
            region, year = m.group(1), int(m.group(2))
            title = head[m.start() : m.end()]
    fm = _FILE_NAME.match(path.stem)
    if fm:
        region = region or fm.group("region")
        year = year or int(fm.group("year"))
    if year is None:
        wm = _WORK_YEAR.search(text)
        if wm:
            year = int(wm.group(1))
    if region and not _REGION_SUFFIX.search(region):
        region = None
    sm = _SOURCE.search(head)
    return ReportMeta(
        region=region,
        level=region_level(region),
        year=year,
        title=title,
        source=sm.group(1) if sm else None,
    )


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.yaml")


def read_meta(path: Path, text: str) -> ReportMeta:
    """Sidecar values win; what the sidecar leaves out is inferred from the text."""
    inferred = infer_meta(text, path)
    side = sidecar_path(path)
    if not side.exists():
        return inferred
    import yaml  # here, not above: `kg lookup` imports this module (CONTROL_CODES) and reads no sidecar

    try:
        data = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{side}: unreadable metadata sidecar ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise InputError(f"{side}: metadata sidecar must be a mapping of field: value")
    region = _text_field(data, "region", inferred.region, side)
    year = data.get("year", inferred.year)
    try:
        if isinstance(year, bool):
            raise TypeError(year)
        year = int(year) if year is not None else None
    except (TypeError, ValueError):
        raise InputError(f"{side}: year must be a number, not {year!r}") from None
    return ReportMeta(
        region=region,
        level=normalise_level(_text_field(data, "level", None, side)) or region_level(region),
        year=year,
        title=_text_field(data, "title", inferred.title, side),
        source=_text_field(data, "source", inferred.source, side),
        original_name=_text_field(data, "original_name", None, side),
    )


def _text_field(data: dict[object, object], key: str, default: str | None, side: Path) -> str | None:
    """A sidecar field that must be text (a number or a list there is refused, not stored)."""
    value = data.get(key, default)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{side}: {key} must be text, not {value!r}"[:300])
    return value.translate(_CONTROL)


def report_id(path: Path) -> str:
    """A stable identifier from the file name (white space folded to '-')."""
    name = path.stem.strip()
    if any("\udc80" <= c <= "\udcff" for c in name):
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise InputError(f"{shown}: the file name is not UTF-8; rename the file")
    return re.sub(r"\s+", "-", name.translate(_CONTROL))


def _read_bounded(p: Path, limit_bytes: int) -> bytes:
    """A regular file's bytes, its size checked before reading and the read bounded (a sparse
    file of gigabytes, or one that grows, is refused, not read); FIFOs and devices are refused
    without blocking."""
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{p}: not a regular file (a pipe, socket or device), not a report")
        if info.st_size > limit_bytes:
            raise InputError(f"{p}: {info.st_size:,} bytes is over the limit for one report (raise it with {MAX_CHARS_ENV}=N)")
        chunks, size = [], 0
        while size <= limit_bytes:
            chunk = os.read(fd, min(1 << 20, limit_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)
    if size > limit_bytes:
        raise InputError(f"{p}: over the limit for one report (raise it with {MAX_CHARS_ENV}=N)")
    return b"".join(chunks)


# Control characters (but tab and line ends) become spaces, one for one: they reach names, IRIs
# and terminals otherwise (DEL is not allowed in an IRI; ESC and BEL drive a terminal).
CONTROL_CODES = (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))
_CONTROL = dict.fromkeys(CONTROL_CODES, " ")


def read_report(path: str | os.PathLike[str]) -> Report:
    """Read one report file. Raises InputError with a one-line reason on bad input."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: {'broken link' if p.is_symlink() else 'no such file'}")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a report file")
    limit = max_chars()
    # A UTF-8 character of CJK text is 3 bytes, UTF-16 2: refuse, before reading it, a file far
    # over the limit.
    data = _read_bounded(p, 4 * limit)
    text = decode(data, str(p))
    if p.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    if len(text) > limit:
        raise InputError(
            f"{p}: {len(text):,} characters is over the limit of {limit:,} per report "
            f"(raise it with {MAX_CHARS_ENV}=N)"
        )
    _check_is_chinese_report(text, str(p))
    text = text.translate(_CONTROL)
    return Report(id=report_id(p), path=str(p), text=text, meta=read_meta(p, text))


def find_reports(paths: list[str | os.PathLike[str]]) -> list[Path]:
    """Every report file under the given files and folders, sorted, each once."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{p}: no such file or directory")
        if p.is_dir():
            # A broken link is kept so that reading it fails loudly instead of being skipped.
            found.extend(
                f
                for f in sorted(p.rglob("*"))
                if f.suffix.lower() in REPORT_SUFFIXES and (f.is_file() or f.is_symlink())
            )
        else:
            found.append(p)
    unique = sorted(set(found), key=lambda f: str(f))
    if not unique:
        raise InputError(f"no .txt or .html reports under {', '.join(str(p) for p in paths)}")
    return unique
