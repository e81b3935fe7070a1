"""The second half of the second held-out set (see tests/layouts/unseen2.py): a Joomla paginated article, an
opinion column, an ASP.NET WebForms page, a photo story, a widget-heavy portal, a 2000s <font> page in
undeclared windows-1256 and an article with a results table in its body."""

from __future__ import annotations

import random

from tests.layouts import unseen2_furniture as fx
from tests.layouts.render import Body, Page, esc, positions, to_bytes
from tests.layouts.unseen2_furniture import blocks, deck, split_at


def joomla_paginated(body: Body, rng: random.Random) -> Page:
    """Page 1 of 2 of a Joomla article: the headline in an <h2 itemprop=headline> (the site name is the page's
    only big title), an article-info <dl> with hits, an "article index" box and "الصفحة التالية" pagination.
    The gold is what page 1 prints: headline, deck, the blocks before the page break."""
    cut = split_at(body, 0.6)
    site = "شبكة الضفاف"
    info = (
        f"<dl class='article-info muted'><dt class='article-info-term'>التفاصيل</dt><dd class='createdby'>كتب "
        f"بواسطة: <span itemprop='name'>{rng.choice(fx.PEOPLE)}</span></dd><dd class='category-name'>الفئة: <a "
        f"href='/index.php/cat'>{fx.MENU[2]}</a></dd><dd class='published'><time>نشر بتاريخ: {fx.arabic_date(rng)}"
        f"</time></dd><dd class='hits'>الزيارات: {rng.randint(120, 20000)}</dd></dl>"
    )
    index = (
        f"<div id='article-index'><h3>فهرس المقال</h3><ul><li><a href='?showall=&limitstart=' class='toclink "
        f"active'>{esc(body.title)}</a></li><li><a href='?showall=&limitstart=1' class='toclink'>الصفحة 2</a></li>"
        f"<li><a href='?showall=1' class='toclink'>جميع الصفحات</a></li></ul></div>"
    )
    pager = (
        "<div class='pagenavcounter'>الصفحة 1 من 2</div><div class='pagination'><ul><li class='active'><span>1"
        "</span></li><li><a href='?limitstart=1'>2</a></li><li><a href='?limitstart=1' title='الصفحة التالية'>"
        "الصفحة التالية »</a></li></ul></div>"
    )
    modules = "".join(f"<li><a href='/index.php/item/{n}'>{t}</a></li>" for n, t in enumerate(fx.teaser_list(rng, 5)))
    page = (
        f"<!DOCTYPE html><html xml:lang='ar-aa' lang='ar-aa' dir='rtl'><head><meta http-equiv='content-type' "
        f"content='text/html; charset=utf-8'><meta name='generator' content='Joomla! - Open Source Content Management'>"
        f"<title>{esc(body.title)} - {site}</title></head><body class='site com_content view-article "
        f"itemid-{rng.randint(100, 999)}'>"
        f"<div class='body'><div class='container'><header class='header'><a class='brand pull-right' href='/'><h1 "
        f"class='site-title'>{site}</h1></a><div class='header-search'><input name='searchword' placeholder='بحث...'>"
        f"</div></header><nav class='navigation'><ul class='nav menu nav-pills'>{fx.menu_items(rng, '/index.php/')}</ul>"
        f"</nav><div class='row-fluid'><main id='content' class='span9'><div class='item-page' itemscope "
        f"itemtype='https://schema.org/Article'><div class='page-header'><h2 itemprop='headline'>{esc(body.title)}</h2>"
        f"</div><div class='icons'><a href='?tmpl=component&print=1'>طباعة</a> <a href='/mailto'>البريد الإلكتروني</a>"
        f"</div>{info}{index}<div itemprop='articleBody'>{deck(body, '<p><strong>{}</strong></p>')}"
        f"{blocks(body, sub='<h3>{}</h3>', stop=cut)}{pager}</div><ul class='pager pagenav'><li class='previous'><a "
        f"href='/index.php/prev' rel='prev'>&lt; السابق</a></li><li class='next'><a href='/index.php/next' rel='next'>"
        f"التالي &gt;</a></li></ul></div></main><div id='aside' class='span3'><div class='moduletable'><h3>آخر الأخبار"
        f"</h3><ul class='latestnews'>{modules}</ul></div></div></div></div></div><footer class='footer'><p "
        f"class='pull-left'><a href='#top'>عودة إلى أعلى الصفحة</a></p><p>© {rng.randint(2012, 2024)} {site}</p>"
        f"</footer></body></html>"
    )
    return Page(to_bytes(page), Body(body.id, body.title, body.deck, body.blocks[:cut]).gold())


def opinion_column(body: Body, rng: random.Random) -> Page:
    """An opinion column: a writer card (photo, name, job, handle, follow) above the headline, a disclaimer
    under the text, "مقالات أخرى للكاتب" with dates and a first excerpt, a "أقلام" strip of other writers."""
    writer = rng.choice(fx.PEOPLE)
    others = fx.teaser_list(rng, 4)
    more = "".join(
        f"<li><a href='/opinion/{n}'>{t}</a><span class='date'>{fx.arabic_date(rng)}</span>"
        + (f"<p>{rng.choice(fx.TEASER_EXCERPTS)}</p>" if n == 0 else "")
        + "</li>"
        for n, t in enumerate(others)
    )
    pens = "".join(
        f"<li><img src='/w/{n}.jpg' alt=''><b>{name}</b><a href='/opinion/x{n}'>{t}</a></li>"
        for n, (name, t) in enumerate(zip(rng.sample(fx.PEOPLE, 4), fx.teaser_list(rng, 4)))
    )
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{writer} يكتب: {esc(body.title)}"
        f"</title></head><body><div class='top-strip'><a href='/'>الرأي الحر</a><ul class='nav'>{fx.menu_items(rng)}"
        f"</ul></div><div class='opinion-page'><div class='writer-card'><img class='writer-photo' src='/w.jpg' alt=''>"
        f"<div class='writer-info'><a class='writer-name' href='/writers/{rng.randint(1, 300)}'>{writer}</a><p "
        f"class='writer-title'>كاتب وباحث في الشؤون العامة</p><a class='writer-follow' href='#'>متابعة</a> <a "
        f"class='writer-handle' href='#x'>@{rng.getrandbits(20):x}</a></div></div><div class='column'><h1 "
        f"class='column-title'>{esc(body.title)}</h1>{deck(body, '<h2 class=column-sub>{}</h2>')}<div "
        f"class='column-date'>{fx.arabic_date(rng)}</div><div class='column-text'>{blocks(body, sub='<h3>{}</h3>')}"
        f"</div><p class='disclaimer'>المقالات المنشورة تعبر عن آراء أصحابها ولا تمثل بالضرورة موقف الصحيفة</p></div>"
        f"<div class='writer-more'><h3>مقالات أخرى للكاتب</h3><ul>{more}</ul><a href='/writers/all'>كل مقالات "
        f"{writer}</a></div><div class='pens'><h3>أقلام</h3><ul>{pens}</ul></div></div><footer><p>الرأي الحر © "
        f"{rng.randint(2015, 2024)}</p></footer></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def aspnet_span_br(body: Body, rng: random.Random) -> Page:
    """ASP.NET WebForms: a __VIEWSTATE form around everything, no <h1> (the headline a <span id=..._lblTitle>),
    the body <span>s in one <div> separated by single <br/>, a related list of <br/>-separated links, a
    comment form, "طباعة | أرسل لصديق" tools."""
    cp = "ctl00_ContentPlaceHolder1"
    state = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(400))
    style = "font-family: 'Simplified Arabic'; font-size: 14pt"
    text = blocks(
        body, f'<span style="{style}">{{}}</span><br/>', f'<span style="{style}"><strong>{{}}</strong></span><br/>'
    )
    related = "".join(
        f"<a id='{cp}_rptRelated_ctl0{n}_lnk' href='NewsDetails.aspx?id={rng.randint(1000, 9999)}'>{t}</a><br/>"
        for n, t in enumerate(fx.teaser_list(rng, 4))
    )
    menu = " | ".join(
        f"<a id='ctl00_rptMenu_ctl0{n}_lnk' href='Section.aspx?s={n}'>{m}</a>" for n, m in enumerate(fx.MENU)
    )
    page = (
        f"<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0 Transitional//EN' 'xhtml1-transitional.dtd'><html "
        f"xmlns='http://www.w3.org/1999/xhtml' dir='rtl'><head><meta http-equiv='Content-Type' content='text/html; "
        f"charset=utf-8' /><title>وكالة الأنباء المحلية - {esc(body.title)}</title></head><body><form method='post' "
        f"action='./NewsDetails.aspx?id={rng.randint(1000, 99999)}' id='aspnetForm'><div class='aspNetHidden'><input "
        f"type='hidden' name='__VIEWSTATE' id='__VIEWSTATE' value='/wEPDwUK{state}' /></div><div id='ctl00_divHeader'>"
        f"<img src='images/banner.gif' alt='' /><div id='ctl00_divMenu'>{menu}</div></div><div id='ctl00_divMain'>"
        f"<table cellpadding='0' cellspacing='0' width='100%'><tr><td class='PathCell'><a href='Default.aspx'>"
        f"الرئيسية</a> &gt; <a href='Section.aspx?s=2'>{fx.MENU[2]}</a></td></tr></table><div class='NewsBox'><span "
        f"id='{cp}_lblTitle' class='NewsTitle'>{esc(body.title)}</span><br />"
        f"{deck(body, f'<span id={cp}_lblSubTitle class=SubTitle>{{}}</span><br />')}<span id='{cp}_lblDate' "
        f"class='NewsDate'>{fx.arabic_date(rng)} - {fx.clock(rng)}</span><div class='NewsImage'><img id='{cp}_imgNews' "
        f"src='Upload/News/{rng.randint(1, 999)}.jpg' /></div><div class='NewsDetails'>{text}</div><div class='Tools'>"
        f"<a href='Print.aspx'>طباعة</a> | <a href='SendToFriend.aspx'>أرسل لصديق</a> | <a href='#'>تكبير الخط</a> | <a "
        f"href='#'>تصغير الخط</a></div></div><div class='RelatedBox'><span class='BoxTitle'>أخبار ذات صلة</span><br/>"
        f"{related}</div><div class='CommentsBox'><span class='BoxTitle'>التعليقات (0)</span><br/>الاسم: <input "
        f"name='ctl00$cph$txtName' type='text' /><br/>البريد الإلكتروني: <input name='ctl00$cph$txtMail' type='text' />"
        f"<br/>التعليق: <textarea name='ctl00$cph$txtComment'></textarea><br/><input type='submit' value='إرسال' /></div>"
        f"</div><div id='ctl00_divFooter'>جميع الحقوق محفوظة لوكالة الأنباء المحلية - تصميم وتطوير قسم الحاسوب</div>"
        f"<input type='hidden' name='__EVENTVALIDATION' id='__EVENTVALIDATION' value='/wEdAA{state[:80]}' /></form>"
        f"<script type='text/javascript'>//<![CDATA[\nvar theForm = document.forms['aspnetForm'];\n//]]></script>"
        f"</body></html>"
    )
    return Page(to_bytes(page), body.gold())


SCENES = [
    "جانب من الحضور خلال الفعالية",
    "مشهد عام للمنطقة من الأعلى",
    "عمال في الموقع في ساعات الصباح الأولى",
    "طابور طويل من السيارات عند المدخل",
    "لقاء بين الوفدين في مقر الاجتماع",
    "متطوعون يرتبون المكان قبل الافتتاح",
]


def photo_story(body: Body, rng: random.Random) -> Page:
    """A photo story: a full-width <figure> before most paragraphs, each with a <picture>, a descriptive
    caption and a credit span, a gallery counter; share rail and a "more photo stories" strip."""
    count = len(body.blocks)
    figures = {}
    for n, index in enumerate(i for i in range(count) if body.blocks[i][0] == "p" and (i == 0 or rng.random() < 0.7)):
        figures[index] = (
            f"<figure class='story-photo'><picture><source srcset='/ps/{n}.webp' type='image/webp'><img "
            f"src='/ps/{n}.jpg' alt='{rng.choice(SCENES)}' loading='lazy'></picture><figcaption><span "
            f"class='caption-text'>{rng.choice(SCENES)}</span> <span class='credit'>© "
            f"{rng.choice(fx.PEOPLE)} / ألبوم المجلة</span><span class='counter'>{n + 1}</span></figcaption>"
            f"</figure>"
        )
    strip = "".join(
        f"<li><a href='/photos/{n}'><img src='/t/{n}.jpg' alt=''><span>{t}</span></a></li>"
        for n, t in enumerate(fx.teaser_list(rng, 4))
    )
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><meta property='og:type' "
        f"content='article'><title>بالصور | {esc(body.title)}</title></head><body class='photo-essay'><header "
        f"class='masthead'><a href='/'>مجلة العدسة</a><nav><ul>{fx.menu_items(rng)}</ul></nav></header><article "
        f"class='photo-story'><div class='story-kicker'>قصة مصورة</div><h1>{esc(body.title)}</h1>"
        f"{deck(body, '<p class=standfirst>{}</p>')}<div class='story-meta'>نص: {rng.choice(fx.PEOPLE)} — "
        f"{fx.arabic_date(rng)}</div><div class='share-rail'><a href='#f'>شارك</a><a href='#full'>عرض ملء الشاشة</a>"
        f"</div><div class='story-body'>{blocks(body, sub='<h2 class=chapter>{}</h2>', inserts=figures)}</div>"
        f"</article><section class='more-stories'><h2>المزيد من القصص المصورة</h2><ul>{strip}</ul></section><footer>"
        f"<p>مجلة العدسة — الصور محمية بحقوق النشر</p></footer></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def portal_widgets(body: Body, rng: random.Random) -> Page:
    """A widget-heavy portal: a trending-tags ticker inside <header>, a breaking-news bar, a cookie banner, an
    app-download prompt, a poll widget beside the body, a multi-column footer sitemap."""
    site = "بوابة الحدث"
    trending = "".join(
        f"<li><a href='/tag/{n}'>#{t.split()[0]}_{t.split()[1]}</a></li>" for n, t in enumerate(fx.teaser_list(rng, 6))
    )
    breaking = fx.teaser_list(rng, 2)
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{site} | {esc(body.title)}</title>"
        f"<meta name='twitter:card' content='summary_large_image'></head><body>{fx.cookie_banner()}{fx.app_prompt()}"
        f"<header class='portal-header'><div class='logo-row'><a href='/'>{site}</a><span class='today'>"
        f"{fx.arabic_date(rng)}</span><span class='weather'>{rng.randint(12, 38)}° مشمس</span></div><nav><ul>"
        f"{fx.menu_items(rng)}</ul></nav><div class='trending'><span class='trending-label'>الأكثر تداولاً</span><ul>"
        f"{trending}</ul></div></header><div class='breaking-bar'><strong>عاجل</strong><div class='ticker'><a "
        f"href='/b/1'>{breaking[0]}</a><a href='/b/2'>{breaking[1]}</a></div></div><div class='page-wrap'><div "
        f"class='main-col'><article class='news-item'><h1 class='news-title'>{esc(body.title)}</h1>"
        f"{deck(body, '<h2 class=news-brief>{}</h2>')}<div class='news-meta'><span>{fx.arabic_date(rng)}</span> <span>"
        f"آخر تحديث: {fx.clock(rng)}</span></div><div class='article-text' itemprop='articleBody'>"
        f"{blocks(body, sub='<h3>{}</h3>')}</div></article></div><aside class='side-col'>{fx.poll_widget(rng)}<div "
        f"class='widget'><h4>فيديو اليوم</h4><a href='/v/1'>{fx.teaser_list(rng, 1)[0]}</a></div></aside></div>"
        f"{fx.site_footer_sitemap(rng, site)}</body></html>"
    )
    return Page(to_bytes(page), body.gold())


def legacy_font_cp1256(body: Body, rng: random.Random) -> Page:
    """A 2000s page in windows-1256 with no charset anywhere: <marquee> headlines, <center><table> frame,
    the headline a coloured <font>, paragraphs <p align=justify><font>, "[ طباعة ]" tools, a visit counter."""
    site = "جريدة النهار العربي"
    marquee = " ••• ".join(fx.teaser_list(rng, 5))
    left = "".join(
        f"<a href='news.php?id={rng.randint(100, 9999)}'><font size='2'>{t}</font></a><br><br>"
        for t in fx.teaser_list(rng, 6)
    )
    para = "<p align='justify'><font face='Simplified Arabic' size='3'>{}</font></p>"
    page = (
        f"<html dir='rtl'><head><title>{site} :: {esc(body.title)}</title></head><body bgcolor='#FFFFFF' topmargin='0'>"
        f"<center><table width='780' border='0' cellpadding='0' cellspacing='0'><tr><td colspan='2'><img "
        f"src='images/top.jpg' width='780' height='120'></td></tr><tr><td colspan='2' bgcolor='#003366'><marquee "
        f"direction='right' scrollamount='3'><font color='#FFFFFF'>{marquee}</font></marquee></td></tr><tr><td "
        f"width='600' valign='top'><font face='Traditional Arabic' size='5' color='#990000'><b>{esc(body.title)}</b>"
        f"</font><br>{deck(body, '<font size=4 color=navy>{}</font><br>')}<font size='1' color='gray'>تاريخ النشر: "
        f"{fx.arabic_date(rng)}</font><hr size='1'>{blocks(body, para, '<p><font color=#800000><b>{}</b></font></p>')}"
        f"<p align='center'>[ <a href='print.php'>طباعة</a> ] [ <a href='send.php'>أرسل لصديق</a> ] [ <a "
        f"href='javascript:history.back()'>عودة</a> ]</p></td><td width='180' valign='top' bgcolor='#EEEEEE'><b>"
        f"أخبار متفرقة</b><br><br>{left}</td></tr><tr><td colspan='2' align='center'><font size='1'>الحقوق محفوظة "
        f"لـ{site} 2004-2009 | عدد الزوار: {rng.randint(100000, 999999)}</font></td></tr></table></center>"
        f"</body></html>"
    )
    return Page(to_bytes(page, "cp1256"), body.gold())


def results_table(body: Body, rng: random.Random) -> Page:
    """A results table with a caption inside the body (content: kept in the gold, caption line then one line
    per row, cells separated by spaces), and two sidebar widget tables (currency rates, prayer times) that
    are not."""
    caption, rows = rng.choice(fx.RESULT_TABLES)
    spot = (positions(body, rng, 1) or [len(body.blocks) - 1])[0]
    head = "".join(f"<th>{cell}</th>" for cell in rows[0])
    rest = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows[1:])
    table = (
        f"<table class='data-table'><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{rest}</tbody></table>"
    )
    gold_lines = "\n\n".join([caption] + [" ".join(row) for row in rows])
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(body.title)} - الميدان"
        f"</title></head><body><header><a href='/'>الميدان</a><ul class='nav'>{fx.menu_items(rng)}</ul></header><div "
        f"class='wrap'><div class='content'><h1>{esc(body.title)}</h1>{deck(body, '<p class=summary>{}</p>')}<div "
        f"class='story'>{blocks(body, sub='<h2>{}</h2>', inserts={spot: table})}</div></div><div class='sidebar'>"
        f"{fx.currency_widget(rng)}{fx.prayer_widget(rng)}</div></div><footer><p>الميدان — {fx.arabic_date(rng)}</p>"
        f"</footer></body></html>"
    )
    return Page(to_bytes(page), body.gold(extra_before={spot: gold_lines}))
