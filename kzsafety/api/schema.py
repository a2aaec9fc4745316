"""How drf-spectacular describes our authentication in the OpenAPI schema."""

from django.utils import translation
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "kzsafety.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token: `Authorization: Bearer <token>`.",
        }


def describe_fields_by_their_titles(result, generator, request, public):
    """drf-spectacular puts a model field's verbose name in `title`; clients generated from
    the schema show `description`, so a field without one gets its title there too."""
    for component in result.get("components", {}).get("schemas", {}).values():
        for prop in component.get("properties", {}).values():
            if "title" in prop and "description" not in prop:
                prop["description"] = prop["title"]
    return result


class EnglishSchemaView(SpectacularAPIView):
    """The schema in English whatever the user's language (?lang= still chooses another)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().get(request, *args, **kwargs)


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error: a stable code and a message in the request's language.",
    "properties": {
        "code": {"type": "string", "description": "Stable machine-readable code."},
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "errors": {
            "type": "object",
            "description": "400 only: the messages of each field (non_field_errors: others).",
            "additionalProperties": True,
        },
        "retry_after": {"type": "integer", "description": "429 only: seconds to wait."},
    },
    "required": ["code", "detail"],
}
ERRORS = {
    "400": "Invalid input: `errors` names each field.",
    "401": "No credentials, or a token that is invalid, expired or revoked.",
    "403": "The user's role may not do this.",
    "404": "No such record in the user's scope, or no such page.",
    "429": "Too many requests: retry after `Retry-After` seconds.",
}


def document_errors(result, generator, request, public):
    """Every operation answers its errors with the Error schema (docs/api.md#errors)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                if status == "400" and not (
                    operation.get("parameters") or operation.get("requestBody")
                ):
                    continue
                responses.setdefault(status, {"description": description, "content": reference})
    return result
