"""Relevance of search on the demo content: 72 queries (half Bulgarian, half English) of
the kinds people type, with graded judgements written by reading the demo pages.

    .venv/bin/python benchmarks/relevance.py        # a fresh temporary SQLite database
    DATABASE_URL=postgres://…/nrm_bench .venv/bin/python benchmarks/relevance.py

The PostgreSQL database is emptied and migrated first: never point this at real data.
Prints recall@10, MRR, nDCG@10 and the zero-result rate per language and per query kind,
for the portal's search (`run_search`, what the page and the API use) and for a plain
baseline: the words exactly as typed, all required, ranked by the backend. A result list is
the page of results followed by the pages shown in the other language (the fallback), so
a query that should find a page in the other language is scored on that section.

Judgements: 3 the page about the subject, 2 a page with a substantial part on it, 1 a page
that is useful for it. Pages are named "<language>:<path under the home page>", an English
page by the path of its Bulgarian original, so the names do not depend on the slugs.
"""

import math
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/relevance.sqlite3"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from wagtail.models import Locale  # noqa: E402
from wagtail.search.query import And, PlainText  # noqa: E402

from search.normalise import tokens  # noqa: E402
from search.service import SearchParams, base_queryset, run_search  # noqa: E402

B = {  # Bulgarian pages
    "identification": "bg:narachnik/identifikacia-i-zakrila",
    "support": "bg:narachnik/individualna-podkrepa",
    "inclusion": "bg:narachnik/socialno-vklyuchvane",
    "justice": "bg:narachnik/nakazatelno-pravosadie",
    "monitoring": "bg:narachnik/monitoring-i-ocenka",
    "intro": "bg:narachnik/vavedenie",
    "about": "bg:za-nas",
    "project": "bg:proekt",
    "home": "bg:",
    "standard1": "bg:standarti/standart-rabota-s-postradali-v1",
    "standard2": "bg:standarti/standart-rabota-s-postradali-v2",
    "referral": "bg:standarti/pravila-za-nasochvane",
    "guideline": "bg:standarti/nasoki-za-dostavchici",
    "guidance_news": "bg:byuletin/novi-nasoki-identifikaciya",
    "shelter_news": "bg:byuletin/kriziven-priyut-varna",
    "training_news": "bg:byuletin/obuchenie-socialni-rabotnici",
    "transnational": "bg:byuletin/transnacionalno-nasochvane",
    "report": "bg:byuletin/godishen-doklad",
    "issue1": "bg:byuletin/broy-1",
    "issue2": "bg:byuletin/broy-2",
    "border_event": "bg:sybitiya/obuchenie-granica",
    "working_group": "bg:sybitiya/rabotna-grupa",
    "training": "bg:obuchenie",
    "border_module": "bg:obuchenie/identifikacia-granica",
    "indicators": "bg:obuchenie/identifikacia-granica/indikatori",
    "conversation": "bg:obuchenie/identifikacia-granica/parvi-razgovor",
    "trauma_module": "bg:obuchenie/travma-informirana-podkrepa",
    "trauma_memory": "bg:obuchenie/travma-informirana-podkrepa/travma-i-pamet",
    "trauma_principles": "bg:obuchenie/travma-informirana-podkrepa/principi",
    "partners": "bg:partnori",
}
# English pages, named by their Bulgarian original (slugs differ between the languages).
ENGLISH = (
    "about",
    "border_event",
    "border_module",
    "conversation",
    "guidance_news",
    "guideline",
    "home",
    "identification",
    "inclusion",
    "indicators",
    "intro",
    "issue1",
    "issue2",
    "justice",
    "project",
    "referral",
    "report",
    "shelter_news",
    "standard1",
    "standard2",
    "support",
    "training",
    "training_news",
    "transnational",
    "trauma_memory",
    "trauma_module",
)
E = {name: "en:" + B[name].split(":", 1)[1] for name in ENGLISH}

# (language, kind, query, {page: grade})
QUERIES = [
    # Bulgarian: word forms
    (
        "bg",
        "words",
        "индикаторите за трафик",
        {
            B["indicators"]: 3,
            B["identification"]: 3,
            B["guidance_news"]: 2,
            B["border_event"]: 2,
            B["border_module"]: 2,
        },
    ),
    ("bg", "words", "кризисен приют", {B["shelter_news"]: 3, B["issue2"]: 2, B["support"]: 2}),
    ("bg", "words", "социалното включване", {B["inclusion"]: 3}),
    ("bg", "words", "първоначална оценка", {B["standard2"]: 3, B["standard1"]: 3}),
    ("bg", "words", "непридружено дете", {B["referral"]: 3}),
    ("bg", "words", "годишен доклад", {B["report"]: 3, B["monitoring"]: 2}),
    ("bg", "words", "травма и памет", {B["trauma_memory"]: 3, B["trauma_module"]: 2}),
    (
        "bg",
        "words",
        "обучения",
        {B["training_news"]: 3, B["border_event"]: 3, B["training"]: 2, B["project"]: 1},
    ),
    ("bg", "words", "транснационално насочване", {B["transnational"]: 3, B["issue1"]: 2}),
    ("bg", "words", "грижа за екипа", {B["guideline"]: 3}),
    # Bulgarian: project fields and nested activities
    ("bg", "fields", "развитие на човешките ресурси", {B["project"]: 3}),
    ("bg", "fields", "превод на наръчника", {B["project"]: 3}),
    ("bg", "fields", "асоциация на доставчиците", {B["project"]: 3}),
    # Bulgarian: typos
    ("bg", "typo", "обещетение", {B["justice"]: 3}),
    ("bg", "typo", "индикаори", {B["indicators"]: 3, B["identification"]: 3}),
    ("bg", "typo", "транзнационално", {B["transnational"]: 3}),
    ("bg", "typo", "кризисен приут", {B["shelter_news"]: 3, B["issue2"]: 2, B["support"]: 2}),
    # Bulgarian: spelling variants
    ("bg", "variant", "партнёри", {B["partners"]: 3}),
    ("bg", "variant", "сьгласие", {B["standard1"]: 3, B["standard2"]: 3, B["conversation"]: 2}),
    ("bg", "variant", "пьрви разговор", {B["conversation"]: 3, B["border_module"]: 2}),
    # Bulgarian typed in Latin letters
    ("bg", "latin", "obezshtetenie", {B["justice"]: 3}),
    ("bg", "latin", "priut", {B["shelter_news"]: 3, B["issue2"]: 2, B["support"]: 2}),
    ("bg", "latin", "indikatori", {B["indicators"]: 3, B["identification"]: 3}),
    (
        "bg",
        "latin",
        "travma",
        {B["trauma_module"]: 3, B["trauma_memory"]: 3, B["trauma_principles"]: 3},
    ),
    ("bg", "latin", "socialno vklyuchvane", {B["inclusion"]: 3}),
    ("bg", "latin", "gore6ta liniq", {B["issue2"]: 3}),
    # Bulgarian: acronyms and synonyms (the demo's search synonyms)
    ("bg", "synonym", "НМН", {B["about"]: 3, B["intro"]: 3, B["project"]: 2, B["home"]: 1}),
    ("bg", "synonym", "НКБТХ", {B["project"]: 3}),
    ("bg", "synonym", "компенсация", {B["justice"]: 3}),
    ("bg", "synonym", "убежище", {B["shelter_news"]: 3, B["support"]: 2, B["issue2"]: 2}),
    (
        "bg",
        "synonym",
        "разпознаване на жертви",
        {B["identification"]: 3, B["border_module"]: 3, B["guidance_news"]: 2},
    ),
    # Bulgarian: extra or missing words, stop words
    (
        "bg",
        "partial",
        "индикатори за трафик в България",
        {B["indicators"]: 3, B["identification"]: 3},
    ),
    (
        "bg",
        "partial",
        "план за индивидуална подкрепа на пострадалия",
        {B["support"]: 3, B["standard1"]: 2, B["standard2"]: 2, B["training_news"]: 2},
    ),
    ("bg", "partial", "синя стая за разпит на деца", {B["justice"]: 3}),
    # English words on the Bulgarian site: the English pages, labelled
    ("bg", "other language", "shelter", {E["shelter_news"]: 3, E["support"]: 2}),
    ("bg", "other language", "trauma", {E["trauma_module"]: 3, E["trauma_memory"]: 3}),
    # English: word forms
    (
        "en",
        "words",
        "indicators of trafficking",
        {
            E["indicators"]: 3,
            E["identification"]: 3,
            E["guidance_news"]: 2,
            E["border_event"]: 2,
            E["border_module"]: 2,
        },
    ),
    ("en", "words", "crisis shelter", {E["shelter_news"]: 3, E["issue2"]: 2, E["support"]: 2}),
    ("en", "words", "social inclusion", {E["inclusion"]: 3}),
    ("en", "words", "initial assessment", {E["standard2"]: 3, E["standard1"]: 3}),
    ("en", "words", "unaccompanied child", {E["referral"]: 3}),
    ("en", "words", "annual report", {E["report"]: 3}),
    ("en", "words", "trauma and memory", {E["trauma_memory"]: 3, E["trauma_module"]: 2}),
    (
        "en",
        "words",
        "trainings",
        {E["training_news"]: 3, E["border_event"]: 3, E["training"]: 2, E["project"]: 1},
    ),
    ("en", "words", "transnational referral", {E["transnational"]: 3, E["issue1"]: 2}),
    ("en", "words", "caring for the team", {E["guideline"]: 3}),
    # English: project fields and nested activities
    ("en", "fields", "human resources development", {E["project"]: 3}),
    ("en", "fields", "translation of the handbook", {E["project"]: 3}),
    ("en", "fields", "association of service providers", {E["project"]: 3}),
    ("en", "words", "hotline", {E["issue2"]: 3}),
    ("en", "words", "non-punishment", {E["justice"]: 3}),
    ("en", "words", "supervision", {E["guideline"]: 3}),
    # English: American spellings of British words
    ("en", "variant", "counseling", {E["shelter_news"]: 3, E["issue2"]: 2}),
    ("en", "variant", "labor exploitation", {E["report"]: 3, E["identification"]: 2}),
    ("en", "variant", "behavior", {E["trauma_memory"]: 3, E["trauma_module"]: 2}),
    # English: typos
    ("en", "typo", "compensaton", {E["justice"]: 3}),
    (
        "en",
        "typo",
        "traficking indicators",
        {E["indicators"]: 3, E["identification"]: 3, E["guidance_news"]: 2, E["border_event"]: 2},
    ),
    ("en", "typo", "transnatonal", {E["transnational"]: 3}),
    ("en", "typo", "crisis shleter", {E["shelter_news"]: 3, E["issue2"]: 2, E["support"]: 2}),
    ("en", "typo", "reintegation", {E["inclusion"]: 3}),
    # English: acronyms and synonyms
    ("en", "synonym", "NRM", {E["about"]: 3, E["intro"]: 3, E["project"]: 2, E["home"]: 1}),
    ("en", "synonym", "NCCTHB", {E["project"]: 3}),
    ("en", "synonym", "restitution", {E["justice"]: 3}),
    ("en", "synonym", "safe house", {E["shelter_news"]: 3, E["support"]: 2, E["issue2"]: 2}),
    (
        "en",
        "synonym",
        "identifying victims",
        {E["identification"]: 3, E["border_module"]: 3, E["guidance_news"]: 2},
    ),
    ("en", "synonym", "victims", {E["border_module"]: 3, E["conversation"]: 2}),
    # English: extra or missing words, stop words
    (
        "en",
        "partial",
        "indicators of trafficking in Bulgaria",
        {E["indicators"]: 3, E["identification"]: 3},
    ),
    (
        "en",
        "partial",
        "individual support plan for the survivor",
        {E["support"]: 3, E["standard1"]: 2, E["standard2"]: 2, E["training_news"]: 2},
    ),
    ("en", "partial", "blue room interview of children", {E["justice"]: 3}),
    ("en", "partial", "what is the referral mechanism", {E["intro"]: 3, E["about"]: 3}),
    # Bulgarian words on the English site: the Bulgarian pages, labelled
    ("en", "other language", "обезщетение", {B["justice"]: 3}),
    ("en", "other language", "мониторинг", {B["monitoring"]: 3}),
]

CUTOFF = 10


def page_name(page) -> str:
    language = page.locale.language_code
    original = page.get_translation_or_none(Locale.objects.get(language_code="bg")) or page
    path = original.url_path.strip("/").split("/", 1)
    return f"{language}:{path[1] if len(path) > 1 else ''}"


def portal_results(language: str, query: str) -> list[str]:
    locale = Locale.objects.get(language_code=language)
    outcome = run_search(SearchParams.from_data(QueryDict(f"q={query}")), locale)
    hits = outcome.hits[:CUTOFF] + outcome.other_language_hits
    return [page_name(hit.page) for hit in hits]


def baseline_results(language: str, query: str) -> list[str]:
    """The words exactly as typed (lower case), all required."""
    locale = Locale.objects.get(language_code=language)
    words = [PlainText(word.lower()) for word in tokens(query)]
    search_query = And(words) if len(words) > 1 else words[0]
    found = base_queryset(locale, SearchParams()).search(search_query)[:CUTOFF]
    return [page_name(page.specific) for page in found]


def dcg(grades: list[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def scores(results: list[str], judged: dict[str, int]) -> dict[str, float]:
    top = results[:CUTOFF]
    found = [name for name in top if name in judged]
    first = next((rank for rank, name in enumerate(top, 1) if name in judged), None)
    ideal = dcg(sorted(judged.values(), reverse=True)[:CUTOFF])
    return {
        "recall@10": len(set(found)) / len(judged),
        "MRR": 1 / first if first else 0.0,
        "nDCG@10": dcg([judged.get(name, 0) for name in top]) / ideal,
        "zero": float(not results),
    }


def report(title: str, rows: list[tuple[str, str, dict]]):
    groups = defaultdict(list)
    for language, kind, row in rows:
        groups[("all", "")].append(row)
        groups[(language, "")].append(row)
        groups[(language, kind)].append(row)
    print(f"\n{title}")
    print(f"{'group':<28} {'n':>3} {'recall@10':>10} {'MRR':>6} {'nDCG@10':>8} {'zero':>6}")
    for (language, kind), group in sorted(groups.items(), key=lambda item: item[0]):
        means = {name: sum(row[name] for row in group) / len(group) for name in group[0]}
        label = f"{language} {kind}".strip()
        print(
            f"{label:<28} {len(group):>3} {means['recall@10']:>10.2f} {means['MRR']:>6.2f}"
            f" {means['nDCG@10']:>8.2f} {means['zero']:>6.2f}"
        )


def main():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", "--no-admin", stdout=open(os.devnull, "w"))  # noqa: SIM115
    portal, baseline, misses = [], [], []
    for language, kind, query, judged in QUERIES:
        results = portal_results(language, query)
        row = scores(results, judged)
        portal.append((language, kind, row))
        baseline.append((language, kind, scores(baseline_results(language, query), judged)))
        if row["recall@10"] < 1:
            missing = sorted(set(judged) - set(results[:CUTOFF]))
            misses.append(f"  [{language}] {query!r}: missing {', '.join(missing)}")
    languages = {language for language, *_ in QUERIES}
    counts = {language: sum(q[0] == language for q in QUERIES) for language in languages}
    print(f"{len(QUERIES)} queries ({counts}); database: {connection.vendor}")
    report("Portal search", portal)
    report("Baseline: exact words, all required", baseline)
    print("\nQueries whose relevant pages are not all in the first 10:")
    print("\n".join(misses) or "  none")


if __name__ == "__main__":
    main()
