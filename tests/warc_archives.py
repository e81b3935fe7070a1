"""Web archives for the WARC tests, written two ways: byte by byte by hand (so the reader is not tested
only against its own writer) and with warcio. Both hold the same exchanges: every record kind, a chunked
body, a gzip payload, a payload the archiving crawler decoded already (X-Crawler-Content-Encoding), a
windows-1256 page declared only in the HTTP header, non-HTML responses, redirects and errors."""

from __future__ import annotations

import gzip
import io
import uuid
from dataclasses import dataclass, field

HOST = "https://news.example"
REGISTRY_TOML = """
[testnews]
display_name = "أخبار التجربة"
domains = ["news.example"]
sections = ["https://news.example/"]
article_pattern = '^/a/\\d+$'
"""

STORIES = {
    1: (
        "وزراء الزراعة العرب يبحثون خطة مشتركة لمواجهة الجفاف",
        "اجتمع وزراء الزراعة العرب اليوم لبحث خطة مشتركة لمواجهة موجات الجفاف المتكررة التي تضرب المنطقة منذ "
        "سنوات، وتناول الاجتماع سبل تمويل مشاريع الري الحديثة وتبادل الخبرات بين الدول الأعضاء.",
    ),
    2: (
        "افتتاح أكبر محطة للطاقة الشمسية في شمال أفريقيا",
        "افتتحت اليوم محطة جديدة للطاقة الشمسية توصف بأنها الأكبر في شمال أفريقيا، وتبلغ قدرتها الإنتاجية مئات "
        "الميغاواط، ومن المنتظر أن تغطي حاجات مئات الآلاف من المنازل من الكهرباء النظيفة.",
    ),
    3: (
        "مهرجان للموسيقى التراثية يجمع فرقا من عشر دول عربية",
        "انطلقت مساء أمس فعاليات مهرجان الموسيقى التراثية بمشاركة فرق من عشر دول عربية، وقدمت الفرق المشاركة "
        "عروضا من الموروث الغنائي الشعبي وسط حضور جماهيري كبير ملأ مدرجات المسرح الروماني.",
    ),
    4: (
        "جامعة عربية تطلق برنامجا جديدا لتعليم البرمجة للأطفال",
        "أطلقت إحدى الجامعات العربية برنامجا تعليميا جديدا يهدف إلى تعليم الأطفال أساسيات البرمجة والتفكير "
        "المنطقي، ويستمر البرنامج ثلاثة أشهر بمشاركة مئات التلاميذ من المدارس الحكومية والخاصة.",
    ),
}


def article_html(n: int, charset_meta: bool = True) -> str:
    title, paragraph = STORIES[n]
    second = paragraph.replace("اليوم", "هذا الأسبوع").replace("أمس", "الأسبوع الماضي")
    meta = '<meta charset="utf-8">' if charset_meta else ""
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{meta}<title>{title}</title>'
        f'<link rel="canonical" href="{HOST}/a/{n}"></head><body><header><nav>الرئيسية | أخبار</nav></header>'
        f"<article><h1>{title}</h1><p>{paragraph}</p><p>{second}</p><p>{paragraph} {second}</p></article>"
        f"<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def chunked(body: bytes, size: int = 700) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


@dataclass
class Exchange:
    """One archived record: its WARC type, target, HTTP head and block payload (as archived)."""

    kind: str
    url: str
    http_head: bytes = b""  # status line + headers, for response/request
    payload: bytes = b""
    content_type: str = "application/http; msgtype=response"
    extra: dict = field(default_factory=dict)


def http_head(status_line: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [status_line] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def exchanges() -> list[Exchange]:
    """The archive's records in order (the truncated one is added by the writers, last)."""
    html = lambda n: article_html(n).encode("utf-8")  # noqa: E731
    cp1256 = article_html(4, charset_meta=False).encode("windows-1256")
    return [
        Exchange(
            "request",
            f"{HOST}/a/1",
            http_head("GET /a/1 HTTP/1.1", [("Host", "news.example")]),
            content_type="application/http; msgtype=request",
        ),
        Exchange(
            "response",
            f"{HOST}/a/1",
            http_head(
                "HTTP/1.1 200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")]
            ),
            chunked(html(1)),
        ),
        Exchange("metadata", f"{HOST}/a/1", payload=b"fetchTimeMs: 120\r\n", content_type="application/warc-fields"),
        Exchange(
            "revisit",
            f"{HOST}/a/1",
            http_head("HTTP/1.1 200 OK", [("Content-Type", "text/html")]),
            extra={"WARC-Profile": "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"},
        ),
        Exchange(
            "response",
            f"{HOST}/a/2",
            http_head("HTTP/1.1 200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]),
            gzip.compress(html(2)),
        ),
        Exchange(
            "response",
            f"{HOST}/a/3",
            http_head(
                "HTTP/1.1 200 OK",
                [  # Common Crawl: decoded, header renamed
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("X-Crawler-Content-Encoding", "gzip"),
                ],
            ),
            html(3),
        ),
        Exchange(
            "response",
            f"{HOST}/a/4",
            http_head("HTTP/1.1 200 OK", [("Content-Type", "text/html; charset=windows-1256")]),
            cp1256,
        ),
        Exchange(
            "response",
            f"{HOST}/img/photo.jpg",
            http_head("HTTP/1.1 200 OK", [("Content-Type", "image/jpeg")]),
            b"\xff\xd8\xff\xe0" + bytes(200),
        ),
        Exchange(
            "response",
            f"{HOST}/api/a.json",
            http_head("HTTP/1.1 200 OK", [("Content-Type", "application/json")]),
            b'{"title": "x"}',
        ),
        Exchange(
            "response",
            f"{HOST}/a/5",
            http_head("HTTP/1.1 404 Not Found", [("Content-Type", "text/html")]),
            b"<html><body>not here</body></html>",
        ),
        Exchange(
            "response",
            f"{HOST}/a/6",
            http_head("HTTP/1.1 301 Moved Permanently", [("Location", "/a/60"), ("Content-Type", "text/html")]),
            b"",
        ),
        Exchange(
            "response",
            f"{HOST}/a/7",
            http_head("HTTP/1.1 503 Service Unavailable", [("Content-Type", "text/html")]),
            b"<html><body>busy</body></html>",
        ),
        Exchange(
            "response",
            "https://elsewhere.example/a/8",
            http_head("HTTP/1.1 200 OK", [("Content-Type", "text/html")]),
            html(1),
        ),
        Exchange(
            "response",
            f"{HOST}/",
            http_head("HTTP/1.1 200 OK", [("Content-Type", "text/html")]),
            b"<html><body><a href='/a/1'>one</a></body></html>",
        ),
        Exchange("resource", f"{HOST}/robots.txt", payload=b"User-agent: *\n", content_type="text/plain"),
    ]


TRUNCATED = Exchange(
    "response",
    f"{HOST}/a/9",
    http_head("HTTP/1.1 200 OK", [("Content-Type", "text/html")]),
    article_html(1).encode("utf-8"),
)
WARC_DATE = "2024-03-05T06:07:08Z"
EXPECTED_KINDS = {"request": 1, "response": 11, "metadata": 1, "revisit": 1, "resource": 1, "warcinfo": 1}


# ---------------------------------------------------------------------- by hand


def hand_record(exchange: Exchange, record_id: str | None = None, date: str = WARC_DATE) -> bytes:
    block = exchange.http_head + exchange.payload
    headers = [
        ("WARC-Type", exchange.kind),
        ("WARC-Record-ID", record_id or f"<urn:uuid:{uuid.uuid4()}>"),
        ("WARC-Date", date),
    ]
    if exchange.url:
        headers.append(("WARC-Target-URI", exchange.url))
    headers += list(exchange.extra.items())
    headers += [("Content-Type", exchange.content_type), ("Content-Length", str(len(block)))]
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def hand_archive(compress: bool, truncated: bool = True) -> bytes:
    """The archive written byte by byte: a gzip member per record when compress."""
    info = Exchange("warcinfo", "", payload=b"software: hand\r\n", content_type="application/warc-fields")
    records = [hand_record(info)] + [hand_record(e) for e in exchanges()]
    if truncated:
        records.append(hand_record(TRUNCATED))
    members = [gzip.compress(r) if compress else r for r in records]
    data = b"".join(members)
    return data[:-40] if truncated else data  # the last record cut while it was written


# ---------------------------------------------------------------------- with warcio


def warcio_archive(truncated: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "warcio"}))
    for e in exchanges() + ([TRUNCATED] if truncated else []):
        headers = {"WARC-Date": WARC_DATE, **e.extra}
        if e.http_head:
            lines = e.http_head.decode("latin-1").split("\r\n")
            pairs = [tuple(line.split(": ", 1)) for line in lines[1:] if line]
            if e.kind == "request":  # warcio's way: the whole request line, no protocol
                http = StatusAndHeaders(lines[0], pairs, is_http_request=True)
            else:
                protocol, status = lines[0].split(" ", 1)
                http = StatusAndHeaders(status, pairs, protocol=protocol)
            record = writer.create_warc_record(
                e.url, e.kind, payload=io.BytesIO(e.payload), http_headers=http, warc_headers_dict=headers
            )
        else:
            record = writer.create_warc_record(
                e.url,
                e.kind,
                payload=io.BytesIO(e.payload),
                warc_content_type=e.content_type,
                warc_headers_dict=headers,
            )
        writer.write_record(record)
    data = out.getvalue()
    return data[:-40] if truncated else data
