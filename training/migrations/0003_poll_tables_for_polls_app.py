# Polls moved to their own app. The tables get the new app's names here; the models leave
# this app's state in 0004, after polls.0001 has taken them over (no data is copied).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("training", "0002_groups")]

    operations = [
        migrations.AlterModelTable(name="poll", table="polls_poll"),
        migrations.AlterModelTable(name="pollvote", table="polls_pollvote"),
        migrations.AlterModelTable(name="pollvoteguard", table="polls_pollvoteguard"),
    ]
