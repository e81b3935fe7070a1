"""A second held-out set of layouts, written by an independent tester who never read cleaners/ or its rules.

Each layout copies how a family of real Arabic news sites is built (a WordPress theme, a Drupal node, a
Next.js page, AMP, an ASP.NET WebForms page, a Joomla paginated article, a 2000s <font> page...) with
furniture of its own (tests/layouts/unseen2_furniture.py). All are held out (see part_of): their scores are
read only as held-out figures, never used to tune a rule.

Gold conventions, as in the first sets: headline, deck, body blocks; captions, bylines, bios, dates and
counters are not article text. Content a layout adds is in the gold too: the rows of a results table
inside the body. A paginated article's page 1 holds only the blocks printed on it.
"""

from __future__ import annotations

import json
import random

from tests.layouts import unseen2_furniture as fx
from tests.layouts.render import Body, Page, esc, positions, to_bytes
from tests.layouts.unseen2_furniture import blocks, deck, split_at
from tests.layouts.unseen2_more import (
    aspnet_span_br,
    joomla_paginated,
    legacy_font_cp1256,
    opinion_column,
    photo_story,
    portal_widgets,
    results_table,
)

SUBTITLE_FIELD = "<div class='field field--name-field-subtitle field--type-string field__item'>{}</div>"


def wordpress_entry(body: Body, rng: random.Random) -> Page:
    """A WordPress theme: entry-content with two inline related-post shortcodes, post navigation, a comment
    list whose title repeats the headline, a reply form and a widget sidebar."""
    site, pid = "صحيفة الأفق", rng.randint(1000, 99999)
    spots = positions(body, rng, 2)
    related = {
        spots[0]: (
            f"<div class='irp-box irp-{rng.getrandbits(16):x}'><div class='irp-cta'>مواضيع قد تهمك"
            f"</div><a class='irp-link' href='/{pid - 3}/'>{fx.teaser_list(rng, 1)[0]}</a></div>"
        )
    }
    if len(spots) > 1:
        related[spots[1]] = (
            f"<p class='rpt-inline'><strong>ذات علاقة: </strong><a href='/{pid - 9}/'>"
            f"{fx.teaser_list(rng, 1)[0]}</a></p>"
        )
    comments = "".join(
        f"<li id='comment-{n}' class='comment even depth-1'><article class='comment-body'><footer class='comment-meta'>"
        f"<div class='comment-author vcard'><img class='avatar' src='/av.png' alt=''><b class='fn'>{who}</b> "
        f"<span class='says'>قال:</span></div><div class='comment-metadata'><a href='#comment-{n}'><time>{when} في "
        f"{fx.clock(rng)}</time></a></div></footer><div class='comment-content'><p>{what}</p></div><div class='reply'>"
        f"<a class='comment-reply-link' href='#respond'>الرد</a></div></article></li>"
        for n, (who, when, what) in enumerate(fx.comment_items(rng, rng.randint(2, 4)))
    )
    recent = "".join(f"<li><a href='/{pid - n}/'>{t}</a></li>" for n, t in enumerate(fx.teaser_list(rng, 5)))
    page = (
        f"<!DOCTYPE html><html dir='rtl' lang='ar'><head><meta charset='UTF-8'><title>{esc(body.title)} &#8211; {site}"
        f"</title><link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/style.min.css' media='all'>"
        f"<meta name='generator' content='WordPress 6.4.3'></head><body class='post-template-default single "
        f"single-post postid-{pid} rtl'><div id='page' class='site'><a class='skip-link screen-reader-text' "
        f"href='#primary'>تخطي إلى المحتوى</a><header id='masthead' class='site-header'><div class='site-branding'>"
        f"<p class='site-title'><a href='/' rel='home'>{site}</a></p><p class='site-description'>أخبار العالم بعيون "
        f"عربية</p></div><nav id='site-navigation' class='main-navigation'><button class='menu-toggle'>القائمة"
        f"</button><ul id='primary-menu' class='menu'>{fx.menu_items(rng, '/category/')}</ul></nav></header>"
        f"<div id='content' class='site-content'><main id='primary' class='site-main'><article id='post-{pid}' "
        f"class='post-{pid} post type-post status-publish format-standard has-post-thumbnail hentry'>"
        f"<header class='entry-header'><h1 class='entry-title'>{esc(body.title)}</h1><div class='entry-meta'>"
        f"<span class='posted-on'>نُشر في <a href='/{pid}/' rel='bookmark'><time class='entry-date published'>"
        f"{fx.arabic_date(rng)}</time></a></span><span class='byline'> بواسطة <span class='author vcard'><a class='url "
        f"fn n' href='/author/{pid % 7}/'>{rng.choice(fx.PEOPLE)}</a></span></span></div></header><div "
        f"class='post-thumbnail'><img src='/wp-content/uploads/cover.jpg' class='wp-post-image' alt=''></div>"
        f"<div class='entry-content'>{deck(body, '<p class=has-medium-font-size><strong>{}</strong></p>')}"
        f"{blocks(body, sub='<h2 class=wp-block-heading>{}</h2>', inserts=related)}</div><footer class='entry-footer'>"
        f"<span class='cat-links'>نُشرت في <a href='/category/2/' rel='category tag'>{fx.MENU[2]}</a></span> "
        f"<span class='tags-links'>موسومة <a href='/tag/a/' rel='tag'>{fx.MENU[3]}</a>، <a href='/tag/b/' rel='tag'>"
        f"{fx.MENU[5]}</a></span></footer></article><nav class='navigation post-navigation' aria-label='مقالات'><h2 "
        f"class='screen-reader-text'>تصفح المقالات</h2><div class='nav-links'><div class='nav-previous'>"
        f"<a href='/{pid - 1}/' rel='prev'><span class='nav-subtitle'>السابق:</span> <span class='nav-title'>{fx.TEASER_TITLES[0]}</span></a>"
        f"</div><div class='nav-next'><a href='/{pid + 1}/' rel='next'><span class='nav-subtitle'>التالي:</span> <span "
        f"class='nav-title'>{fx.TEASER_TITLES[1]}</span></a></div></div></nav><div id='comments' class='comments-area'>"
        f"<h2 class='comments-title'>تعليقات على &ldquo;{esc(body.title)}&rdquo;</h2><ol class='comment-list'>{comments}"
        f"</ol><div id='respond' class='comment-respond'><h3 id='reply-title' class='comment-reply-title'>اترك تعليقاً"
        f"</h3><form action='/wp-comments-post.php' method='post' class='comment-form'><p class='comment-notes'>"
        f"<span id='email-notes'>لن يتم نشر عنوان بريدك الإلكتروني.</span> الحقول الإلزامية مشار إليها بـ <span "
        f"class='required'>*</span></p><p class='comment-form-comment'><label for='comment'>التعليق</label><textarea "
        f"id='comment' name='comment'></textarea></p><p class='form-submit'><input name='submit' type='submit' "
        f"value='إرسال التعليق'></p></form></div></div></main><aside id='secondary' class='widget-area'><section "
        f"class='widget widget_search'><form role='search'><label><span class='screen-reader-text'>البحث عن:</span>"
        f"<input type='search' placeholder='بحث &hellip;'></label></form></section><section class='widget "
        f"widget_recent_entries'><h2 class='widget-title'>أحدث المقالات</h2><ul>{recent}</ul></section></aside></div>"
        f"<footer id='colophon' class='site-footer'><div class='site-info'>مدعوم بواسطة ووردبريس | قالب الأفق "
        f"الإخباري</div></footer></div></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def drupal_views(body: Body, rng: random.Random) -> Page:
    """A Drupal node: field--name-body, a subtitle field, tags above-label, and a views block of teaser rows
    (title, 30-50 word excerpt, date) with a pager right after the node; a most-viewed views block aside."""
    site, nid = "بوابة المدى", rng.randint(10000, 99999)
    rows = "".join(
        f"<div class='views-row'><div class='views-field views-field-title'><span class='field-content'><a href="
        f"'/node/{nid - n - 1}' hreflang='ar'>{title}</a></span></div><div class='views-field views-field-body'><div "
        f"class='field-content'><p>{rng.choice(fx.TEASER_EXCERPTS)}</p></div></div><div class='views-field "
        f"views-field-created'><span class='field-content'>{fx.arabic_date(rng)}</span></div></div>"
        for n, title in enumerate(fx.teaser_list(rng, rng.randint(3, 5)))
    )
    viewed = "".join(
        f"<div class='views-row'><span class='field-content'><a href='/node/{nid + n}'>{title}</a></span></div>"
        for n, title in enumerate(fx.teaser_list(rng, 6))
    )
    tags = "".join(
        f"<div class='field__item'><a href='/taxonomy/term/{n}' hreflang='ar'>{name}</a></div>"
        for n, name in enumerate(rng.sample(fx.MENU[1:8], 3))
    )
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><meta name='Generator' content='Drupal 10 "
        f"(https://www.drupal.org)'><title>{esc(body.title)} | {site}</title></head><body class='path-node "
        f"page-node-type-article'><a href='#main-content' class='visually-hidden focusable skip-link'>انتقل إلى المحتوى "
        f"الرئيسي</a><div class='dialog-off-canvas-main-canvas'><div class='layout-container'><header role='banner'><div "
        f"class='region region-header'><div class='block block-system block-system-branding-block'><a href='/' "
        f"rel='home'><img src='/logo.svg' alt='الرئيسية'></a><div class='site-name'><a href='/'>{site}</a></div></div>"
        f"</div><nav role='navigation' class='block block-menu navigation menu--main'><ul class='menu'>"
        f"{fx.menu_items(rng, '/taxonomy/term/')}</ul></nav></header><div class='region region-breadcrumb'><nav "
        f"class='breadcrumb' role='navigation'><h2 class='visually-hidden'>مسار التصفح</h2><ol><li><a href='/'>الرئيسية"
        f"</a></li><li><a href='/politics'>{fx.MENU[1]}</a></li></ol></nav></div><main role='main'><a id='main-content' "
        f"tabindex='-1'></a><div class='layout-content'><div class='region region-content'><div class='block "
        f"block-core block-page-title-block'><h1 class='page-title'><span class='field field--name-title "
        f"field--type-string field--label-hidden'>{esc(body.title)}</span></h1></div><div class='block block-system "
        f"block-system-main-block'><article role='article' about='/node/{nid}' class='node node--type-article "
        f"node--view-mode-full'><div class='node__meta'><span>بقلم <a href='/user/{nid % 50}'>{rng.choice(fx.PEOPLE)}"
        f"</a></span> <span>{fx.arabic_date(rng)}</span></div><div class='node__content'>"
        f"{deck(body, SUBTITLE_FIELD)}"
        f"<div class='field field--name-field-image field__item'><img src='/sites/default/files/main.jpg' alt=''></div>"
        f"<div class='clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden "
        f"field__item'>{blocks(body, sub='<h3>{}</h3>')}</div><div class='field field--name-field-tags "
        f"field--label-above'><div class='field__label'>الوسوم</div><div class='field__items'>{tags}</div></div></div>"
        f"</article></div><div class='views-element-container block block-views block-views-blockrelated-news-block-1'>"
        f"<h2>من القسم نفسه</h2><div class='view view-related-news view-id-related_news js-view-dom-id-"
        f"{rng.getrandbits(64):x}'><div class='view-content'>{rows}</div><nav class='pager' role='navigation'><ul "
        f"class='pager__items js-pager__items'><li class='pager__item'><a href='?page=1' rel='next'><span "
        f"class='visually-hidden'>الصفحة التالية</span><span aria-hidden='true'>المزيد ››</span></a></li></ul></nav></div>"
        f"</div></div></div><aside class='layout-sidebar-second' role='complementary'><div class='views-element-container "
        f"block block-views'><h2>الأكثر مشاهدة</h2><div class='view view-most-viewed'><div class='view-content'>"
        f"{viewed}</div></div></div></aside></main><footer role='contentinfo'><div class='region region-footer'>"
        f"<p>{site} — جميع المواد المنشورة محمية بموجب قوانين الملكية الفكرية</p></div></footer></div></div></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def next_data_shell(body: Body, rng: random.Random) -> Page:
    """A Next.js page rendered as a shell: headline, deck and byline on the page, the body only as HTML inside
    the __NEXT_DATA__ JSON (client-rendered); related cards with excerpts and a most-read list are rendered."""
    cm = lambda name: fx.css_module(rng, name)  # noqa: E731
    slug = f"{rng.getrandbits(40):x}"
    related = [
        {"title": t, "excerpt": rng.choice(fx.TEASER_EXCERPTS), "slug": f"{rng.getrandbits(32):x}"}
        for t in fx.teaser_list(rng, 3)
    ]
    most_read = fx.teaser_list(rng, 5)
    content = "".join(f"<h2>{esc(t)}</h2>" if k == "sub" else f"<p>{esc(t)}</p>" for k, t in body.blocks)
    data = {
        "props": {
            "pageProps": {
                "article": {
                    "id": slug,
                    "title": body.title,
                    "subtitle": body.deck,
                    "content": content,
                    "author": {"name": rng.choice(fx.PEOPLE)},
                    "section": fx.MENU[1],
                    "publishedAt": "2024-05-02T08:30:00Z",
                },
                "related": related,
                "mostRead": most_read,
            },
            "__N_SSG": True,
        },
        "page": "/[section]/[slug]",
        "query": {"section": "news", "slug": slug},
        "buildId": f"{rng.getrandbits(48):x}",
        "isFallback": False,
        "gsp": True,
        "scriptLoader": [],
    }
    script_json = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    cards = "".join(
        f"<a class='{cm('Card_card')}' href='/news/{r['slug']}'><img src='/c.jpg' alt=''><h3 "
        f"class='{cm('Card_title')}'>{r['title']}</h3><p class='{cm('Card_excerpt')}'>{r['excerpt']}</p></a>"
        for r in related
    )
    ranked = "".join(
        f"<li class='{cm('MostRead_item')}'><span>{n + 1}</span><a href='/news/{n}'>{t}</a></li>"
        for n, t in enumerate(most_read)
    )
    skeleton = "".join(
        f"<div class='{cm('Skeleton_line')}' style='width:{rng.randint(60, 100)}%'></div>" for _ in range(6)
    )
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charSet='utf-8'><title>{esc(body.title)} - شبكة النبأ"
        f"</title><meta name='description' content='{esc(body.deck or body.title)}'><link rel='preload' "
        f"href='/_next/static/css/{slug}.css' as='style'></head><body><div id='__next'><div class='{cm('Layout_root')}'>"
        f"<header class='{cm('Header_bar')}'><a href='/' class='{cm('Header_logo')}'>شبكة النبأ</a><nav><ul>"
        f"{fx.menu_items(rng)}</ul></nav><button class='{cm('Header_search')}' aria-label='بحث'></button></header><main "
        f"class='{cm('Article_main')}'><div class='{cm('Article_section')}'><a href='/news'>{fx.MENU[1]}</a></div><h1 "
        f"class='{cm('Article_title')}'>{esc(body.title)}</h1>{deck(body, '<p class=' + cm('Article_lead') + '>{}</p>')}"
        f"<div class='{cm('Byline_row')}'><span>{data['props']['pageProps']['article']['author']['name']}</span><time>"
        f"{fx.arabic_date(rng)}</time></div><div class='{cm('ArticleBody_body')}' aria-busy='true'>{skeleton}</div>"
        f"<section class='{cm('Related_grid')}'><h2>اقرأ في الشبكة</h2>{cards}</section></main><aside "
        f"class='{cm('MostRead_box')}'><h2>الأكثر قراءة</h2><ol>{ranked}</ol></aside><footer class='{cm('Footer_root')}'>"
        f"<p>© شبكة النبأ للإعلام</p></footer></div></div><script id='__NEXT_DATA__' type='application/json'>"
        f"{script_json}</script><script src='/_next/static/chunks/main.js' "
        f"defer></script></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def amp_carousel_share(body: Body, rng: random.Random) -> Page:
    """An AMP article: amp-sidebar menu, a captioned amp-carousel gallery after the first paragraph, an
    amp-youtube embed, amp-social-share rows, an amp-accordion of section links, amp-analytics JSON."""
    site = "الرصيف نيوز"
    count = rng.randint(3, 5)
    slides = "".join(
        f"<figure><amp-img src='/g/{n}.jpg' width='1200' height='675' layout='responsive' alt=''></amp-img>"
        f"<figcaption>صورة {n + 1} من {count}: جانب من المكان خلال الأيام الماضية (حقوق الصورة محفوظة "
        f"لـ{site})</figcaption></figure>"
        for n in range(count)
    )
    embeds = {
        1: f"<amp-carousel type='slides' layout='responsive' width='16' height='9' controls loop>{slides}"
        f"</amp-carousel>"
    }
    mid = positions(body, rng, 1)
    if mid and mid[0] != 1:
        embeds[mid[0]] = (
            f"<amp-youtube data-videoid='{rng.getrandbits(40):x}' layout='responsive' width='480' "
            f"height='270'></amp-youtube><p class='video-note'>شاهد الفيديو</p>"
        )
    share = "".join(
        f"<amp-social-share type='{kind}' width='36' height='36'></amp-social-share>"
        for kind in ("facebook", "twitter", "whatsapp", "email")
    )
    links = "".join(f"<li><a href='/amp/{n}'>{t}</a></li>" for n, t in enumerate(fx.teaser_list(rng, 4)))
    analytics = json.dumps({"vars": {"gtag_id": "G-X1", "config": {"G-X1": {"groups": "default"}}}})
    page = (
        f"<!doctype html><html ⚡ lang='ar' dir='rtl'><head><meta charset='utf-8'><script async src='/v0.js'></script>"
        f"<script async custom-element='amp-carousel' src='/v0/amp-carousel-0.2.js'></script><title>{esc(body.title)}"
        f"</title><link rel='canonical' href='/news/{rng.randint(1, 9999)}'><meta name='viewport' "
        f"content='width=device-width'><style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 "
        f"normal both}}</style><noscript><style amp-boilerplate>body{{-webkit-animation:none}}</style></noscript>"
        f"<style amp-custom>.amp-title{{font-size:26px}}</style></head><body><amp-sidebar id='nav' layout='nodisplay' "
        f"side='right'><ul>{fx.menu_items(rng, '/amp/section/')}</ul></amp-sidebar><header class='amp-header'><button "
        f"on='tap:nav.toggle'>☰</button><a href='/'><amp-img src='/logo.png' width='120' height='40' alt='{site}'>"
        f"</amp-img></a></header><main><article class='amp-article'><div class='amp-category'><a href='/amp/section/2'>"
        f"{fx.MENU[2]}</a></div><h1 class='amp-title'>{esc(body.title)}</h1>{deck(body, '<h2 class=amp-excerpt>{}</h2>')}"
        f"<div class='amp-byline'><span>{rng.choice(fx.PEOPLE)}</span> <time>{fx.arabic_date(rng)}</time></div><div "
        f"class='amp-share-top'>{share}</div><div class='amp-content'>{blocks(body, sub='<h3>{}</h3>', inserts=embeds)}"
        f"</div><div class='amp-share-bottom'><span>شارك الخبر</span>{share}</div></article><amp-accordion><section>"
        f"<h4>المزيد من {fx.MENU[2]}</h4><ul>{links}</ul></section></amp-accordion></main><amp-analytics type='gtag'>"
        f"<script type='application/json'>{analytics}</script></amp-analytics><footer class='amp-footer'><a href='/'>"
        f"النسخة الكاملة من الموقع</a> | <a href='#top'>العودة للأعلى</a><p>{site} ©</p></footer></body></html>"
    )
    return Page(to_bytes(page), body.gold())


def newsletter_split(body: Body, rng: random.Random) -> Page:
    """Utility-class (Tailwind) markup; the body split in two halves by a newsletter sign-up form inside the
    same prose container; reading time, a copy-link share row and a card grid after."""
    cut = split_at(body)
    cards = "".join(
        f"<a href='/story/{n}' class='block rounded-lg shadow-sm hover:shadow-md'><img class='aspect-video "
        f"w-full object-cover' src='/s/{n}.jpg' alt=''><div class='p-3'><span class='text-xs text-red-600'>"
        f"{rng.choice(fx.MENU[1:7])}</span><h3 class='mt-1 font-semibold'>{t}</h3><span class='text-xs "
        f"text-gray-400'>منذ {rng.randint(2, 11)} ساعات</span></div></a>"
        for n, t in enumerate(fx.teaser_list(rng, 3))
    )
    para, sub = "<p class='mb-5 leading-8'>{}</p>", "<h2 class='mt-8 text-2xl font-bold'>{}</h2>"
    lead = "<p class='mt-3 text-xl text-gray-600'>{}</p>"
    page = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl' class='scroll-smooth'><head><meta charset='utf-8'><title>"
        f"{esc(body.title)} — منصة سطور</title></head><body class='bg-white text-gray-900'><header class='sticky top-0 "
        f"z-50 border-b bg-white'><div class='container mx-auto flex items-center justify-between px-4 py-3'><a "
        f"href='/' class='text-2xl font-black'>سطور</a><ul class='hidden gap-6 md:flex'>{fx.menu_items(rng)}</ul><a "
        f"href='/subscribe' class='rounded bg-red-600 px-3 py-1 text-white'>اشترك</a></div></header><article "
        f"class='mx-auto max-w-3xl px-4 py-8'><nav aria-label='breadcrumb' class='text-sm text-gray-500'><a "
        f"href='/'>سطور</a> / <a href='/c/1'>{fx.MENU[1]}</a></nav><h1 class='mt-2 text-3xl font-bold leading-tight'>"
        f"{esc(body.title)}</h1>{deck(body, lead)}<div class='mt-4 flex "
        f"items-center gap-2 text-sm text-gray-500'><img class='h-8 w-8 rounded-full' src='/w.jpg' alt=''><span>"
        f"{rng.choice(fx.PEOPLE)}</span><span>·</span><time>{fx.arabic_date(rng)}</time><span>·</span><span>وقت "
        f"القراءة {rng.randint(3, 7)} دقائق</span></div><div class='prose prose-lg mt-6 max-w-none'>"
        f"{blocks(body, para, sub, stop=cut)}{fx.newsletter_form(rng)}"
        f"{blocks(body, para, sub, start=cut)}</div><div class='mt-8 flex "
        f"gap-3 border-t pt-4'><button class='rounded border px-3 py-1'>انسخ الرابط</button><a href='#x'>إكس</a><a "
        f"href='#f'>فيسبوك</a><a href='#tg'>تيليغرام</a></div></article><section class='bg-gray-50 py-10'><div "
        f"class='mx-auto max-w-5xl px-4'><h2 class='mb-4 text-xl font-bold'>قد يعجبك أيضاً</h2><div class='grid "
        f"grid-cols-1 gap-4 md:grid-cols-3'>{cards}</div></div></section>{fx.site_footer_sitemap(rng, 'منصة سطور')}"
        f"</body></html>"
    )
    return Page(to_bytes(page), body.gold())


UNSEEN2_LAYOUTS = (
    wordpress_entry,
    drupal_views,
    next_data_shell,
    amp_carousel_share,
    newsletter_split,
    joomla_paginated,
    opinion_column,
    aspnet_span_br,
    photo_story,
    portal_widgets,
    legacy_font_cp1256,
    results_table,
)
