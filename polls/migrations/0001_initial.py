# The polls' models, taken over from the training app whose tables training.0003 renamed:
# the state is created here, the database is left as it is. Existing content types move
# with them, so permissions, revisions and translation sources keep pointing at the polls.

import django.db.models.deletion
import django.utils.timezone
import modelsearch.index
import uuid
import wagtail.fields
from django.db import migrations, models

MODELS = ["poll", "pollvote", "pollvoteguard"]


def move_content_types(apps, schema_editor, source="training", target="polls"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = ContentType.objects.filter(app_label=target, model__in=MODELS).values_list("model")
    ContentType.objects.filter(app_label=source, model__in=MODELS).exclude(
        model__in=taken
    ).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="polls", target="training")

class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('wagtailcore', '0098_apitoken'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('training', '0003_poll_tables_for_polls_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PollVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('poll_key', models.UUIDField(db_index=True)),
                        ('choice_id', models.CharField(max_length=64)),
                    ],
                ),
                migrations.CreateModel(
                    name='PollVoteGuard',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('poll_key', models.UUIDField()),
                        ('digest', models.CharField(max_length=64)),
                        ('window', models.PositiveIntegerField(db_index=True)),
                        ('votes', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'constraints': [models.UniqueConstraint(fields=('poll_key', 'digest', 'window'), name='unique_poll_vote_guard')],
                    },
                ),
                migrations.CreateModel(
                    name='Poll',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                        ('question', models.CharField(max_length=255, verbose_name='question')),
                        ('choices', wagtail.fields.StreamField([('choice', 0)], block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Answer'})}, help_text='Keep the answers once votes come in: votes are counted per answer.', verbose_name='answers')),
                        ('opens_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='opens')),
                        ('closes_at', models.DateTimeField(blank=True, null=True, verbose_name='closes')),
                        ('results_visibility', models.CharField(choices=[('always', 'Before and after voting'), ('after_vote', 'After voting'), ('after_close', 'Only after the poll closes')], default='after_vote', max_length=16, verbose_name='show results')),
                        ('methodology_note', models.TextField(blank=True, help_text='e.g. “This is not a representative survey.”', verbose_name='methodology note')),
                        ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                    ],
                    options={
                        'verbose_name': 'poll',
                        'verbose_name_plural': 'polls',
                        'ordering': ['-opens_at'],
                        'abstract': False,
                        'unique_together': {('translation_key', 'locale')},
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
