from django.db import migrations

from kzsafety.directories import reference_data


def load(apps, schema_editor):
    reference_data.load(apps)


class Migration(migrations.Migration):
    dependencies = [("directories", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
