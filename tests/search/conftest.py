"""Pages for search tests, built the way editors build them: ContentPage and ProjectPage
bodies with anchored sections, published through revisions (so the index is updated by
Wagtail's task mechanism, which runs tasks at once in the test settings)."""

import datetime
import uuid

import pytest
from django.utils import timezone
from wagtail.models import Page

from portal.models import ContentPage, ProjectPage
from tests.conftest import home_page, shared_data


def body(sections):
    blocks = []
    for anchor, heading, text in sections:
        if heading:
            blocks.append(
                {"type": "heading", "value": {"level": "2", "text": heading, "anchor": anchor}}
            )
        blocks.append({"type": "paragraph", "value": f"<p>{text}</p>"})
    return blocks


def publish_page(parent, title, sections=(), intro="", published=None, model=ContentPage, **extra):
    if model is ProjectPage:
        extra.setdefault("implementer", "Национална комисия")
        extra.setdefault("start_date", datetime.date(2025, 1, 1))
    page = model(
        title=title,
        slug=f"p-{uuid.uuid4().hex[:10]}",
        intro=intro,
        body=body(sections),
        **extra,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    if published is not None:
        moment = timezone.make_aware(datetime.datetime.combine(published, datetime.time(12)))
        Page.objects.filter(pk=page.pk).update(first_published_at=moment)
        page.refresh_from_db()
    return page


@pytest.fixture
def make_page(db):
    return publish_page


# The relevance set: pages in both languages; each query's expected top result is the page
# about that subject, while other pages mention the word in passing.
BG_PAGES = [
    (
        "Идентификация на жертви на трафик",
        [
            ("s-signs", "Признаци", "Всяка жертва на трафик има право на закрила и помощ."),
            (
                "s-who",
                "Кой идентифицира",
                "Социалните работници и полицаите разпознават признаците.",
            ),
        ],
    ),
    (
        "Социални услуги за пострадали",
        [
            (
                "s-crisis",
                "Кризисен център",
                "Социалната услуга включва настаняване и консултиране.",
            ),
            ("s-access", "Достъп", "Всяка услуга е безплатна и поверителна."),
        ],
    ),
    (
        "Национален механизъм за насочване",
        [
            ("s-what", "Какво е механизмът", "Механизмът координира институциите и организациите."),
        ],
    ),
    (
        "Роля на полицията",
        [
            ("s-first", "Първи контакт", "Полицаят е често първият, който среща пострадалия."),
            ("s-duty", "Задължения на полицая", "Всеки полицай уведомява комисията без забавяне."),
        ],
    ),
    (
        "Завръщане в страната на произход",
        [("s-return", "Безопасно завръщане", "Завръщането се планира заедно с пострадалия.")],
    ),
]

EN_PAGES = [
    (
        "Identifying victims of trafficking",
        [
            ("s-signs", "Signs", "Every victim of trafficking has a right to protection."),
            ("s-who", "Who identifies", "Social workers and police officers recognise the signs."),
        ],
    ),
    (
        "Social services for survivors",
        [
            ("s-crisis", "Crisis centre", "The social service offers shelter and counselling."),
            ("s-access", "Access", "Every service is free and confidential."),
        ],
    ),
    (
        "The national referral mechanism",
        [("s-what", "What the mechanism is", "The mechanism coordinates the institutions.")],
    ),
    (
        "The role of police officers",
        [
            ("s-first", "First contact", "A police officer is often the first to meet a survivor."),
            ("s-duty", "Duties of officers", "Every officer informs the commission at once."),
        ],
    ),
    (
        "Returning home safely",
        [("s-return", "Safe return", "Returning is planned together with the survivor.")],
    ),
]


def build_corpus():
    pages = {}
    for home, specs in ((home_page("bg"), BG_PAGES), (home_page("en"), EN_PAGES)):
        for title, sections in specs:
            pages[title] = publish_page(home, title, sections)
    return pages


@pytest.fixture(scope="module")
def _corpus_pages(django_db_setup, django_db_blocker):
    """The relevance set, built once for the tests of a module that search it."""
    yield from shared_data(django_db_blocker, build_corpus)


@pytest.fixture
def corpus(_corpus_pages, db, fresh_cache):
    return _corpus_pages
