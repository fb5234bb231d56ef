"""Demo content of the portal itself: the home page, an "about" page, the NRM project page,
the footer and the organisation's settings. Written for this project."""

import datetime

from wagtail.models import Site

from portal.demo.translation import translate
from portal.models import ContentPage, FooterText, HomePage, OrganisationSettings, ProjectPage

# Days of the calendar, not relative to the day the demo is made (see portal/demo_fixture).
FIXED_DATES = ["portal.ProjectPage.start_date", "portal.ProjectPage.end_date"]


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def build(ctx):
    _footer(ctx)
    _about(ctx)
    _project(ctx)


def finish(ctx):
    """Runs after every app has built its content: fill the home page and link its doors to
    the sections that now exist."""
    home = ctx.bg_home
    sections = [p.specific for p in home.get_children().live().in_menu()]
    if not home.hero_text:
        home.hero_text = (
            "Порталът на Националния механизъм за насочване на жертви на трафик: наръчници, "
            "стандарти, обучения и новини за специалистите, които идентифицират, защитават и "
            "подкрепят пострадалите."
        )
        home.entry_points = [
            ("entry_point", {"page": section, "title": "", "description": _summary(section)})
            for section in sections
        ]
        home.save_revision().publish()
        ctx.log("home page content")
    english_home = ctx.english(home)
    shadow = HomePage(
        title="National Referral Mechanism",
        slug=english_home.slug,
        hero_heading="Protection and support for trafficked persons",
        hero_text=(
            "The portal of the National Referral Mechanism for trafficked persons: handbooks, "
            "standards, training and news for the professionals who identify, protect and "
            "support survivors."
        ),
        entry_points=[
            (
                "entry_point",
                {
                    "page": section,
                    "title": "",
                    "description": _summary(ctx.english(section) or section),
                },
            )
            for section in sections
        ],
    )
    if not english_home.hero_text or len(english_home.entry_points) != len(home.entry_points):
        translate(home, shadow, ctx.en)
        ctx.log("English home page content")


def _summary(page):
    return getattr(page, "intro", "") or getattr(page, "summary", "") or page.search_description


def _footer(ctx):
    footer = ctx.snippet(
        FooterText,
        lookup={},
        bg={
            "organisation_name": "Национална комисия за борба с трафика на хора",
            "address": "бул. „Дондуков“ 52\n1000 София, България",
            "about": _p(
                "Порталът се поддържа от секретариата на Националната комисия за борба с "
                "трафика на хора в рамките на Националния механизъм за насочване."
            ),
        },
        en={
            "organisation_name": "National Commission for Combating Trafficking in Human Beings",
            "address": "52 Dondukov Blvd\n1000 Sofia, Bulgaria",
            "about": _p(
                "The portal is maintained by the secretariat of the National Commission for "
                "Combating Trafficking in Human Beings as part of the National Referral Mechanism."
            ),
        },
    )
    site = Site.objects.get(is_default_site=True)
    settings = OrganisationSettings.for_site(site)
    if settings.footer_id is None:
        settings.footer = footer
        settings.email = "secretariat@nrm.example.bg"
        settings.phone = "+359 2 000 0000"
        settings.hotline = "0800 20 100"
        settings.save()
        ctx.log("organisation settings")


def _about(ctx):
    ctx.page(
        ctx.bg_home,
        ContentPage,
        "za-nas",
        bg={
            "title": "За механизма",
            "show_in_menus": True,
            "intro": "Какво е Националният механизъм за насочване и кой участва в него.",
            "body": [
                ("heading", {"level": "2", "text": "Какво е НМН", "anchor": "kakvo-e"}),
                (
                    "paragraph",
                    _p(
                        "Националният механизъм за насочване (НМН) е рамката за сътрудничество, чрез "
                        "която държавните институции и неправителствените организации изпълняват "
                        "задълженията си за защита и подкрепа на пострадалите от трафик на хора.",
                        "Той определя кой какво прави от първия сигнал до социалното включване и "
                        "достъпа до правосъдие.",
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "key_point",
                        "title": "Правата на човека на първо място",
                        "body": _p(
                            "Всяка стъпка се съобразява с волята и безопасността на пострадалия."
                        ),
                    },
                ),
                ("heading", {"level": "2", "text": "Кой участва", "anchor": "koi-uchastva"}),
                (
                    "table",
                    {
                        "caption": "Основни участници в механизма",
                        "header": ["Участник", "Роля"],
                        "rows": [
                            {"cells": ["Гранична полиция", "Ранна идентификация на границата"]},
                            {"cells": ["Социални служби", "Оценка на нуждите и закрила"]},
                            {
                                "cells": [
                                    "Неправителствени организации",
                                    "Подслон, консултиране, придружаване",
                                ]
                            },
                        ],
                    },
                ),
            ],
        },
        en={
            "title": "About the mechanism",
            "slug": "about",
            "intro": "What the National Referral Mechanism is and who takes part in it.",
            "body": [
                ("heading", {"level": "2", "text": "What the NRM is", "anchor": "kakvo-e"}),
                (
                    "paragraph",
                    _p(
                        "The National Referral Mechanism (NRM) is the framework for co-operation "
                        "through which state institutions and non-governmental organisations fulfil "
                        "their obligations to protect and support trafficked persons.",
                        "It sets out who does what, from the first signal to social inclusion and "
                        "access to justice.",
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "key_point",
                        "title": "Human rights first",
                        "body": _p(
                            "Every step respects the wishes and the safety of the survivor."
                        ),
                    },
                ),
                ("heading", {"level": "2", "text": "Who takes part", "anchor": "koi-uchastva"}),
                (
                    "table",
                    {
                        "caption": "Main participants in the mechanism",
                        "header": ["Participant", "Role"],
                        "rows": [
                            {"cells": ["Border police", "Early identification at the border"]},
                            {"cells": ["Social services", "Needs assessment and protection"]},
                            {
                                "cells": [
                                    "Non-governmental organisations",
                                    "Shelter, counselling, accompaniment",
                                ]
                            },
                        ],
                    },
                ),
            ],
        },
    )


def _project(ctx):
    objectives_bg = [
        (
            "objective",
            {
                "title": "Укрепване на капацитета на институциите",
                "activities": [
                    {
                        "title": "Обучения за специалисти",
                        "description": "",
                        "subactivities": [
                            {
                                "title": "Обучение на гранични полицаи",
                                "description": "",
                                "subactivities": [
                                    {"title": "Модул за идентификация", "description": ""},
                                ],
                            },
                            {
                                "title": "Обучение на социални работници",
                                "description": "",
                                "subactivities": [],
                            },
                        ],
                    },
                    {
                        "title": "Превод и издаване на наръчника на ОССЕ/СДПЧ",
                        "description": "",
                        "subactivities": [],
                    },
                ],
            },
        ),
        (
            "objective",
            {
                "title": "Развитие на стандартите за работа",
                "activities": [
                    {
                        "title": "Актуализиране на стандартите и насоките",
                        "description": "",
                        "subactivities": [],
                    },
                ],
            },
        ),
    ]
    objectives_en = [
        (
            "objective",
            {
                "title": "Strengthening the capacity of institutions",
                "activities": [
                    {
                        "title": "Training for professionals",
                        "description": "",
                        "subactivities": [
                            {
                                "title": "Training of border police officers",
                                "description": "",
                                "subactivities": [
                                    {"title": "Identification module", "description": ""},
                                ],
                            },
                            {
                                "title": "Training of social workers",
                                "description": "",
                                "subactivities": [],
                            },
                        ],
                    },
                    {
                        "title": "Translation and publication of the OSCE/ODIHR handbook",
                        "description": "",
                        "subactivities": [],
                    },
                ],
            },
        ),
        (
            "objective",
            {
                "title": "Developing the standards of work",
                "activities": [
                    {
                        "title": "Updating the standards and guidelines",
                        "description": "",
                        "subactivities": [],
                    },
                ],
            },
        ),
    ]
    shared = {"start_date": datetime.date(2025, 3, 1), "end_date": datetime.date(2027, 2, 28)}
    ctx.page(
        ctx.bg_home,
        ProjectPage,
        "proekt",
        shared=shared,
        bg={
            "title": "Проект „Укрепване на НМН“",
            "show_in_menus": True,
            "intro": "Проектът подкрепя институциите и организациите, които работят с пострадали от трафик.",
            "implementer": "Национална комисия за борба с трафика на хора",
            "partner": "Асоциация на доставчиците на социални услуги",
            "funding": "Програма „Развитие на човешките ресурси“",
            "objectives": objectives_bg,
        },
        en={
            "title": "Project “Strengthening the NRM”",
            "slug": "project",
            "intro": "The project supports the institutions and organisations that work with trafficked persons.",
            "implementer": "National Commission for Combating Trafficking in Human Beings",
            "partner": "Association of Social Service Providers",
            "funding": "Human Resources Development Programme",
            "objectives": objectives_en,
        },
    )
