"""Arabic page furniture of our own writing for the generated layouts: menus, breadcrumbs, teaser cards
with long excerpts, comment threads, author bios, captions with credits, read counters, ads, footers.

Nothing here is article text: every string below is boilerplate the cleaner must remove. Each widget
takes a random.Random (seeded per page) so two pages of one layout differ in the details.
"""

from __future__ import annotations

import random

HEADLINES = [
    "ارتفاع أسعار الخضار في الأسواق الشعبية مع بداية الموسم",
    "مجلس الوزراء يقر خطة لدعم المشاريع الصغيرة",
    "انطلاق مهرجان الأغنية التراثية بمشاركة عشرين فرقة",
    "تعادل مثير في قمة الدوري بين المتصدر ووصيفه",
    "خبراء يحذرون من موجة غبار تضرب المناطق الشرقية",
    "وزارة التعليم تعلن مواعيد امتحانات نهاية العام",
    "افتتاح جسر جديد يربط ضفتي النهر بعد سنوات من العمل",
    "دراسة: النوم المتأخر يضعف التركيز لدى الطلاب",
    "البنك المركزي يبقي أسعار الفائدة دون تغيير",
    "إطلاق منصة رقمية لتسجيل الشكاوى البلدية",
    "معرض للكتاب يستقبل آلاف الزوار في يومه الأول",
    "اتفاقية لتطوير ميناء الصيد في المدينة الساحلية",
    "تراجع أعداد السياح في الربع الأول من العام",
    "حملة تطوعية لتنظيف الشواطئ قبل فصل الصيف",
    "نقابة الأطباء تطالب بزيادة عدد المقاعد الجامعية",
    "شركة ناشئة تجمع تمويلا لتطبيق توصيل الطلبات",
    "الأرصاد: أمطار رعدية متوقعة على المرتفعات الجبلية",
    "فريق الشباب يتأهل إلى نهائي البطولة العربية",
    "مزارعو الزيتون يشكون من ضعف الإنتاج هذا الموسم",
    "بلدية العاصمة تغلق شارعا رئيسيا للصيانة",
]
NAMES = [
    "سامر الخطيب",
    "ليلى منصور",
    "أبو خالد",
    "نور الهدى",
    "مواطن غيور",
    "رامي العلي",
    "هدى ياسين",
    "عبد الرحمن سالم",
    "ابن البلد",
    "سلمى داود",
    "كريم عثمان",
    "منى الحسيني",
]
# Excerpts of 40+ words: opinion columns and "more from the section" cards carry these under a headline.
EXCERPTS = [
    "لم يعد خافيا على أحد أن أزمة السكن في المدن الكبرى تحولت خلال السنوات الأخيرة إلى هم يومي يلاحق "
    "الشباب المقبلين على الزواج، فالإيجارات ترتفع كل عام بينما تبقى الرواتب على حالها، والحلول التي تطرحها "
    "الجهات المعنية لا تتجاوز الوعود المؤجلة والخطط التي تنتظر التمويل منذ زمن طويل",
    "في كل موسم دراسي يتكرر المشهد ذاته أمام أبواب المدارس الحكومية، طوابير من أولياء الأمور يبحثون عن "
    "مقعد لأبنائهم في صفوف مكتظة أصلا، ومعلمون يشكون من نقص الوسائل التعليمية، فيما تكتفي الإدارات "
    "بتوزيع التعاميم وتأجيل معالجة المشكلات الحقيقية إلى العام المقبل كما جرت العادة",
    "يرى كثير من الاقتصاديين أن الاعتماد على مصدر واحد للدخل الوطني مخاطرة كبرى لا تحتملها الدول "
    "الصغيرة، وأن تنويع القاعدة الإنتاجية عبر الصناعة والزراعة والسياحة هو الطريق الوحيد لحماية العملة "
    "المحلية من التقلبات وتوفير فرص عمل حقيقية للأجيال الجديدة في السنوات القادمة",
    "عندما نتحدث عن الثقافة فإننا لا نقصد المهرجانات الموسمية وحدها، بل المكتبات العامة في الأحياء "
    "والمسارح الصغيرة والمراكز التي تحتضن المواهب الشابة، وهي كلها مؤسسات تعاني من الإهمال ونقص "
    "الدعم رغم أنها تصنع الوعي وتحمي المجتمع من الفراغ والعزلة",
    "تكشف الأرقام الأخيرة عن تحول لافت في عادات الاستهلاك لدى الأسر، إذ باتت المشتريات عبر الإنترنت "
    "تشكل نسبة متزايدة من الإنفاق الشهري، وهو ما يفرض على التجار التقليديين إعادة التفكير في طرق "
    "عرض بضائعهم والتواصل مع زبائنهم قبل أن يفوتهم الركب نهائيا",
    "ليست المرة الأولى التي يثار فيها ملف المياه في المنطقة، لكن الجديد هذه المرة هو حجم التراجع في "
    "منسوب الآبار الجوفية الذي رصده الباحثون، مما يستدعي خطة عاجلة لترشيد الاستهلاك الزراعي وإصلاح "
    "الشبكات المهترئة التي تهدر جزءا كبيرا من المياه قبل وصولها",
]
COMMENTS = [
    "كلام جميل لكن أين التطبيق على أرض الواقع؟ نسمع هذه الوعود منذ سنوات",
    "شكرا على التقرير المفصل، نتمنى متابعة الموضوع في الأعداد القادمة",
    "الله يعين الناس، الوضع صعب جدا والأسعار لا ترحم",
    "أختلف مع الكاتب في بعض النقاط لكن المقال يطرح قضية مهمة تستحق النقاش",
    "هذا ما حذرنا منه سابقا ولم يستمع إلينا أحد",
    "أين دور البلدية من كل هذا؟ المسؤولون غائبون تماما",
]
BIO = [
    "كاتب وصحفي متخصص في الشؤون الاقتصادية، عمل في عدد من الصحف العربية وله مؤلفات في التنمية والاستثمار",
    "صحفية مهتمة بقضايا المجتمع والتعليم، حاصلة على ماجستير في الإعلام وتكتب عمودا أسبوعيا منذ عشر سنوات",
]
SECTIONS = [
    "الرئيسية",
    "أخبار محلية",
    "عربي ودولي",
    "اقتصاد",
    "رياضة",
    "ثقافة وفنون",
    "مقالات الرأي",
    "منوعات",
    "فيديو",
    "اتصل بنا",
]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر"]


def hashed(rng: random.Random, prefix: str = "css") -> str:
    """A build-tool class name that says nothing ("css-1k9x3qz", "sc-a1b2c3")."""
    return f"{prefix}-{rng.getrandbits(32):x}"


def date_text(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.choice([2023, 2024, 2025])}"


def nav_menu(rng: random.Random, cls: str = "menu") -> str:
    items = "".join(f"<li><a href='/s/{i}'>{s}</a></li>" for i, s in enumerate(SECTIONS))
    return f"<ul class='{cls}'>{items}</ul>"


def breadcrumb(rng: random.Random, title: str, labelled: bool = True, cls: str | None = None) -> str:
    lead = "أنت هنا: " if labelled else ""
    trail = f"{lead}<a href='/'>الرئيسية</a> » <a href='/news'>{rng.choice(SECTIONS[1:6])}</a> » {title[:40]}"
    return f"<div class='{cls or hashed(rng)}'>{trail}</div>"


def teaser_cards(
    rng: random.Random,
    count: int,
    excerpt: bool = True,
    heading: str | None = None,
    cls: str | None = None,
    card_tag: str = "div",
) -> str:
    """A column of teaser cards: headline link, author, date, and (excerpt=True) a 40+ word excerpt."""
    cards = []
    for headline in rng.sample(HEADLINES, count):
        text = f"<p>{rng.choice(EXCERPTS)}</p>" if excerpt else ""
        cards.append(
            f"<{card_tag} class='{cls or hashed(rng)}'><a href='/a/{rng.randint(100, 999)}'>{headline}</a>"
            f"<span>{rng.choice(NAMES)}</span><span>{date_text(rng)}</span>{text}</{card_tag}>"
        )
    head = f"<h3>{heading}</h3>" if heading else ""
    return f"<div class='{hashed(rng)}'>{head}{''.join(cards)}</div>"


def comment_thread(rng: random.Random, count: int, heading: str | None = None) -> str:
    """Comments as repeated siblings of one shape: name, date, body, a reply link and a like counter."""
    items = []
    for _ in range(count):
        items.append(
            f"<div class='{hashed(rng, 'c')}'><b>{rng.choice(NAMES)}</b> <span>{date_text(rng)}</span>"
            f"<p>{rng.choice(COMMENTS)}</p><a href='#r'>رد</a> <span>{rng.randint(1, 90)} إعجاب</span></div>"
        )
    head = f"<h4>{heading}</h4>" if heading else ""
    return f"<section class='{hashed(rng)}'>{head}{''.join(items)}</section>"


def author_bio(rng: random.Random) -> str:
    name = rng.choice(NAMES)
    return (
        f"<div class='{hashed(rng)}'><img src='/a.jpg' alt=''><b>{name}</b><p>{rng.choice(BIO)}</p>"
        f"<a href='/author/1'>جميع مقالات الكاتب</a></div>"
    )


def caption(rng: random.Random, figure: bool = True) -> str:
    credit = rng.choice(["تصوير: ", "عدسة: ", "الصورة: ", "(تصوير "])
    text = f"مشهد من الموقع خلال الزيارة - {credit}{rng.choice(NAMES)}{')' if credit.startswith('(') else ''}"
    if figure:
        return f"<figure><img src='/p.jpg' alt=''><figcaption>{text}</figcaption></figure>"
    return f"<div class='{hashed(rng)}'><img src='/p.jpg' alt=''><span>{text}</span></div>"


def read_counter(rng: random.Random) -> str:
    return (
        f"<div class='{hashed(rng)}'><span>{date_text(rng)}</span> | "
        f"<span>عدد القراءات: {rng.randint(100, 9999)}</span></div>"
    )


def ad_slot(rng: random.Random) -> str:
    return rng.choice(
        [
            f"<div id='div-gpt-ad-{rng.randint(1000, 9999)}-0'><span>إعلان</span></div>",
            f"<div class='{hashed(rng)}'><small>advertisement</small><ins></ins></div>",
            "<div class='ad-slot'><script>window.ads=1</script></div>",
        ]
    )


def inline_teaser_box(rng: random.Random, labelled: bool = True) -> str:
    label = f"<span>{rng.choice(['اقرأ أيضا', 'اقرأ أيضاً:', 'قد يهمك'])}</span>" if labelled else ""
    return (
        f"<div class='{hashed(rng)}'>{label}<a href='/a/{rng.randint(100, 999)}'><img src='/t.jpg' alt=''>"
        f"{rng.choice(HEADLINES)}</a></div>"
    )


def glued_teaser(rng: random.Random) -> str:
    """A teaser run on at the end of a body paragraph, in the same element."""
    marker = rng.choice(["اقرأ أيضا:", "اقرأ أيضاً:", "اقرأ أيضا -", "طالع أيضا:"])
    return f" {marker} <a href='/a/{rng.randint(100, 999)}'>{rng.choice(HEADLINES)}</a>"


def most_read(rng: random.Random, heading: bool = True) -> str:
    items = "".join(f"<li><a href='/a/{i}'>{h}</a></li>" for i, h in enumerate(rng.sample(HEADLINES, 5)))
    head = "<h3>الأكثر قراءة</h3>" if heading else ""
    return f"<div class='{hashed(rng)}'>{head}<ol>{items}</ol></div>"


def share_bar(rng: random.Random) -> str:
    return f"<div class='{hashed(rng)}'><a href='#f'>فيسبوك</a> <a href='#t'>تويتر</a> <a href='#w'>واتساب</a></div>"


def tags_box(rng: random.Random) -> str:
    words = rng.sample(["روسيا", "الاقتصاد", "الطاقة", "التعليم", "الانتخابات", "المياه"], 3)
    return (
        f"<div class='{hashed(rng)}'><b>الوسوم:</b> " + " ".join(f"<a href='/t/{w}'>{w}</a>" for w in words) + "</div>"
    )


def footer(rng: random.Random, site: str) -> str:
    links = " | ".join(f"<a href='/p/{i}'>{t}</a>" for i, t in enumerate(["من نحن", "اتصل بنا", "سياسة الخصوصية"]))
    return f"<footer><p>{links}</p><p>جميع الحقوق محفوظة © {rng.randint(2015, 2025)} {site}</p></footer>"
