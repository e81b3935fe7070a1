"""More layouts of the third held-out set (tests/layouts/unseen3.py holds the list and the gold conventions)."""

from __future__ import annotations

import random

from tests.layouts import unseen3_furniture as fx
from tests.layouts.render import Body, Page, esc, to_bytes
from tests.layouts.unseen3_furniture import deck_of, half, inner_paragraphs, render_blocks


def microdata_ad_slots(body: Body, rng: random.Random) -> Page:
    """schema.org microdata: itemprop=headline/alternativeHeadline/author/image, the body in
    itemprop=articleBody, split by three labelled ad slots of three different ad stacks."""
    site = "جريدة الميزان"
    spots = inner_paragraphs(body, rng, 3)
    slots = [
        f"<div class='ad-box ad-inread'><small class='ad-label'>إعلان</small><div id='div-gpt-ad-{rng.getrandbits(40)}"
        f"-0' style='min-height:250px'></div></div>",
        "<div class='ad-box'><p class='ad-label'>- إعلان -</p><ins class='adsbygoogle' style='display:block' "
        "data-ad-format='fluid'></ins></div>",
        "<div class='ad-box ad-native'><span class='ad-label'>إعلان</span><span class='ad-label-en'>Advertisement"
        "</span><div class='teads-slot'></div></div>",
    ]
    inserts = dict(zip(spots, slots))
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(body.title)} | {site}"
        f"</title></head><body><div class='masthead'><a href='/'>{site}</a><ul class='menu'>{fx.nav(rng)}</ul>"
        f"</div><div class='ad-box ad-top'><small class='ad-label'>إعلان</small></div><div class='wrapper'><div "
        f"class='news-details' itemscope itemtype='https://schema.org/NewsArticle'><meta itemprop='datePublished' "
        f"content='2024-04-0{rng.randint(1, 9)}T09:00:00+02:00'><h1 itemprop='headline'>{esc(body.title)}</h1>"
        f"{deck_of(body, '<h2 itemprop=alternativeHeadline>{}</h2>')}<div class='author' itemprop='author' itemscope "
        f"itemtype='https://schema.org/Person'>كتب: <span itemprop='name'>{rng.choice(fx.WRITERS)}</span> - <time>"
        f"{fx.day(rng)}</time></div><figure itemprop='image' itemscope itemtype='https://schema.org/ImageObject'><img "
        f"itemprop='url' src='/img/main.jpg' alt=''><figcaption itemprop='caption'>جانب من الاجتماع (أرشيفية)"
        f"</figcaption></figure><div itemprop='articleBody' class='details-body'>{render_blocks(body, inserts=inserts)}"
        f"</div><div class='keywords' itemprop='keywords'>{'، '.join(rng.sample(fx.SECTIONS[1:], 3))}</div></div><div "
        f"class='side'><h3>الأكثر قراءة</h3><ul>{fx.link_list(rng, 5)}</ul></div></div>{fx.copyright_line(site)}"
        f"</body></html>"
    )
    return Page(to_bytes(page), body.gold())


def live_newest_first(body: Body, rng: random.Random) -> Page:
    """A live page whose updates are <div>s listed newest first, each with a time heading (content, kept),
    a "minutes ago" note and a copy-link button; a live badge, an auto-refresh toggle and a last-update line."""
    spots = sorted({0, *inner_paragraphs(body, rng, 3)})
    groups = [list(range(a, b)) for a, b in zip(spots, spots[1:] + [len(body.blocks)])]
    minute = rng.randint(8 * 60, 10 * 60)
    times = []
    for _ in groups:
        times.append(f"{minute // 60:02d}:{minute % 60:02d}")
        minute += rng.randint(15, 55)
    page_order = list(zip(times, groups))[::-1]
    blocks, heads, items = [], {}, []
    for time, group in page_order:
        heads[len(blocks)] = time
        blocks += [body.blocks[i] for i in group]
        content = "".join(
            f"<h4>{esc(body.blocks[i][1])}</h4>" if body.blocks[i][0] == "sub" else f"<p>{esc(body.blocks[i][1])}</p>"
            for i in group
        )
        items.append(
            f"<div class='lb-item'><div class='lb-time'><span class='hh'>{time}</span></div><div class='lb-content'>"
            f"{content}</div><div class='lb-foot'><span class='ago'>منذ {rng.randint(2, 50)} دقيقة</span><button "
            f"class='copy'>انسخ رابط التحديث</button></div></div>"
        )
    shown = Body(body.id, body.title, body.deck, tuple(blocks))
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>مباشر | {esc(body.title)}"
        f"</title></head><body><header><a href='/'>قناة الحدث</a><ul>{fx.nav(rng)}</ul></header><main><div "
        f"class='live-head'><span class='live-badge'>مباشر</span><h1>{esc(body.title)}</h1>"
        f"{deck_of(body, '<p class=live-dek>{}</p>')}<div class='live-tools'><label><input type='checkbox' checked> "
        f"تحديث تلقائي</label><span class='last'>آخر تحديث: {times[-1]}</span></div></div><div class='lb-feed'>"
        f"{''.join(items)}</div><button class='lb-more'>تحميل تحديثات أقدم</button></main><aside><h3>تغطيات مستمرة"
        f"</h3><ul>{fx.link_list(rng, 4, '/live/')}</ul></aside>{fx.copyright_line('قناة الحدث')}</body></html>"
    )
    return Page(to_bytes(page), shown.gold(extra_before=heads))


def iso8859_6_tables(body: Body, rng: random.Random) -> Page:
    """A late-1990s table page saved in ISO-8859-6 whose meta declares ISO-8859-1 (a template default nobody
    changed): banner row, a menu cell of arrow-gif links, the body as unclosed <p align=justify> in a <font>,
    a cell of older stories with dates and a footer row with a resolution note and a visitor counter."""
    site = "الوطن الإلكترونية"
    text = render_blocks(
        body, "<p align='justify'>{}", "<p><font color='#990000'><b>{}</b></font>"
    )  # unclosed <p>s, as written then
    menu = "".join(
        f"<img src='/images/arrow.gif' width='7' height='7'> <a href='/s{n}.htm'>{s}</a><br>"
        for n, s in enumerate(fx.SECTIONS)
    )
    older = "".join(
        f"<a href='/old/{n}.htm'>{t}</a><br><font size='1'>{fx.day(rng)}</font><br><br>"
        for n, t in enumerate(fx.headlines(rng, 4))
    )
    page = (
        f"<!DOCTYPE HTML PUBLIC '-//W3C//DTD HTML 4.01 Transitional//EN'><html dir='rtl'><head><meta "
        f"http-equiv='Content-Type' content='text/html; charset=iso-8859-1'><title>{site} - {esc(body.title)}</title>"
        f"</head><body bgcolor='#FFFFFF' topmargin='0' leftmargin='0'><table width='780' border='0' cellpadding='0' "
        f"cellspacing='0' align='center'><tr><td colspan='3'><img src='/images/banner.jpg' width='780' height='90' "
        f"alt='{site}'></td></tr><tr><td width='150' valign='top' bgcolor='#EEEEEE'><font size='2'>{menu}</font></td>"
        f"<td width='480' valign='top'><font face='Simplified Arabic' size='4' color='#990000'><b>{esc(body.title)}"
        f"</b></font><br>{deck_of(body, '<font size=3 color=#666666>{}</font><br>')}<img src='/images/spacer.gif' "
        f"height='10'><br><font face='Simplified Arabic' size='3'>{text}</font></td><td width='150' valign='top'>"
        f"<font size='2'><b>أخبار سابقة</b><br>{older}</font></td></tr><tr><td colspan='3' align='center'><font "
        f"size='1'>أفضل عرض بدقة 800×600 ومتصفح إنترنت إكسبلورر 5 فما فوق<br>عدد الزوار: 00{rng.randint(10**5, 10**6)}"
        f"<br>{site} © 1999-2004</font></td></tr></table></body></html>"
    )
    return Page(to_bytes(page, "iso8859_6"), body.gold())


def template_lazy_half(body: Body, rng: random.Random) -> Page:
    """The first half of the body rendered, the second half in a <template> a script clones in after a
    "continue reading" button; a <noscript> asking to enable JavaScript and a suggestion strip after."""
    cut = half(body)
    site = "منصة المشهد"
    cards = "".join(
        f"<a class='sg-card' href='/a/{n}'><img src='/t/{n}.jpg' alt=''><span>{title}</span></a>"
        for n, title in enumerate(fx.headlines(rng, 4))
    )
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(body.title)} — {site}"
        f"</title></head><body><nav class='topnav'><a href='/'>{site}</a><ul>{fx.nav(rng)}</ul></nav><main "
        f"class='article'><h1 class='article__title'>{esc(body.title)}</h1>{deck_of(body, '<p class=article__dek>{}</p>')}"
        f"<div class='article__meta'>{rng.choice(fx.WRITERS)} · {fx.day(rng)}</div><div class='article__body' "
        f"id='article-body'>{render_blocks(body, stop=cut)}</div><div class='article__gate'><div class='fade'></div>"
        f"<button class='js-expand' data-target='article-rest'>تابع القراءة ⌄</button></div><template "
        f"id='article-rest'>{render_blocks(body, start=cut)}</template><noscript><div class='nojs'>لعرض الصفحة كاملة "
        f"يرجى تفعيل جافاسكربت في متصفحك.</div><img src='/px.gif?nojs=1' alt=''></noscript></main><section "
        f"class='suggest'><h3>مقترحات للقراءة</h3>{cards}</section><script>document.querySelector('.js-expand')"
        f".onclick=function(){{var t=document.getElementById('article-rest');document.getElementById('article-body')"
        f".appendChild(t.content.cloneNode(true));this.parentNode.remove();}};</script>"
        f"{fx.copyright_line(site)}</body></html>"
    )
    return Page(to_bytes(page), body.gold())


def _opinion(rng: random.Random, depth: int) -> str:
    note = rng.choice(fx.READER_NOTES)
    if rng.random() < 0.4:
        note += " " + rng.choice(fx.READER_NOTES)
    replies = ""
    if depth < 2 and rng.random() < 0.6:
        replies = "<ul class='replies'>" + "".join(_opinion(rng, depth + 1) for _ in range(rng.randint(1, 2))) + "</ul>"
    return (
        f"<li class='op depth-{depth}'><div class='op-meta'><span class='op-name'>{rng.choice(fx.WRITERS)}</span>"
        f"<span class='op-date'>{fx.day(rng)} {fx.hhmm(rng)}</span></div><p class='op-text'>{note}</p><div "
        f"class='op-actions'><a href='#reply'>رد</a><span class='up'>▲ {rng.randint(0, 40)}</span><span "
        f"class='down'>▼ {rng.randint(0, 9)}</span></div>{replies}</li>"
    )


def reader_opinions_tree(body: Body, rng: random.Random) -> Page:
    """Server-rendered comments under "آراء القراء" inside the same container as the body: a count, a
    disclaimer, sort links, a reply tree (nested <ul>s with votes and reply links), a "more replies" link
    and a comment form."""
    site = "صوت الناس"
    count = rng.randint(2, 4)
    tree = "".join(_opinion(rng, 0) for _ in range(count))
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(body.title)} - {site}"
        f"</title></head><body><div class='top'><a href='/'>{site}</a><ul>{fx.nav(rng)}</ul></div><div class='main'>"
        f"<div class='news'><h1>{esc(body.title)}</h1>{deck_of(body, '<h3 class=brief>{}</h3>')}<div class='date'>"
        f"{fx.day(rng)}</div><div class='news-body'>{render_blocks(body, sub='<h3>{}</h3>')}</div><section "
        f"class='opinions'><div class='op-head'><h3>آراء القراء</h3><span class='count'>({count + rng.randint(3, 9)})"
        f"</span></div><p class='op-note'>الآراء المنشورة تعبّر عن أصحابها ولا تمثل بالضرورة رأي الموقع.</p><div "
        f"class='sort'>ترتيب: <a href='?s=new'>الأحدث</a> | <a href='?s=top'>الأكثر تفاعلا</a></div><ul "
        f"class='op-list'>{tree}</ul><a class='more' href='#'>عرض {rng.randint(2, 6)} ردود أخرى</a><form "
        f"class='op-form'><h4>أضف رأيك</h4><input placeholder='الاسم'><input placeholder='البريد الإلكتروني (لن "
        f"يُنشر)'><textarea placeholder='اكتب رأيك هنا'></textarea><button>أرسل</button></form></section></div><div "
        f"class='side'><h3>الأكثر تعليقا</h3><ul>{fx.link_list(rng, 5)}</ul></div></div>{fx.copyright_line(site)}"
        f"</body></html>"
    )
    return Page(to_bytes(page), body.gold())


def print_version(body: Body, rng: random.Random) -> Page:
    """A print-friendly page: no headings at all (the headline a bold <div>), print/close links, a date
    line, a "written by" line, the body, then the story's address and a rights line."""
    site = "صحيفة الشروق الجديد"
    story = rng.randint(10**5, 10**6)
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>طباعة: {esc(body.title)}"
        f"</title><style media='print'>.noprint{{display:none}}</style></head><body class='print' "
        f"onload='window.print()'><table width='100%'><tr><td><img src='/logo-bw.png' alt='{site}'></td><td "
        f"class='noprint' align='left'><a href='javascript:window.print()'>[ اطبع ]</a> <a "
        f"href='javascript:window.close()'>[ أغلق ]</a></td></tr></table><hr><div class='p-date'>نُشر بتاريخ: "
        f"{fx.day(rng)} - {fx.hhmm(rng)}</div><div class='p-title'><b>{esc(body.title)}</b></div>"
        f"{deck_of(body, '<div class=p-deck>{}</div>')}<div class='p-author'>كتب: {rng.choice(fx.WRITERS)}</div><div "
        f"class='p-body'>{render_blocks(body, sub='<p><b>{}</b></p>')}</div><hr><div class='p-url'>رابط الموضوع: "
        f"/news/{story}</div><div class='p-copy'>جميع حقوق النشر محفوظة لـ{site} © 2024</div></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def title_only_headline(body: Body, rng: random.Random) -> Page:
    """The headline only in <title> (with the site name) and og:title/twitter:title: the page shows its
    section name as the only heading, then an info row, a picture, the summary and the text."""
    site = "المنارة نت"
    section = rng.choice(fx.SECTIONS[1:])
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(body.title)} - {site}"
        f"</title><meta property='og:title' content='{esc(body.title)}'><meta name='twitter:title' "
        f"content='{esc(body.title)}'><meta property='og:type' content='article'></head><body><header><a "
        f"href='/'>{site}</a><ul>{fx.nav(rng)}</ul></header><div class='crumbs'><a href='/'>الرئيسية</a> › <a "
        f"href='/c/1'>{section}</a></div><h2 class='section-title'>{section}</h2><div class='post'><div "
        f"class='post-info'><span>{fx.day(rng)}</span> <span>{rng.choice(fx.WRITERS)}</span></div><div "
        f"class='post-image'><img src='/up/{rng.randint(1, 999)}.jpg' alt=''></div>"
        f"{deck_of(body, '<p class=summary>{}</p>')}<div class='post-text'>{render_blocks(body, sub='<h3>{}</h3>')}"
        f"</div></div><div class='side'><h2>اخترنا لك</h2><ul>{fx.link_list(rng, 5)}</ul></div>"
        f"{fx.copyright_line(site)}</body></html>"
    )
    return Page(to_bytes(page), body.gold())
