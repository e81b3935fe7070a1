"""Page furniture for the fourth held-out set (tests/layouts/unseen4.py), worded afresh (not taken from
boilerplate.py or the unseen*_furniture files), and the small helpers its layouts render the body with.

Article text here: FACTS (lines of a "بالأرقام" box the outlet wrote), NOTES (footnotes at the end of a
study), CORRECTIONS (an editor's correction note). The gold includes those where a layout uses them.
Everything else is furniture. NEXT_STORIES are whole other articles an infinite-scroll page appends
after the body: never part of this page's gold.
"""

from __future__ import annotations

import random

from tests.layouts.render import Body, esc

TEASERS = [
    "البرلمان يصادق على تعديل قانون الاستثمار بعد جلسة ماراثونية",
    "موجة حر جديدة تضرب المدن الساحلية مطلع الأسبوع المقبل",
    "اتحاد الكرة يعلن موعد انطلاق الموسم الجديد للدوري الممتاز",
    "وزارة التربية تكشف تفاصيل نظام الامتحانات الوطنية الجديد",
    "توقيع اتفاقية لإنشاء محطة تحلية مياه في الجنوب",
    "مهرجان المسرح العربي يكرّم رواد الخشبة في دورته العشرين",
    "البنك المركزي يبقي سعر الفائدة دون تغيير للمرة الثالثة",
    "انطلاق حملة وطنية لتطعيم الأطفال ضد الحصبة في القرى النائية",
    "شركة طيران محلية تدشن خطا مباشرا إلى ثلاث عواصم أفريقية",
    "مزارعو الزيتون يشكون تراجع الأسعار رغم وفرة المحصول",
    "افتتاح أكبر مكتبة عامة في المدينة بعد أعوام من الترميم",
    "الأرصاد تتوقع أمطارا رعدية غزيرة على المرتفعات الشمالية",
    "لجنة الانتخابات تنشر القوائم الأولية للمرشحين",
    "منتخب الشباب يتأهل إلى نصف نهائي البطولة القارية",
]

# Excerpts as long as a body paragraph (40+ words): what "more in this section" rows and sliders show.
LONG_EXCERPTS = [
    "قالت مصادر مطلعة إن الحكومة تدرس حزمة إجراءات جديدة لدعم الأسر محدودة الدخل، تشمل رفع قيمة "
    "المساعدات النقدية الشهرية وتوسيع قاعدة المستفيدين منها، على أن تعرض الخطة على مجلس الوزراء في "
    "اجتماعه المقبل قبل إحالتها إلى البرلمان لمناقشتها وإقرارها خلال الدورة الحالية.",
    "شهدت أسواق المدينة منذ ساعات الصباح الأولى إقبالا لافتا من المتسوقين استعدادا للعيد، فيما اشتكى "
    "عدد من التجار من ارتفاع تكاليف النقل والإيجارات التي انعكست على أسعار الملابس والحلويات، وسط "
    "دعوات لتشديد الرقابة على الأسعار ومنع الاحتكار في الأسواق الشعبية.",
    "أعلنت إدارة المستشفى الجامعي عن افتتاح قسم جديد لعلاج أمراض القلب لدى الأطفال، مجهز بأحدث "
    "الأجهزة الطبية، ويستقبل الحالات المحولة من المحافظات المجاورة، في خطوة قال الأطباء إنها ستخفف "
    "معاناة مئات العائلات التي كانت تضطر إلى السفر للعلاج في الخارج.",
    "كشف تقرير حديث صادر عن مركز دراسات مستقل أن نسبة البطالة بين خريجي الجامعات ارتفعت خلال العام "
    "الماضي، وأن أغلب العاطلين يحملون شهادات في تخصصات لا يحتاجها سوق العمل، داعيا إلى مراجعة شاملة "
    "لسياسات القبول الجامعي وربطها بخطط التنمية الاقتصادية.",
    "تواصل فرق الدفاع المدني عمليات البحث عن مفقودين في المنطقة الجبلية بعد انهيار أرضي تسببت فيه "
    "الأمطار الغزيرة، بينما أكدت السلطات المحلية أنها وفرت مأوى مؤقتا للعائلات المتضررة، وأن لجنة "
    "فنية بدأت حصر الأضرار في المنازل والطرق والمزارع.",
    "وقّع وزير النقل عقدا مع تحالف شركات لتنفيذ المرحلة الثانية من مشروع القطار السريع، الذي سيربط "
    "العاصمة بالموانئ الرئيسية، ويتوقع أن يوفر آلاف فرص العمل خلال فترة الإنشاء، وأن يختصر زمن الرحلة "
    "إلى أقل من ساعتين بعد تشغيله بالكامل.",
]

# Other articles an infinite-scroll page loads under this one: (headline, paragraphs).
NEXT_STORIES = [
    (
        "ورش صيانة الطرق تبدأ العمل في الأحياء الشرقية",
        [
            "بدأت ورش الصيانة التابعة للبلدية صباح اليوم أعمال إعادة تأهيل الطرق في الأحياء الشرقية، بعد "
            "شكاوى متكررة من السكان بشأن الحفر والتشققات التي خلفتها أمطار الشتاء.",
            "وقال مسؤول في البلدية إن الأشغال ستستمر ستة أسابيع، وإن حركة السير ستحول مؤقتا إلى شوارع "
            "موازية، داعيا السائقين إلى التقيد بإشارات المرور المؤقتة.",
            "وأضاف أن المرحلة الثانية من المشروع ستشمل تركيب إنارة جديدة وتوسيع الأرصفة أمام المدارس.",
        ],
    ),
    (
        "جمعية حماية المستهلك تطالب بلائحة موحدة لأسعار الأدوية",
        [
            "طالبت جمعية حماية المستهلك وزارة الصحة بإصدار لائحة موحدة لأسعار الأدوية في الصيدليات، بعد "
            "رصدها فروقا كبيرة في سعر الدواء الواحد بين منطقة وأخرى.",
            "وأوضحت الجمعية في بيان أن بعض الأدوية المزمنة يباع بضعف سعره الرسمي في القرى البعيدة، "
            "مطالبة بتكثيف حملات التفتيش وتغليظ العقوبات على المخالفين.",
        ],
    ),
    (
        "طلاب المدارس المهنية يعرضون ابتكاراتهم في معرض سنوي",
        [
            "افتتح المعرض السنوي لابتكارات طلاب المدارس المهنية أبوابه أمس بمشاركة أكثر من مئتي مشروع "
            "في مجالات الطاقة الشمسية والزراعة الذكية وإعادة التدوير.",
            "وقال المشرفون على المعرض إن عددا من المشاريع لفتت انتباه شركات محلية أبدت استعدادها لتبنيها "
            "وتمويل تصنيع نماذج أولية منها خلال العام المقبل.",
            "ويستمر المعرض أسبوعا كاملا، ويفتح أبوابه للزوار مجانا من التاسعة صباحا حتى السابعة مساء.",
        ],
    ),
]

FACTS = [
    "{n} مليون دولار قيمة التمويل المرصود للمرحلة الأولى",
    "{n} بالمئة نسبة الزيادة مقارنة بالعام الماضي",
    "{n} محافظات يشملها البرنامج في مرحلته الأولى",
    "{n} ألف مستفيد متوقع بحلول نهاية العام",
    "{n} اجتماعا عقدتها اللجنة المشتركة منذ تشكيلها",
    "{n} يوما المهلة المحددة لتقديم الملاحظات",
    "{n} شركة محلية وأجنبية تقدمت بعروضها",
]

NOTES = [
    "تستند الأرقام الواردة في هذا التقرير إلى البيانات الرسمية المنشورة حتى نهاية الربع الأخير.",
    "أجريت المقابلات الميدانية خلال شهرين، وحُجبت أسماء بعض المتحدثين بناء على طلبهم.",
    "حُسبت النسب بعد استبعاد الحالات التي لم تكتمل بياناتها، وقد لا يساوي مجموعها مئة بالمئة بسبب التقريب.",
    "رجعنا في الخلفية التاريخية إلى أرشيف الصحف المحلية ومحاضر جلسات المجلس البلدي.",
]

CORRECTIONS = [
    "تصحيح: ورد في نسخة سابقة من هذا التقرير أن الاجتماع عقد يوم الأحد، والصحيح أنه عقد يوم الإثنين. "
    "نعتذر لقرائنا عن هذا الخطأ.",
    "تصويب: نسبت نسخة سابقة من هذا الخبر تصريحا إلى المتحدث باسم الوزارة، والصحيح أنه صدر عن مدير "
    "مكتب الوزير. وقد عُدّل النص بناء على ذلك.",
]

# Ordinary sidebar prose: two or three sentences, the length of a short body paragraph.
SIDEBAR_NOTES = [
    "يقدم هذا الركن قراءة أسبوعية في أهم ما تنشره الصحف العالمية عن المنطقة، ويعده فريق التحرير "
    "بالتعاون مع مراسلينا في العواصم الكبرى.",
    "اختار قراؤنا هذا الأسبوع ملف التعليم موضوعا للنقاش، وتلقينا أكثر من ثلاثمئة مشاركة ننشر "
    "أبرزها تباعا في صفحة المنتدى.",
    "يمكنكم متابعة النشرة الاقتصادية اليومية كل صباح في تمام الثامنة، مع أسعار الصرف وأسواق الأسهم والمعادن الثمينة.",
]

CAPTION_TEXTS = [
    "جانب من الاجتماع الذي عقد في مقر الوزارة",
    "مواطنون يتابعون الأحداث في أحد المقاهي",
    "صورة أرشيفية للمنطقة قبل بدء الأشغال",
    "وفد رسمي خلال جولة ميدانية",
    "لقطة عامة للموقع من الجو",
    "عمال في أحد المصانع المحلية",
]

PHOTOGRAPHERS = ["سامي الحداد", "ريم العلي", "خالد بن عمر", "منى الشريف", "وليد النجار"]
AUTHORS = ["هالة منصور", "عادل الراشد", "نادية قاسم", "طارق الزين", "سلمى يوسف", "جمال عيسى"]
SECTIONS = ["الرئيسية", "محليات", "عربي ودولي", "اقتصاد", "رياضة", "ثقافة وفنون", "منوعات", "مقالات"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر"]


def date_text(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.choice([2023, 2024])}"


def clock_text(rng: random.Random) -> str:
    return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"


def teasers(rng: random.Random, count: int) -> list[str]:
    return rng.sample(TEASERS, count)


def menu(rng: random.Random, href: str = "/section/") -> str:
    return "".join(f"<li><a href='{href}{n}'>{name}</a></li>" for n, name in enumerate(SECTIONS))


def links(rng: random.Random, count: int, href: str = "/article/") -> str:
    return "".join(f"<li><a href='{href}{rng.randint(10000, 99999)}'>{t}</a></li>" for t in teasers(rng, count))


def rights(site: str) -> str:
    return f"<p class='rights'>© {site} 2024. يحظر النقل أو الاقتباس دون إذن خطي من إدارة التحرير.</p>"


def deck(body: Body, template: str) -> str:
    return template.format(esc(body.deck)) if body.deck else ""


def blocks_html(
    body: Body,
    para: str = "<p>{}</p>",
    sub: str = "<h3>{}</h3>",
    inserts: dict[int, str] | None = None,
    start: int = 0,
    stop: int | None = None,
) -> str:
    """Blocks start..stop through the templates (the text escaped), inserts[i] placed before block i."""
    out = []
    for index in range(start, len(body.blocks) if stop is None else stop):
        kind, text = body.blocks[index]
        if inserts and index in inserts:
            out.append(inserts[index])
        out.append((sub if kind == "sub" else para).format(esc(text)))
    return "".join(out)


def inner_spots(body: Body, rng: random.Random, count: int) -> list[int]:
    """Paragraph positions after the first block where a box may go before."""
    spots = [i for i in range(1, len(body.blocks)) if body.blocks[i][0] == "p"] or [len(body.blocks) - 1]
    return sorted(rng.sample(spots, min(count, len(spots))))


def groups(body: Body, size: int) -> list[tuple[int, int]]:
    """(start, stop) block ranges of about `size` blocks, each starting at a paragraph when it can."""
    ranges, start = [], 0
    while start < len(body.blocks):
        stop = min(len(body.blocks), start + size)
        while stop < len(body.blocks) and body.blocks[stop][0] != "p" and stop - start < 2 * size:
            stop += 1
        ranges.append((start, stop))
        start = stop
    return ranges


def with_gold_tail(body: Body, tail: list[str], extra_before: dict[int, str] | None = None) -> str:
    """The body's gold with content lines the layout put after its last block."""
    return "\n\n".join([body.gold(extra_before=extra_before), *tail])
