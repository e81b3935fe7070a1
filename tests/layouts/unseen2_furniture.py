"""Page furniture for tests/layouts/unseen2.py, written independently of boilerplate.py (new wording, new
shapes), so the second held-out set does not share strings with anything a rule was tuned on; and the
three small helpers its layouts render the body with (blocks, split_at, deck).

Nothing here is article text: every string below is boilerplate a cleaner must remove, except the
results/indicator tables (RESULT_TABLES), which the layouts put inside the body as content.
"""

from __future__ import annotations

import random

from tests.layouts.render import Body, esc

TEASER_TITLES = [
    "وزارة النقل تعلن جدولا جديدا لرحلات الحافلات بين المحافظات",
    "غرفة التجارة تطالب بتخفيف الرسوم على المستوردين",
    "اكتشاف أثري جديد قرب المدرج الروماني يثير اهتمام الباحثين",
    "المنتخب الأولمبي يخسر وديته الأولى استعدادا للتصفيات",
    "ارتفاع الطلب على الطاقة الشمسية في المنازل الريفية",
    "جامعة الشمال تفتح باب التسجيل في برامج الدراسات العليا",
    "تأجيل مهرجان المسرح الجامعي إلى الشهر المقبل لأسباب تنظيمية",
    "مواطنون يشتكون من انقطاع الإنترنت في الأحياء الجنوبية",
    "أسعار الذهب المحلية تسجل تراجعا طفيفا في تعاملات الصباح",
    "إغلاق مؤقت لمعبر حدودي بسبب أعمال صيانة",
    "بلدية المدينة القديمة تطلق مشروعا لترميم الأسواق التاريخية",
    "دراسة تكشف تراجع معدلات القراءة بين المراهقين",
    "مستشفى الأطفال يستقبل أجهزة حديثة لغسيل الكلى",
    "نادي الكرامة يتعاقد مع مدرب جديد حتى نهاية الموسم",
    "هيئة الأرصاد تتوقع انخفاضا في درجات الحرارة نهاية الأسبوع",
    "مصانع الإسمنت ترفع أسعارها للمرة الثانية هذا العام",
]
PEOPLE = [
    "وائل الشامي",
    "رنا الحداد",
    "يوسف بن عمر",
    "دعاء القاسم",
    "طارق النجار",
    "إيمان الزين",
    "باسل حمدان",
    "غادة المصري",
    "حسام الدين فؤاد",
    "جود الأحمد",
]
# 30-50 word teaser excerpts: Drupal views rows, "more by this author" items and Next.js related cards.
TEASER_EXCERPTS = [
    "يواجه قطاع النقل العام تحديات متراكمة منذ سنوات، أبرزها تقادم الأسطول وارتفاع كلفة الوقود وغياب "
    "التخطيط المشترك بين البلديات، وهو ما ينعكس مباشرة على الموظفين والطلاب الذين يقضون ساعات يوميا في "
    "انتظار حافلات لا تصل في مواعيدها المعلنة",
    "تتزايد المخاوف في الأوساط الزراعية من موسم جاف جديد بعد أن سجلت محطات الرصد كميات أمطار أقل من "
    "المعدل، ويطالب المزارعون بخطة طوارئ تشمل دعم الأعلاف وتأجيل أقساط القروض الموسمية حتى تتضح صورة "
    "الإنتاج في الأشهر المقبلة",
    "أعاد الجدل حول المناهج الدراسية الجديدة طرح أسئلة قديمة عن دور الأسرة والمدرسة في بناء شخصية "
    "الطفل، ففي حين ترى الوزارة أن التعديلات ضرورية لمواكبة العصر يعتبر معلمون كثيرون أنها أقرت على عجل "
    "ومن دون تدريب كاف للكوادر",
    "لا تكاد تخلو مدينة عربية اليوم من مقاه ثقافية صغيرة يلتقي فيها الشباب لمناقشة الكتب والأفلام، وهي "
    "ظاهرة يراها باحثون في علم الاجتماع تعويضا عن غياب الفضاءات العامة وتراجع دور المراكز الثقافية "
    "الرسمية في الأحياء الشعبية",
    "يكشف تقرير حديث أن نسبة كبيرة من الشركات الصغيرة تغلق أبوابها قبل إتمام عامها الثالث، ويعزو معدو "
    "التقرير ذلك إلى صعوبة الحصول على التمويل وتعقيد الإجراءات الإدارية وضعف الخبرة في التسويق الرقمي "
    "لدى أصحاب المشاريع الناشئة",
    "بعد عقود من الإهمال تعود الحرف اليدوية التقليدية إلى الواجهة بفضل منصات البيع الإلكتروني التي "
    "فتحت أمام الحرفيين أسواقا لم يكونوا يحلمون بها، غير أن ارتفاع أسعار المواد الخام ما زال يهدد "
    "استمرار ورش كثيرة في المدن القديمة",
]
READER_REMARKS = [
    "موضوع مهم جدا ويحتاج إلى متابعة من الجهات المختصة قبل فوات الأوان",
    "للأسف تتكرر المشكلة كل سنة ولا أحد يتحرك إلا بعد وقوع الضرر",
    "أشكر الموقع على هذه التغطية، لكن كان من الأفضل سؤال المواطنين أنفسهم",
    "هل من جهة رسمية تشرح لنا ما الذي سيتغير فعلا؟",
    "تقرير متوازن، بالتوفيق للفريق",
]
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول"]
MENU = ["الصفحة الأولى", "سياسة", "محليات", "مال وأعمال", "ملاعب", "صحة", "تكنولوجيا", "كتّاب وآراء", "صور", "مرئيات"]
# Tables that are article content: a caption line, then rows (the header row first), cell by cell.
RESULT_TABLES = [
    (
        "ترتيب الفرق بعد الجولة الثانية عشرة",
        [
            ["الفريق", "لعب", "فاز", "تعادل", "خسر", "النقاط"],
            ["الجزيرة", "12", "9", "2", "1", "29"],
            ["الوحدات", "12", "8", "3", "1", "27"],
            ["الفيصلي", "12", "7", "2", "3", "23"],
            ["الحسين", "12", "6", "4", "2", "22"],
        ],
    ),
    (
        "أبرز المؤشرات خلال السنوات الثلاث الأخيرة",
        [
            ["المؤشر", "2021", "2022", "2023"],
            ["معدل النمو (%)", "2.1", "3.4", "2.7"],
            ["نسبة البطالة (%)", "19.3", "18.6", "18.1"],
            ["التضخم (%)", "1.5", "4.2", "3.9"],
        ],
    ),
    (
        "نتائج المرحلة الأولى حسب المحافظة",
        [
            ["المحافظة", "عدد الناخبين", "نسبة المشاركة"],
            ["العاصمة", "812 ألفا", "41%"],
            ["الشمال", "455 ألفا", "47%"],
            ["الجنوب", "390 ألفا", "52%"],
            ["الوسط", "508 آلاف", "44%"],
        ],
    ),
]


def css_module(rng: random.Random, name: str) -> str:
    """A CSS-modules class ("ArticleBody_wrapper__3kF9x"): readable stem, build-hash suffix."""
    return f"{name}__{rng.getrandbits(24):06x}"


def arabic_date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.choice([2022, 2023, 2024])}"


def clock(rng: random.Random) -> str:
    return f"{rng.randint(1, 12):02d}:{rng.randint(0, 59):02d} {rng.choice(['ص', 'م'])}"


def menu_items(rng: random.Random, href: str = "/section/") -> str:
    return "".join(f"<li><a href='{href}{i}'>{name}</a></li>" for i, name in enumerate(MENU))


def teaser_list(rng: random.Random, count: int) -> list[str]:
    return rng.sample(TEASER_TITLES, count)


def comment_items(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(name, date, remark) triples for comment threads."""
    return [(rng.choice(PEOPLE), arabic_date(rng), rng.choice(READER_REMARKS)) for _ in range(count)]


def site_footer_sitemap(rng: random.Random, site: str) -> str:
    """A multi-column footer sitemap: section headings with link lists, apps, copyright."""
    columns = {
        "الأقسام": MENU[1:6],
        "خدمات": ["النشرة البريدية", "خلاصات RSS", "الأرشيف", "حالة الطقس"],
        "عن الموقع": ["هيئة التحرير", "أعلن معنا", "شروط الاستخدام", "سياسة الخصوصية", "راسلنا"],
    }
    cols = "".join(
        f"<div class='footer-col'><h5>{title}</h5><ul>"
        + "".join(f"<li><a href='/p/{n}'>{item}</a></li>" for n, item in enumerate(items))
        + "</ul></div>"
        for title, items in columns.items()
    )
    return (
        f"<footer class='site-footer'><div class='footer-sitemap'>{cols}</div><div class='footer-apps'>"
        f"حمّل تطبيقنا: <a href='#ios'>App Store</a> <a href='#android'>Google Play</a></div>"
        f"<p class='copyright'>© {rng.randint(2010, 2024)} {site}. يمنع النسخ أو إعادة النشر دون إذن خطي.</p>"
        f"</footer>"
    )


def cookie_banner() -> str:
    return (
        "<div class='cookie-consent' role='dialog'><p>نستخدم ملفات تعريف الارتباط لتحسين تجربتك وتحليل "
        "الزيارات. بمتابعة التصفح فإنك توافق على ذلك.</p><button>موافق</button> <a href='/privacy'>المزيد</a></div>"
    )


def app_prompt() -> str:
    return (
        "<div class='app-banner'><img src='/icon.png' alt=''><b>تطبيق الموقع</b><span>أسرع طريقة لمتابعة "
        "الأخبار لحظة بلحظة</span><a href='#open'>افتح التطبيق</a><button aria-label='إغلاق'>×</button></div>"
    )


def poll_widget(rng: random.Random) -> str:
    options = ["نعم", "لا", "لا أعرف"]
    inputs = "".join(f"<label><input type='radio' name='poll' value='{i}'> {o}</label>" for i, o in enumerate(options))
    return (
        f"<div class='poll-box'><h4>استفتاء الموقع</h4><p>هل تتوقع انخفاض الأسعار خلال الأشهر المقبلة؟</p>"
        f"<form>{inputs}<button type='submit'>صوّت</button></form><a href='/poll/results'>عرض النتائج</a> "
        f"<span>شارك {rng.randint(300, 9000)} زائر</span></div>"
    )


def newsletter_form(rng: random.Random) -> str:
    return (
        f"<form class='nl-signup {css_module(rng, 'Newsletter_box')}' action='/subscribe' method='post'>"
        "<h3>نشرتنا الصباحية</h3><p>أهم ما يجب أن تعرفه قبل بداية يومك، في رسالة واحدة كل صباح</p>"
        "<input type='email' name='email' placeholder='أدخل بريدك الإلكتروني'><button type='submit'>سجّل الآن"
        "</button><small>بالتسجيل أنت توافق على سياسة الخصوصية، ويمكنك إلغاء الاشتراك متى شئت.</small></form>"
    )


def currency_widget(rng: random.Random) -> str:
    """A sidebar rates table: a table that is boilerplate (beside the body's content tables)."""
    rows = "".join(
        f"<tr><td>{name}</td><td>{rng.uniform(0.5, 4):.3f}</td><td>{rng.uniform(0.5, 4):.3f}</td></tr>"
        for name in ["دولار أمريكي", "يورو", "جنيه إسترليني", "ريال سعودي"]
    )
    return (
        f"<div class='widget widget-rates'><h4>أسعار العملات اليوم</h4><table><tr><th>العملة</th><th>شراء</th>"
        f"<th>بيع</th></tr>{rows}</table><small>الأسعار استرشادية</small></div>"
    )


def prayer_widget(rng: random.Random) -> str:
    times = zip(["الفجر", "الظهر", "العصر", "المغرب", "العشاء"], ["04:31", "12:08", "15:42", "18:37", "19:59"])
    rows = "".join(f"<tr><td>{name}</td><td>{time}</td></tr>" for name, time in times)
    city = rng.choice(["عمّان", "دمشق", "بغداد"])
    return f"<div class='widget widget-prayer'><h4>مواقيت الصلاة - {city}</h4><table>{rows}</table></div>"


def blocks(
    body: Body,
    para: str = "<p>{}</p>",
    sub: str = "<h2>{}</h2>",
    inserts: dict[int, str] | None = None,
    start: int = 0,
    stop: int | None = None,
) -> str:
    """Body blocks start..stop, paragraphs and subheadings through their templates, inserts[i] before block i."""
    out = []
    for index, (kind, text) in enumerate(body.blocks[start:stop], start):
        out.append((inserts or {}).get(index, ""))
        out.append((sub if kind == "sub" else para).format(esc(text)))
    return "".join(out)


def split_at(body: Body, share: float = 0.5) -> int:
    """A block index near `share` of the body where a paragraph starts the second part (never 0)."""
    cut = max(1, min(len(body.blocks) - 1, round(len(body.blocks) * share)))
    while cut > 1 and body.blocks[cut - 1][0] == "sub":  # a part never ends on a subheading
        cut -= 1
    return cut


def deck(body: Body, template: str) -> str:
    return template.format(esc(body.deck)) if body.deck else ""
