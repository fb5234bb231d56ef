"""The "Trainees" group (registered learners, no admin access) and the "Trainers" group
(admin access and the anonymised training statistics)."""

from django.db import migrations


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group.objects.get_or_create(name="Trainees")
    trainers, _created = Group.objects.get_or_create(name="Trainers")
    attempt_type, _created = ContentType.objects.get_or_create(
        app_label="training", model="assessmentattempt"
    )
    statistics, _created = Permission.objects.get_or_create(
        content_type=attempt_type,
        codename="view_statistics",
        defaults={"name": "Can view anonymised training statistics"},
    )
    admin_type, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    trainers.permissions.add(statistics, access_admin)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Trainees", "Trainers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
