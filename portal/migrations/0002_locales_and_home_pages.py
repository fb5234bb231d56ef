"""Create the Bulgarian and English locales and the two home pages (one translation key),
replacing the placeholder page Wagtail installs, and point the default site at them."""

import uuid

from django.db import migrations
from django.utils import timezone

HOMES = [
    ("bg", "home", "Национален механизъм за насочване",
     "Защита и подкрепа за пострадалите от трафик на хора"),
    ("en", "home-en", "National Referral Mechanism",
     "Protection and support for trafficked persons"),
]


def create_home_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("portal", "HomePage")

    page_type = ContentType.objects.get_for_model(Page)
    Page.objects.filter(depth=2, content_type=page_type).delete()
    root = Page.objects.get(depth=1)
    home_type, _ = ContentType.objects.get_or_create(app_label="portal", model="homepage")
    translation_key = uuid.uuid4()
    now = timezone.now()
    homes = {}
    for index, (language, slug, title, heading) in enumerate(HOMES, start=2):
        locale, _ = Locale.objects.get_or_create(language_code=language)
        homes[language] = HomePage.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=home_type,
            path=f"{root.path}{index:04d}",
            depth=2,
            numchild=0,
            url_path=f"/{slug}/",
            locale=locale,
            translation_key=translation_key,
            live=True,
            first_published_at=now,
            last_published_at=now,
            hero_heading=heading,
        )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=homes["bg"], site_name="NRM Portal",
            is_default_site=True,
        )
    else:
        site.root_page = homes["bg"]
        site.site_name = "NRM Portal"
        site.save()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_pages, migrations.RunPython.noop)]
