# The polls' models leave this app's state; their tables now belong to polls.0001.

import wagtail.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0003_poll_tables_for_polls_app"),
        ("polls", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PollVote"),
                migrations.DeleteModel(name="PollVoteGuard"),
                migrations.DeleteModel(name="Poll"),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="trainingindexpage",
            name="body",
            field=wagtail.fields.StreamField([("poll", 1)], blank=True, block_lookup={0: ("wagtail.snippets.blocks.SnippetChooserBlock", ("polls.Poll",), {"label": "Poll"}), 1: ("wagtail.blocks.StructBlock", [[("poll", 0)]], {})}, verbose_name="body"),
        ),
    ]
