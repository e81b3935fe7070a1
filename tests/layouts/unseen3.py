"""A third held-out set of layouts, written by an independent tester who never read cleaners/ or its rules.

Each layout copies how a family of real Arabic news pages is built (a Blogger post, a Ghost post, an agency
wire, an <article> holding a sticky aside, a numbered guide with content lists, an interview, embeds, ...)
with furniture of its own (tests/layouts/unseen3_furniture.py). All are held out (see part_of).

Gold conventions, as in the first two sets: headline, deck, body blocks in page order; captions, bylines,
bios, dates, counters, labels, embeds and comments are not article text. What a careful human keeps that a
layout adds: a wire dateline at the head of the first paragraph ("المدينة - التاريخ (الوكالة) -"), the
outlet's numbered sub-headings, the interviewer's questions and the time heading each live update. What
they drop: a wire's closing editor initials and "انتهى" line, and third-party embeds (a tweet, a video),
which an outlet shows but did not write.
"""

from __future__ import annotations

import random
from dataclasses import replace

from tests.layouts import unseen3_furniture as fx
from tests.layouts.render import Body, Page, esc, to_bytes
from tests.layouts.unseen3_furniture import clauses, deck_of, inner_paragraphs, render_blocks
from tests.layouts.unseen3_more import (
    iso8859_6_tables,
    live_newest_first,
    microdata_ad_slots,
    print_version,
    reader_opinions_tree,
    template_lazy_half,
    title_only_headline,
)


def blogger_post(body: Body, rng: random.Random) -> Page:
    """A Blogger (Blogspot) post: the blog's name is the <h1>, the headline an h3.post-title; the body a
    post-body of <div dir=rtl> runs with <div><br></div> spacers; labels, a <dl> comment block, a blog pager,
    a popular-posts widget with long snippets, an archive and a profile box."""
    blog, post_id = "مدونة دفتر المدينة", rng.getrandbits(60)
    gap = "<div><br /></div>"
    text = deck_of(body, "<div dir='rtl' style='text-align: right;'><b>{}</b></div>" + gap) + render_blocks(
        body, "<div dir='rtl' style='text-align: justify;'>{}</div>" + gap, "<h4 style='text-align: right;'>{}</h4>"
    )
    comments = "".join(
        f"<dt class='comment-author' id='c{rng.getrandbits(40)}'><a name='c{n}'></a><a href='/profile/{n}' "
        f"rel='nofollow'>{who}</a> يقول...</dt><dd class='comment-body'><p>{note}</p></dd><dd class='comment-footer'>"
        f"<span class='comment-timestamp'><a href='#c{n}'>{fx.day(rng)} في {fx.hhmm(rng)}</a></span></dd>"
        for n, (who, note) in enumerate(zip(rng.sample(fx.WRITERS, 3), rng.sample(fx.READER_NOTES, 3)))
    )
    popular = "".join(
        f"<li><div class='item-content'><div class='item-thumbnail'><img src='/s72/{n}.jpg' alt=''></div>"
        f"<div class='item-title'><a href='/2024/0{n + 1}/post-{n}.html'>{title}</a></div><div class='item-snippet'>"
        f"{rng.choice(fx.SNIPPETS)}</div></div></li>"
        for n, title in enumerate(fx.headlines(rng, 3))
    )
    labels = "، ".join(f"<a href='/search/label/{name}' rel='tag'>{name}</a>" for name in rng.sample(fx.SECTIONS, 3))
    page = (
        f"<!DOCTYPE html><html dir='rtl' lang='ar' xmlns:b='http://www.google.com/2005/gml/b'><head><meta "
        f"content='text/html; charset=UTF-8' http-equiv='Content-Type'><meta content='blogger' name='generator'>"
        f"<title>{blog}: {esc(body.title)}</title><meta content='{esc(body.title)}' property='og:title'></head>"
        f"<body class='variant-simplysimple'><div class='navbar section' id='navbar'></div><div class='content-outer'>"
        f"<header><div class='header-outer'><div class='Header widget' id='Header1'><div id='header-inner'><div "
        f"class='titlewrapper'><h1 class='title'><a href='/'>{blog}</a></h1></div><div class='descriptionwrapper'>"
        f"<p class='description'><span>يوميات صحفي يكتب عن مدينته وناسها</span></p></div></div></div></div></header>"
        f"<div class='main-outer'><div class='main-inner columns-2'><div class='column-center-inner'><div class='main "
        f"section' id='main'><div class='widget Blog' id='Blog1'><div class='blog-posts hfeed'><div class='date-outer'>"
        f"<h2 class='date-header'><span>الثلاثاء، {fx.day(rng)}</span></h2><div class='date-posts'><div class='post-outer'>"
        f"<div class='post hentry' itemprop='blogPost' itemscope itemtype='http://schema.org/BlogPosting'><a "
        f"name='{post_id}'></a><h3 class='post-title entry-title' itemprop='name'>{esc(body.title)}</h3><div "
        f"class='post-header'></div><div class='post-body entry-content' id='post-body-{post_id}' "
        f"itemprop='description articleBody'>{text}<div style='clear: both;'></div></div><div class='post-footer'>"
        f"<div class='post-footer-line post-footer-line-1'><span class='post-author vcard'>مرسلة بواسطة <span "
        f"class='fn'>{rng.choice(fx.WRITERS)}</span></span> <span class='post-timestamp'>في <a class='timestamp-link' "
        f"href='#'><abbr class='published'>{fx.hhmm(rng)} ص</abbr></a></span> <span class='post-comment-link'><a "
        f"class='comment-link' href='#comments'>3 تعليقات:</a></span></div><div class='post-share-buttons'><a "
        f"class='share-button sb-email' href='#'><span class='share-button-link-text'>إرسال بالبريد الإلكتروني</span>"
        f"</a><a class='share-button sb-blog' href='#'><span class='share-button-link-text'>كتابة مدونة حول هذه "
        f"المشاركة</span></a><a class='share-button sb-twitter' href='#'><span>المشاركة على X</span></a></div>"
        f"<div class='post-footer-line post-footer-line-2'><span class='post-labels'>التسميات: {labels}</span></div>"
        f"</div></div><div class='comments' id='comments'><a name='comments'></a><h4>3 تعليقات:</h4><div "
        f"id='Blog1_comments-block-wrapper'><dl class='avatar-comment-indent' id='comments-block'>{comments}</dl></div>"
        f"<p class='comment-footer'><a href='/comment/{post_id}'>إرسال تعليق</a></p></div></div></div></div></div>"
        f"<div class='blog-pager' id='blog-pager'><span id='blog-pager-newer-link'><a class='blog-pager-newer-link' "
        f"href='#'>رسالة أحدث</a></span><span id='blog-pager-older-link'><a class='blog-pager-older-link' href='#'>رسالة "
        f"أقدم</a></span><a class='home-link' href='/'>الصفحة الرئيسية</a></div><div class='post-feeds'><div "
        f"class='feed-links'>الاشتراك في: <a class='feed-link' href='/feeds/comments/default'>تعليقات الرسالة "
        f"(Atom)</a></div></div></div></div></div><div class='column-right-inner'><aside><div class='sidebar section' "
        f"id='sidebar-right-1'><div class='widget PopularPosts' id='PopularPosts1'><h2>المشاركات الشائعة</h2><div "
        f"class='widget-content popular-posts'><ul>{popular}</ul></div></div><div class='widget BlogArchive' "
        f"id='BlogArchive1'><h2>أرشيف المدونة</h2><ul class='hierarchy'><li><a class='toggle'>►</a> <a "
        f"href='/2024/'>2024</a> <span class='post-count'>(31)</span></li><li><a class='toggle'>►</a> <a "
        f"href='/2023/'>2023</a> <span class='post-count'>(58)</span></li></ul></div><div class='widget Profile' "
        f"id='Profile1'><h2>من أنا</h2><dl class='profile-datablock'><dt class='profile-data'>"
        f"{rng.choice(fx.WRITERS)}</dt><dd class='profile-textblock'>صحفي مستقل، أكتب هنا ما لا تتسع له الجريدة."
        f"</dd></dl><a class='profile-link' href='/profile/1'>عرض الملف الشخصي الكامل الخاص بي</a></div></div>"
        f"</aside></div></div></div><footer><div class='widget Attribution'>المظهر: بسيط. يتم التشغيل بواسطة "
        f"<a href='#'>Blogger</a>.</div></footer></div></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def ghost_cards(body: Body, rng: random.Random) -> Page:
    """A Ghost post: section.gh-content with kg-cards between paragraphs (a captioned image card, a bookmark
    card to another story with its excerpt, a callout asking readers to subscribe), an author card with a bio,
    a subscribe section and a "read next" feed of post cards."""
    site = "نشرة المنعطف"
    spots = inner_paragraphs(body, rng, 3)
    cards = [
        f"<figure class='kg-card kg-image-card kg-card-hascaption'><img src='/content/images/2024/03/p.jpg' "
        f"class='kg-image' alt='' loading='lazy' width='2000' height='1333'><figcaption><span style='white-space: "
        f"pre-wrap;'>مشهد من المنطقة صباح أمس. الصورة: {rng.choice(fx.WRITERS)} / {site}</span></figcaption></figure>",
        f"<figure class='kg-card kg-bookmark-card'><a class='kg-bookmark-container' href='/{rng.getrandbits(30):x}/'>"
        f"<div class='kg-bookmark-content'><div class='kg-bookmark-title'>{fx.headlines(rng, 1)[0]}</div><div "
        f"class='kg-bookmark-description'>{rng.choice(fx.SNIPPETS)}</div><div class='kg-bookmark-metadata'><img "
        f"class='kg-bookmark-icon' src='/favicon.png' alt=''><span class='kg-bookmark-author'>{site}</span><span "
        f"class='kg-bookmark-publisher'>{rng.choice(fx.WRITERS)}</span></div></div></a></figure>",
        "<div class='kg-card kg-callout-card kg-callout-card-accent'><div class='kg-callout-emoji'>📬</div><div "
        "class='kg-callout-text'>هل وصلتك هذه المقالة من صديق؟ سجّل بريدك لتصلك أعدادنا القادمة كل أحد.</div></div>",
    ]
    inserts = {spot: cards[n] for n, spot in enumerate(spots)}
    feed = "".join(
        f"<article class='gh-card post'><a class='gh-card-link' href='/{n}/'><figure class='gh-card-image'><img "
        f"src='/i/{n}.jpg' alt=''></figure><div class='gh-card-wrapper'><h3 class='gh-card-title'>{title}</h3>"
        f"<p class='gh-card-excerpt'>{rng.choice(fx.SNIPPETS)}</p><footer class='gh-card-meta'><time>{fx.day(rng)}"
        f"</time> — قراءة في {rng.randint(3, 9)} دقائق</footer></div></a></article>"
        for n, title in enumerate(fx.headlines(rng, 3))
    )
    author = rng.choice(fx.WRITERS)
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(body.title)}</title>"
        f"<meta name='generator' content='Ghost 5.82'><meta property='og:site_name' content='{site}'></head><body "
        f"class='post-template tag-reports has-serif-body'><div class='gh-site'><header id='gh-head' "
        f"class='gh-head outer'><div class='gh-head-inner inner'><div class='gh-head-brand'><a class='gh-head-logo' "
        f"href='/'>{site}</a></div><nav class='gh-head-menu'><ul class='nav'>{fx.nav(rng, '/tag/')}</ul></nav><div "
        f"class='gh-head-actions'><a class='gh-head-link' href='#/portal/signin'>تسجيل الدخول</a><a class='gh-head-btn "
        f"gh-btn gh-primary-btn' href='#/portal/signup'>اشترك</a></div></div></header><main id='site-main' "
        f"class='site-main'><article class='article post tag-reports'><header class='article-header gh-canvas'><section "
        f"class='article-tag post-card-tags'><span class='post-card-primary-tag'><a href='/tag/reports/'>تقارير</a>"
        f"</span></section><h1 class='article-title'>{esc(body.title)}</h1>"
        f"{deck_of(body, '<p class=article-excerpt>{}</p>')}<div class='article-byline'><section "
        f"class='article-byline-content'><ul class='author-list'><li class='author-list-item'><a href='/author/x/' "
        f"class='author-avatar'><img class='author-profile-image' src='/a.jpg' alt='{author}'></a></li></ul><div "
        f"class='article-byline-meta'><h4 class='author-name'><a href='/author/x/'>{author}</a></h4><div "
        f"class='byline-meta-content'><time class='byline-meta-date'>{fx.day(rng)}</time><span "
        f"class='byline-reading-time'><span class='bull'>•</span> {rng.randint(4, 9)} دقائق قراءة</span></div></div>"
        f"</section></div></header><section class='gh-content gh-canvas'>"
        f"{render_blocks(body, '<p>{}</p>', '<h2 id=h>{}</h2>', inserts)}</section><section class='article-comments "
        f"gh-canvas'></section></article><section class='footer-cta outer'><div class='inner'><h2 "
        f"class='footer-cta-title'>لا تفوّت العدد القادم</h2><a class='footer-cta-button' href='#/portal'><div "
        f"class='footer-cta-input'>بريدك الإلكتروني</div><span>اشترك مجانا</span></a></div></section><aside "
        f"class='read-more-wrap outer'><div class='read-more inner'><h2 class='read-more-title'>اقرأ التالي</h2>"
        f"<div class='post-feed'>{feed}</div></div></aside></main><section class='author-card'><img src='/a.jpg' "
        f"alt=''><h4>{author}</h4><p>محررة في {site}، تغطي شؤون المدن والبيئة منذ 2015.</p></section><footer "
        f"class='site-footer outer'><div class='inner'><section class='copyright'><a href='/'>{site}</a> © 2024</section>"
        f"<a href='https://ghost.org/' rel='noopener'>يعمل بواسطة Ghost</a></div></footer></div></body></html>"
    )
    return Page(to_bytes(page), body.gold())


AGENCY = ("وكالة أنباء الساحل", "وأس")
CITIES = ["الرباط", "نواكشوط", "تونس", "الجزائر", "طرابلس", "القاهرة", "عمّان", "بيروت"]


def agency_wire(body: Body, rng: random.Random) -> Page:
    """An agency wire page: a dateline run into the first paragraph ("المدينة - التاريخ (الوكالة) -", kept),
    editor initials and an end mark after the last paragraph (dropped), a slug/priority/time header row, a
    "services" rail and a table of the latest wires with their times."""
    name, short = AGENCY
    dateline = f"{rng.choice(CITIES)} - {fx.day(rng)} ({name}) -"
    first = next(i for i, (kind, _) in enumerate(body.blocks) if kind == "p")
    blocks = list(body.blocks)
    blocks[first] = ("p", f"{dateline} {blocks[first][1]}")
    wired = replace(body, blocks=tuple(blocks))
    initials = f"{rng.choice('عسمرنقل')}.{rng.choice('عسمرنقل')} / {rng.choice('عسمرنقل')}.{rng.choice('عسمرنقل')}"
    latest = "".join(
        f"<tr><td class='t'>{fx.hhmm(rng)}</td><td><a href='/wire/{rng.randint(10**6, 10**7)}'>{t}</a></td></tr>"
        for t in fx.headlines(rng, 6)
    )
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(body.title)} - {name}"
        f"</title></head><body><div id='top'><a href='/'><img src='/logo.gif' alt='{name}'></a><ul class='lang'><li>"
        f"<a href='/en'>English</a></li><li><a href='/fr'>Français</a></li></ul><ul class='nav'>{fx.nav(rng)}</ul>"
        f"</div><div id='wrap'><div id='wire'><table class='wire-head'><tr><td>الرقم: {rng.randint(10**5, 10**6)}"
        f"</td><td>الأولوية: عادية</td><td>التصنيف: {rng.choice(fx.SECTIONS[1:])}</td><td>{fx.hhmm(rng)} ت.غ"
        f"</td></tr></table><h1 class='wire-title'>{esc(body.title)}</h1>{deck_of(body, '<h2>{}</h2>')}"
        f"<div class='wire-text'>{render_blocks(wired, '<p>{}</p>', '<p><b>{}</b></p>')}<p class='sign'>{initials}"
        f"</p><p class='end'>- انتهى -</p></div><div class='wire-tools'><a href='#'>طباعة الخبر</a> <a href='#'>إرسال"
        f"</a> <a href='#'>حفظ</a></div></div><div id='rail'><div class='box'><h3>خدمات {short}</h3><ul><li>النشرة "
        f"العامة</li><li>النشرة الاقتصادية</li><li>بنك الصور</li><li>خدمة الفيديو</li></ul></div><div class='box'><h3>"
        f"آخر الأخبار</h3><table class='latest'>{latest}</table></div></div></div><div id='foot'>جميع الحقوق محفوظة "
        f"لـ{name} ({short}) 2024 - لا يجوز إعادة نشر المواد إلا بذكر المصدر</div></body></html>"
    )
    return Page(to_bytes(page), wired.gold())


def aside_inside_article(body: Body, rng: random.Random) -> Page:
    """The body in an <article> that also holds, between two paragraphs of the same text container, a
    sticky <aside> of the most-shared stories with ranks and view counts; keywords in the article's footer."""
    site = "الخبر اليقين"
    spot = inner_paragraphs(body, rng, 1)[0]
    ranked = "".join(
        f"<li><span class='rank'>{n + 1}</span><a href='/n/{rng.randint(1000, 9999)}'>{title}</a><span "
        f"class='views'>{rng.randint(2, 90)} ألف مشاهدة</span></li>"
        for n, title in enumerate(fx.headlines(rng, 5))
    )
    aside = (
        f"<aside class='sticky-rail' style='position:sticky;top:80px'><h3 class='rail-title'>الأكثر تداولا الآن</h3>"
        f"<ol class='rail-list'>{ranked}</ol></aside>"
    )
    keywords = "".join(f"<a class='kw' href='/k/{n}'>{s}</a>" for n, s in enumerate(rng.sample(fx.SECTIONS[1:], 3)))
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(body.title)} | {site}"
        f"</title></head><body><header class='top'><a class='logo' href='/'>{site}</a><nav><ul>{fx.nav(rng)}</ul>"
        f"</nav></header><div class='page'><article class='story'><h1 class='story-title'>{esc(body.title)}</h1>"
        f"{deck_of(body, '<p class=story-summary>{}</p>')}<div class='story-meta'><span>{rng.choice(fx.WRITERS)}"
        f"</span> | <time>{fx.day(rng)} - {fx.hhmm(rng)}</time></div><div class='story-text'>"
        f"{render_blocks(body, inserts={spot: aside})}</div><footer class='story-footer'><span>الكلمات المفتاحية:"
        f"</span> {keywords}<div class='share'><a href='#'>واتساب</a><a href='#'>تلغرام</a><a href='#'>نسخ الرابط"
        f"</a></div></footer></article></div><footer class='bottom'>{fx.copyright_line(site)}</footer></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def numbered_guide(body: Body, rng: random.Random) -> Page:
    """An explainer: numbered <h3> sub-headings the outlet wrote (content), one paragraph rendered as a
    <ul> and one as an <ol> of its clauses (content lists), a "key facts" share card and a related list."""
    spots = sorted({0, *inner_paragraphs(body, rng, 3)})
    heads = {spot: fx.SECTION_HEADS[n] for n, spot in enumerate(spots[: len(fx.SECTION_HEADS)])}
    listed = [i for i, (kind, text) in enumerate(body.blocks) if kind == "p" and len(clauses(text)) >= 2]
    as_list = dict(zip(rng.sample(listed, min(2, len(listed))), ("ul", "ol")))
    parts = []
    for index, (kind, text) in enumerate(body.blocks):
        if index in heads:
            parts.append(f"<h3 class='step'><span class='num'></span>{esc(heads[index])}</h3>")
        if kind == "sub":
            parts.append(f"<h4>{esc(text)}</h4>")
        elif index in as_list:
            items = "".join(f"<li>{esc(piece)}</li>" for piece in clauses(text))
            parts.append(f"<{as_list[index]} class='content-list'>{items}</{as_list[index]}>")
        else:
            parts.append(f"<p>{esc(text)}</p>")
    related = fx.link_list(rng, 4)
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(body.title)} - دليلك"
        f"</title></head><body><div class='bar'><a href='/'>دليلك</a><ul>{fx.nav(rng)}</ul></div><main><div "
        f"class='explainer'><span class='kicker'>شرح مبسّط</span><h1>{esc(body.title)}</h1>"
        f"{deck_of(body, '<p class=dek>{}</p>')}<p class='byline'>إعداد: {rng.choice(fx.WRITERS)} · "
        f"{fx.day(rng)}</p><div class='explainer-body'>{''.join(parts)}</div><div class='card-share'><b>شارك هذا "
        f"الشرح</b><a href='#'>فيسبوك</a><a href='#'>إكس</a></div></div><div class='more'><h2>قد يهمك أيضا</h2>"
        f"<ul>{related}</ul></div></main>{fx.copyright_line('دليلك')}</body></html>"
    )
    return Page(to_bytes(page), body.gold(extra_before=heads))


def interview_inline_questions(body: Body, rng: random.Random) -> Page:
    """An interview: each question in bold at the head of the <p> that holds its answer, split by a <br>
    (the questions are content); a guest card (photo, name, job) and an interviewer line (not content)."""
    spots = sorted({0, *inner_paragraphs(body, rng, 3)})
    asked = {spot: fx.QUESTIONS[n % len(fx.QUESTIONS)] for n, spot in enumerate(spots)}
    parts = []
    for index, (kind, text) in enumerate(body.blocks):
        if kind == "sub":
            if index in asked:
                parts.append(f"<p><b>{esc(asked[index])}</b></p>")
            parts.append(f"<h3>{esc(text)}</h3>")
            continue
        question = f"<b class='q'>{esc(asked[index])}</b><br>" if index in asked else ""
        parts.append(f"<p>{question}{esc(text)}</p>")
    guest = rng.choice(fx.WRITERS)
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>حوار | {esc(body.title)}"
        f"</title></head><body><header><a href='/'>مجلة الحوار</a><ul>{fx.nav(rng)}</ul></header><div "
        f"class='container'><div class='interview'><div class='label'>حوار</div><h1>{esc(body.title)}</h1>"
        f"{deck_of(body, '<h2 class=sub>{}</h2>')}<p class='by'>حاوره: {rng.choice(fx.WRITERS)}</p><div "
        f"class='guest-card'><img src='/guest.jpg' alt=''><b>{guest}</b><span>أستاذ العلاقات الدولية</span></div>"
        f"<div class='qa'>{''.join(parts)}</div></div><div class='side'><h4>حوارات سابقة</h4><ul>"
        f"{fx.link_list(rng, 4, '/hiwar/')}</ul></div></div>{fx.copyright_line('مجلة الحوار')}</body></html>"
    )
    return Page(to_bytes(page), body.gold(extra_before=asked))


TWEETS = [
    "نتابع الموقف لحظة بلحظة، وسنعلن كل المستجدات عبر القنوات الرسمية فقط. #عاجل",
    "الشكر لكل من ساهم في إنجاح هذا اليوم، والقادم أفضل بإذن الله",
    "لا صحة لما يتم تداوله على بعض المنصات، ونرجو تحري الدقة",
]


def embeds_tweet_video(body: Body, rng: random.Random) -> Page:
    """A body with an embedded tweet (blockquote.twitter-tweet + widgets script) and a YouTube iframe in a
    responsive wrapper with a "watch" caption: embeds are not the outlet's text (dropped from the gold)."""
    site = "موقع المرصد"
    spots = inner_paragraphs(body, rng, 2)
    handle = f"@{rng.choice(['gov_media', 'spokes_office', 'citycouncil'])}"
    tweet = (
        f"<blockquote class='twitter-tweet' data-lang='ar'><p lang='ar' dir='rtl'>{rng.choice(TWEETS)} <a "
        f"href='https://t.co/{rng.getrandbits(30):x}'>pic.twitter.com/{rng.getrandbits(30):x}</a></p>&mdash; "
        f"{rng.choice(fx.WRITERS)} ({handle}) <a href='https://twitter.com/x/status/{rng.getrandbits(60)}'>"
        f"{fx.day(rng)}</a></blockquote><script async src='https://platform.twitter.com/widgets.js'></script>"
    )
    video = (
        f"<div class='video-wrap' style='padding-bottom:56.25%'><iframe width='560' height='315' "
        f"src='https://www.youtube.com/embed/{rng.getrandbits(40):x}' title='YouTube video player' frameborder='0' "
        f"allowfullscreen></iframe></div><p class='video-caption'>▶ شاهد: لقطات من موقع الحدث</p>"
    )
    inserts = dict(zip(spots, (tweet, video)))
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{esc(body.title)} - {site}"
        f"</title></head><body><div class='header'><a href='/'>{site}</a><ul>{fx.nav(rng)}</ul></div><div "
        f"class='content'><h1>{esc(body.title)}</h1>{deck_of(body, '<h2>{}</h2>')}<div class='info'>{fx.day(rng)}"
        f"</div><div class='entry'>{render_blocks(body, inserts=inserts)}</div><div class='tags'>وسوم: "
        f"{' '.join(rng.sample(fx.SECTIONS[1:], 2))}</div></div><div class='latest'><h3>آخر الأخبار</h3><ul>"
        f"{fx.link_list(rng, 5)}</ul></div>{fx.copyright_line(site)}</body></html>"
    )
    return Page(to_bytes(page), body.gold())


UNSEEN3_LAYOUTS = (
    blogger_post,
    ghost_cards,
    agency_wire,
    aside_inside_article,
    numbered_guide,
    interview_inline_questions,
    embeds_tweet_video,
    microdata_ad_slots,
    live_newest_first,
    iso8859_6_tables,
    template_lazy_half,
    reader_opinions_tree,
    print_version,
    title_only_headline,
)
