"""Demo content of the bulletin: topics, news articles, two bulletin issues, events (one a
monthly working group) and registered partner feeds. Written for this project."""

import datetime

from django.utils import timezone

from .models import (
    ArticlePage,
    BulletinIndexPage,
    BulletinIssueItem,
    BulletinIssuePage,
    EventExceptionDate,
    EventIndexPage,
    EventPage,
    PartnerFeed,
    PartnerNewsPage,
    Topic,
)

TOPICS = [
    ("identifikaciya", "Идентификация", "identification", "Identification"),
    ("podkrepa", "Подкрепа за пострадали", "support", "Support for survivors"),
    ("sytrudnichestvo", "Сътрудничество", "co-operation", "Co-operation"),
]

ARTICLES = [
    {
        "slug": "novi-nasoki-identifikaciya",
        "en_slug": "early-identification-at-the-border",
        "topics": ["identifikaciya", "sytrudnichestvo"],
        "days_ago": 6,
        "bg": (
            "Нови насоки за ранна идентификация на границата",
            "Граничните полицаи получават кратък наръчник с индикатори за трафик.",
            "Наръчникът обобщава признаците, които насочват към възможен трафик, и стъпките "
            "за незабавно насочване към социалните служби.",
            "Той е изготвен съвместно от Националната комисия и Главна дирекция „Гранична полиция“.",
        ),
        "en": (
            "New guidance on early identification at the border",
            "Border police officers receive a short handbook of trafficking indicators.",
            "The handbook sums up the signs that point to possible trafficking and the steps "
            "for immediate referral to the social services.",
            "It was prepared jointly by the National Commission and the Border Police.",
        ),
    },
    {
        "slug": "kriziven-priyut-varna",
        "en_slug": "crisis-shelter-varna",
        "topics": ["podkrepa"],
        "days_ago": 20,
        "bg": (
            "Нов кризисен приют във Варна",
            "Приютът предлага настаняване и консултиране до три месеца.",
            "Кризисният приют разполага с осем места и денонощен персонал.",
            "Пострадалите получават психологическа, социална и правна помощ.",
        ),
        "en": (
            "A new crisis shelter in Varna",
            "The shelter offers accommodation and counselling for up to three months.",
            "The crisis shelter has eight places and staff around the clock.",
            "Survivors receive psychological, social and legal assistance.",
        ),
    },
    {
        "slug": "obuchenie-socialni-rabotnici",
        "en_slug": "training-social-workers-plovdiv",
        "topics": ["podkrepa", "identifikaciya"],
        "days_ago": 45,
        "bg": (
            "Обучение за социални работници в Пловдив",
            "Над четиридесет социални работници преминаха двудневно обучение.",
            "Обучението разгледа оценката на риска и плана за индивидуална подкрепа.",
            "Участниците обсъдиха реални казуси от практиката си.",
        ),
        "en": (
            "Training for social workers in Plovdiv",
            "Over forty social workers completed a two-day training course.",
            "The training covered risk assessment and the individual support plan.",
            "Participants discussed real cases from their own practice.",
        ),
    },
    {
        "slug": "transnacionalno-nasochvane",
        "en_slug": "transnational-referral",
        "topics": ["sytrudnichestvo"],
        "days_ago": 80,
        "bg": (
            "Транснационално насочване с Гърция и Румъния",
            "Трите държави договориха общ формуляр за насочване на пострадали.",
            "Формулярът съкращава времето за безопасно завръщане и приемане.",
            "Той ще бъде изпробван през следващите шест месеца.",
        ),
        "en": (
            "Transnational referral with Greece and Romania",
            "The three countries agreed on a common referral form for survivors.",
            "The form shortens the time needed for safe return and reception.",
            "It will be piloted over the next six months.",
        ),
    },
    {
        "slug": "godishen-doklad",
        "en_slug": "annual-report",
        "topics": ["identifikaciya"],
        "days_ago": 400,
        "bg": (
            "Годишен доклад за идентифицираните пострадали",
            "Докладът представя данни за идентифицираните лица и оказаната им помощ.",
            "Най-голям дял имат случаите на трудова експлоатация.",
            "Докладът препоръчва повече обучения за инспекторите по труда.",
        ),
        "en": (
            "Annual report on identified survivors",
            "The report presents data on the persons identified and the help they received.",
            "Labour exploitation accounts for the largest share of cases.",
            "The report recommends more training for labour inspectors.",
        ),
    },
]


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _article_fields(texts, topics):
    title, summary, first, second = texts
    return {"title": title, "summary": summary, "body": [("paragraph", _p(first, second))]}


def build(ctx):
    topics = _topics(ctx)
    news = _news(ctx, topics)
    _issues(ctx, news)
    _events(ctx)
    _partners(ctx)


def _topics(ctx):
    return {
        slug: ctx.snippet(
            Topic, {"slug": slug}, bg={"name": name}, en={"name": en_name, "slug": en_slug}
        )
        for slug, name, en_slug, en_name in TOPICS
    }


def _news(ctx, topics):
    index = ctx.page(
        ctx.bg_home,
        BulletinIndexPage,
        "byuletin",
        bg={
            "title": "Новини и бюлетин",
            "show_in_menus": True,
            "intro": "Новини от механизма и електронният бюлетин на НМН.",
        },
        en={
            "title": "News and bulletin",
            "slug": "bulletin",
            "intro": "News from the mechanism and the NRM electronic bulletin.",
        },
    )
    today = timezone.localdate()
    articles = {}
    for spec in ARTICLES:
        articles[spec["slug"]] = ctx.page(
            index,
            ArticlePage,
            spec["slug"],
            bg=_article_fields(spec["bg"], spec["topics"]),
            en={"slug": spec["en_slug"], **_article_fields(spec["en"], spec["topics"])},
            shared={
                "date": today - datetime.timedelta(days=spec["days_ago"]),
                "author": "Секретариат на НКБТХ",
                "topics": [topics[slug] for slug in spec["topics"]],
            },
        )
    return index, articles


ISSUES = [
    {
        "number": 1,
        "days_ago": 40,
        "articles": ["obuchenie-socialni-rabotnici", "transnacionalno-nasochvane"],
        "bg": (
            "Бюлетин № 1: сътрудничество без граници",
            "В първия брой: обучения и сътрудничество със съседните държави.",
            ("Покана за доклади", "Приемаме предложения за следващия брой до края на месеца."),
        ),
        "en": (
            "Bulletin No. 1: co-operation across borders",
            "In the first issue: training and co-operation with neighbouring countries.",
            (
                "Call for contributions",
                "Send proposals for the next issue by the end of the month.",
            ),
        ),
    },
    {
        "number": 2,
        "days_ago": 3,
        "articles": ["novi-nasoki-identifikaciya", "kriziven-priyut-varna"],
        "bg": (
            "Бюлетин № 2: по-ранна идентификация",
            "Във втория брой: нови насоки за границата и нов приют във Варна.",
            ("Гореща линия", "Националната гореща линия 0800 20 100 работи денонощно."),
        ),
        "en": (
            "Bulletin No. 2: earlier identification",
            "In the second issue: new guidance for the border and a new shelter in Varna.",
            ("Hotline", "The national hotline 0800 20 100 is open around the clock."),
        ),
    },
]


def _issue_items(articles, short, keys=None):
    items = [
        BulletinIssueItem(article=article, sort_order=position)
        for position, article in enumerate(articles)
    ]
    items.append(BulletinIssueItem(title=short[0], summary=short[1], sort_order=len(items)))
    for item, key in zip(items, keys or [], strict=False):
        item.translation_key = key
    return items


def _issues(ctx, news):
    index, articles = news
    today = timezone.localdate()
    for spec in ISSUES:
        slug = f"broy-{spec['number']}"
        chosen = [articles[slug_] for slug_ in spec["articles"]]
        title, editorial, short = spec["bg"]
        shared = {
            "number": spec["number"],
            "issue_date": today - datetime.timedelta(days=spec["days_ago"]),
        }
        issue = ctx.page(
            index,
            BulletinIssuePage,
            slug,
            bg={"title": title, "editorial": _p(editorial), "items": _issue_items(chosen, short)},
            shared=shared,
        )
        # The English items line up with the Bulletin ones through their translation keys.
        keys = [item.translation_key for item in issue.items.all()]
        title, editorial, short = spec["en"]
        ctx.page(
            index,
            BulletinIssuePage,
            slug,
            bg={},
            en={
                "title": title,
                "slug": f"issue-{spec['number']}",
                "editorial": _p(editorial),
                "items": _issue_items(chosen, short, keys),
            },
            shared=shared,
        )


def _events(ctx):
    index = ctx.page(
        ctx.bg_home,
        EventIndexPage,
        "sybitiya",
        bg={
            "title": "Събития",
            "show_in_menus": True,
            "intro": "Обучения, срещи и конференции на механизма. Добавете ги в календара си.",
        },
        en={
            "title": "Events",
            "slug": "events",
            "intro": "Training, meetings and conferences of the mechanism. Add them to your calendar.",
        },
    )
    today = timezone.localdate()
    three_months_ago = (today.replace(day=1) - datetime.timedelta(days=80)).replace(day=10)
    events = [
        (
            "rabotna-grupa",
            "referral-working-group",
            {
                "title": "Работна група по насочване",
                "intro": "Месечна среща на координаторите от институциите и НПО.",
                "venue": "НКБТХ, бул. „Дондуков“ 52, София",
                "organiser": "Секретариат на НКБТХ",
                "registration_instructions": "Само за членове на работната група.",
            },
            {
                "title": "Referral working group",
                "intro": "Monthly meeting of the co-ordinators from institutions and NGOs.",
                "venue": "NCCTHB, 52 Dondukov Blvd, Sofia",
                "organiser": "NCCTHB secretariat",
                "registration_instructions": "For members of the working group only.",
            },
            {
                "start_date": three_months_ago,
                "start_time": datetime.time(10, 0),
                "end_time": datetime.time(12, 0),
                "audience": "professionals",
                "frequency": "MONTHLY",
                "online_url": "https://meet.nrm.example.bg/working-group",
            },
        ),
        (
            "konferenciya-18-oktomvri",
            "national-conference",
            {
                "title": "Национална конференция за Европейския ден за борба с трафика",
                "intro": "Годишна конференция с участието на институции, НПО и пострадали.",
                "venue": "НДК, зала 6, София",
                "organiser": "Национална комисия за борба с трафика на хора",
                "registration_instructions": "Регистрацията е задължителна; местата са ограничени.",
            },
            {
                "title": "National conference for the EU Anti-Trafficking Day",
                "intro": "Annual conference with institutions, NGOs and survivors taking part.",
                "venue": "NDK, Hall 6, Sofia",
                "organiser": "National Commission for Combating Trafficking in Human Beings",
                "registration_instructions": "Registration is required; places are limited.",
            },
            {
                "start_date": today + datetime.timedelta(days=30),
                "end_date": today + datetime.timedelta(days=31),
                "all_day": True,
                "audience": "everyone",
                "registration_url": "https://nrm.example.bg/register",
            },
        ),
        (
            "obuchenie-granica",
            "border-police-training-vidin",
            {
                "title": "Обучение за гранична полиция, Видин",
                "intro": "Практическо обучение по индикатори за трафик на гранични пунктове.",
                "venue": "РДГП Видин",
                "organiser": "Гранична полиция и НКБТХ",
                "registration_instructions": "Участниците се определят от ръководството.",
            },
            {
                "title": "Training for border police, Vidin",
                "intro": "Hands-on training on trafficking indicators at border crossings.",
                "venue": "Vidin Regional Border Police Directorate",
                "organiser": "Border Police and NCCTHB",
                "registration_instructions": "Participants are nominated by their management.",
            },
            {
                "start_date": today - datetime.timedelta(days=60),
                "start_time": datetime.time(9, 30),
                "end_time": datetime.time(17, 0),
                "audience": "law-enforcement",
            },
        ),
    ]
    for slug, en_slug, bg, en, shared in events:
        event = ctx.page(index, EventPage, slug, bg=bg, en={"slug": en_slug, **en}, shared=shared)
        if slug == "rabotna-grupa" and not event.exceptions.exists():
            # The working group does not meet in August.
            august = datetime.date(today.year, 8, 10)
            EventExceptionDate.objects.create(event=event, date=august)


def _partners(ctx):
    ctx.page(
        ctx.bg_home,
        PartnerNewsPage,
        "partnori",
        bg={
            "title": "Новини от партньори",
            "show_in_menus": True,
            "intro": "Новини от партньорските организации, с връзка към източника.",
        },
        en={
            "title": "Partner news",
            "slug": "partner-news",
            "intro": "News from partner organisations, linked to the source.",
        },
    )
    # Registered but inactive: an operator points them at the real addresses and
    # activates them (the demo never goes on the internet).
    for name, url, language in [
        ("Фондация „Асоциация Анимус“", "http://127.0.0.1:8000/demo-partner/animus.xml", "bg"),
        ("La Strada International", "http://127.0.0.1:8000/demo-partner/lsi.xml", "en"),
    ]:
        if not PartnerFeed.objects.filter(url=url, language=language).exists():
            PartnerFeed.objects.create(name=name, url=url, language=language, active=False)
            ctx.log(f"partner feed {name}")
