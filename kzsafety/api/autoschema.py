"""The schema class of the API (settings.REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]). A module
of its own: drf-spectacular's views import it while they load."""

from drf_spectacular.openapi import AutoSchema


class DescribedAutoSchema(AutoSchema):
    """Every field described: by its help text, else by its label, which a model field's
    verbose name gives (drf-spectacular leaves out a label that only repeats the name)."""

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if meta is not None and "description" not in meta and getattr(field, "label", None):
            meta["description"] = str(field.label)
        return meta
