"""Page furniture for the third held-out set (tests/layouts/unseen3.py), worded independently of
boilerplate.py and unseen2_furniture.py so no string here was ever seen by a rule; and the small helpers
its layouts render the body with.

Nothing here is article text except SECTION_HEADS (numbered sub-headings the numbered-guide layout puts
into the body) and the interview questions (QUESTIONS): the gold includes those where a layout uses them.
"""

from __future__ import annotations

import random
import re

from tests.layouts.render import Body, esc

HEADLINES = [
    "محافظ الإقليم يفتتح جسرا جديدا فوق الوادي الكبير",
    "نقابة الصيادلة تحذر من نقص أدوية الأمراض المزمنة",
    "فريق الجامعة يفوز بالمركز الأول في مسابقة الروبوتات",
    "ارتفاع أسعار الخضار في الأسواق المركزية مع بداية الصيف",
    "وزارة الثقافة تعيد افتتاح المكتبة الوطنية بعد ترميمها",
    "مزارعو الزيتون يتوقعون موسما أفضل من العام الماضي",
    "شركة الكهرباء تعلن برنامج قطع مبرمج في ثلاث مناطق",
    "أطباء يدعون إلى حملة وطنية للكشف المبكر عن السكري",
    "القبض على شبكة لتهريب الآثار في المنطقة الحدودية",
    "مهرجان الفيلم القصير يعلن قائمة الأعمال المتأهلة",
    "البنك المركزي يبقي سعر الفائدة دون تغيير للشهر الرابع",
    "حريق محدود في مستودع تجاري دون إصابات بشرية",
    "بلدية الساحل تمنع البناء على الشاطئ الشمالي",
    "منتخب الناشئين يتأهل إلى نهائيات البطولة القارية",
    "افتتاح أول مركز لرعاية المسنين في الريف الشرقي",
    "الهيئة العامة للطيران تعلن تشغيل خط جوي جديد",
]
WRITERS = [
    "سلمى العطار",
    "ماهر الزعبي",
    "نور الهدى السيد",
    "كريم بوزيد",
    "لينا عبد الرحيم",
    "عمار الخطيب",
    "هالة منصور",
    "زياد الرفاعي",
    "مريم التونسي",
    "فراس عويس",
]
# 35-50 word snippets shown under teaser titles (popular-posts widgets, bookmark cards, read-next lists).
SNIPPETS = [
    "تستعد المدارس الحكومية لاستقبال العام الدراسي الجديد وسط نقص في أعداد المعلمين المتخصصين في مواد "
    "العلوم والرياضيات، فيما تؤكد المديريات أنها أطلقت مسابقة تعيين استثنائية لسد الشواغر قبل نهاية "
    "الشهر الجاري وتوزيع الكتب على الطلاب",
    "يشكو سكان الأحياء الشرقية من تراكم النفايات في الشوارع منذ أكثر من أسبوعين بسبب تعطل عدد من "
    "الشاحنات، ويقول عمال النظافة إن رواتبهم تأخرت بدورها، بينما تعد البلدية بحل المشكلة خلال أيام "
    "قليلة عبر التعاقد مع شركة خاصة",
    "تحولت الدراجات الهوائية خلال السنوات الأخيرة من وسيلة ترفيه إلى وسيلة نقل يومية لآلاف الشباب في "
    "المدن المزدحمة، ويطالب ناشطون بتخصيص مسارات آمنة لها على الطرق الرئيسية وتشجيع الموظفين على "
    "استخدامها بدل السيارات الخاصة",
    "تشهد صناعة النسيج المحلية تراجعا ملحوظا أمام المنتجات المستوردة الرخيصة، ويقول أصحاب المصانع إن "
    "كلفة الطاقة والضرائب المرتفعة تجعل المنافسة شبه مستحيلة، ويطالبون الحكومة بحماية المنتج الوطني "
    "بإجراءات جمركية عاجلة ومدروسة",
    "يعود مهرجان التراث الشعبي هذا العام بعد غياب طويل ببرنامج يشمل عروض الدبكة والأزياء التقليدية "
    "وورش الحرف اليدوية، ويأمل المنظمون أن يجذب آلاف الزوار من داخل البلاد وخارجها خلال أيامه العشرة "
    "في الساحة القديمة",
]
READER_NOTES = [
    "كلام سليم ونتمنى أن يصل صوتكم إلى المسؤولين",
    "المشكلة أقدم من ذلك بكثير والحلول معروفة لكن لا أحد ينفذها",
    "شكرا للكاتب على هذا الطرح الجريء",
    "أختلف معك في بعض النقاط، الوضع على الأرض مختلف تماما",
    "متى سيتم الإعلان عن النتائج النهائية؟",
    "نحن سكان المنطقة ولم نر أي تغيير حتى الآن",
    "معلومة جديدة بالنسبة لي، جزاكم الله خيرا",
]
SECTIONS = ["الرئيسية", "أخبار محلية", "عربي ودولي", "اقتصاد", "رياضة", "ثقافة وفنون", "منوعات", "مقالات", "فيديو"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر"]
# Content the numbered-guide layout adds: numbered sub-headings written by the outlet (kept in the gold).
SECTION_HEADS = ["أولا: خلفية القرار", "ثانيا: ما الذي تغير", "ثالثا: مواقف الأطراف", "رابعا: الخطوات المقبلة"]
# Content the bold-question interview adds (kept in the gold): the interviewer's questions.
QUESTIONS = [
    "بداية، ما الذي دفعكم إلى اتخاذ هذا الموقف الآن؟",
    "هناك من يرى أن الخطوة جاءت متأخرة، ما ردكم؟",
    "كيف تنظرون إلى ردود الفعل التي صدرت حتى الآن؟",
    "وما الذي تنتظرونه من الأطراف الأخرى في المرحلة المقبلة؟",
    "أخيرا، هل أنتم متفائلون بالنتائج؟",
]


def day(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2024"


def hhmm(rng: random.Random) -> str:
    return f"{rng.randint(7, 22):02d}:{rng.choice(range(0, 60, 5)):02d}"


def headlines(rng: random.Random, count: int) -> list[str]:
    return rng.sample(HEADLINES, count)


def nav(rng: random.Random, href: str = "/cat/") -> str:
    return "".join(f"<li><a href='{href}{n}'>{name}</a></li>" for n, name in enumerate(SECTIONS))


def link_list(rng: random.Random, count: int, href: str = "/news/") -> str:
    return "".join(f"<li><a href='{href}{rng.randint(100, 99999)}'>{t}</a></li>" for t in headlines(rng, count))


def copyright_line(site: str) -> str:
    return f"<p class='copy'>© 2024 {site}. يُمنع إعادة النشر دون إذن خطي مسبق من إدارة التحرير.</p>"


def render_blocks(
    body: Body,
    para: str = "<p>{}</p>",
    sub: str = "<h2>{}</h2>",
    inserts: dict[int, str] | None = None,
    start: int = 0,
    stop: int | None = None,
) -> str:
    """Body blocks start..stop through the two templates, inserts[i] placed before block i."""
    out = []
    for index, (kind, text) in enumerate(body.blocks[start:stop], start):
        out.append((inserts or {}).get(index, ""))
        out.append((sub if kind == "sub" else para).format(esc(text)))
    return "".join(out)


def half(body: Body) -> int:
    """A block index near the middle where a paragraph starts the second half (never 0, never after a sub)."""
    cut = max(1, min(len(body.blocks) - 1, len(body.blocks) // 2))
    while cut > 1 and body.blocks[cut - 1][0] == "sub":
        cut -= 1
    return cut


def inner_paragraphs(body: Body, rng: random.Random, count: int) -> list[int]:
    """Up to `count` paragraph indexes after the first block (where boxes may go before)."""
    spots = [i for i in range(1, len(body.blocks)) if body.blocks[i][0] == "p"] or [len(body.blocks) - 1]
    return sorted(rng.sample(spots, min(count, len(spots))))


_SENTENCE_END = re.compile(r"(?<=[.؛!؟])\s+")
_COMMA = re.compile(r"(?<=،)\s+")


def clauses(text: str) -> list[str]:
    """A paragraph cut into list items, its words unchanged: at sentence ends, else at commas with pieces
    of under 6 words merged into the next; [text] when it does not split into 2+ items."""
    pieces = [piece for piece in _SENTENCE_END.split(text) if piece.strip()]
    if len(pieces) < 2:
        pieces, pending = [], ""
        for piece in _COMMA.split(text):
            pending = f"{pending} {piece}".strip()
            if len(pending.split()) >= 6:
                pieces.append(pending)
                pending = ""
        if pending:
            pieces[-1:] = [f"{pieces[-1]} {pending}"] if pieces else [pending]
    return pieces if len(pieces) >= 2 else [text]


def deck_of(body: Body, template: str) -> str:
    return template.format(esc(body.deck)) if body.deck else ""
