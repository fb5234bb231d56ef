# Guidance documents take their audiences from the portal's one vocabulary (portal.audience).

from django.db import migrations

import portal.audience

FORMER = {
    "audience_police": "police",
    "audience_social": "social-services",
    "audience_health": "health",
    "audience_ngo": "ngos",
    "audience_judiciary": "judiciary",
}


def to_codes(values):
    return [code for field, code in FORMER.items() if values.get(field) in (True, "True")]


def fill_audiences(apps, schema_editor):
    portal.audience.rewrite_audiences(apps, "handbook", "GuidanceDocumentPage", ['audience_police', 'audience_social', 'audience_health', 'audience_ngo', 'audience_judiciary'], to_codes)


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0003_word_imports"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="guidancedocumentpage",
            name="audiences",
            field=portal.audience.AudiencesField(blank=True, default=list, help_text='Who this is written for.', max_length=200, verbose_name='for'),
        ),
        # Going back leaves the former fields at their defaults.
        migrations.RunPython(fill_audiences, migrations.RunPython.noop),
        migrations.RemoveField(model_name='guidancedocumentpage', name='audience_police'),
        migrations.RemoveField(model_name='guidancedocumentpage', name='audience_social'),
        migrations.RemoveField(model_name='guidancedocumentpage', name='audience_health'),
        migrations.RemoveField(model_name='guidancedocumentpage', name='audience_ngo'),
        migrations.RemoveField(model_name='guidancedocumentpage', name='audience_judiciary'),
    ]
