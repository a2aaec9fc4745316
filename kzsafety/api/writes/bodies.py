"""The shape of an error answer (kzsafety.api.errors), for the schema of the write
endpoints. A write endpoint answers with the record as its read endpoint shows it."""

from rest_framework import serializers


class ErrorBody(serializers.Serializer):
    code = serializers.CharField(help_text="A stable code, e.g. invalid, stale, key_reused.")
    detail = serializers.CharField(help_text="A message in the request's language.")
    errors = serializers.DictField(
        required=False,
        help_text=(
            "On 400: the errors of each field, [{message, code}]; the errors of an item of a "
            "list (a victim, a violation) under its index from 0."
        ),
    )
