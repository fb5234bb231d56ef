# Training modules name their audience from the portal's one vocabulary (portal.audience)
# instead of free text; the text is read for the words that name an audience.

from django.db import migrations

import portal.audience

WORDS = {
    "police": ("полиц", "police", "border", "гранич", "law enforcement"),
    "social-services": ("социал", "social"),
    "health": ("здрав", "медиц", "health", "medical"),
    "ngos": ("неправителств", "нпо", "ngo", "non-governmental"),
    "judiciary": ("съд", "прокур", "court", "judge", "prosecut"),
}


def to_codes(values):
    text = (values.get("audience") or "").lower()
    codes = [code for code, words in WORDS.items() if any(word in text for word in words)]
    return codes or (["professionals"] if text else [])


def fill_audiences(apps, schema_editor):
    portal.audience.rewrite_audiences(apps, "training", "TrainingModulePage", ['audience'], to_codes)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0004_polls_leave_training"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="trainingmodulepage",
            name="audiences",
            field=portal.audience.AudiencesField(blank=True, default=list, help_text='Who this is written for.', max_length=200, verbose_name='for'),
        ),
        # Going back leaves the former text empty.
        migrations.RunPython(fill_audiences, migrations.RunPython.noop),
        migrations.RemoveField(model_name='trainingmodulepage', name='audience'),
    ]
