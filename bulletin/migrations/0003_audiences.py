# Events take their audience from the portal's one vocabulary (portal.audience).

from django.db import migrations

import portal.audience

FORMER = {
    "everyone": "everyone",
    "professionals": "professionals",
    "social-workers": "social-services",
    "law-enforcement": "police",
    "ngos": "ngos",
}


def to_codes(values):
    code = FORMER.get(values.get("audience") or "")
    return [code] if code else []


def fill_audiences(apps, schema_editor):
    portal.audience.rewrite_audiences(apps, "bulletin", "EventPage", ['audience'], to_codes)


class Migration(migrations.Migration):
    dependencies = [
        ("bulletin", "0002_issue_number_suggested"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventpage",
            name="audiences",
            field=portal.audience.AudiencesField(blank=True, default=list, help_text='Who this is written for.', max_length=200, verbose_name='for'),
        ),
        # Going back leaves the former field at its default: the mapping loses nothing forward.
        migrations.RunPython(fill_audiences, migrations.RunPython.noop),
        migrations.RemoveField(model_name='eventpage', name='audience'),
    ]
